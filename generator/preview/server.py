"""`jobboard serve`: a live preview that rebuilds on every change and keeps the last good site."""

from __future__ import annotations

import errno
import ipaddress
import mimetypes
import socket
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote, urlsplit

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptInjector
from tornado import escape, web

from generator.build import Options
from generator.preview.rebuilder import Preview
from generator.preview.watcher import Watcher
from generator.publish.search import BUNDLE
from generator.publish.writer import remove
from generator.render.opendata import OPEN_DATA

WATCHED = ("content", "themes", "templates", "static", "config.yaml")
# livereload's own snippet: the page loads livereload.js from, and connects back to, the address it came from.
LIVE_SCRIPT = escape.utf8(
    '<script type="text/javascript">(function(){var s=document.createElement("script");'
    "var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
    's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
    "document.head.appendChild(s);})();</script>"
)
REFUSED_HOST = "This preview answers only at its own address."
Respond = Callable[[str, list[tuple[str, str]]], object]


class Files:
    """The preview folder as a WSGI app: its files, and the site's own 404 page for any other address.

    livereload adds its script to every HTML answer, the 404 page's too, so a tab left on a missing address
    reloads by itself once a save makes the page.
    """

    def __init__(self, folder: Path, hosts: set[str] | None = None, before_whole: Callable[[], object] | None = None) -> None:
        self.folder, self.hosts, self.before_whole = folder, hosts, before_whole

    def __call__(self, environ: dict[str, object], respond: Respond) -> Iterable[bytes]:
        if self.hosts is not None and str(environ.get("HTTP_HOST", "")).lower() not in self.hosts:
            return self.answer(respond, "421 Misdirected Request", REFUSED_HOST.encode(), "text/plain")
        raw = str(environ.get("PATH_INFO") or "/")
        if self.before_whole is not None and (raw.startswith(f"/{BUNDLE}") or raw.lstrip("/") in OPEN_DATA):
            self.before_whole()  # the search index and open data, brought up to date with the pages first
        try:
            path = raw.encode("latin-1").decode("utf-8")  # WSGI hands over the path's bytes as Latin-1
        except UnicodeError:
            path = "\x00"
        if "\x00" in path:
            return self.answer(respond, "400 Bad Request", b"Bad request", "text/plain")
        root = self.folder.resolve()
        parts = [part for part in path.split("/") if part not in ("", ".")]
        file = root.joinpath(*parts).resolve() if ".." not in parts and "\\" not in path else None
        if file is not None and not file.is_relative_to(root):
            file = None
        if file is not None and file.is_dir():
            if not path.endswith("/"):
                query = str(environ.get("QUERY_STRING") or "")
                # Quoted again, so that nothing in the path (a line break, say) can reach the header as itself.
                return self.answer(respond, "301 Moved Permanently", b"", "text/plain",
                                   [("Location", quote(path + "/") + (f"?{quote(query, safe='=&+%')}" if query else ""))])
            file = file / "index.html"
        if file is None or not file.is_file():
            missing = root / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>"
            return self.answer(respond, "404 Not Found", body, "text/html")
        kind = "text/javascript" if file.suffix == ".js" else mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return self.answer(respond, "200 OK", file.read_bytes(), kind)

    @staticmethod
    def answer(respond: Respond, status: str, body: bytes, kind: str, extra: list[tuple[str, str]] | None = None) -> list[bytes]:
        """Send a whole answer, never cached: the preview changes under the browser."""
        charset = "; charset=utf-8" if kind.startswith("text/") else ""
        respond(status, [("Content-Type", kind + charset), ("Cache-Control", "no-store"), *(extra or [])])
        return [body]


class ReloadSocket(LiveReloadHandler):
    """livereload's WebSocket, open only to the preview's own pages at the preview's own address."""

    def initialize(self, origins: set[str], hosts: set[str] | None) -> None:
        """Take the preview's own host:port names, and the Host names allowed (None: any, as for Files)."""
        self.origins, self.hosts = origins, hosts

    def prepare(self) -> None:
        """Refuse a foreign Host as Files does: a page elsewhere that points its own name at 127.0.0.1 sends it."""
        # tornado lets an Origin equal to the Host through without asking check_origin, so this check comes first.
        if self.hosts is not None and self.request.headers.get("Host", "").lower() not in self.hosts:
            self.set_status(421)
            self.finish(REFUSED_HOST)

    def check_origin(self, origin: str) -> bool:
        """Accept the preview's own pages only: livereload accepts any, so any site could follow every save."""
        parts = urlsplit(origin)
        return parts.scheme == "http" and parts.netloc.lower() in self.origins


