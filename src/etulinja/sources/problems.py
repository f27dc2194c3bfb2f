"""Problems found in content, reported to editors as ``path:line: message``.

Validation collects every problem before failing, so an editor fixes a whole file in
one round instead of meeting errors one build at a time.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


class Severity(enum.Enum):
    """How bad a problem is: errors stop the build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of one source file."""

    path: str
    """File path as the editor knows it (relative to the project root when possible)."""
    line: int
    """1-based line number; 0 when the problem concerns the whole file."""
    message: str
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def __str__(self) -> str:
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        location = f"{self.path}:{self.line}" if self.line else self.path
        return f"{location}: {prefix}{self.message}"


class Problems:
    """An ordered collection of problems from one validation run."""

    def __init__(self, root: Path | None = None) -> None:
        self._items: list[Problem] = []
        self._root = root

    @property
    def root(self) -> Path | None:
        """The folder paths are shown relative to."""
        return self._root

    def display_path(self, path: Path | str) -> str:
        """The path relative to the project root, as editors see it in their tree."""
        p = Path(path)
        if self._root is not None:
            # The path as the editor's tree shows it: a link is named, not where it leads.
            for shown, root in ((Path(os.path.abspath(p)), Path(os.path.abspath(self._root))),
                                (p.resolve(), self._root.resolve())):
                try:
                    return shown.relative_to(root).as_posix()
                except ValueError:
                    pass
        return p.as_posix()

    def error(self, path: Path | str, line: int, message: str) -> None:
        self._items.append(Problem(self.display_path(path), line, message, Severity.ERROR))

    def warning(self, path: Path | str, line: int, message: str) -> None:
        self._items.append(Problem(self.display_path(path), line, message, Severity.WARNING))

    def extend(self, other: Problems) -> None:
        self._items.extend(other._items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self._items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self._items if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())


class ContentError(Exception):
    """Raised when content has errors; carries every problem found, not just the first."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        lines = [str(p) for p in problems.sorted()]
        super().__init__("\n".join(lines))
