"""Per-item work spread over the machine's cores in forked worker processes.

A national catalogue is 10,000 service files to validate and 30,000 service pages to lay
out; one core did each in 20-30 s. Workers are forked, so they start with everything the
parent has loaded (the function, organisations, code lists) and only results travel back.
Where fork is not available, or the work is small, it runs in this process instead.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_job: tuple[Callable[[Any], Any], list[Sequence[Any]]] | None = None


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

    ``function`` need not be picklable (workers inherit it); its results must be.
    """
    global _job
    workers = jobs()
    if (workers == 1 or len(items) < min_items
            or "fork" not in multiprocessing.get_all_start_methods()):
        return [function(item) for item in items]
    size = max(1, -(-len(items) // (workers * 4)))
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    _job = (function, chunks)
    try:
        with ProcessPoolExecutor(max_workers=workers,
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            return [result for chunk in pool.map(_run_chunk, range(len(chunks)))
                    for result in chunk]
    finally:
        _job = None
