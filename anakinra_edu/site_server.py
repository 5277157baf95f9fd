"""Serve the static site (``make site``) to a room: ``python -m anakinra_edu.site_server [FOLDER]``.

Any static web server can serve ``site/``; this one needs only Python's standard library and handles a room
opening the site in the same second, where ``python -m http.server`` does not: that server accepts 5 waiting
connections at a time (the rest are dropped and retried by the browser after 1, 3, 7, 15 s …), opens a new
connection for every file and a thread for every connection. Here one thread serves every connection
(asyncio), the accept queue holds 1,024, connections are kept open between files (HTTP/1.1) and file bodies go
to the network with ``sendfile`` (no copy through Python). GET and HEAD only; nothing outside FOLDER is
served. 127.0.0.1 by default; ``--host 0.0.0.0`` opens it to the room network (nothing on the site is
secret: no login is needed). Nothing is written; every page of the site carries the education notice.
"""

from __future__ import annotations

import argparse
import asyncio
import mimetypes
import os
import sys
import urllib.parse

QUEUE = 1024  # connections waiting to be accepted [count]
TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
         ".whl": "application/zip", ".json": "application/json"}


def resolve(root: str, target: str) -> str | None:
    """The file a request target names under ``root`` (``index.html`` for a folder), or None."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(target).path)
    full = os.path.realpath(os.path.join(root, path.lstrip("/")))
    if full != root and not full.startswith(root + os.sep):
        return None  # outside the site
    if os.path.isdir(full):
        full = os.path.join(full, "index.html")
    return full if os.path.isfile(full) else None


def content_type(path: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    return TYPES.get(ext) or mimetypes.guess_type(path)[0] or "application/octet-stream"


async def _headers(reader: asyncio.StreamReader) -> tuple[str, str, str, dict[str, str]] | None:
    """Method, target, version and headers of the next request on a connection (None at its end)."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split()
    if len(parts) != 3:
        return None
    fields = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    return parts[0], parts[1], parts[2], fields


async def _reply(writer: asyncio.StreamWriter, root: str, method: str, target: str) -> None:
    path = resolve(root, target) if method in ("GET", "HEAD") else None
    if path is None:
        status, body = ("404 Not Found", b"Not found\n") if method in ("GET", "HEAD") else (
            "405 Method Not Allowed", b"GET or HEAD only\n")
        writer.write(f"HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {len(body)}\r\n\r\n"
                     .encode() + body)
        return
    size = os.path.getsize(path)
    writer.write(f"HTTP/1.1 200 OK\r\nContent-Type: {content_type(path)}\r\nContent-Length: {size}\r\n"
                 "Cache-Control: no-cache\r\n\r\n".encode())
    if method == "GET" and size:
        await writer.drain()
        with open(path, "rb") as body:
            await asyncio.get_running_loop().sendfile(writer.transport, body)


async def serve_connection(root: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answer requests on one connection until the client closes it or asks to."""
    try:
        while (request := await _headers(reader)) is not None:
            method, target, version, fields = request
            await _reply(writer, root, method, target)
            await writer.drain()
            if version != "HTTP/1.1" or fields.get("connection", "").lower() == "close":
                break
    except ConnectionError:
        pass
    finally:
        writer.close()


async def serve(root: str, host: str, port: int) -> None:
    """Serve ``root`` until cancelled; prints the address once."""
    server = await asyncio.start_server(lambda r, w: serve_connection(root, r, w), host, port, backlog=QUEUE)
    bound = server.sockets[0].getsockname()[1]
    sys.stdout.write(f"Serving {root} at http://{host}:{bound}/ (Ctrl-C stops)\n")
    sys.stdout.flush()
    async with server:
        await server.serve_forever()


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
    try:
        asyncio.run(serve(os.path.realpath(args.folder), args.host, args.port))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
