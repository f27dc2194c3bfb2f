"""The catalogue as validated data: organisations, services, county help numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from etulinja.reference import geography

SHOWN_STATUSES = ("active", "temporarily-closed")


@dataclass(frozen=True)
class Organisation:
    id: str
    source: Path
    data: dict[str, Any]

    @property
    def name(self) -> dict[str, str]:
        name: dict[str, str] = self.data["name"]
        return name


@dataclass(frozen=True)
class RegionHelpline:
    """A county's own urgent-help number, shown on that county's pages."""

    label: dict[str, str]
    number: str
    tel: str
    hours: dict[str, str]


@dataclass(frozen=True)
class Service:
    """One service, as written, plus what follows from it (who provides it, where)."""

    id: str
    source: Path
    data: dict[str, Any]
    organisation: Organisation
    municipalities: frozenset[str]
    """Codes of every municipality where the service is available (area rules applied)."""
    digest: bytes = b""
    """Digest of the service file's bytes (empty when not read from a file): with the
    catalogue's ``context`` it names everything the service's pages are made from."""

    @property
    def national(self) -> bool:
        return bool(self.data["area"].get("national"))

    @property
    def care_level(self) -> int:
        return int(self.data["care_level"])

    @property
    def name(self) -> dict[str, str]:
        name: dict[str, str] = self.data["name"]
        return name

    @property
    def counties(self) -> list[str]:
        """Counties where the service is available in at least one municipality."""
        found = {geography.municipalities()[m].county_code for m in self.municipalities}
        return sorted(found)

    def is_listed(self, today: dt.date) -> bool:
        """Shown to readers: active or temporarily closed, and within its validity dates."""
        if self.data["status"] not in SHOWN_STATUSES:
            return False
        valid_to = self.data.get("valid_to")
        return not (isinstance(valid_to, dt.date) and valid_to < today)


@dataclass
class Catalogue:
    organisations: dict[str, Organisation] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    helplines: dict[str, list[RegionHelpline]] = field(default_factory=dict)
    context: bytes = b""
    """Digest of every organisation and region file: what a service page shows besides
    the service's own file (its provider, its county's help numbers)."""
    """County code -> that county's own urgent-help numbers."""

    def listed(self, today: dt.date) -> list[Service]:
        """Services readers see, in a stable order (by id)."""
        return [s for _, s in sorted(self.services.items()) if s.is_listed(today)]


def resolve_area(area: dict[str, Any]) -> frozenset[str]:
    """Municipality codes a service's ``area`` covers (geography.resolve_area)."""
    return geography.resolve_area(
        national=bool(area.get("national")), county_codes=area.get("counties", []),
        municipality_codes=area.get("municipalities", []),
        excluded=area.get("exclude_municipalities", []))
