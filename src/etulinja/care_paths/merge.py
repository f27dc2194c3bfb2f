"""Merging a county's variation onto the national path, remembering who changed what.

Fields are merged as RFC 7386 JSON merge patches: a key in the patch replaces the value,
a mapping is merged key by key, ``null`` removes the key. The ordered steps are not
patched as a list (a list in a merge patch replaces the whole list, so a county could not
change one step without copying all of them); they are changed by explicit operations
naming a step by its stable id: ``replace`` (a merge patch onto that step), ``remove``,
``insert_before`` and ``insert_after`` (a new step).

Everything here works on plain data as read from YAML, before anything is typed: the
merged data is then validated like any path. Every change is recorded with the file and
line that made it (an ``Anchor``), so that an error in the merged path, and
``etulinja explain-path``, can name the line an editor has to look at.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from etulinja.sources.yamldoc import JsonPath, YamlDocument

OPERATIONS = ("replace", "remove", "insert_before", "insert_after")
"""The step operations a variation or municipality exception may use, by their key."""


@dataclass(frozen=True)
class Anchor:
    """A place in a source file: where a value of the merged path was written.

    ``prefix`` is where the value sits in its own file, so the line of a key below it
    is found from the file's line marks (``doc``) rather than guessed."""

    source: str
    """The file as editors see it (relative to the portal folder)."""
    doc: YamlDocument
    prefix: JsonPath

    def line(self, *rest: str | int) -> int:
        return self.doc.line_of([*self.prefix, *rest])

    def at(self, *rest: str | int) -> str:
        """``file:line`` of the value at ``rest`` below the anchor."""
        return f"{self.source}:{self.line(*rest)}"


@dataclass(frozen=True)
class Change:
    """One change a variation made to the national path, and where it was written."""

    source: str
    line: int
    action: str
    """'set' or 'removed' (a field), 'replace', 'remove', 'insert-before', 'insert-after'
    (a step)."""
    target: str
    """What was changed: a field ('summary.fi') or a step and its field
    ('step short-therapy: how_to_get.fi')."""
    step_id: str = ""
    """The step concerned, or "" for a field of the path itself."""
    municipality_codes: tuple[str, ...] = ()
    """The municipalities an exception made it for; empty when it is county-wide."""
    field: str = ""
    """The top-level field changed ('how_to_get', 'services'), so pages can name it in
    their own language; "" for a whole step added or removed."""

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    def describe(self) -> str:
        """The change in words, for staff and for ``explain-path``."""
        if self.action == "set":
            return f"{self.target} changed"
        if self.action == "removed":
            return f"{self.target} removed"
        if self.action == "remove":
            return f"step '{self.step_id}' removed"
        if self.action.startswith("insert"):
            return f"step '{self.step_id}' added {self.target}"
        if self.target.endswith(" removed"):
            return f"step '{self.step_id}': {self.target}"
        return f"step '{self.step_id}': {self.target} changed"


