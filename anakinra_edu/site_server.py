"""Serve the static site (``make site``) to a room: ``python -m anakinra_edu.site_server [FOLDER]``.

Any static web server can serve ``site/``; this one needs only Python's standard library and handles a room
opening the site in the same second, where ``python -m http.server`` does not: that server accepts 5 waiting
connections at a time (the rest are dropped and retried by the browser after 1, 3, 7, 15 s …) and opens a
new connection for every file. Here the queue holds 1,024, connections are kept open between files
(HTTP/1.1) and files go to the network with ``sendfile`` (no copy through Python). 127.0.0.1 by default;
``--host 0.0.0.0`` opens it to the room network (nothing on the site is secret: no login is needed).
Nothing is written; every page of the site carries the education notice.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

QUEUE = 1024  # connections waiting to be accepted [count]


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files over HTTP/1.1 (kept-alive connections), bodies sent with ``sendfile``, no request log."""

    protocol_version = "HTTP/1.1"
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map,
                                                ".wasm": "application/wasm", ".mjs": "text/javascript",
                                                ".whl": "application/zip"}

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        """Send an open file's body: ``sendfile`` for a real file, a plain copy otherwise."""
        outputfile.flush()
        try:
            self.connection.sendfile(source)
        except (AttributeError, OSError, ValueError):
            shutil.copyfileobj(source, outputfile)

    def log_message(self, format: str, *args: object) -> None:
        """No line per request: a room makes tens of thousands."""


class SiteServer(ThreadingHTTPServer):
    """One thread per connection, a long accept queue, threads that do not keep the server from stopping."""

    request_queue_size = QUEUE
    daemon_threads = True


def main(argv: list[str] | None = None) -> int:
    """Serve FOLDER (default ``site``) until interrupted; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m anakinra_edu.site_server", description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="site", help="the built site (default ./site)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8800, help="port (default 8800)")
    args = parser.parse_args(argv)
    if not os.path.isfile(os.path.join(args.folder, "index.html")):
        sys.stderr.write(f"site_server: {args.folder!r} has no index.html; build it with `make site`\n")
        return 2
    handler = functools.partial(SiteHandler, directory=os.path.abspath(args.folder))
    with SiteServer((args.host, args.port), handler) as server:
        sys.stdout.write(f"Serving {args.folder} at http://{args.host}:{server.server_port}/ (Ctrl-C stops)\n")
        sys.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
