"""A hostile HTTP server on 127.0.0.1 for the fault campaign (tests and ``bench/faults.py``).

Each path is one way a server can hurt a feed reader:

* ``/slow-headers``, ``/slow-body``: a byte every ``every`` seconds, for ever (a per-read
  timeout never trips);
* ``/gzip-bomb``, ``/deflate-bomb``: a small compressed body that inflates to ``bomb_mb`` MB;
* ``/endless``: a body with no length that never ends;
* ``/loop``: a redirect to itself;
* ``/reason``: a 404 whose reason phrase holds escape sequences (OSC 52, a title, CSI);
* ``/huge-length``: ``Content-Length`` of a terabyte, then silence;
* ``/feed``: a well-formed RSS feed whose title, link and author hold ``PAYLOAD``.

Started by the tests (``with HostileServer() as server: server.url("/loop")``); its
threads are daemons and stop with ``close``.
"""

from __future__ import annotations

import functools
import socket
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

# What an attacker puts in a string: OSC 52 (write the clipboard), OSC 2 (the window title),
# a CSI that clears the screen, a C1 CSI, and a bidi override.
PAYLOAD = "A\x1b]52;c;UFdORUQ=\x07B\x1b]2;PWNED\x07C\x1b[2JD\x9b31mE\u202eF"
_REASON = PAYLOAD.encode("utf-8", "replace").decode("latin-1")  # a reason phrase is bytes


@functools.cache
def bomb(mb: int, wbits: int) -> bytes:
    """``mb`` MB of zeros compressed (gzip: wbits 31, zlib: 15): about 1 KB per MB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    zeros = bytes(1 << 20)
    return b"".join(packer.compress(zeros) for _ in range(mb)) + packer.flush()


def rss(title: str, link: str, author: str = "") -> bytes:
    item = (
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<author>{escape(author)}</author><description>Body of the entry.</description></item>"
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>http://e.org/</link>{item}</channel></rss>"
    ).encode("utf-8", "surrogatepass")


def feed_with_payload() -> bytes:
    """RSS with the payload in title, link and author (XML 1.0 forbids ESC: as entities it
    is refused by expat, so the link carries the payload raw, as a broken feed would)."""
    return rss(f"Title {PAYLOAD}", f"https://e.org/a?{PAYLOAD}", f"Author {PAYLOAD}")


class HostileServer:
    def __init__(self, *, every: float = 2.0, bomb_mb: int = 256) -> None:
        self.every = every
        self.bomb_mb = bomb_mb
        self._stop = threading.Event()
        self.requests: list[str] = []  # paths asked for, in order
        self.hangups = 0  # answers cut short because the client went away
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                server.requests.append(self.path)
                try:
                    server.answer(self)
                except OSError:  # the client hung up: that is the point of most of these
                    server.hangups += 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def _trickle(self, out: socket.SocketIO, byte: bytes) -> None:
        while not self._stop.wait(self.every):
            out.write(byte)
            out.flush()

    def answer(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?")[0]
        if path == "/slow-headers":
            h.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            h.wfile.flush()
            self._trickle(h.wfile, b"a")
        elif path == "/slow-body":
            self._head(h, 200, [("Content-Type", "application/rss+xml"), ("Content-Length", "1000000")])
            h.wfile.write(b"<rss>")
            self._trickle(h.wfile, b" ")
        elif path in ("/gzip-bomb", "/deflate-bomb"):
            gzip = path == "/gzip-bomb"
            body = bomb(self.bomb_mb, 31 if gzip else 15)
            self._head(
                h, 200, [("Content-Encoding", "gzip" if gzip else "deflate"), ("Content-Length", str(len(body)))]
            )
            h.wfile.write(body)
        elif path == "/endless":
            self._head(h, 200, [("Content-Type", "application/rss+xml"), ("Connection", "close")])
            h.wfile.write(b"<rss><channel>")
            chunk = b"<!-- " + b"x" * 65000 + b" -->"
            while not self._stop.is_set():
                h.wfile.write(chunk)
        elif path == "/loop":
            self._head(h, 302, [("Location", "/loop"), ("Content-Length", "0")])
        elif path == "/reason":
            body = b"not here"
            h.wfile.write(f"HTTP/1.1 404 {_REASON}\r\n".encode("latin-1"))
            self._head(h, None, [("Content-Length", str(len(body)))])
            h.wfile.write(body)
        elif path == "/huge-length":
            self._head(h, 200, [("Content-Length", str(1 << 40))])
            h.wfile.write(b"<rss>")
            self._stop.wait(60)
        elif path == "/feed":
            body = feed_with_payload()
            self._head(h, 200, [("Content-Type", "application/rss+xml"), ("Content-Length", str(len(body)))])
            h.wfile.write(body)
        else:
            self._head(h, 404, [("Content-Length", "0")])
        h.wfile.flush()

    @staticmethod
    def _head(h: BaseHTTPRequestHandler, code: int | None, headers: list[tuple[str, str]]) -> None:
        if code is not None:
            h.wfile.write(f"HTTP/1.1 {code} {h.responses.get(code, ('',))[0]}\r\n".encode())
        for name, value in headers:
            h.wfile.write(f"{name}: {value}\r\n".encode())
        h.wfile.write(b"\r\n")


def wait_until(test, timeout: float = 30.0) -> bool:  # noqa: ANN001
    """Poll ``test()`` until true (a condition, not a fixed sleep)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if test():
            return True
        time.sleep(0.05)
    return bool(test())