class PreviewServer(Server):
    """livereload's Server with its WebSocket closed to other sites and without /forcereload."""

    def __init__(self, app: Files, watcher: Watcher, origins: set[str], hosts: set[str] | None) -> None:
        super().__init__(app=app, watcher=watcher)
        self.origins, self.hosts = origins, hosts

    def application(self, port: int, host: str, liveport: int | None = None, debug: bool | None = None,
                    live_css: bool = True) -> None:
        """livereload's own application, less /forcereload: any site could make it reload every open page."""
        if liveport:
            raise ValueError("the preview serves its pages and live reload on one port")
        # As livereload's application does: its handlers read these from the class.
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css

        class ConfiguredTransform(LiveScriptInjector):
            script = LIVE_SCRIPT

        handlers = [
            (r"/livereload", ReloadSocket, {"origins": self.origins, "hosts": self.hosts}),
            (r"/livereload.js", LiveReloadJSHandler),
            *self.get_web_handlers(LIVE_SCRIPT),
        ]
        debug = bool(self.app) if debug is None else debug
        web.Application(handlers=handlers, debug=debug, transforms=[ConfiguredTransform]).listen(port, address=host)


def is_local(host: str) -> bool:
    """Whether an address can be reached from this computer only."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(options: Options, host: str, port: int) -> int:
    """Build, serve on host:port with live reload, and rebuild whenever the site's files change."""
    if not is_local(host):
        print(f"warning: serving on {host}, so anyone on the network who can reach this computer can see the preview; "
              "leave out --host to serve on 127.0.0.1 only", file=sys.stderr, flush=True)
    # Looked at before the first build, which takes a while on a large site, and again as the server starts.
    if _taken(host, port):
        return _port_in_use(port)
    # The preview's whole site is a copy as large as output/: it goes when the preview stops, however it stops.
    scratch = tempfile.mkdtemp(prefix="jobboard-serve-")
    try:
        return _serve(options, host, port, Path(scratch) / "site")
    except KeyboardInterrupt:
        return 0  # Ctrl+C is how a preview is meant to stop (the command line makes `kill` one too)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        return _port_in_use(port)
    finally:
        remove(scratch)


def _taken(host: str, port: int) -> bool:
    """Whether another program is listening on the port the preview asks for."""
    try:
        with socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET):
            return False
    except OSError as exc:
        return exc.errno == errno.EADDRINUSE  # any other trouble is the server's to report as it starts


def _port_in_use(port: int) -> int:
    """Say that the port is taken, and what to do; the exit code."""
    print(f"jobboard: port {port} is already in use by another program (perhaps another preview). Stop that program, "
          f"or choose another port with --port, such as --port {port + 1}", file=sys.stderr, flush=True)
    return 1


def _serve(options: Options, host: str, port: int, folder: Path) -> int:
    """Serve the preview built in `folder` until stopped."""
    address = f"[{host}]" if ":" in host else host
    local = replace(options, base_url=f"http://{address}:{port}/")
    watcher = Watcher(options.root)
    preview = Preview(local, folder, watcher.ignored_dirs)
    preview.rebuild()

    def before_whole() -> None:
        """Make the search index and open data again if pages changed since they were made."""
        if not preview.whole:
            preview.rebuild(whole=True)

    def rebuild(changed: list[str]) -> None:
        """Rebuild, then reload every open page: the error banner is news too."""
        try:
            preview.rebuild(changed=changed)
        finally:
            ReloadSocket.reload_waiters()

    names = {f"{name}:{port}".lower() for name in (address, "127.0.0.1", "localhost", "[::1]")}
    # A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) sends its own Host: refused.
    hosts = names if is_local(host) else None
    server = PreviewServer(Files(folder, hosts, before_whole), watcher, origins=names, hosts=hosts)
    # "forever": livereload sends no reload itself. It drops one within 3 s of the last, so a quick second save would
    # leave the page showing the first, and it reads that damping from its own class, not a subclass; rebuild() reloads.
    for name in WATCHED:
        path = options.root / name
        if path.exists():
            server.watch(str(path), rebuild, delay="forever")
    # The config file may appear later; a glob keeps watching for it.
    if not (options.root / "config.yaml").exists():
        server.watch(str(options.root / "config.yaml*"), rebuild, delay="forever")
    print(f"Serving http://{address}:{port}/ (Ctrl+C to stop)", flush=True)
    # debug=False: livereload would otherwise watch its own code and restart the server when given an app.
    server.serve(host=host, port=port, debug=False, open_url_delay=None, restart_delay=0)
    return 0
