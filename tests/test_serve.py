"""`jobboard serve`: builds, serves on 127.0.0.1, rebuilds on save, keeps the last good site on a broken edit."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
import yaml
from browser import at_build_time
from bs4 import BeautifulSoup
from conftest import ROOT
from sitetools import tree
from tinysite import CONFIG, NOW, advert
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

from generator.build import Options, build
from generator.model.clock import parse_now
from generator.preview.rebuilder import Preview


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, predicate, seconds: float = 30) -> str:
    """Poll the page until predicate(text) holds; fail with the last text seen."""
    deadline, text = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        text = fetch(url)
        if text is not None and predicate(text):
            return text
        time.sleep(0.2)
    pytest.fail(f"{url} never satisfied the condition; last response: {text!r:.500}")


PREVIEW_NOW = "2025-08-15"  # the preview's --now, where the browser's clock is set too


@pytest.fixture
def served(site_copy):
    site = site_copy("repo")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", str(port), "--now", PREVIEW_NOW],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield site, f"http://127.0.0.1:{port}/", process
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def h1(text: str) -> str:
    return BeautifulSoup(text, "html.parser").h1.get_text(strip=True)


def test_serve_rebuilds_on_save_and_keeps_last_good_page(served):
    site, base, _ = served
    westminster = next((site / "content" / "vacancies").glob("health-and-justice-*.md"))
    page = wait_for(base, lambda t: "Health &amp; Justice Liaison and Diversion Practitioner" in t)
    url = base + BeautifulSoup(page, "html.parser").find("a", string="Health & Justice Liaison and Diversion Practitioner")["href"].lstrip("/")
    assert h1(wait_for(url, bool)) == "Health & Justice Liaison and Diversion Practitioner"

    original = westminster.read_text(encoding="utf-8")
    edited = re.sub(r"^title: .*$", 'title: "Health & Justice Liaison and Diversion Practitioner (Courts)"', original, count=1, flags=re.M)
    assert edited != original
    westminster.write_text(edited, encoding="utf-8")
    # The address comes from the file's name, so the retitled advert stays where it was; the index links to it there.
    index = wait_for(base, lambda t: "(Courts)" in t)
    new_url = base + BeautifulSoup(index, "html.parser").find("a", string=lambda s: s and "(Courts)" in s)["href"].lstrip("/")
    assert new_url == url
    assert h1(wait_for(new_url, lambda t: "(Courts)" in t)).endswith("(Courts)")

    westminster.write_text(edited.replace("band: ", "band: Band 99 #", 1), encoding="utf-8")
    broken = wait_for(base, lambda t: "jobboard-build-error" in t)
    soup = BeautifulSoup(broken, "html.parser")
    alert = soup.find(id="jobboard-build-error")
    assert "band" in alert.get_text() and westminster.name in alert.get_text()
    assert soup.find("a", string=lambda s: s and "(Courts)" in s), "the last good site is still served"

    westminster.write_text(original, encoding="utf-8")
    fixed = wait_for(base, lambda t: "jobboard-build-error" not in t and "(Courts)" not in t)
    assert "Health &amp; Justice Liaison and Diversion Practitioner" in fixed


def test_the_search_index_and_open_data_are_made_when_asked_for_and_follow_each_save(served):
    """A save shows at once; the search index and the open data are brought up to date when next asked for."""
    site, base, _ = served
    page = wait_for(base, lambda t: "Health &amp; Justice Liaison and Diversion Practitioner" in t)
    url = base + BeautifulSoup(page, "html.parser").find("a", string="Health & Justice Liaison and Diversion Practitioner")["href"].lstrip("/")
    entry = json.loads(wait_for(base + "pagefind/pagefind-entry.json", bool))
    [(language, index)] = entry["languages"].items()
    assert index["page_count"] > 0
    westminster = next((site / "content" / "vacancies").glob("health-and-justice-*.md"))
    westminster.write_text(westminster.read_text(encoding="utf-8") + "\nCandidates who speak Zanzibari are welcome.\n",
                           encoding="utf-8")
    wait_for(url, lambda t: "Zanzibari" in t)
    after = json.loads(wait_for(base + "pagefind/pagefind-entry.json", bool))
    assert after["languages"][language]["page_count"] == index["page_count"]
    assert after["languages"][language]["hash"] != index["hash"], "the index was made again with the edited page"
    assert "Zanzibari" in wait_for(base + "vacancies.json", bool), "the open data too, when it is asked for"


def test_a_save_shows_every_change_even_those_the_watcher_cannot_vouch_for(served, tmp_path):
    """Once the preview has watched a save, it looks again only at files the watcher saw change, and at any file whose
    change it could not have seen: inside a folder moved in or swapped, inside a folder it does not watch, or a link."""
    site, base, _ = served
    folder = site / "content" / "vacancies"
    source = next(folder.glob("health-and-justice-*.md"))
    original = source.read_text(encoding="utf-8")

    def advert(title: str, reference: str) -> str:
        text = re.sub(r"^title: .*$", f'title: "{title}"', original, count=1, flags=re.M)
        return re.sub(r"^reference: .*$", f'reference: "{reference}"', text, count=1, flags=re.M)

    def titled(title: str) -> str:
        return wait_for(base, lambda t: title in t)

    def save(marker: str) -> None:
        """An ordinary save of the watched advert, which the watcher reports."""
        source.write_text(f"{original}\n{marker}.\n", encoding="utf-8")

    titled("Health &amp; Justice Liaison and Diversion Practitioner")
    save("First save")  # from this save on, the watcher has watched since before the last build
    wait_for(base + "vacancies/" + source.stem + "/", lambda t: "First save" in t)

    outside = tmp_path / "batch"
    outside.mkdir()
    (outside / "moved.md").write_text(advert("Moved In As A Folder", "MOVED-1"), encoding="utf-8")
    outside.rename(folder / "batch")  # the watcher reports the folder, not the file in it
    titled("Moved In As A Folder")

    swapped = tmp_path / "swapped"
    swapped.mkdir()
    (swapped / "moved.md").write_text(advert("Swapped In Under The Same Name", "MOVED-1"), encoding="utf-8")
    (folder / "batch").rename(tmp_path / "old-batch")
    swapped.rename(folder / "batch")
    titled("Swapped In Under The Same Name")

    unwatched = folder / "output"  # a folder name the watcher ignores everywhere
    unwatched.mkdir()
    (unwatched / "hidden.md").write_text(advert("Unwatched First", "UNWATCHED-1"), encoding="utf-8")
    save("Second save")
    titled("Unwatched First")
    (unwatched / "hidden.md").write_text(advert("Unwatched Second", "UNWATCHED-1"), encoding="utf-8")
    save("Third save")
    titled("Unwatched Second")

    (folder / "linked.txt").write_text(advert("Linked First", "LINKED-1"), encoding="utf-8")
    (folder / "linked.md").symlink_to("linked.txt")
    titled("Linked First")
    (folder / "linked.txt").write_text(advert("Linked Second", "LINKED-1"), encoding="utf-8")  # the link's name is not told
    titled("Linked Second")


def test_the_previews_site_after_saves_is_the_site_a_fresh_build_makes(tmp_path):
    """Saves the watcher reports (an edit, another edit, a new advert) leave the preview's folder byte for byte as a
    build from nothing makes it: its first save keeps the spare its first build linked, and later saves look only at
    the files the watcher named."""
    site = tmp_path / "site"
    folder = site / "content" / "vacancies"
    folder.mkdir(parents=True)
    (site / "config.yaml").write_text(yaml.safe_dump(CONFIG), encoding="utf-8")
    for number in range(1, 5):
        (folder / f"nurse-{number}.md").write_text(advert(f"Advert {number}.", reference=f"TINY-{number}"), encoding="utf-8")
    options = Options(site, parse_now(NOW), base_url="http://127.0.0.1:8000/", jobs=1)
    preview = Preview(options, tmp_path / "preview" / "site")

    def save(name: str, body: str, whole: bool = False) -> None:
        (folder / name).write_text(advert(body, reference=name.removesuffix(".md").upper()), encoding="utf-8")
        assert preview.rebuild(whole=whole, changed=[os.path.realpath(folder / name)])

    try:
        assert preview.rebuild()
        save("nurse-1.md", "Edited once, the first save the watcher reports.")
        save("nurse-2.md", "Edited once, looked at alone.")
        save("nurse-5.md", "A new advert.", whole=True)
    finally:
        preview.cache.close()
        gc.unfreeze()  # the preview froze this test process's objects from the collector

    fresh = tmp_path / "fresh"
    build(replace(options, cache=False), fresh)
    made, shown = tree(fresh), tree(preview.folder)
    assert "vacancies/nurse-5/index.html" in made and "Edited once, looked at alone." in made["vacancies/nurse-2/index.html"].decode()
    assert sorted(shown) == sorted(made)
    assert [rel for rel in made if shown[rel] != made[rel]] == []


def test_serve_does_not_touch_output(served):
    site, base, _ = served
    wait_for(base, bool)
    assert not (site / "output").exists()


@contextlib.contextmanager
def preview_page(browser):
    """A page at the preview's build clock that notes when live reload has connected (window.__reloadReady)."""
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    at_build_time(context, PREVIEW_NOW)
    try:
        page = context.new_page()
        # livereload.js fires LiveReloadConnect on the document once its socket is open: the page's ready signal.
        page.add_init_script("document.addEventListener('LiveReloadConnect', () => { window.__reloadReady = true; })")
        yield page
    finally:
        context.close()


