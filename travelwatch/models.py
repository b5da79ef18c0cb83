"""The records every layer shares.

Connectors, the news pipeline, the store and the surfaces all speak in these types.
They are plain dataclasses: cheap to build, easy to serialise with :func:`to_dict`,
and free of any storage or network concern.

Offsets are always character offsets into the *original* text of a document (what a
user can see), never into the cleaned text; :class:`TextMap` converts between them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from travelwatch.safe_text import safe_optional, safe_text, safe_value

LEVELS = (1, 2, 3, 4)

ACTIONS = (
    "normal_precautions",
    "increased_caution",
    "reconsider_travel",
    "avoid_nonessential_travel",
    "avoid_all_travel",
    "leave_immediately",
)

#: The level each action stands for on the common 1-4 scale (SCHEMA.md).
ACTION_LEVEL = {
    "normal_precautions": 1,
    "increased_caution": 2,
    "reconsider_travel": 3,
    "avoid_nonessential_travel": 3,
    "avoid_all_travel": 4,
    "leave_immediately": 4,
}

CHANGES = ("issued", "raised", "lowered", "lifted", "reiterated")

REASONS = (
    "armed_conflict",
    "terrorism",
    "crime",
    "civil_unrest",
    "kidnapping",
    "wrongful_detention",
    "arbitrary_law_enforcement",
    "political_tension",
    "limited_consular_support",
    "financial_restrictions",
    "transport_disruption",
    "health",
    "natural_disaster",
    "landmines_uxo",
    "discrimination",
    "other",
)


class Origin(StrEnum):
    """Where a report comes from."""

    NEWS = "news"
    OFFICIAL = "official"


class DiscardReason(StrEnum):
    """Why an item was not turned into a document (stored, shown to users)."""

    EMPTY = "empty"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    TOO_LARGE = "too_large"
    MALFORMED = "malformed"
    UNREACHABLE = "unreachable"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of ``length`` characters kept verbatim from the original text."""

    clean_start: int
    orig_start: int
    length: int


@dataclass(slots=True)
class TextMap:
    """Maps offsets in a cleaned text back to the original text.

    Cleaning only ever *removes* or *replaces* runs of the original; every kept run is
    a :class:`Segment`. A clean offset that falls inside a replaced run maps to the
    start of the next kept run.
    """

    segments: list[Segment] = field(default_factory=list)

    @classmethod
    def identity(cls, length: int) -> TextMap:
        return cls([Segment(0, 0, length)] if length else [])

    def to_original(self, clean_offset: int) -> int:
        if not self.segments:
            return clean_offset
        starts = [s.clean_start for s in self.segments]
        i = max(0, bisect.bisect_right(starts, clean_offset) - 1)
        seg = self.segments[i]
        delta = clean_offset - seg.clean_start
        if delta <= seg.length:
            return seg.orig_start + delta
        if i + 1 < len(self.segments):
            return self.segments[i + 1].orig_start
        return seg.orig_start + seg.length

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1

    def to_list(self) -> list[list[int]]:
        return [[s.clean_start, s.orig_start, s.length] for s in self.segments]

    @classmethod
    def from_list(cls, rows: list[list[int]]) -> TextMap:
        return cls([Segment(a, b, c) for a, b, c in rows])


@dataclass(slots=True)
class Article:
    """One article as it arrives, before cleaning: what a reader hands to ``ingest``."""

    text: str
    source: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    html: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Text enters travelwatch here: no lone surrogate or NUL goes further.
        self.text = safe_text(self.text)
        self.source = safe_text(self.source)
        self.html = safe_optional(self.html)
        self.title = safe_optional(self.title)
        self.url = safe_optional(self.url)
        self.outlet = safe_optional(self.outlet)
        self.metadata = safe_value(self.metadata)


@dataclass(slots=True)
class Document:
    """A cleaned article, ready for extraction and storage."""

    source: str
    original_text: str
    text: str
    text_map: TextMap
    content_hash: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    language: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        source: str = "<text>",
        language: str | None = "en",
        published: dt.date | None = None,
    ) -> Document:
        """A document of already clean text (original and cleaned are the same)."""
        return cls(
            source=source,
            original_text=text,
            text=text,
            text_map=TextMap.identity(len(text)),
            content_hash=hashlib.sha256(
                text.encode("utf-8", "surrogatepass")
            ).hexdigest(),
            language=language,
            published=published,
        )


@dataclass(slots=True)
class Evidence:
    """Where one field of an advisory comes from: a span and its sentence.

    ``start``/``end`` are offsets into the original text; ``quote`` is
    ``original_text[start:end]``; ``sentence`` is the whole sentence around it.
    """

    field: str
    start: int
    end: int
    quote: str
    sentence: str


