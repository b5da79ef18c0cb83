"""The native-levels table (``data/official_levels.json``) as typed lookups."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class NativeLevel:
    """One row: an issuer's own level and what it means on the 1-4 scale."""

    issuer: str
    id: str
    native_wording: str
    level: int
    action: str
    english: str | None = None
    region_level: int | None = None
    region_action: str | None = None


@cache
def native_levels() -> tuple[NativeLevel, ...]:
    path = resources.files("travelwatch.data").joinpath("official_levels.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(NativeLevel(**row) for row in data["levels"])


@cache
def issuers() -> dict[str, dict[str, str]]:
    path = resources.files("travelwatch.data").joinpath("official_levels.json")
    result: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))[
        "issuers"
    ]
    return result


def issuing_body(issuer: str) -> str | None:
    return issuers().get(issuer, {}).get("issuing_body")


def level_by_id(issuer: str, native_id: str) -> NativeLevel | None:
    for row in native_levels():
        if row.issuer == issuer and row.id == native_id:
            return row
    return None


def native_label(issuer: str, native_level: str | None) -> str | None:
    """The issuer's own words for a stored ``native_level``.

    Feeds that store level ids (the FCDO's ``alert_status`` values, comma-joined)
    get each id's wording from the table, so the UK's partial warnings read as
    "FCDO advises against all travel to parts of the country", never as the
    common scale's "increased caution". Anything else is already words.
    """
    if not native_level:
        return None
    parts = [p.strip() for p in native_level.split(",")]
    rows = [level_by_id(issuer, p) for p in parts]
    if all(rows):
        return "; ".join(r.native_wording for r in rows if r)
    # Canada's stored form is "advisory-state N: <its words>".
    return re.sub(r"^advisory-state \d+:\s*", "", native_level)


def _words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def level_by_wording(issuer: str, wording: str) -> NativeLevel | None:
    """The row whose wording the text states (e.g. a Canadian "... - Avoid all travel").

    Matches the whole wording or the wording after a "Level N:" prefix, ignoring
    case and punctuation; the longest match wins so "Avoid non-essential travel"
    is never read as "Avoid all travel".
    """
    text = _words(wording)
    best: NativeLevel | None = None
    best_len = 0
    for row in native_levels():
        if row.issuer != issuer:
            continue
        for phrase in (row.native_wording, row.native_wording.split(":", 1)[-1]):
            words = _words(phrase)
            if (
                words
                and re.search(rf"\b{re.escape(words)}\b", text)
                and len(words) > best_len
            ):
                best, best_len = row, len(words)
    return best


def levels_markdown() -> str:
    """docs/levels.md: the mapping table as Markdown, generated so it cannot drift."""
    lines = [
        "# Official advisory levels and the 1-4 scale",
        "",
        "Generated from `travelwatch/data/official_levels.json` by",
        "`python -m travelwatch.connectors.levels`; do not edit by hand.",
        "",
        "travelwatch puts every government's advice on one scale: 1 exercise normal",
        "precautions, 2 increased caution, 3 reconsider / avoid non-essential travel,",
        "4 do not travel / leave. A native level maps by what it tells travellers to do,",
        "not by its number: Japan's Level 3 (avoid all travel) is 4. The native",
        "wording is always kept next to the common level.",
        "",
        "The UK's partial warnings (`..._to_parts`) give the country level 2; the named",
        "areas carry their own level (3 or 4) as regions.",
        "",
        "Feeds read live: US (State Department RSS), UK (GOV.UK content API), Canada",
        "(travel.gc.ca open data) and Australia (Smartraveller's destinations export,",
        "whose shape is known from public third-party clients only; see the README).",
        "Feeds and news read every issuer's native levels from this one table. The",
        "other issuers are in the table for news extraction and future connectors.",
        "",
        "| issuer | body | native level | native wording | level | action |",
        "|---|---|---|---|---|---|",
    ]
    for row in native_levels():
        wording = row.native_wording
        if row.english:
            wording += f" ({row.english})"
        body = issuing_body(row.issuer) or ""
        level = str(row.level)
        if row.region_level:
            level += f" (areas: {row.region_level})"
        lines.append(
            f"| {row.issuer} | {body} | `{row.id}` | {wording} | {level} | "
            f"`{row.action}` |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(levels_markdown())
