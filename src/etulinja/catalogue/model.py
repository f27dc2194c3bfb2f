"""The catalogue as typed values, built once when it is loaded (``catalogue/load.py``):
organisations, services with their channels, opening hours and areas, and county help
numbers.

Everything here is what an editor wrote, checked and put into shape: a phone's ``tel:``
target is worked out once, when the number is checked; a service's area is resolved into
municipality codes once. Views, open data and the site's pages read these and never the
YAML. The values are frozen, and they pickle, so they can travel between the processes
a build forks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from etulinja.catalogue.hours import overnight
from etulinja.reference import geography
from etulinja.reference.i18n import Text
from etulinja.reference.phones import Phone

SHOWN_STATUSES = ("active", "temporarily-closed")
NO_TEXT = Text()
"""Text in no language: what an optional text field holds when the editor left it out."""


@dataclass(frozen=True)
class Organisation:
    """A provider of services: ``catalogue/organisations/<id>.yml``."""

    id: str
    """The file's name: what services name as their ``organisation``."""
    source: Path
    name: Text
    """Name in Finnish and Swedish, and optionally English."""
    type: str
    """'public', 'ngo' or 'private'."""
    website: str = ""
    """https:// address, or "" when not given."""
    description: Text = NO_TEXT
    business_id: str = ""
    """Finnish Business ID (Y-tunnus) with a verified check digit, or ""."""


@dataclass(frozen=True)
class RegionHelpline:
    """A county's own urgent-help number, shown on that county's pages."""

    label: Text
    phone: Phone
    hours: Text = NO_TEXT
    """When it answers, in words ("24/7", "weekdays 8-16")."""
    source: str = ""
    """The operator's page that gives the number and its hours: where to verify them."""
    verified: dt.date | None = None
    """When someone last checked the number and its hours against ``source``."""


@dataclass(frozen=True)
class Interval:
    """Open from ``opens`` to ``closes``; one that closes earlier than it opens runs over
    midnight into the next morning (20:00-06:00)."""

    opens: str
    """'HH:MM' ('24:00' is midnight at the end of the day)."""
    closes: str

    @property
    def overnight(self) -> bool:
        return overnight(self.opens, self.closes)


@dataclass(frozen=True)
class WeeklyHours:
    """Open on these days of every week, from ``opens`` to ``closes``."""

    days: tuple[str, ...]
    """Day codes as written: 'mo', 'tu' … 'su'."""
    opens: str
    """'HH:MM' ('24:00' is midnight at the end of the day)."""
    closes: str
    """Earlier than ``opens``: the next morning."""

    @property
    def overnight(self) -> bool:
        return overnight(self.opens, self.closes)


@dataclass(frozen=True)
class HoursException:
    """One date with other hours than the weekly ones, or closed all day."""

    date: dt.date
    closed: bool = False
    intervals: tuple[Interval, ...] = ()
    """The times open that day (one or more); none when closed."""
    note: Text = NO_TEXT


@dataclass(frozen=True)
class Session:
    """A dated meeting of a group or course."""

    date: dt.date
    interval: Interval
    title: Text = NO_TEXT
    note: Text = NO_TEXT


@dataclass(frozen=True)
class Closure:
    """Why a temporarily closed service is closed, and until when."""

    reason: Text = NO_TEXT
    reopens: dt.date | None = None


@dataclass(frozen=True)
class Consultation:
    """How a professional consults the service's staff about a client."""

    text: Text = NO_TEXT
    phone: Phone | None = None


@dataclass(frozen=True)
class ForProfessionals:
    """What staff need to refer a client ("lähettäminen"), shown in its own part."""

    who_may_refer: Text = NO_TEXT
    where_to_send: Text = NO_TEXT
    what_to_include: Text = NO_TEXT
    consultation: Consultation | None = None
    criteria: Text = NO_TEXT
    """Clinical criteria: who the service is for."""
    exclusions: Text = NO_TEXT
    """Who it is not for, and where they go instead."""
    waiting_time: Text = NO_TEXT


@dataclass(frozen=True)
class Hours:
    """Opening hours of a phone line, a place or a chat."""

    weekly: tuple[WeeklyHours, ...] = ()
    always_open: bool = False
    """Open 24 hours a day, every day."""
    closed_on_public_holidays: bool = False
    """Closed on Finland's public holidays (resolved into dates when shown)."""
    exceptions: tuple[HoursException, ...] = ()
    """Dated exceptions, in the order written."""
    note: Text = NO_TEXT


@dataclass(frozen=True)
class ServicePhone:
    """A number to call for the service."""

    phone: Phone
    """As shown and as dialled: its ``tel:`` target was made when it was checked."""
    label: Text = NO_TEXT
    """What the number is for ("Ajanvaraus")."""
    charge: Text = NO_TEXT
    """What a call costs, when it is not an ordinary call."""
    hours: Hours | None = None

    @property
    def number(self) -> str:
        return self.phone.number

    @property
    def tel(self) -> str:
        return self.phone.tel


@dataclass(frozen=True)
class Coordinates:
    """WGS84, as written (a whole number stays one)."""

    lat: float
    lon: float


