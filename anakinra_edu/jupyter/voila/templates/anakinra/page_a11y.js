// Names for screen readers that the widgets' markup lacks, in every page that shows the dashboards (the app's
// Voilà template includes this file, make site adds it to the static site's pages). The notebook's cells are
// the page's main landmark; each slider handle (noUiSlider's role="slider") is named by its widget's
// description label (aria-labelledby), also for sliders the kernel adds or redraws later.
(function () {
  var cells = document.getElementById("rendered_cells");
  if (cells !== null) cells.setAttribute("role", "main");
  var count = 0;
  function name() {
    document.querySelectorAll(".widget-slider").forEach(function (slider) {
      var label = slider.querySelector(":scope > .widget-label");
      if (label === null || label.textContent.trim() === "") return;
      if (!label.id) label.id = "ae-slider-label-" + (++count);
      slider.querySelectorAll(".noUi-handle").forEach(function (handle) {
        if (handle.getAttribute("aria-labelledby") !== label.id) handle.setAttribute("aria-labelledby", label.id);
      });
    });
  }
  new MutationObserver(name).observe(document.body, {childList: true, subtree: true});
  name();
})();
