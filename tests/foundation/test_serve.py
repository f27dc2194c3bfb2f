"""`etulinja serve`: an edit shows up once, and the server never rebuilds on its own output."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if text in urllib.request.urlopen(url, timeout=5).read().decode():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@pytest.mark.parametrize("dirty", [False, True], ids=["full", "dirty"])
def test_an_edit_rebuilds_once_and_the_server_settles(catalogue_portal: Path, dirty: bool) -> None:
    port = free_port()
    log = catalogue_portal / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "etulinja.cli", "--root", str(catalogue_portal), "serve",
             "--dev-addr", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])],
            stdout=output, stderr=subprocess.STDOUT,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            start_new_session=True,  # so MkDocs, its child, stops with it
        )
    try:
        url = f"http://127.0.0.1:{port}/sv/articles/sleep/"
        assert wait_for(url, "<h1", 180), log.read_text()
        time.sleep(3)  # let the watcher start before the edit
        page = catalogue_portal / "docs" / "articles" / "sleep.sv.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nEtt nytt stycke om kvällsljus.\n",
                        encoding="utf-8")
        assert wait_for(url, "Ett nytt stycke om kvällsljus.", 180), log.read_text()
        time.sleep(8)  # a server that reacts to its own writes would rebuild again by now
        text = log.read_text()
        assert text.count("Detected file changes") == 1, text
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