def test_browser_reloads_after_save(served, browser):
    """A person previewing in a browser sees an edit appear without touching the page."""
    site, base, _ = served
    maidstone = next((site / "content" / "vacancies").glob("support-time-recovery-worker-*.md"))
    wait_for(base, lambda t: "Support Time Recovery Worker" in t)
    with preview_page(browser) as page:
        page.goto(base)
        page.get_by_role("link", name="Support Time Recovery Worker").click()
        # The click only starts the navigation; wait for the vacancy page itself, not the index's load state.
        page.wait_for_url("**/vacancies/support-time-recovery-worker-*/")
        assert page.locator("h1").inner_text() == "Support Time Recovery Worker"
        page.wait_for_function("() => window.__reloadReady === true")
        text = maidstone.read_text(encoding="utf-8")
        maidstone.write_text(text.replace("\nhours: ", "\nhours: Edited in the preview - ", 1), encoding="utf-8")
        page.wait_for_function("() => document.body.innerText.includes('Edited in the preview')", timeout=20000)


def test_a_missing_address_shows_the_sites_own_404_and_recovers_when_the_page_is_made(served, browser):
    """A tab left on an address that does not exist yet shows the site's 404, and the page once a save makes it."""
    site, base, _ = served
    wait_for(base, lambda t: "Support Time Recovery Worker" in t)
    source = next((site / "content" / "vacancies").glob("support-time-recovery-worker-*.md"))
    missing = base + "vacancies/porter-new-1/"
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(missing, timeout=5)
    assert answer.value.code == 404
    site_404 = BeautifulSoup(answer.value.read().decode("utf-8"), "html.parser")
    assert h1(str(site_404)) == "Page not found" and site_404.find("a", href="/"), "the site's own 404 page, with its links"

    with preview_page(browser) as page:
        page.goto(missing)
        assert page.locator("h1").inner_text() == "Page not found"
        page.wait_for_function("() => window.__reloadReady === true")  # the 404 page has live reload too
        text = re.sub(r"(?m)^title: .*$", 'title: "Porter"', source.read_text(encoding="utf-8"), count=1)
        (source.parent / "porter-new-1.md").write_text(re.sub(r"(?m)^reference: .*$", 'reference: "NEW-1"', text, count=1),
                                                       encoding="utf-8")
        page.wait_for_function("() => document.querySelector('h1') && document.querySelector('h1').innerText.startsWith('Porter')",
                               timeout=20000)
        assert page.url == missing


