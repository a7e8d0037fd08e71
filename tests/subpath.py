"""A static server for a built site under a sub-path, as GitHub Pages serves a project site."""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import unquote, urlsplit

mimetypes.add_type("text/javascript", ".js")  # some systems map .js to an older type that browsers refuse for modules
# Files every server here holds back, as a slow connection would: file name -> seconds (see conftest.py).
SLOW: dict[str, float] = {}


@contextmanager
def held_back(name: str, seconds: float) -> Iterator[None]:
    """While inside, the servers send the file NAME only after SECONDS."""
    before = SLOW.get(name)
    SLOW[name] = seconds
    try:
        yield
    finally:
        if before is None:
            del SLOW[name]
        else:
            SLOW[name] = before


def handler_for(root: Path, prefix: str, not_found_page: bool) -> type[BaseHTTPRequestHandler]:
    """Serves ROOT at PREFIX only; anything else is 404, with the site's 404.html when asked for."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 – the name http.server calls
            path = unquote(urlsplit(self.path).path)
            file = None
            if path.startswith(prefix):
                candidate = (root / path[len(prefix):]).resolve()
                if candidate.is_dir():
                    candidate = candidate / "index.html"
                if candidate.is_file() and candidate.is_relative_to(root.resolve()):
                    file = candidate
            status = 200
            if file is None:
                if not not_found_page:
                    self.send_error(404)
                    return
                status, file = 404, root / "404.html"
            data = file.read_bytes()
            time.sleep(SLOW.get(file.name, 0.0))  # in this request's own thread: the browser and the test go on
            kind = "application/rss+xml" if file.name == "feed.xml" else mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            self.send_response(status)
            self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    return Handler
