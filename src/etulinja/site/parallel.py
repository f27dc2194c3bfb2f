"""The processes a command starts: per-item work on all cores, and stopping it all at once.

A national catalogue is 10,000 service files to validate and 30,000 service pages to lay
out; one core did each in 20-30 s. Workers are forked, so they start with everything the
parent has loaded (the function, organisations, code lists) and only results travel back.
Where fork is not available, or the work is small, it runs in this process instead.

A build also runs MkDocs and Pagefind as programs, and MkDocs forks workers of its own.
When the editor presses Ctrl-C (or a deploy script sends SIGTERM), all of them must stop
at once: a MkDocs left writing into ``build/site-staging`` made the next build crash. So
every program is started as the leader of its own process group (``start_new_session``)
and stopped by signalling the group; forked workers ignore the terminal's Ctrl-C and
leave stopping to the parent, which turns the signal into :class:`Interrupted`.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

GRACE_SECONDS = 3.0
"""How long a stopped process may take to end after SIGTERM before it is killed: MkDocs and
Pagefind end at once; a process stuck in a system call gets SIGKILL."""
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""Ctrl-C, a polite stop (systemd, CI, ``kill``), and the terminal closing."""

_job: tuple[Callable[[Any], Any], list[Sequence[Any]]] | None = None


class Interrupted(BaseException):
    """A stop signal arrived. A BaseException, like KeyboardInterrupt, so that no
    ``except Exception`` on the way up swallows it before the command has cleaned up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """The shell's convention for a program ended by a signal: 130 for SIGINT."""
        return 128 + self.signum


@dataclass
class _SignalState:
    received: int | None = None
    """The first stop signal, once one has arrived."""
    raised: bool = False
    """Interrupted was raised for it: later signals wait for the cleanup under way."""
    deferring: int = 0
    """Depth of :func:`uninterrupted` blocks in the main thread."""


_signals = _SignalState()


def _on_signal(signum: int, _: FrameType | None) -> None:
    if _signals.received is None:
        _signals.received = signum
    if _signals.raised or _signals.deferring:
        return
    _signals.raised = True
    raise Interrupted(signum)


@contextmanager
def interruptible() -> Iterator[None]:
    """Within: the first stop signal raises :class:`Interrupted` in the main thread, and
    later ones are ignored, so that the cleanup it starts is not itself cut short."""
    previous = {signum: signal.signal(signum, _on_signal) for signum in STOP_SIGNALS}
    _signals.received, _signals.raised, _signals.deferring = None, False, 0
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Within: a stop signal waits and is raised when the block ends.

    For steps that must not be cut in half: the two renames that publish a site (or there
    would be a moment with no ``site/``), and starting a process together with recording
    it (or it could run on with no one to stop it). Signals only ever raise in the main
    thread, so elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _signals.deferring += 1
    try:
        yield
    finally:
        _signals.deferring -= 1
        if (not _signals.deferring and _signals.received is not None
                and not _signals.raised):
            _signals.raised = True
            raise Interrupted(_signals.received)  # the stop signal wins over any other error


def quiet_worker() -> None:
    """Run first in a forked worker: the terminal sends Ctrl-C to the whole process group,
    but stopping workers is the parent's job (SIGTERM, which now ends one at once)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _signal_group(process: subprocess.Popen[Any], signum: int) -> None:
    """Signal a program's whole process group, unless all of it has ended (its number
    could then be given to another process)."""
    if process.poll() is not None and not _group_running(process.pid):
        return
    with suppress(ProcessLookupError):  # ended since
        os.killpg(process.pid, signum)


def _group_running(pgid: int) -> bool:
    """Whether any process of the group still runs. Zombies do not count: they have ended
    and only wait to be reaped (by us, or by init for orphans)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        names = os.listdir("/proc")
    except OSError:  # not Linux: a zombie counts as running, which errs on the safe side
        return True
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                # "pid (command) state ppid pgrp …": the command may hold spaces and ")".
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):  # ended while we looked
            continue
        if int(fields[2]) == pgid and fields[0] not in (b"Z", b"X"):
            return True
    return False


def _running(groups: list[subprocess.Popen[Any]], forked: list[BaseProcess]) -> bool:
    # poll() reaps a group's leader, so that only its descendants can keep the group alive.
    return (any(p.poll() is None or _group_running(p.pid) for p in groups)
            or any(p.is_alive() for p in forked))


def _wait(groups: list[subprocess.Popen[Any]], forked: list[BaseProcess],
          seconds: float) -> bool:
    """Wait up to ``seconds`` for all to end; True when they have."""
    deadline = time.monotonic() + seconds
    while _running(groups, forked):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)
    return True


def stop(groups: Iterable[subprocess.Popen[Any]] = (), forked: Iterable[BaseProcess] = (),
         *, grace: float = GRACE_SECONDS, ask: signal.Signals | None = None) -> None:
    """Stop programs and forked workers, all at once, and return when every one has ended.

    ``groups`` are programs started with ``start_new_session=True``: the whole group gets
    SIGTERM, so MkDocs' own workers end with it. ``forked`` are multiprocessing processes
    of ours. What still runs ``grace`` seconds later is killed. ``ask``, if given, is sent
    to each program alone first, with ``grace`` to end on its own (``mkdocs serve`` removes
    its temporary site on SIGINT, but not on SIGTERM).
    """
    groups, forked = list(groups), list(forked)
    if ask is not None:
        for process in groups:
            process.send_signal(ask)  # to the program alone, and only if it still runs
        if _wait(groups, forked, grace):
            return
    for process in groups:
        _signal_group(process, signal.SIGTERM)
    for worker in forked:
        if worker.is_alive():
            worker.terminate()
    if _wait(groups, forked, grace):
        return
    for process in groups:
        _signal_group(process, signal.SIGKILL)
    for worker in forked:
        if worker.is_alive():
            worker.kill()
    _wait(groups, forked, grace)  # SIGKILL cannot be refused; bounded all the same


def jobs() -> int:
    """Worker processes to use: the cores this process may run on, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def _run_chunk(index: int) -> list[Any]:
    assert _job is not None
    function, chunks = _job
    return [function(item) for item in chunks[index]]


def fork_map(function: Callable[[T], R], items: Sequence[T], *,
             min_items: int = 400) -> list[R]:
    """``[function(x) for x in items]``, in order, on all cores when there is enough work.

    ``function`` need not be picklable (workers inherit it); its results must be. If this
    is interrupted, the workers are stopped at once rather than left to finish every
    chunk (what leaving ``with ProcessPoolExecutor()`` would wait for).
    """
    global _job
    workers = jobs()
    if (workers == 1 or len(items) < min_items
            or "fork" not in multiprocessing.get_all_start_methods()):
        return [function(item) for item in items]
    size = max(1, -(-len(items) // (workers * 4)))
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    _job = (function, chunks)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=quiet_worker,
                               mp_context=multiprocessing.get_context("fork"))
    try:
        with uninterrupted():  # map() submits every chunk, which forks the workers
            results = pool.map(_run_chunk, range(len(chunks)))
        done = [result for chunk in results for result in chunk]
    except BaseException:
        # The executor has no public way to stop its workers; its table of them is typed.
        started = list(pool._processes.values()) if pool._processes else []
        pool.shutdown(wait=False, cancel_futures=True)
        with uninterrupted():
            stop(forked=started)
        raise
    finally:
        _job = None
    pool.shutdown()
    return done