def socket_url(base: str) -> str:
    return base.replace("http://", "ws://", 1) + "livereload"


def run(scenario: Coroutine[object, object, None]) -> None:
    """Run a scenario on its own event loop, in a thread: the browser fixture's loop may be running in this one."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, scenario).result()


async def refusal(base: str, **headers: str) -> int:
    """The HTTP status that refuses a WebSocket opened with these headers."""
    with pytest.raises(HTTPClientError) as refused:
        await websocket_connect(HTTPRequest(socket_url(base), headers=headers))
    return refused.value.code


async def hello(socket: WebSocketClientConnection) -> dict:
    """livereload's handshake: it answers a hello with its own, in order with anything sent before."""
    await socket.write_message(json.dumps({"command": "hello"}))
    return json.loads(await asyncio.wait_for(socket.read_message(), 30))


def test_the_live_reload_socket_is_open_to_the_previews_own_pages_only(served):
    """A page on another site, or at another name pointed at this computer, cannot follow the preview's saves."""
    _, base, _ = served
    wait_for(base, bool)
    port = urlsplit(base).port

    async def scenario() -> None:
        assert await refusal(base, Origin="http://evil.example") == 403
        assert await refusal(base, Origin=f"http://evil.example:{port}") == 403
        assert await refusal(base, Origin="null") == 403
        # DNS rebinding: the page's origin and the Host agree, but name another site.
        assert await refusal(base, Origin=f"http://evil.example:{port}", Host=f"evil.example:{port}") == 421
        for origin in (f"http://127.0.0.1:{port}", f"http://localhost:{port}", f"http://[::1]:{port}"):
            socket = await websocket_connect(HTTPRequest(socket_url(base), headers={"Origin": origin}))
            try:
                assert (await hello(socket))["command"] == "hello"
            finally:
                socket.close()

    run(scenario())


def test_forcereload_is_not_served_and_a_save_still_reloads(served):
    """No site can make the open pages reload; a save does, telling them which file changed."""
    site, base, _ = served
    wait_for(base, bool)
    advert = next((site / "content" / "vacancies").glob("support-time-recovery-worker-*.md"))

    async def scenario() -> None:
        socket = await websocket_connect(HTTPRequest(socket_url(base), headers={"Origin": base.rstrip("/")}))
        try:
            await hello(socket)
            await socket.write_message(json.dumps({"command": "info", "url": base}))
            await hello(socket)  # answered only once the info before it made this socket one of the reloaded pages
            with pytest.raises(urllib.error.HTTPError) as missing:
                urllib.request.urlopen(base + "forcereload?path=x", timeout=5)
            assert missing.value.code == 404
            advert.write_text(advert.read_text(encoding="utf-8") + "\n", encoding="utf-8")
            # A reload from /forcereload would have come first, with its path.
            message = json.loads(await asyncio.wait_for(socket.read_message(), 30))
            assert (message["command"], message["path"]) == ("reload", advert.relative_to(site).as_posix())
        finally:
            socket.close()

    run(scenario())
