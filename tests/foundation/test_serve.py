"""`etulinja serve`: an edit shows up once, and the server never rebuilds on its own output."""

from __future__ import annotations

import os
import re
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


# (file edited, page to watch, text replaced, its replacement): an article goes through
# MkDocs; a service page is filled in by Etulinja into a frame MkDocs renders, which a
# --dirty rebuild does not render again.
EDITS = {
    "article": ("docs/articles/sleep.sv.md", "sv/articles/sleep/", None,
                "Ett nytt stycke om kvällsljus."),
    "service": ("catalogue/services/paijat-hame/ph-guided-self-care.yml",
                "sv/catalogue/services/ph-guided-self-care/",
                "vid lindrig depression och ångest.", "vid lindrig nedstämdhet och oro."),
}


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("dirty", [False, True], ids=["full", "dirty"])
def test_an_edit_rebuilds_once_and_the_server_settles(catalogue_portal: Path, dirty: bool,
                                                      edit: str) -> None:
    source, path, old, new = EDITS[edit]
    port = free_port()
    log = catalogue_portal / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "etulinja.cli", "--root", str(catalogue_portal), "serve",
             "--dev-addr", f"127.0.0.1:{port}", *([] if dirty else ["--full"])],
            stdout=output, stderr=subprocess.STDOUT,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            start_new_session=True,  # so MkDocs, its child, stops with it
        )
    try:
        url = f"http://127.0.0.1:{port}/{path}"
        assert wait_for(url, "<h1", 180), log.read_text()
        time.sleep(3)  # let the watcher start before the edit
        page = catalogue_portal / source
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace(old, new) if old else f"{text}\n{new}\n",
                        encoding="utf-8")
        assert wait_for(url, new, 180), log.read_text()
        # A --dirty rebuild reads only changed pages; the menu must still have its titles.
        html = urllib.request.urlopen(url, timeout=5).read().decode()
        assert not re.search(r">\s*None\s*<", html), "a menu entry lost its title"
        time.sleep(8)  # a server that reacts to its own writes would rebuild again by now
        text = log.read_text()
        assert text.count("Detected file changes") == 1, text
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
