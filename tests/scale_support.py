"""Shared by the scaling tests: own fixture articles and a backend-neutral snapshot.

The articles are short invented reports written for these tests. A snapshot is
everything a store holds about documents, reports and merged advisories, with the
wall-clock columns (when a row was written) left out, so that two stores filled
from the same inputs compare equal whatever the backend or the run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from travelwatch.errors import StorageError
from travelwatch.storage.db import create_engine, resolve_url
from travelwatch.storage.postgres import DEFAULT_ADMIN_URL, scratch_database
from travelwatch.storage.schema import (
    advisories,
    advisory_destinations,
    documents,
    reports,
)

# Written when a row is stored, so they differ between any two runs.
VOLATILE = frozenset({"created_at", "seen_at", "first_seen", "last_seen"})

ADVICE = {
    "ca_haiti.txt": (
        "Canada tells citizens to avoid all travel to Haiti\n\n"
        "OTTAWA, March 4, 2025 - The government of Canada has raised its travel "
        "advisory for Haiti, telling Canadians to avoid all travel to the country "
        "because of gang violence and kidnappings. Global Affairs Canada said "
        "Canadians already in Haiti should consider leaving while commercial "
        "flights are still operating."
    ),
    "jp_peru.txt": (
        "Japan urges nationals to reconsider trips to Peru after protests\n\n"
        "TOKYO, 12 June 2025 - Japan's Foreign Ministry on Thursday raised its "
        "travel warning for Peru to level 2, asking Japanese nationals to avoid "
        "non-essential travel there amid violent protests and road blockades."
    ),
    "de_sudan.txt": (
        "Germany warns against travel to Sudan\n\n"
        "BERLIN, 2 May 2025 - Germany's Federal Foreign Office issued a travel "
        "warning for Sudan, urging Germans to leave the country immediately as "
        "fighting spread to the capital, Khartoum."
    ),
    "au_myanmar.txt": (
        "Australia lifts its Myanmar advice to do not travel\n\n"
        "CANBERRA, 20 August 2025 - Australians should not travel to Myanmar, "
        "the Department of Foreign Affairs and Trade said on Wednesday, citing "
        "armed conflict and the risk of arbitrary detention."
    ),
}

# A wire copy of the Haiti story with light edits: a near-duplicate.
WIRE_COPY = {
    "ca_haiti_wire.txt": (
        "Canada tells citizens to avoid all travel to Haiti\n\n"
        "OTTAWA, March 4, 2025 - The government of Canada has raised its travel "
        "advisory for Haiti, telling Canadians to avoid all travel to the country "
        "because of gang violence and kidnappings. Global Affairs Canada said "
        "Canadians already in Haiti should consider leaving while commercial "
        "flights are still operating, a spokesperson added."
    )
}

OTHER = {
    "bakery.txt": (
        "Local bakery wins regional bread prize\n\n"
        "The family-run bakery on Elm Street took first place in the county "
        "competition on Saturday. The owners said their sourdough recipe had been "
        "handed down for three generations and thanked customers for their support."
    ),
    "rowing.txt": (
        "Rowing club opens new boathouse\n\n"
        "Members of the river rowing club celebrated the opening of a timber "
        "boathouse on Sunday morning. The club expects to double its junior squad "
        "next season and is looking for volunteer coaches."
    ),
    "budget.txt": (
        "Council approves library budget\n\n"
        "The town council voted to extend library opening hours on weekday "
        "evenings. Officials said the cost would be covered by savings on street "
        "lighting after the switch to LED lamps."
    ),
}

# Terms and the fixture files full-text search must find for them on any backend.
SEARCHES = {
    "kidnappings": {"ca_haiti.txt", "ca_haiti_wire.txt"},
    "boathouse": {"rowing.txt"},
    "sourdough": {"bakery.txt"},
    "Khartoum": {"de_sudan.txt"},
}


def write_articles(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def all_fixture_texts() -> dict[str, str]:
    return {**ADVICE, **WIRE_COPY, **OTHER}


def irrelevant_text(n: int) -> str:
    """The ``n``-th of an endless supply of distinct articles without advice."""
    subjects = ("orchard", "ferry", "museum", "stadium", "market", "choir", "mill")
    verbs = ("reopened", "expanded", "celebrated", "renovated", "welcomed")
    subject, verb = subjects[n % len(subjects)], verbs[n % len(verbs)]
    return (
        f"Item {n}: the {subject} {verb} visitors\n\n"
        f"Story number {n} reports that the {subject} {verb} its visitors on day "
        f"{n % 28 + 1}. Staff counted {n * 7 % 1000} guests and {n * 13 % 97} "
        f"volunteers. Organisers of event {n} thanked everyone for coming."
    )


def write_jsonl(path: Path, texts: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for n, text in enumerate(texts):
            fh.write(json.dumps({"text": text, "title": f"t{n}"}) + "\n")
    return path


def plain(value: Any, drop: frozenset[str] = VOLATILE) -> Any:
    """JSON-like, without the ``drop`` keys and with datetimes spelled in UTC."""
    if isinstance(value, dict):
        return {k: plain(v, drop) for k, v in value.items() if k not in drop}
    if isinstance(value, list | tuple):
        return [plain(v, drop) for v in value]
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def snapshot(db: str, *, with_ids: bool = True) -> dict[str, list[Any]]:
    """Documents, reports, advisories and their destinations of the store at ``db``.

    ``with_ids=False`` also leaves out document ids, which depend on the order
    documents were stored in, for runs that raced each other.
    """
    engine = create_engine(resolve_url(db))
    order = {
        "documents": documents.c.content_hash,
        "reports": reports.c.key,
        "advisories": advisories.c.id,
        "advisory_destinations": advisory_destinations.c.advisory_id,
    }
    tables = {
        "documents": documents,
        "reports": reports,
        "advisories": advisories,
        "advisory_destinations": advisory_destinations,
    }
    drop = VOLATILE if with_ids else VOLATILE | {"document_id", "duplicate_of"}
    out: dict[str, list[Any]] = {}
    try:
        with engine.connect() as conn:
            for name, table in tables.items():
                cols = [
                    c
                    for c in table.c
                    if with_ids
                    or not (name in {"documents", "reports"} and c.name == "id")
                ]
                query = sa.select(*cols).order_by(order[name], *table.primary_key)
                rows = conn.execute(query)
                out[name] = [plain(dict(r._mapping), drop) for r in rows]
    finally:
        engine.dispose()
    return out


def counts(db: str) -> dict[str, int]:
    engine = create_engine(resolve_url(db))
    try:
        with engine.connect() as conn:
            return {
                t.name: int(
                    conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                )
                for t in (documents, reports, advisories)
            }
    finally:
        engine.dispose()


PG_ADMIN_URL = os.environ.get("TRAVELWATCH_TEST_PG", DEFAULT_ADMIN_URL)


@contextmanager
def scratch_postgres() -> Iterator[str]:
    """Like the ``pg_url`` fixture, for fixtures of a wider scope than one test."""
    with ExitStack() as stack:
        try:
            url = stack.enter_context(scratch_database(PG_ADMIN_URL, prefix="tw_scale"))
        except StorageError as e:  # only the set-up is skipped, never a failure
            pytest.skip(e.reason)
        yield url
