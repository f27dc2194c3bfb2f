"""Stopping a build, or starting a second one, never leaves a mess.

Ctrl-C or SIGTERM ends `etulinja build` within seconds: MkDocs, Pagefind and every worker
stop with it, no staging folder is left, ``site/`` is byte-identical, and the next build
runs. A second build of the same portal while one runs says so and touches nothing.
"""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from etulinja.catalogue.synth import synthesise
from etulinja.site.parallel import Interrupted, interruptible, uninterrupted
from etulinja.site.signals import BUILT_LOG as LANGUAGE_BUILT
from tests.support.files import tree_digest
from tests.support.portal import copy_portal, run_etulinja

STAGING = ("site-staging", "open-data-staging", "site-previous")
EXIT_WITHIN = 10.0
"""Seconds from the signal to the build's exit: MkDocs alone would run on for longer."""


class Command:
    """`etulinja` started in the background as an editor's terminal would: in a session
    of its own (so that its Ctrl-C goes to its process group), stderr read as it comes."""

    def __init__(self, root: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "etulinja.cli", "--root", str(root), *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env=dict(env or os.environ, NO_MKDOCS_2_WARNING="1"), start_new_session=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, ready: Callable[[], bool], seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while not ready():
            assert self.process.poll() is None, "\n".join(self.lines)
            assert time.monotonic() < deadline, "\n".join(self.lines)
            time.sleep(0.02)

    def said(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    def signal(self, signum: signal.Signals) -> float:
        """SIGINT as Ctrl-C sends it (to the foreground process group), anything else as
        `kill` does (to the process alone); returns when it was sent."""
        if signum == signal.SIGINT:
            os.killpg(self.process.pid, signum)
        else:
            os.kill(self.process.pid, signum)
        return time.monotonic()

    def wait(self, seconds: float = 300) -> int:
        code = self.process.wait(timeout=seconds)
        self._reader.join(timeout=5)
        return code

    def stop(self) -> None:
        """After a failed assertion: nothing of this test goes on running."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def processes() -> Iterator[tuple[int, int, int, str]]:
    """(pid, parent pid, session id, command line) of every live process (not zombies)."""
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_bytes().rsplit(b")", 1)[1].split()
            cmdline = Path(f"/proc/{name}/cmdline").read_bytes()
        except OSError:  # ended while we looked
            continue
        if stat[0] not in (b"Z", b"X"):
            yield (int(name), int(stat[1]), int(stat[3]),
                   cmdline.replace(b"\0", b" ").decode(errors="replace"))


def left_running(command: Command, root: Path) -> list[str]:
    """What still runs of a command: in its session, or naming the portal (MkDocs and
    Pagefind lead sessions of their own; forked workers inherit the command line)."""
    return [f"{pid}: {line}" for pid, _, session, line in processes()
            if pid != os.getpid()
            and (session == command.process.pid or str(root) in line)]


def children(command: Command) -> list[str]:
    """Command lines of the processes the command started, and theirs."""
    found, tree = [], {command.process.pid}
    for _ in range(4):
        for pid, parent, _, line in processes():
            if parent in tree and pid not in tree:
                tree.add(pid)
                found.append(line)
    return found


def assert_interrupted(command: Command, root: Path, sent: float, code: int,
                       before: dict[str, str] | None) -> None:
    exit_code = command.wait(EXIT_WITHIN)
    took = time.monotonic() - sent
    stderr = "\n".join(command.lines)
    assert exit_code == code, stderr
    assert took < EXIT_WITHIN
    assert "Traceback" not in stderr
    said = [line for line in command.lines if "interrupted" in line]
    assert said == [command.lines[-1]], stderr  # one line, and the last
    if before is not None:
        assert said[0] == "etulinja build: interrupted; the last good site was kept in site/."
    assert left_running(command, root) == []
    assert [name for name in STAGING if (root / "build" / name).exists()] == []
    if before is not None:
        assert tree_digest(root / "site") == before


def lock_is_free(root: Path) -> bool:
    with (root / "build" / ".build.lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example portal, built: the site an interrupted build must leave alone."""
    root = copy_portal(tmp_path_factory.mktemp("interrupt") / "portal")
    result = run_etulinja(root, "build")
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_build_stopped_while_mkdocs_runs_leaves_nothing_behind(
        built: Path, signum: signal.Signals) -> None:
    before = tree_digest(built / "site")
    build = Command(built, "build")
    try:
        # MkDocs has written the Finnish pages and goes on with Swedish, while Pagefind
        # indexes the Finnish ones.
        build.wait_for(lambda: build.said(f"{LANGUAGE_BUILT}fi"))
        assert any("mkdocs" in line for line in children(build))
        sent = build.signal(signum)
        assert_interrupted(build, built, sent, 128 + signum, before)
    finally:
        build.stop()
    assert not build.said(f"{LANGUAGE_BUILT}en")  # stopped, not finished
    again = run_etulinja(built, "build")  # nothing left in its way
    assert again.returncode == 0, again.stderr


def test_a_build_stopped_during_validation_leaves_nothing_behind(portal: Path) -> None:
    """2,000 services take seconds to validate and assemble: time enough to press Ctrl-C
    while workers are forked and before MkDocs starts."""
    root = portal
    synthesise(root, 2000, 1)  # what `etulinja synth --services 2000 --seed 1` writes
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("<p>the last good site</p>", encoding="utf-8")
    before = tree_digest(root / "site")
    build = Command(root, "build")
    try:
        # Validation's workers are forked from the build: same command line, no MkDocs.
        build.wait_for(lambda: bool(children(build)), seconds=60)
        started = children(build)
        sent = build.signal(signal.SIGINT)
        assert not any("mkdocs" in line for line in started), started
        assert_interrupted(build, root, sent, 130, before)
    finally:
        build.stop()
    assert not build.said("etulinja: built language")
    assert lock_is_free(root)


def test_a_second_build_of_the_portal_waits_its_turn(built: Path) -> None:
    first = Command(built, "build")
    try:
        first.wait_for(lambda: (built / "build" / "site-staging").is_dir())
        second = run_etulinja(built, "build")
        assert second.returncode == 1
        assert second.stderr.splitlines() == [
            f"etulinja build: another `etulinja build` of this portal is running "
            f"(pid {first.process.pid}); wait for it or stop it"]
        assert first.wait() == 0, "\n".join(first.lines)
    finally:
        first.stop()
    assert left_running(first, built) == []
    assert lock_is_free(built)


def test_a_stop_signal_waits_for_a_step_that_must_not_be_cut_in_half() -> None:
    """What keeps the two renames that publish a site together: never a moment with no
    ``site/``. The signal is raised once the step is done; a second one is not raised."""
    steps: list[str] = []
    with pytest.raises(Interrupted) as stopped, interruptible():
        with uninterrupted():
            os.kill(os.getpid(), signal.SIGTERM)
            steps.append("site -> site-previous")
            os.kill(os.getpid(), signal.SIGINT)
            steps.append("site-staging -> site")
        steps.append("not reached")
    assert steps == ["site -> site-previous", "site-staging -> site"]
    assert stopped.value.exit_code == 143


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_ctrl_c_stops_serve_and_its_mkdocs(built: Path, tmp_path: Path) -> None:
    """MkDocs serves from a temporary folder, removed only if it is stopped politely."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    serve = Command(built, "serve", "--dev-addr", f"127.0.0.1:{port}",
                    env=dict(os.environ, TMPDIR=str(temp)))

    def serving() -> bool:
        try:
            return b"<h1" in urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
        except OSError:
            return False

    try:
        serve.wait_for(serving, seconds=180)
        assert any("mkdocs" in line for line in children(serve))
        sent = serve.signal(signal.SIGINT)
        assert serve.wait(EXIT_WITHIN) == 0, "\n".join(serve.lines)
        assert time.monotonic() - sent < EXIT_WITHIN
    finally:
        serve.stop()
    assert "Traceback" not in "\n".join(serve.lines)
    assert left_running(serve, built) == []
    assert list(temp.iterdir()) == []
