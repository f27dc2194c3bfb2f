"""How the MkDocs process tells ``etulinja build`` that a language is built.

``etulinja build`` indexes each language for search as soon as MkDocs has written it,
while MkDocs builds the next. It hands MkDocs the write end of a pipe (its descriptor in
``ETULINJA_BUILT_FD``), and the hook writes each finished language's code to it, a line
each: an explicit signal, not a line of MkDocs' log that a change of wording would break.
Outside ``etulinja build`` (``mkdocs serve``, a plain ``mkdocs build``) there is no pipe
and nothing is said.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

ENVIRONMENT = "ETULINJA_BUILT_FD"
BUILT_LOG = "etulinja: built language "
"""The progress line the hook logs too, for the reader of the terminal."""


def language_built(lang: str) -> None:
    """Say (in the MkDocs process) that every page of ``lang`` is written."""
    descriptor = os.environ.get(ENVIRONMENT)
    if descriptor:
        os.write(int(descriptor), f"{lang}\n".encode())


@dataclass
class BuiltLanguages:
    """The building side: a pipe whose write end goes to MkDocs, and a thread that hands
    each language read from it to ``on_built``."""

    on_built: Callable[[str], None]
    _read: int = -1
    write: int = -1
    """The descriptor MkDocs inherits (``pass_fds``)."""
    _thread: threading.Thread | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._read, self.write = os.pipe()

    def environment(self) -> dict[str, str]:
        return {ENVIRONMENT: str(self.write)}

    def listen(self) -> None:
        """Start reading, once MkDocs has its copy of the write end (ours is closed, so
        the reading ends when MkDocs and everything it forked have exited)."""
        os.close(self.write)
        self._thread = threading.Thread(target=self._work, name="built-languages", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        with os.fdopen(self._read, encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    self.on_built(line.strip())

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()
