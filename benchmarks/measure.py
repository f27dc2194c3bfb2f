"""Run a command; print its exit code, wall seconds, the peak RSS of its largest process
(KB), the peak memory of its whole process tree at any moment (KB) and the CPU seconds
(user and system) of every process of the tree.

CPU seconds say how much work a build did: on a shared machine its wall time moves by
several per cent between identical runs (other guests' load), its CPU time much less.

The tree's memory is the summed proportional set size (Pss in /proc/<pid>/smaps_rollup),
sampled every 0.25 s: forked workers share pages with their parent, so a plain sum of RSS
would count those pages once per process. Linux only, like the benchmark machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(parent, []).append(int(entry))
    return tree


def tree_pss_kb(root: int) -> int:
    children, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as rollup:
                total += sum(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except OSError:
            continue
    return total


def main() -> None:
    start = time.perf_counter()
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_tree = 0
    while process.poll() is None:
        peak_tree = max(peak_tree, tree_pss_kb(process.pid))
        time.sleep(0.25)
    process.communicate()
    took = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    print(f"{process.returncode} {took:.3f} {usage.ru_maxrss} {peak_tree} {cpu:.3f}")


if __name__ == "__main__":
    main()
