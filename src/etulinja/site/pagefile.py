"""One assembled page: a small Markdown file for MkDocs plus its data for the templates.

MkDocs reads front matter with PyYAML, whose constructor is pure Python: a listing page
with hundreds of services in its front matter took 17 ms just to parse. So the front
matter keeps only what MkDocs itself uses (title, description, template) and the data a
template lays out (``page.meta.etulinja``) goes to a JSON file beside the tree, which the
hook reads with the C JSON parser when the page is rendered.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any

PAGE_DATA_SUFFIX = ".json"


@dataclass(frozen=True)
class PageSource:
    title: str
    description: str
    data: dict[str, Any]
    """What templates read as ``page.meta.etulinja``."""
    body: str = ""
    template: str | None = None
    hide: tuple[str, ...] = field(default_factory=tuple)

    def markdown(self) -> bytes:
        return self._markdown

    def data_json(self) -> bytes:
        return self._data_json

    # Kept on the page: `etulinja serve` reuses unchanged catalogue pages between rebuilds,
    # and their data (listings of thousands of services) is costly to serialise.
    @functools.cached_property
    def _markdown(self) -> bytes:
        meta: dict[str, Any] = {"title": self.title, "description": self.description}
        if self.template:
            meta["template"] = self.template
        if self.hide:
            meta["hide"] = list(self.hide)
        front = json.dumps(meta, ensure_ascii=False, sort_keys=True)
        return f"---\n{front}\n---\n\n{self.body}".encode()

    @functools.cached_property
    def _data_json(self) -> bytes:
        return json.dumps(self.data, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":")).encode()