@dataclass(slots=True)
class Region:
    """A named part of a country with advice of its own."""

    name: str
    country: str
    level: int | None = None
    action: str | None = None
    native_wording: str | None = None
    #: The places the source lists under this heading (counties, states...).
    places: list[str] = field(default_factory=list)
    #: Places the source names as exceptions ("..., except: the city of X").
    excepted: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Claim:
    """A claim the article itself marks as unsupported ("without evidence")."""

    text: str
    start: int
    end: int
    marker: str


@dataclass(slots=True)
class Advisory:
    """One piece of advice from one government to its citizens about some places.

    The same record comes out of news extraction (``origin="news"``) and official
    feeds (``origin="official"``). Field meanings follow ``gold/SCHEMA.md``.
    """

    issuer: str
    audience: str
    destinations: list[str]
    level: int | None
    action: str | None
    issuing_body: str | None = None
    speaker: str | None = None
    destinations_except: list[str] = field(default_factory=list)
    level_alternatives: list[int] = field(default_factory=list)
    change: str | None = None
    reasons: list[str] = field(default_factory=list)
    issued: dt.date | None = None
    period: str | None = None
    native_wording: str | None = None
    native_level: str | None = None
    regions: list[Region] = field(default_factory=list)
    unsupported_claims: list[Claim] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    origin: Origin = Origin.NEWS
    summary: str | None = None
    url: str | None = None
    source_updated: dt.datetime | None = None
    #: The one area this advice covers when a feed gives that area an entry of its
    #: own (the US feed's "West Bank" and "Gaza"); None: each destination whole.
    scope: str | None = None
    #: True: ``regions`` is all the regional advice there is (maybe none); False:
    #: the source has regional advice whose places could not be read ("regions
    #: not known"); None: the source does not say (news).
    regions_known: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return advisory_to_dict(self)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def advisory_to_dict(adv: Advisory) -> dict[str, Any]:
    """The JSON shape of an advisory: SCHEMA fields, then ours; evidence by field."""
    data = {k: _jsonable(v) for k, v in asdict(adv).items() if k != "evidence"}
    evidence: dict[str, list[dict[str, Any]]] = {}
    for ev in adv.evidence:
        evidence.setdefault(ev.field, []).append(
            {
                "start": ev.start,
                "end": ev.end,
                "quote": ev.quote,
                "sentence": ev.sentence,
            }
        )
    data["evidence"] = evidence
    return data


def advisory_from_dict(data: dict[str, Any]) -> Advisory:
    """Inverse of :func:`advisory_to_dict` (tolerates missing optional fields)."""
    ev: list[Evidence] = []
    for name, items in (data.get("evidence") or {}).items():
        for item in items:
            ev.append(
                Evidence(
                    name, item["start"], item["end"], item["quote"], item["sentence"]
                )
            )
    issued = data.get("issued")
    updated = data.get("source_updated")
    return Advisory(
        issuer=data["issuer"],
        audience=data.get("audience") or data["issuer"],
        destinations=list(data.get("destinations") or []),
        level=data.get("level"),
        action=data.get("action"),
        issuing_body=data.get("issuing_body"),
        speaker=data.get("speaker"),
        destinations_except=list(data.get("destinations_except") or []),
        level_alternatives=list(data.get("level_alternatives") or []),
        change=data.get("change"),
        reasons=list(data.get("reasons") or []),
        issued=dt.date.fromisoformat(issued[:10]) if issued else None,
        period=data.get("period"),
        native_wording=data.get("native_wording"),
        native_level=data.get("native_level"),
        regions=[Region(**r) for r in data.get("regions") or []],
        unsupported_claims=[Claim(**c) for c in data.get("unsupported_claims") or []],
        evidence=ev,
        origin=Origin(data.get("origin") or "news"),
        summary=data.get("summary"),
        url=data.get("url"),
        source_updated=dt.datetime.fromisoformat(updated) if updated else None,
        scope=data.get("scope"),
        regions_known=data.get("regions_known"),
    )


@dataclass(slots=True)
class OfficialItem:
    """One destination's entry in an official feed, as a connector parses it."""

    source: str
    advisory: Advisory
    key: str
    title: str | None = None
    raw_hash: str | None = None


@dataclass(slots=True)
class FeedResult:
    """Everything one connector run produced."""

    source: str
    items: list[OfficialItem]
    fetched_at: dt.datetime
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    #: One coded line per entry that could not be parsed and was left out.
    skipped: list[str] = field(default_factory=list)
    #: The feed's own date (a channel date, else its newest entry's): a recorded
    #: file is dated by this, not by when it was loaded.
    published: dt.datetime | None = None