@dataclass(frozen=True)
class Location:
    """A place to visit."""

    name: Text
    street: str
    postal_code: str
    """Five digits."""
    municipality_code: str
    """Statistics Finland code of the municipality the place is in."""
    coordinates: Coordinates | None = None
    accessibility: Text = NO_TEXT
    """How to get in with a wheelchair, a pram, a guide dog…"""
    hours: Hours | None = None


@dataclass(frozen=True)
class Area:
    """Where a service is available: the whole country, or counties and municipalities,
    less exclusions."""

    national: bool
    county_codes: tuple[str, ...]
    """Counties as written."""
    municipality_codes: tuple[str, ...]
    """Single municipalities as written."""
    excluded_codes: tuple[str, ...]
    """Municipalities left out, as written."""
    municipalities: frozenset[str]
    """Codes of every municipality covered, the exclusions applied."""
    note: Text = NO_TEXT


@dataclass(frozen=True)
class AgeRange:
    """Ages served, inclusive; None where there is no limit."""

    min: int | None = None
    max: int | None = None
    of: str = "client"
    """Whose ages: 'client', or 'child' for a service to parents (a parent's own age
    does not decide whether it fits)."""


@dataclass(frozen=True)
class Charge:
    free: bool
    details: Text = NO_TEXT
    """What it costs, or when it is free."""


@dataclass(frozen=True)
class Chat:
    url: str
    hours: Hours | None = None


@dataclass(frozen=True)
class EService:
    """An online service a client uses themselves ("asiointipalvelu")."""

    url: str
    login_required: bool
    """Strong identification needed (bank codes, mobile certificate)."""


@dataclass(frozen=True)
class Service:
    """One service, as its file says, checked and typed, with who provides it."""

    id: str
    """The file's name: the service's address, unique across the catalogue."""
    source: Path
    organisation: Organisation
    name: Text
    summary: Text
    """One sentence per language, at most 150 characters."""
    description: Text
    """Markdown per language, or no text."""
    status: str
    """'active', 'temporarily-closed' (both shown), 'inactive' or 'defunct'."""
    kind: str
    """'care' (stepped care), 'crisis' (urgent help) or 'helpline' (low-threshold help:
    helplines, chats, peer support): crisis and helpline services have no care level."""
    care_level: int | None
    """Level of stepped care, 0 (self-care) to 4; None for crisis and helpline services."""
    target_groups: tuple[str, ...]
    """PTV target group codes (KR1, KR1.1 …)."""
    age: AgeRange
    topics: tuple[str, ...]
    methods: tuple[str, ...]
    access: tuple[str, ...]
    """How a client gets there: 'self-referral', 'referral', 'care-need-assessment'."""
    charge: Charge
    languages: tuple[str, ...]
    """Languages the service is given in (ISO 639-1)."""
    area: Area
    last_reviewed: dt.date
    reviewed_by: str
    phones: tuple[ServicePhone, ...] = ()
    locations: tuple[Location, ...] = ()
    web: str = ""
    email: str = ""
    chat: Chat | None = None
    e_service: EService | None = None
    valid_from: dt.date | None = None
    """First day of a pilot, or None."""
    valid_to: dt.date | None = None
    """Last day of a pilot, or None."""
    ptv_id: str = ""
    """The same service's id in the Suomi.fi Service Catalogue (PTV), or ""."""
    closure: Closure | None = None
    """Why and until when, for a temporarily closed service."""
    sessions: tuple[Session, ...] = ()
    """Dated meetings of a group or course, in the order written."""
    professionals: ForProfessionals | None = None
    digest: bytes = b""
    """Digest of the service file's bytes (empty when not read from a file): with the
    catalogue's ``context`` it names everything the service's pages are made from."""

    @property
    def national(self) -> bool:
        return self.area.national

    @property
    def municipalities(self) -> frozenset[str]:
        """Codes of every municipality where the service is available (area rules applied)."""
        return self.area.municipalities

    @property
    def counties(self) -> list[str]:
        """Counties where the service is available in at least one municipality."""
        every = geography.municipalities()
        return sorted({every[m].county_code for m in self.area.municipalities})

    @property
    def group(self) -> str:
        """Where listings put it: 'crisis', 'helpline', or 'level-<n>' for care."""
        return self.kind if self.care_level is None else f"level-{self.care_level}"

    @property
    def temporarily_closed(self) -> bool:
        return self.status == "temporarily-closed"

    def is_listed(self, today: dt.date) -> bool:
        """Shown to readers: active or temporarily closed, and within its validity dates
        (a pilot appears on its first day, not before)."""
        if self.status not in SHOWN_STATUSES:
            return False
        if self.valid_from is not None and self.valid_from > today:
            return False
        return not (self.valid_to is not None and self.valid_to < today)


GROUPS = ("crisis", "helpline", "level-0", "level-1", "level-2", "level-3", "level-4")
"""How listings order services: urgent help first, then helplines, then care by level."""


@dataclass
class Catalogue:
    organisations: dict[str, Organisation] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    helplines: dict[str, list[RegionHelpline]] = field(default_factory=dict)
    """County code -> that county's own urgent-help numbers."""
    context: bytes = b""
    """Digest of every organisation and region file: what a service page shows besides
    the service's own file (its provider, its county's help numbers)."""

    def listed(self, today: dt.date) -> list[Service]:
        """Services readers see, in a stable order (by id)."""
        return [s for _, s in sorted(self.services.items()) if s.is_listed(today)]
