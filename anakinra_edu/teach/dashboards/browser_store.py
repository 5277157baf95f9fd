"""A JSON value kept in the trainee's own browser (``localStorage``), never on the server.

:class:`BrowserStore` is a small anywidget: its front end is the ES module below, sent inside the page by
the widget itself (no CDN, no extension build). On page load the browser reads its copy under ``key`` and
offers it to the kernel (``offer``: the saved value, where it is kept, an attempt number) once the widget's
view is on the page (before that, the kernel's answer could reach widgets the page has not built yet and be
lost), again every second until the kernel acknowledges (``ack``). The kernel then sets ``saved`` and
``status`` (observe them), and whenever the kernel sets ``data`` the browser stores it; it never writes
before the acknowledgement, so a page cannot overwrite what it has not read. Without a browser (a test,
nbval) ``saved`` stays empty and ``status`` ``""``.
"""

from __future__ import annotations

import anywidget
import traitlets

KEPT = "kept in this browser"

STORE_ESM = """
let shown = false;  // a view is on the page: every widget model it sits among exists by then
function read(key) {
  try {
    const text = window.localStorage.getItem(key);
    return { saved: text === null ? {} : JSON.parse(text), status: "__KEPT__" };
  } catch (err) {
    return { saved: {}, status: "not kept: this browser does not allow saving (" + err.name + ")" };
  }
}
export default {
  initialize({ model }) {
    const key = model.get("key");
    const { saved, status } = read(key);
    let attempt = 0;
    const offer = () => {
      if (model.get("ack") > 0 || attempt >= 120) return;
      if (!shown) { setTimeout(offer, 200); return; }
      attempt += 1;
      model.set("offer", { saved: saved, status: status, attempt: attempt });
      model.save_changes();
      setTimeout(offer, 1000);
    };
    model.on("change:data", () => {
      if (model.get("ack") === 0 || status !== "__KEPT__") return;
      try { window.localStorage.setItem(key, JSON.stringify(model.get("data"))); } catch (err) {
        console.warn("anakinra-edu: progress not saved in this browser", err);
      }
    });
    offer();
  },
  render({ el }) { el.style.display = "none"; shown = true; },
};
""".replace("__KEPT__", KEPT)


class BrowserStore(anywidget.AnyWidget):  # type: ignore[misc]
    """One JSON object under ``key`` in the browser's ``localStorage`` (see the module docstring)."""

    _esm = STORE_ESM
    key = traitlets.Unicode("").tag(sync=True)
    data = traitlets.Dict().tag(sync=True)
    offer = traitlets.Dict().tag(sync=True)
    ack = traitlets.Int(0).tag(sync=True)
    saved = traitlets.Any(None)
    status = traitlets.Unicode("")

    @traitlets.observe("offer")
    def _received(self, change: dict) -> None:
        offer = change["new"]
        if not self.ack:  # the first copy that arrives; repeats only need the acknowledgement
            self.saved = offer.get("saved")  # first: whoever watches ``status`` sees the copy already taken
            self.status = str(offer.get("status", ""))
        self.ack = int(offer.get("attempt", 1)) or 1
