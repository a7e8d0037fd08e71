"""generator/preview/watcher.py: real files, real inotify, a real tornado IOLoop and livereload's own handler."""

from __future__ import annotations

import asyncio
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from livereload import Server
from livereload.handlers import LiveReloadHandler
from tornado.httpserver import HTTPServer
from tornado.testing import bind_unused_port
from tornado.web import Application
from tornado.websocket import websocket_connect

from generator.preview.watcher import Watcher

WAIT = 20  # seconds: a generous bound for a busy machine, not a speed requirement


class Recorder:
    """A task that records each call: the thread it ran on and the paths it was given."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, list[str]]] = []

    def __call__(self, paths: list[str]) -> None:
        self.calls.append((threading.get_ident(), paths))

    async def wait(self, count: int) -> list[tuple[int, list[str]]]:
        """Wait, on the IOLoop, until the task has run `count` times."""
        async def enough() -> None:
            while len(self.calls) < count:
                await asyncio.sleep(0.01)
        await asyncio.wait_for(enough(), WAIT)
        return self.calls


def running(scenario: Callable[[Watcher], object], root: Path | None = None) -> None:
    """Run an async scenario on an IOLoop in this thread with a watcher (of the site at `root`) whose callback is examine()."""
    watcher = Watcher(root)

    async def main() -> None:
        try:
            await scenario(watcher)
        finally:
            watcher.stop()
    asyncio.run(main())


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "content" / "vacancies").mkdir(parents=True)
    (tmp_path / "content" / "vacancies" / "a.md").write_text("first\n", encoding="utf-8")
    (tmp_path / "config.yaml").write_text("title: Jobs\n", encoding="utf-8")
    return tmp_path


def save(file: Path, text: str) -> None:
    """Save as many editors do: write a temporary file, rename it over the old one, set its mode."""
    temporary = file.with_name(f"{file.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, file)
    os.chmod(file, 0o644)


def test_a_save_runs_the_task_once_on_the_loop_thread_with_the_paths(site: Path) -> None:
    task, vacancies = Recorder(), site / "content" / "vacancies"

    async def scenario(watcher: Watcher) -> None:
        watcher.watch(str(site / "content"), task)
        assert watcher.start(watcher.examine) is True  # True: livereload does not poll as well
        save(vacancies / "a.md", "second\n")
        (vacancies / "a.md").write_text("third\n", encoding="utf-8")
        calls = await task.wait(1)
        # A file written after the burst's batch has run shows that the burst made exactly one call.
        (vacancies / "b.md").write_text("new\n", encoding="utf-8")
        calls = await task.wait(2)
        assert [thread for thread, _ in calls] == [threading.get_ident()] * 2
        assert str(vacancies / "a.md") in calls[0][1]
        assert calls[1][1] == [str(vacancies / "b.md")]
        assert watcher.filepath == str(vacancies / "b.md")
        assert len(task.calls) == 2
    running(scenario)


def test_renames_and_deletions_run_the_task_with_both_names(site: Path) -> None:
    task, vacancies = Recorder(), site / "content" / "vacancies"

    async def scenario(watcher: Watcher) -> None:
        watcher.watch(str(site / "content"), task)
        watcher.start(watcher.examine)
        os.rename(vacancies / "a.md", vacancies / "renamed.md")
        calls = await task.wait(1)
        assert set(calls[0][1]) == {str(vacancies / "a.md"), str(vacancies / "renamed.md")}
        (vacancies / "renamed.md").unlink()
        calls = await task.wait(2)
        assert calls[1][1] == [str(vacancies / "renamed.md")]
        # A new sub-folder runs the task (which reads what it holds), and is watched from then on.
        (vacancies / "2026").mkdir()
        calls = await task.wait(3)
        assert calls[2][1] == [str(vacancies / "2026")]
        (vacancies / "2026" / "c.md").write_text("c\n", encoding="utf-8")
        calls = await task.wait(4)
        assert calls[3][1] == [str(vacancies / "2026" / "c.md")]
    running(scenario)


def test_ignored_folders_and_editor_files_do_not_run_the_task(site: Path) -> None:
    task, content = Recorder(), site / "content"

    async def scenario(watcher: Watcher) -> None:
        watcher.watch(str(content), task, ignore=lambda path: path.endswith(".bak"))
        watcher.start(watcher.examine)
        for folder in (".cache", "output", ".git", "node_modules", "vacancies/.output-1234"):
            (content / folder).mkdir()
            (content / folder / "index.html").write_text("x", encoding="utf-8")
        for name in (".#a.md", "#a.md#", ".a.md.swp", ".a.md.swpx", "a.md~", "4913", "a.md.bak"):
            (content / "vacancies" / name).write_text("x", encoding="utf-8")
            (content / "vacancies" / name).unlink()
        # Had any of those run the task, this file's call would not be the first, or not alone in its batch.
        (content / "vacancies" / "b.md").write_text("b\n", encoding="utf-8")
        calls = await task.wait(1)
        assert calls == [(threading.get_ident(), [str(content / "vacancies" / "b.md")])]
    running(scenario)


def test_a_file_a_glob_and_one_function_for_several_folders(site: Path) -> None:
    rebuild, config, vacancies = Recorder(), site / "config.yaml", site / "content" / "vacancies"
    (site / "themes").mkdir()

    async def scenario(watcher: Watcher) -> None:
        for path in (site / "content", site / "themes", config, site / "local.yaml*"):
            watcher.watch(str(path), rebuild)
        watcher.start(watcher.examine)
        save(config, "title: Other\n")  # renamed over: the file's name is watched, not its old inode
        calls = await rebuild.wait(1)
        assert calls[0][1] == [str(config)]
        (site / "notes.txt").write_text("not watched\n", encoding="utf-8")
        (site / "local.yaml.d").write_text("matches the glob\n", encoding="utf-8")
        calls = await rebuild.wait(2)
        assert calls[1][1] == [str(site / "local.yaml.d")]
        # One burst in content/ and themes/: the function both watch() calls gave runs once, with both paths.
        (vacancies / "a.md").write_text("edited\n", encoding="utf-8")
        (site / "themes" / "base.html").write_text("<html>\n", encoding="utf-8")
        calls = await rebuild.wait(3)
        assert calls[2][1] == sorted([str(vacancies / "a.md"), str(site / "themes" / "base.html")])
        (vacancies / "c.md").write_text("c\n", encoding="utf-8")
        calls = await rebuild.wait(4)
        assert calls[3][1] == [str(vacancies / "c.md")] and len(rebuild.calls) == 4
    running(scenario)


def test_stop_ends_the_background_threads(site: Path) -> None:
    watcher = Watcher()

    async def scenario() -> None:
        watcher.watch(str(site / "content"), Recorder())
        watcher.watch(str(site / "config.yaml"), Recorder())
        watcher.start(watcher.examine)
        threads = [t for t in threading.enumerate() if t.name.startswith("jobboard-watcher-")]
        assert len(threads) == 2 and all(t.daemon for t in threads)
        watcher.stop()
        assert not any(t.is_alive() for t in threads)
    asyncio.run(scenario())


def test_livereload_reloads_the_browser_with_the_changed_path(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # livereload keeps its state on the handler class: give this test its own, restored afterwards.
    monkeypatch.setattr(LiveReloadHandler, "_last_reload_time", None)
    monkeypatch.setattr(LiveReloadHandler, "waiters", set())
    monkeypatch.setattr(LiveReloadHandler, "DEFAULT_RELOAD_TIME", 0)
    task, advert = Recorder(), site / "content" / "vacancies" / "a.md"

    async def scenario(watcher: Watcher) -> None:
        server = Server(watcher=watcher)
        server.watch(str(site / "content"), task)
        monkeypatch.setattr(LiveReloadHandler, "watcher", server.watcher)
        sock, port = bind_unused_port()
        http = HTTPServer(Application([(r"/livereload", LiveReloadHandler)]))
        http.add_sockets([sock])
        try:
            server.watcher._changes.append(("__livereload__", 0))  # as Server.serve() does
            LiveReloadHandler.start_tasks()
            browser = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
            await browser.write_message(json.dumps({"command": "hello"}))
            assert json.loads(await browser.read_message())["command"] == "hello"
            await browser.write_message(json.dumps({"command": "info", "url": "http://127.0.0.1/"}))
            while not LiveReloadHandler.waiters:
                await asyncio.sleep(0.01)
            save(advert, "edited\n")
            message = json.loads(await asyncio.wait_for(browser.read_message(), WAIT))
            # The browser learns which file changed, relative to the site: never where the site is on this computer.
            assert (message["command"], message["path"]) == ("reload", advert.relative_to(site).as_posix())
            assert str(site) not in json.dumps(message)
            assert len(task.calls) == 1
            browser.close()
        finally:
            http.stop()
    running(scenario, site)
