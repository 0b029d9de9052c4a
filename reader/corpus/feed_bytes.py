"""A feed's bytes, from an http(s) URL or a file, within limits a hostile source cannot stretch.

* Size: at most ``MAX_BYTES`` as sent and at most ``MAX_BYTES`` once decompressed. A gzip
  or deflate body is inflated as it arrives, a chunk at a time with zlib's ``max_length``,
  so a decompression bomb (1 MB that inflates to 1 GiB) is refused after 64 MB, never held.
* Time: one deadline for the whole request (connect, headers, body), not urllib's timeout
  per socket read, which a server trickling a byte every few seconds never trips.
* Cancel: a set ``cancel`` event stops the fetch at once (the app quitting, Esc on an import).

The request runs in a daemon thread; the caller's thread keeps the deadline and the cancel
and shuts the request's sockets down when either comes: a read blocked in the kernel then
returns at once, and the caller never waits on a request it gave up on. Every failure is
one ``UserError`` line naming the source.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reader import __version__
from reader.core.errors import UserError
from reader.core.regular_file import open_regular, skip_reason
from reader.text.normalise import clean_line

USER_AGENT = f"newsdesk/{__version__} (+https://pypi.org/project/newsdesk/)"
TIMEOUT = 20.0  # seconds for the whole request
MAX_BYTES = 64 << 20  # a feed larger than this, sent or decompressed, is not a feed
CHUNK = 1 << 16
_POLL = 0.1  # how often the watchdog looks at the cancel event
_GRACE = 2.0  # seconds a shut-down request gets to end before the caller goes on without it


class FetchCancelled(Exception):
    """The fetch was stopped by its ``cancel`` event; nothing was read."""


def _too_big(source: str, decompressed: bool) -> UserError:
    what = "once decompressed" if decompressed else "as sent"
    return UserError(f"{source}: more than {MAX_BYTES >> 20} MB {what}, not read")


def inflate(chunks: Iterable[bytes], source: str, *, limit: int = MAX_BYTES, deflate: bool = False) -> bytes:
    """The bytes of ``chunks``, gunzipped or inflated when they start compressed.

    gzip (several members too) and zlib are recognised from the first bytes; ``deflate``
    (HTTP said so) inflates raw deflate too. Output past ``limit`` is refused; a truncated
    stream keeps what decompresses, and a damaged one what decompressed before the damage
    (the feed parser then says what broke).
    """
    out = bytearray()
    inflater = None
    first = True
    for chunk in chunks:
        if first:
            first = False
            if chunk[:2] == b"\x1f\x8b":
                inflater = zlib.decompressobj(31)
            elif _zlib_header(chunk):
                inflater = zlib.decompressobj(15)
            elif deflate:
                inflater = zlib.decompressobj(-15)
        if inflater is None:
            out += chunk
            if len(out) > limit:
                raise _too_big(source, False)
            continue
        data = chunk
        try:
            while data:
                out += inflater.decompress(data, limit + 1 - len(out))
                if len(out) > limit:
                    raise _too_big(source, True)
                data = inflater.unconsumed_tail
                if inflater.eof:  # a gzip file of several members: the next one starts here
                    data = inflater.unused_data
                    inflater = zlib.decompressobj(31)
        except zlib.error as err:
            if not out:
                raise UserError(f"{source}: damaged compressed data ({err})") from None
            return bytes(out)
    return bytes(out)


def _zlib_header(data: bytes) -> bool:
    """A zlib stream's two header bytes (what HTTP's ``deflate`` is meant to send)."""
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def read_file(path: str) -> bytes:
    """A feed file's bytes (decompressed when gzip), only if it is a regular file."""
    try:
        handle = open_regular(Path(path).expanduser())
    except OSError as err:
        raise UserError(f"{path}: {skip_reason(err)}") from None
    with handle:
        return inflate(iter(lambda: handle.read(CHUNK), b""), path)


class _Watchdog:
    """Shuts the request's sockets down when the deadline passes or ``cancel`` is set.

    ``watch()`` runs in the caller's thread while the request runs in a daemon thread.
    Sockets are kept by descriptor from the moment TCP connects (before a TLS handshake,
    which a hostile server can trickle too); shutting one down makes a read blocked on it
    return at once, TLS or not, without touching the TLS state another thread is using.
    """

    def __init__(self, deadline: float, cancel: threading.Event | None) -> None:
        self.deadline = deadline
        self.cancel = cancel
        self.why: str | None = None  # "deadline" or "cancel" once it acted
        self.done = threading.Event()  # set by the request when it is over
        self._fds: list[int] = []
        self._lock = threading.Lock()

    def add(self, fd: int) -> None:
        with self._lock:
            self._fds.append(fd)
            if self.why is not None:
                _shut(fd)

    def watch(self) -> None:
        """Until the request is over, or its deadline or cancel comes (then its sockets are shut)."""
        while True:
            left = self.deadline - time.monotonic()
            if left <= 0:
                return self._stop("deadline")
            if self.done.wait(min(left, _POLL) if self.cancel is not None else left):
                return None
            if self.cancel is not None and self.cancel.is_set():
                return self._stop("cancel")

    def _stop(self, why: str) -> None:
        with self._lock:
            self.why = why
            if self.done.is_set():  # it ended meanwhile, its sockets closed: their numbers may be reused
                self.why = None
                return
            for fd in self._fds:
                _shut(fd)


