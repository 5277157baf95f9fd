/* Presentation mode from the URL (?present=1), shared by the app's Voilà template and the static site: the
   page is marked at once (the dashboards' CSS enlarges them), then each dashboard's presentation toggle is
   pressed as it appears, so that the toggle shows the mode and can turn it off; the page mark is dropped
   once every toggle is pressed. Kernels never see the page's URL (pre-started, or in the browser). */
(function () {
  if (!new URLSearchParams(window.location.search).getAll("present").includes("1")) return;
  document.body.classList.add("ae-present-page");
  var pressed = new WeakSet();
  var observer = new MutationObserver(press);
  function press() {
    var toggles = document.querySelectorAll("button.ae-present-toggle");
    toggles.forEach(function (t) {
      if (!pressed.has(t) && !t.classList.contains("mod-active")) { pressed.add(t); t.click(); }
    });
    var all = toggles.length > 0 && Array.prototype.every.call(toggles, function (t) {
      return t.classList.contains("mod-active");
    });
    if (all) { document.body.classList.remove("ae-present-page"); observer.disconnect(); }
  }
  observer.observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ["class"]});
  press();
})();