@dataclass
class Merging:
    """A path's data being merged, with the anchors that say where each part came from."""

    data: dict[str, Any]
    base: Anchor
    field_anchors: dict[JsonPath, Anchor] = field(default_factory=dict)
    """Merged field path (('summary', 'fi')) -> where the change that set it is written."""
    step_anchors: dict[str, Anchor] = field(default_factory=dict)
    """Step id -> where the step as a whole is written (the base file or an insert)."""
    step_field_anchors: dict[tuple[str, ...], Anchor] = field(default_factory=dict)
    """(step id, field, …) -> where a replace operation set it."""
    changes: list[Change] = field(default_factory=list)
    errors: list[tuple[str, int, str]] = field(default_factory=list)
    """(file, line, message) of operations that could not be applied."""

    @classmethod
    def start(cls, data: dict[str, Any], base: Anchor) -> Merging:
        merging = cls(copy.deepcopy(data), base)
        for index, step in enumerate(merging.steps):
            if isinstance(step, dict) and isinstance(step.get("id"), str):
                merging.step_anchors.setdefault(
                    step["id"], Anchor(base.source, base.doc, (*base.prefix, "steps", index)))
        return merging

    @property
    def steps(self) -> list[Any]:
        steps = self.data.setdefault("steps", [])
        return steps if isinstance(steps, list) else []

    def step_ids(self) -> list[str]:
        return [str(step.get("id")) for step in self.steps if isinstance(step, dict)]

    def locate(self, path: JsonPath) -> tuple[str, int]:
        """The file and line to report a problem of the merged data at ``path`` at: the
        change that wrote the value, else the file the value comes from."""
        if len(path) >= 2 and path[0] == "steps" and isinstance(path[1], int):
            steps = self.steps
            step = steps[path[1]] if path[1] < len(steps) else None
            step_id = str(step.get("id")) if isinstance(step, dict) else ""
            rest = path[2:]
            for size in range(len(rest), -1, -1):
                anchor = self.step_field_anchors.get((step_id, *map(str, rest[:size])))
                if anchor is not None:  # anchored at the operation's 'with'
                    return anchor.source, anchor.line(*rest)
            anchor = self.step_anchors.get(step_id)
            if anchor is not None:
                return anchor.source, anchor.line(*rest)
        for size in range(len(path), 0, -1):
            anchor = self.field_anchors.get(path[:size])
            if anchor is not None:  # anchored at the variation's 'patch'
                return anchor.source, anchor.line(*path)
        return self.base.source, self.base.line(*path)

    def patch_fields(self, patch: dict[str, Any], anchor: Anchor,
                     municipalities: tuple[str, ...] = ()) -> None:
        """Merge ``patch`` (RFC 7386) into the path's own fields."""
        _merge_patch(self.data, patch, (), anchor, municipalities, self._record_field)

    def _record_field(self, path: JsonPath, anchor: Anchor, removed: bool,
                      municipalities: tuple[str, ...]) -> None:
        for size in range(1, len(path) + 1):
            self.field_anchors[path[:size]] = anchor
        self.changes.append(Change(anchor.source, anchor.line(*path),
                                   "removed" if removed else "set",
                                   ".".join(map(str, path)),
                                   municipality_codes=municipalities, field=str(path[0])))

    def apply(self, operation: dict[str, Any], anchor: Anchor,
              municipalities: tuple[str, ...] = (), context: str = "") -> None:
        """One step operation; a step it names that the path lacks is an error at the
        operation's line. ``context`` says whose path it is, for that message."""
        kinds = [kind for kind in OPERATIONS if kind in operation]
        if len(kinds) != 1:
            self.errors.append((anchor.source, anchor.line(),
                                "a step operation names one of replace, remove, insert_before "
                                f"or insert_after (this one has {len(kinds)})"))
            return
        kind = kinds[0]
        target = operation[kind]
        ids = self.step_ids()
        if target not in ids:
            known = ", ".join(ids) or "none"
            self.errors.append((anchor.source, anchor.line(kind),
                                f"{kind}: no step '{target}' in the path{context}; its steps "
                                f"are: {known}"))
            return
        index = ids.index(target)
        if kind == "remove":
            del self.steps[index]
            self.changes.append(Change(anchor.source, anchor.line(kind), "remove", "", target,
                                       municipalities))
        elif kind == "replace":
            self._replace(index, target, operation, anchor, municipalities)
        else:
            self._insert(kind, index, target, operation, anchor, ids, municipalities)

    def _replace(self, index: int, target: str, operation: dict[str, Any], anchor: Anchor,
                 municipalities: tuple[str, ...]) -> None:
        patch = operation.get("with")
        if not isinstance(patch, dict) or not patch:
            self.errors.append((anchor.source, anchor.line("replace"),
                                f"replace: say what changes in step '{target}' under 'with:' "
                                "(the keys of the step to change)"))
            return
        if "id" in patch:
            self.errors.append((anchor.source, anchor.line("with", "id"),
                                "with.id: a step keeps its id; to give a step another id, "
                                "remove it and insert a new one"))
            return
        with_anchor = Anchor(anchor.source, anchor.doc, (*anchor.prefix, "with"))

        def record(path: JsonPath, where: Anchor, removed: bool,
                   codes: tuple[str, ...]) -> None:
            for size in range(1, len(path) + 1):  # the key and every key above it
                self.step_field_anchors[(target, *map(str, path[:size]))] = where
            self.changes.append(Change(where.source, where.line(*path), "replace",
                                       ".".join(map(str, path)) + (" removed" if removed else ""),
                                       target, codes, str(path[0])))

        _merge_patch(self.steps[index], patch, (), with_anchor, municipalities, record)

    def _insert(self, kind: str, index: int, target: str, operation: dict[str, Any],
                anchor: Anchor, ids: list[str], municipalities: tuple[str, ...]) -> None:
        step = operation.get("step")
        if not isinstance(step, dict):
            self.errors.append((anchor.source, anchor.line(kind),
                                f"{kind}: give the new step under 'step:' (id, care_level, "
                                "what, …)"))
            return
        new_id = step.get("id")
        if new_id in ids:
            self.errors.append((anchor.source, anchor.line("step", "id"),
                                f"step.id: the path already has a step '{new_id}'; give the "
                                "new step an id of its own, or use replace"))
            return
        at = index if kind == "insert_before" else index + 1
        self.steps.insert(at, copy.deepcopy(step))
        step_anchor = Anchor(anchor.source, anchor.doc, (*anchor.prefix, "step"))
        self.step_anchors[str(new_id)] = step_anchor
        where = "before" if kind == "insert_before" else "after"
        self.changes.append(Change(anchor.source, anchor.line(kind), kind.replace("_", "-"),
                                   f"{where} '{target}'", str(new_id), municipalities))


def _merge_patch(target: dict[str, Any], patch: dict[str, Any], path: JsonPath,
                 anchor: Anchor, municipalities: tuple[str, ...], record: Any) -> None:
    """RFC 7386 onto ``target`` in place, calling ``record`` for each value it sets or
    removes (a leaf, or a whole value that replaced another)."""
    for key, value in patch.items():
        here = (*path, key)
        if value is None:
            if key in target:
                del target[key]
                record(here, anchor, True, municipalities)
        elif isinstance(value, dict):
            current = target.get(key)
            if not isinstance(current, dict):
                current = target[key] = {}
            _merge_patch(current, value, here, anchor, municipalities, record)
        else:
            target[key] = copy.deepcopy(value)
            record(here, anchor, False, municipalities)
