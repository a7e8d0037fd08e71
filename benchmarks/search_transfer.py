"""What the search page transfers: `python benchmarks/search_transfer.py --size 10000` (or `--site DIR`, already built or not).

It builds a generated site of N adverts with the nhsuk theme, serves it on 127.0.0.1, opens /search/ in
Chromium and lists every response: first view (page, CSS, scripts, Pagefind's entry and index), then a
keyword search, then a place search (ME16 9NW within 10 miles). Each step gives the bytes as served and
as gzip would send them (GitHub Pages compresses text), by kind of file.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import subprocess
import sys
import tempfile
import threading
from collections import defaultdict
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE)]  # generate.py beside us

from generate import NOW, generate  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
DONE = "/found|No open|could not find/.test(document.querySelector('#search-status').textContent)"
STEPS = (("first view", ""), ("keyword search: nurse", "?q=nurse"), ("filter only: Band 5", "?band=Band+5"),
         ("place search: ME16 9NW within 10 miles", "?place=ME16+9NW&within=10"))


def build(site: Path, base: str) -> None:
    """The site built at the generated sites' clock, for serving at `base`."""
    subprocess.run([sys.executable, "-m", "generator", "build", "--site", str(site), "--now", NOW, "--output", str(site / "output"),
                    "--base-url", base, "--quiet"], check=True, cwd=HERE.parent)


def serve(output: Path) -> tuple[ThreadingHTTPServer, str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def kind(url: str) -> str:
    if "/pagefind/" in url:
        return "pagefind " + url.rsplit(".", 1)[-1].split("?")[0]
    if "/search/places/" in url:
        return "place table"
    return url.rsplit(".", 1)[-1] if "." in url.rsplit("/", 1)[-1] else "html"


def measure(base: str) -> list[tuple[str, dict[str, list[int]]]]:
    """For each step, kind -> [files, bytes, gzip bytes] of the responses that step fetched (a fresh browser each)."""
    from playwright.sync_api import sync_playwright

    steps = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for name, query in STEPS:
            page = browser.new_context().new_page()
            sizes: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
            page.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())

            def seen(response, sizes=sizes) -> None:
                if response.ok and "127.0.0.1" in response.url:
                    body = response.body()
                    row = sizes[kind(response.url)]
                    row[0] += 1
                    row[1] += len(body)
                    row[2] += len(body) if response.url.endswith((".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".woff2", ".png"))\
                        else len(gzip.compress(body, 9))  # Pagefind's files are gzip already
            page.on("response", seen)
            page.goto(base + "search/" + query)
            page.wait_for_function("document.getElementById('search-form').dataset.ready === 'true'")
            if query:
                page.wait_for_function(DONE)
            page.wait_for_load_state("networkidle")
            steps.append((name, dict(sizes)))
            page.context.close()
        browser.close()
    return steps


def report(steps: list[tuple[str, dict[str, list[int]]]]) -> None:
    for name, sizes in steps:
        files, raw, packed = (sum(row[i] for row in sizes.values()) for i in range(3))
        print(f"\n{name}: {files} files, {raw / 1024:.1f} KB as served, {packed / 1024:.1f} KB gzipped")
        for what, (count, size, gz) in sorted(sizes.items(), key=lambda item: -item[1][2]):
            print(f"  {what:<22} {count:>4} files {size / 1024:>9.1f} KB {gz / 1024:>9.1f} KB gzipped")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000, help="adverts in the generated site (default 10,000)")
    parser.add_argument("--site", type=Path, help="a site folder to use (generated there if it has no config.yaml)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jobboard-transfer-") as scratch:
        site = args.site or Path(scratch) / "site"
        if not (site / "config.yaml").is_file():
            generate(args.size, site, 0, "nhsuk")  # the theme with the search index
        server, base = serve(site / "output")  # the build's addresses name the server's port
        try:
            build(site, base)
            report(measure(base))
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