def _shut(fd: int) -> None:
    try:
        sock = socket.socket(fileno=fd)
    except OSError:
        return  # already closed (or no longer a socket)
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.detach()  # the request's own socket object closes it


def _watched(base: type[http.client.HTTPConnection], watch: _Watchdog) -> type[http.client.HTTPConnection]:
    """``base`` whose TCP socket is handed to ``watch`` as soon as it is connected."""

    class Watched(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            create = self._create_connection

            def connect(*a: Any, **k: Any) -> socket.socket:
                sock = create(*a, **k)
                watch.add(sock.fileno())
                return sock

            self._create_connection = connect

    return Watched


def _opener(watch: _Watchdog) -> urllib.request.OpenerDirector:
    """urllib as usual (redirects, proxies, TLS), with every connection's socket watched."""
    plain, tls = _watched(http.client.HTTPConnection, watch), _watched(http.client.HTTPSConnection, watch)

    class Plain(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(plain, req)

    class TLS(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(tls, req)

    return urllib.request.build_opener(Plain, TLS)


def fetch(url: str, *, timeout: float | None = None, cancel: threading.Event | None = None) -> bytes:
    """GET a URL, decompressed; one-line UserError naming the URL for every way it can fail.

    ``timeout``: seconds for the whole request (default ``TIMEOUT``). Raises
    ``FetchCancelled`` when ``cancel`` is set before the body is complete. The request runs
    in a daemon thread: even one stuck where no socket can be shut (a DNS lookup, a TCP
    connect) never keeps the caller waiting past its deadline or cancel, nor the process alive.
    """
    timeout = TIMEOUT if timeout is None else timeout
    shown = clean_line(url)
    watch = _Watchdog(time.monotonic() + timeout, cancel)
    outcome: list[Any] = []

    def request() -> None:
        try:
            outcome.append(_get(url, shown, timeout, watch))
        except BaseException as err:  # noqa: BLE001 (handed to the caller)
            outcome.append(err)
        finally:
            watch.done.set()

    threading.Thread(target=request, name="newsdesk-fetch", daemon=True).start()
    watch.watch()
    if watch.why is not None:
        watch.done.wait(_GRACE)  # the shut socket ends the request at once, unless it is in connect or DNS
    if watch.why == "cancel":
        raise FetchCancelled(url)
    if watch.why == "deadline":
        raise UserError(f"{shown}: no answer (timed out after {timeout:g} s for the whole request)")
    (result,) = outcome
    if isinstance(result, BaseException):
        raise result
    return result


def _get(url: str, shown: str, timeout: float, watch: _Watchdog) -> bytes:
    """The request itself (in the fetch thread); errors as one-line ``UserError``."""
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
        },
    )
    try:
        with _opener(watch).open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length") or ""
            if length.strip().isdigit() and int(length) > MAX_BYTES:
                raise _too_big(shown, False)
            sent = 0

            def body() -> Iterable[bytes]:
                nonlocal sent
                while chunk := response.read1(CHUNK):
                    sent += len(chunk)
                    if sent > MAX_BYTES:
                        raise _too_big(shown, False)
                    yield chunk

            deflate = (response.headers.get("Content-Encoding") or "").strip().lower() == "deflate"
            data = inflate(body(), shown, deflate=deflate)
            if length.strip().isdigit() and sent < int(length):
                raise http.client.IncompleteRead(b"", int(length) - sent)
            return data
    except UserError:
        raise
    except urllib.error.HTTPError as err:
        err.close()
        if 300 <= err.code < 400:  # urllib's own words are three lines
            raise UserError(f"{shown}: redirected too many times (HTTP {err.code}; a redirect loop?)") from None
        raise UserError(f"{shown}: HTTP {err.code} {_phrase(err.reason)}") from None
    except urllib.error.URLError as err:
        reason = err.reason
        text = getattr(reason, "strerror", None) or str(reason)
        raise UserError(f"{shown}: no answer ({clean_line(text)})") from None
    except TimeoutError:
        raise UserError(f"{shown}: no answer (timed out after {timeout:g} s)") from None
    except (OSError, ValueError, http.client.HTTPException) as err:
        raise UserError(f"{shown}: cannot fetch ({_reason(err)})") from None


def _phrase(reason: object) -> str:
    """A reason phrase, read by http.client as Latin-1, as the UTF-8 most servers send; cleaned."""
    text = str(reason)
    try:
        text = text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return clean_line(text, 200)


def _reason(err: Exception) -> str:
    """One line for an exception whose text may be long or hold the server's words."""
    if isinstance(err, http.client.IncompleteRead):
        return "the connection closed before the whole body arrived"
    first = (str(err).splitlines() or [""])[0]
    return clean_line(f"{type(err).__name__}: {first}" if first else type(err).__name__, 200)
