"""A lightweight trainee for the room tests and benchmarks: no browser, so it measures the server.

One trainee = an HTTP session with its own cookies (a hub login, or a Voilà token in the URL), the page load
of a Voilà app, then the page's kernel websocket until the widget state arrives, which holds the regimen card
the kernel computed. That state is what a browser would draw; rendering it is the client's cost, not the
server's. Uses ``websocket-client`` (a dependency of jupyter_server) and the standard library.
"""

from __future__ import annotations

import html
import json
import re
import struct
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import namedtuple
from http.cookiejar import CookieJar

Render = namedtuple("Render", "page_s state_s card kernel_id")
CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">\s*(\{.*?\})\s*</script>', re.S)


class Refused(RuntimeError):
    """The server refused a login or a page."""


class Trainee:
    """One person in the room: a cookie jar and the requests a browser would make for a Voilà app."""

    def __init__(self) -> None:
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str, timeout: float = 120) -> tuple[int, str, str]:
        """Status, final URL (after redirects) and body; status 0 when nothing answers."""
        try:
            with self.opener.open(url, timeout=timeout) as r:
                return r.status, r.geturl(), r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.geturl(), exc.read().decode("utf-8", "replace")
        except OSError:
            return 0, url, ""

    def login(self, base: str, name: str, password: str) -> str:
        """Log in to the hub's form (with its XSRF token); returns the URL landed on. Raises Refused."""
        _, _, page = self.get(f"{base}/hub/login")
        xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', page)
        form = {"username": name, "password": password, **({"_xsrf": xsrf.group(1)} if xsrf else {})}
        data = urllib.parse.urlencode(form).encode()
        try:
            with self.opener.open(urllib.request.Request(f"{base}/hub/login", data=data), timeout=120) as r:
                return r.geturl()
        except urllib.error.HTTPError as exc:
            raise Refused(f"login as {name}: HTTP {exc.code}") from None

    def cookie_header(self, url: str) -> str:
        req = urllib.request.Request(url)
        self.jar.add_cookie_header(req)
        return req.get_header("Cookie", "")

    def render(self, url: str, timeout: float = 120) -> Render:
        """Load a Voilà page (waiting out a hub's spawn page), then the widget state with the card."""
        t0 = time.perf_counter()
        status, final, page = self.get(url, timeout)
        while "/spawn-pending/" in final and time.perf_counter() - t0 < timeout:  # a hub starting the server
            time.sleep(1)
            status, final, page = self.get(url, timeout)
        config = CONFIG.search(page)
        if status != 200 or not config:
            raise Refused(f"{url}: HTTP {status}, landed on {final}")
        page_s = time.perf_counter() - t0
        settings = json.loads(config.group(1))
        kernel, base = settings["kernelId"], settings["baseUrl"]
        parts = urllib.parse.urlsplit(final)
        query = urllib.parse.parse_qs(parts.query)
        ws = f"ws://{parts.netloc}{base}api/kernels/{kernel}/channels?session_id={uuid.uuid4().hex}"
        if "token" in query:
            ws += "&token=" + query["token"][0]
        states = widget_states(ws, self.cookie_header(final), timeout - page_s)
        return Render(page_s, time.perf_counter() - t0, card_text(states), kernel)


def _message(session: str, msg_type: str, content: dict, metadata: dict | None = None) -> str:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session, "username": "trainee",
              "version": "5.3", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    return json.dumps({"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content,
                       "channel": "shell", "buffers": []})


def _decode(frame: str | bytes) -> dict:
    """A kernel message from a websocket frame (JSON text, or jupyter_server's binary frame with buffers)."""
    if isinstance(frame, str):
        return json.loads(frame)
    n = struct.unpack("!I", frame[:4])[0]
    offsets = struct.unpack(f"!{n}I", frame[4 : 4 + 4 * n])
    end = offsets[1] if n > 1 else len(frame)
    return json.loads(frame[offsets[0] : end].decode("utf-8"))


def widget_states(ws_url: str, cookie: str, timeout: float) -> dict:
    """All widget states of a kernel, asked for as ipywidgets 8's front end does (``request_states``)."""
    import websocket

    conn = websocket.create_connection(ws_url, header=[f"Cookie: {cookie}"] if cookie else [],
                                       timeout=max(timeout, 1))
    try:
        session, comm = uuid.uuid4().hex, uuid.uuid4().hex
        conn.send(_message(session, "comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control",
                                                  "data": {}}, {"version": "1.0.0"}))
        conn.send(_message(session, "comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = _decode(conn.recv())
            data = msg.get("content", {}).get("data", {})
            if msg.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
                return data["states"]
        raise TimeoutError("no widget state")
    finally:
        conn.close()


def card_text(states: dict) -> str:
    """The text of the regimen card's dose line among the widget states ('' if there is none)."""
    for model in states.values():
        value = model.get("state", {}).get("value")
        if isinstance(value, str) and "ae-dose" in value:
            line = re.search(r'class="[^"]*\bae-dose\b[^"]*"[^>]*>(.*?)</', value, re.S)
            return html.unescape(re.sub(r"<[^>]+>", "", line.group(1))).strip() if line else ""
    return ""
