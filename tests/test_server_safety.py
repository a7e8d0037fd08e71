"""`jobboard serve` listens on this computer only unless told otherwise, never serves a file from outside its folder,
and leaves nothing behind when it stops."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import ROOT

SECRET = "jobboard-secret-7f3a9c"  # planted outside the served folder: no response may ever contain it
INSIDE = "jobboard-inside-52e1d0"  # planted inside it, to show the requests below do reach files


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str) -> tuple[int, bytes]:
    """GET a raw request path, sent exactly as written (no client-side normalising)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_until_served(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"serve exited with {process.returncode}"
        try:
            if get(port, "/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail("serve never answered")


def start(site: Path, port: int, *extra: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", str(port), "--now", "2025-08-15", *extra],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        return process.communicate(timeout=10)[0]
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate()[0]


def listening(port: int) -> set[str]:
    """The local addresses of the sockets listening on `port`, read from the kernel's table."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:
                raw = bytes.fromhex(address)
                # The kernel prints each 32-bit word in host (little-endian) order.
                raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
                found.add(socket.inet_ntop(socket.AF_INET if width == 8 else socket.AF_INET6, raw))
    return found


@contextlib.contextmanager
def private_preview(site: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen, int, Path, Path]]:
    """serve running on a free port with its private folder under tmp/: the process, its port, tmp/ and that folder."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    process = start(site, port, env={**os.environ, "TMPDIR": str(temp)})
    try:
        wait_until_served(port, process)
        [folder] = temp.glob("jobboard-serve-*/site")
        yield process, port, temp, folder
    finally:
        stop(process)


@pytest.fixture
def served(site_copy, tmp_path):
    """serve running with its private folder under tmp/, secrets planted beside it and above it."""
    site = site_copy("repo")
    with private_preview(site, tmp_path) as (_, port, temp, folder):
        secrets = [folder.parent / "secret.txt", temp / "secret.txt", site / "secret.txt", tmp_path / "secret.txt"]
        for file in secrets:
            file.write_text(f"{SECRET} {file}\n", encoding="utf-8")
        (folder / "inside.txt").write_text(INSIDE, encoding="utf-8")
        yield port, folder, secrets


def disguises(relative: str) -> list[str]:
    """Ways to write a request path that climbs out of the served folder along `relative` (such as ../secret.txt)."""
    climbs = relative.count("../")
    rest = relative.replace("../", "")
    forms = {
        "plain": "../", "encoded dots": "%2e%2e/", "upper-case encoded dots": "%2E%2E/", "one dot encoded": ".%2e/",
        "other dot encoded": "%2e./", "encoded slash": "..%2f", "upper-case encoded slash": "..%2F",
        "all encoded": "%2e%2e%2f", "double-encoded": "%252e%252e%252f", "double-encoded dots": "%252e%252e/",
        "backslash": "..\\", "encoded backslash": "..%5c", "overlong UTF-8 dots": "%c0%ae%c0%ae/",
        "dot-slash noise": "./../", "doubled slash": "..//",
    }
    paths = [f"/{step * climbs}{rest}" for step in forms.values()]
    paths += [f"/static/../{'../' * climbs}{rest}", f"/vacancies/%2e%2e/{'%2e%2e/' * climbs}{rest}"]
    return paths


def absolute_forms(file: Path) -> list[str]:
    text = file.as_posix()
    return ["/" + text, "//" + text.lstrip("/"), "/%2F" + quote(text.lstrip("/"), safe=""), "/" + quote(text, safe=""),
            "/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f.." + text, "/" + text.replace("/", "\\")]


def test_the_probe_reaches_files_inside_the_served_folder(served):
    port, _, _ = served
    assert get(port, "/inside.txt") == (200, INSIDE.encode())
    assert get(port, "/%69nside.txt") == (200, INSIDE.encode()), "percent-encoded requests are decoded"


def test_no_request_path_gets_a_file_from_outside_the_served_folder(served):
    port, folder, secrets = served
    paths = [p for file in secrets for p in disguises(os.path.relpath(file, folder)) + absolute_forms(file)]
    paths += ["/../../../../../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd"]
    assert len(paths) > 80
    leaks = []
    for path in paths:
        status, body = get(port, path)
        if SECRET.encode() in body or b"root:x:0:0" in body:
            leaks.append(f"{path} -> {status}")
    assert leaks == []


def test_serve_listens_on_this_computer_only_by_default(site_copy):
    site = site_copy("repo")
    port = free_port()
    process = start(site, port)
    try:
        wait_until_served(port, process)
        assert listening(port) == {"127.0.0.1"}
    finally:
        output = stop(process)
    assert "warning" not in output.lower()


def test_serve_warns_when_it_listens_elsewhere(site_copy):
    site = site_copy("repo")
    port = free_port()
    process = start(site, port, "--host", "0.0.0.0")
    try:
        wait_until_served(port, process)
        assert listening(port) == {"0.0.0.0"}
    finally:
        output = stop(process)
    assert "warning: serving on 0.0.0.0" in output
    assert "127.0.0.1 only" in output


def test_the_preview_answers_only_at_its_own_address(served):
    """A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) sends its own Host, and gets nothing."""
    port = served[0]
    for host, expected in ((f"127.0.0.1:{port}", 200), (f"localhost:{port}", 200), ("evil.example", 421),
                           (f"evil.example:{port}", 421), ("127.0.0.1:1", 421)):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.putrequest("GET", "/", skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", host)
            connection.endheaders()
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        assert response.status == expected, host
        if expected != 200:
            assert b"<html" not in body.lower() and INSIDE.encode() not in body


@pytest.mark.parametrize("stopped_by", ["SIGINT", "SIGTERM", "SIGHUP"])  # Ctrl+C, `kill` or a task runner, a closed terminal
def test_the_preview_removes_its_copy_of_the_site_when_it_stops(site_copy, tmp_path, stopped_by):
    with private_preview(site_copy("repo"), tmp_path) as (process, _, temp, folder):
        assert (folder / "index.html").is_file()
        process.send_signal(getattr(signal, stopped_by))
        process.communicate(timeout=30)
    assert process.returncode == 0
    assert list(temp.iterdir()) == []


def test_a_port_in_use_is_a_plain_message_and_leaves_nothing_behind(site_copy, tmp_path):
    site = site_copy("repo")
    temp = tmp_path / "tmp"
    temp.mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = start(site, port, env={**os.environ, "TMPDIR": str(temp)})
        output = process.communicate(timeout=120)[0]
    assert process.returncode != 0
    assert "Traceback" not in output
    assert f"port {port} is already in use" in output
    assert "--port" in output
    assert list(temp.iterdir()) == []
