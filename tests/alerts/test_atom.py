"""The Atom feed of changes: well-formed Atom 1.0, text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from travelwatch.alerts.atom import ATOM_NS, changes_atom

A = f"{{{ATOM_NS}}}"


def change(n: int, **kw: Any) -> dict[str, Any]:
    base = {
        "id": n,
        "source": "us",
        "issuer": "US",
        "destination": "TD",
        "kind": "raised",
        "before": {"level": 3},
        "after": {
            "level": 4,
            "title": "Chad - Level 4",
            "url": "https://example.org/td",
        },
        "seen_at": f"2026-09-0{n}T10:00:00+00:00",
        "version_id": n,
    }
    return {**base, **kw}


def parse(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def test_feed_root_is_atom() -> None:
    assert parse(changes_atom([change(1)])).tag == f"{A}feed"


def test_one_entry_per_change() -> None:
    root = parse(changes_atom([change(2), change(1)]))
    assert len(root.findall(f"{A}entry")) == 2


def test_feed_updated_is_the_newest_change() -> None:
    root = parse(changes_atom([change(2), change(1)]))
    assert root.findtext(f"{A}updated") == "2026-09-02T10:00:00+00:00"


def test_entry_has_required_atom_elements() -> None:
    entry = parse(changes_atom([change(1)])).find(f"{A}entry")
    assert entry is not None
    missing = [t for t in ("id", "title", "updated") if entry.find(f"{A}{t}") is None]
    assert missing == []


def test_markup_in_text_is_escaped() -> None:
    nasty = change(1, after={"level": 4, "title": "<script>alert(1)</script> & co"})
    data = changes_atom([nasty])
    summary = parse(data).find(f"{A}entry/{A}summary")
    assert summary is not None and "<script>alert(1)</script> & co" in (
        summary.text or ""
    )
    assert b"<script>" not in data


def test_empty_feed_is_well_formed() -> None:
    root = parse(changes_atom([]))
    assert root.findall(f"{A}entry") == []
