"""Syncing official feeds: recorded files, live HTTP, failures, suspects, health."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from travelwatch import feeds
from travelwatch.errors import ConfigError, StorageError
from travelwatch.settings import load_settings
from travelwatch.storage import sources
from travelwatch.storage.official import list_changes
from travelwatch.storage.schema import (
    advisory_destinations,
    changes,
    official_versions,
    reports,
)
from travelwatch.storage.store import Store

CHANGES = Path(__file__).resolve().parent / "fixtures" / "feeds" / "changes"
BASE = CHANGES / "base.xml"


@pytest.fixture
def quick_store(tmp_path: Path) -> Iterator[Store]:
    """A store whose HTTP retries do not wait."""
    s = Store(
        settings=load_settings(
            {"db": str(tmp_path / "feeds.db"), "http.backoff": 0, "http.retries": 2}
        )
    )
    yield s
    s.close()


def edit_level(xml: str, name: str, old: int, new: int, words: str) -> str:
    """Change one entry's level in a US-format feed (title and Threat-Level)."""
    start = xml.index(f"<title>{name} - ")
    end = xml.index("</item>", start)
    block = xml[start:end]
    old_words = block.split(f"Level {old}: ", 1)[1].split("<", 1)[0]
    changed = block.replace(f"Level {old}: {old_words}", f"Level {new}: {words}")
    return xml[:start] + changed + xml[end:]


def drop_entry(xml: str, name: str) -> str:
    start = xml.index(f"<title>{name} - ")
    start = xml.rindex("<item>", 0, start)
    end = xml.index("</item>", start) + len("</item>")
    return xml[:start] + xml[end:]


def counts(store: Store) -> dict[str, int]:
    with store.connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in (official_versions, changes, reports, advisory_destinations)
        }


def current_levels(store: Store, issuer: str) -> dict[str, int]:
    with store.connect() as conn:
        rows = conn.execute(
            sa.select(
                advisory_destinations.c.code, advisory_destinations.c.level
            ).where(
                advisory_destinations.c.issuer == issuer,
                advisory_destinations.c.current.is_(True),
            )
        )
        return {code: level for code, level in rows}


def test_sync_from_file_stores_every_entry(store: Store) -> None:
    [outcome] = feeds.sync(store, ["us"], from_path=BASE)
    assert (outcome.status, outcome.items, outcome.counts["new"]) == ("ok", 5, 5)


def test_sync_stores_levels_under_iso_codes(store: Store) -> None:
    feeds.sync(store, ["us"], from_path=BASE)
    assert current_levels(store, "US") == {"NO": 1, "PE": 2, "TD": 3, "LA": 2, "IS": 1}


def test_second_sync_of_changed_copy_lists_exactly_its_changes(
    store: Store, tmp_path: Path
) -> None:
    feeds.sync(store, ["us"], from_path=BASE)
    xml = BASE.read_text(encoding="utf-8")
    xml = edit_level(xml, "Chad", 3, 4, "Do Not Travel")
    xml = edit_level(xml, "Laos", 2, 1, "Exercise Normal Precautions")
    xml = drop_entry(xml, "Iceland")
    changed = tmp_path / "changed.xml"
    changed.write_text(xml, encoding="utf-8")
    [outcome] = feeds.sync(store, ["us"], from_path=changed)
    with store.connect() as conn:
        found = {
            (c["destination"], c["kind"])
            for c in list_changes(conn)
            if c["kind"] != "new"
        }
    assert found == {("TD", "raised"), ("LA", "lowered"), ("IS", "removed")}
    assert outcome.counts["unchanged"] == 2


def test_changed_copy_updates_current_levels_and_keeps_history(store: Store) -> None:
    feeds.sync(store, ["us"], from_path=BASE)
    feeds.sync(store, ["us"], from_path=CHANGES / "changed.xml")
    levels = current_levels(store, "US")
    assert (levels["TD"], levels["LA"], "IS" in levels) == (4, 1, False)
    with store.connect() as conn:
        history = conn.execute(
            sa.select(official_versions.c.level)
            .where(official_versions.c.destination == "TD")
            .order_by(official_versions.c.id)
        ).scalars()
        assert list(history) == [3, 4]


def test_folder_with_source_subfolders(store: Store, tmp_path: Path) -> None:
    (tmp_path / "official" / "us").mkdir(parents=True)
    (tmp_path / "official" / "us" / "feed.xml").write_bytes(BASE.read_bytes())
    [outcome] = feeds.sync(store, [], from_path=tmp_path / "official")
    assert (outcome.source, outcome.items) == ("us", 5)


def test_unknown_source_is_a_config_error(store: Store) -> None:
    with pytest.raises(ConfigError):
        feeds.sync(store, ["narnia"], from_path=BASE)


def test_file_without_a_named_source_is_refused(store: Store, tmp_path: Path) -> None:
    loose = tmp_path / "loose.xml"
    loose.write_bytes(BASE.read_bytes())
    with pytest.raises(ConfigError):
        feeds.sync(store, [], from_path=loose)


BAD_PAYLOADS: dict[str, tuple[str, str, Callable[[bytes], bytes]]] = {
    "truncated xml": ("us", "feed.xml", lambda base: base[: len(base) // 2]),
    "xml bomb": (
        "us",
        "feed.xml",
        lambda _: (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            b"<rss><channel><item><title>&lol2;</title></item></channel></rss>"
        ),
    ),
    "json missing fields": ("ca", "cta-cap-xx.json", lambda _: b'{"metadata": {}}'),
}


@pytest.mark.parametrize("case", sorted(BAD_PAYLOADS))
def test_broken_payload_fails_with_one_coded_line(
    store: Store, tmp_path: Path, case: str
) -> None:
    source, filename, make = BAD_PAYLOADS[case]
    bad = tmp_path / filename
    bad.write_bytes(make(BASE.read_bytes()))
    [outcome] = feeds.sync(store, [source], from_path=bad)
    assert outcome.status == "failed"
    assert outcome.error is not None
    assert outcome.error.startswith("TW2")
    assert "\n" not in outcome.error


@pytest.mark.parametrize("case", sorted(BAD_PAYLOADS))
def test_broken_payload_keeps_last_good_state(
    store: Store, tmp_path: Path, case: str
) -> None:
    feeds.sync(store, ["us"], from_path=BASE)
    before = counts(store)
    source, filename, make = BAD_PAYLOADS[case]
    bad = tmp_path / filename
    bad.write_bytes(make(BASE.read_bytes()))
    feeds.sync(store, [source], from_path=bad)
    assert counts(store) == before


def test_failure_is_recorded_in_source_health(store: Store, tmp_path: Path) -> None:
    feeds.sync(store, ["us"], from_path=BASE)
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<rss><channel>")
    feeds.sync(store, ["us"], from_path=bad)
    health = {h["name"]: h for h in feeds.health(store)}["us"]
    assert (health["status"], health["item_count"]) == ("failed", 5)
    assert health["last_error"].startswith("TW202")


def test_failure_midway_writes_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any, **__: Any) -> None:
        raise StorageError(detail="disk full")

    monkeypatch.setattr(feeds, "refresh_advisories", broken)
    [outcome] = feeds.sync(store, ["us"], from_path=BASE)
    assert outcome.status == "failed"
    assert counts(store)["official_versions"] == 0


def test_shrunken_feed_is_held_back_as_suspect(store: Store, tmp_path: Path) -> None:
    feeds.sync(store, ["us"], from_path=BASE)
    xml = BASE.read_text(encoding="utf-8")
    for name in ("Chad", "Laos", "Iceland", "Peru"):
        xml = drop_entry(xml, name)
    small = tmp_path / "small.xml"
    small.write_text(xml, encoding="utf-8")
    [outcome] = feeds.sync(store, ["us"], from_path=small)
    assert outcome.status == "suspect"
    assert outcome.error is not None and outcome.error.startswith("TW203")
    assert len(current_levels(store, "US")) == 5


def test_suspect_status_shows_in_health(store: Store, tmp_path: Path) -> None:
    feeds.sync(store, ["us"], from_path=BASE)
    xml = BASE.read_text(encoding="utf-8")
    for name in ("Chad", "Laos", "Iceland", "Peru"):
        xml = drop_entry(xml, name)
    small = tmp_path / "small.xml"
    small.write_text(xml, encoding="utf-8")
    feeds.sync(store, ["us"], from_path=small)
    assert {h["name"]: h["status"] for h in feeds.health(store)}["us"] == "suspect"


def test_force_applies_a_shrunken_feed(store: Store, tmp_path: Path) -> None:
    feeds.sync(store, ["us"], from_path=BASE)
    xml = BASE.read_text(encoding="utf-8")
    for name in ("Chad", "Laos", "Iceland", "Peru"):
        xml = drop_entry(xml, name)
    small = tmp_path / "small.xml"
    small.write_text(xml, encoding="utf-8")
    [outcome] = feeds.sync(store, ["us"], from_path=small, force=True)
    assert outcome.counts["removed"] == 4


def test_health_goes_stale_after_the_threshold(store: Store) -> None:
    feeds.sync(store, ["us"], from_path=BASE)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=49)
    with store.connect() as conn:
        rows = sources.source_health(conn, stale_after_hours=48, expected=[], now=later)
    assert [r["status"] for r in rows] == ["stale"]


def test_never_synced_source_is_listed_as_never(store: Store) -> None:
    assert {h["name"]: h["status"] for h in feeds.health(store)}["uk"] == "never"


def _feed_transport(
    payload: bytes, seen: list[httpx.Request], *, etag: str = '"v1"'
) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.headers.get("if-none-match") == etag:
            return httpx.Response(304, headers={"ETag": etag})
        return httpx.Response(200, content=payload, headers={"ETag": etag})

    return httpx.MockTransport(handler)


def test_live_sync_through_the_connector(quick_store: Store) -> None:
    seen: list[httpx.Request] = []
    client = httpx.Client(transport=_feed_transport(BASE.read_bytes(), seen))
    [outcome] = feeds.sync(quick_store, ["us"], client=client)
    assert (outcome.status, outcome.items) == ("ok", 5)


def test_live_sync_sends_stored_etag_and_accepts_304(quick_store: Store) -> None:
    seen: list[httpx.Request] = []
    client = httpx.Client(transport=_feed_transport(BASE.read_bytes(), seen))
    feeds.sync(quick_store, ["us"], client=client)
    [outcome] = feeds.sync(quick_store, ["us"], client=client)
    assert outcome.status == "not_modified"
    assert seen[-1].headers["if-none-match"] == '"v1"'


def test_http_error_fails_and_keeps_last_good_state(quick_store: Store) -> None:
    feeds.sync(quick_store, ["us"], from_path=BASE)
    before = counts(quick_store)
    client = httpx.Client(
        transport=httpx.MockTransport(lambda _req: httpx.Response(503))
    )
    [outcome] = feeds.sync(quick_store, ["us"], client=client)
    assert outcome.status == "failed"
    assert outcome.error is not None and outcome.error.startswith("TW201")
    assert counts(quick_store) == before


SHARED_US = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "official" / "us"
)


@pytest.fixture(scope="module")
def recorded_us(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Store, feeds.SyncOutcome]]:
    """One sync of the recorded US feed, shared by the tests that read it."""
    path = SHARED_US / "TAsTWs-2026-10-07.xml"
    if not path.is_file():
        pytest.skip("../shared is not present")
    db = tmp_path_factory.mktemp("recorded") / "us.db"
    s = Store(settings=load_settings({"db": str(db)}))
    [outcome] = feeds.sync(s, ["us"], from_path=path)
    yield s, outcome
    s.close()


@pytest.mark.shared
def test_recorded_us_feed_stores_all_223_entries(
    recorded_us: tuple[Store, feeds.SyncOutcome],
) -> None:
    store, outcome = recorded_us
    assert (outcome.status, outcome.counts["new"]) == ("ok", 223)
    assert counts(store)["official_versions"] == 223


@pytest.mark.shared
@pytest.mark.parametrize(
    ("code", "level"),
    [("RU", 4), ("SA", 3), ("CN", 2), ("CH", 1), ("AT", 1), ("NE", 4), ("NG", 3)],
)
def test_recorded_us_feed_levels(
    recorded_us: tuple[Store, feeds.SyncOutcome], code: str, level: int
) -> None:
    assert current_levels(recorded_us[0], "US")[code] == level


@pytest.mark.shared
@pytest.mark.parametrize(
    ("source", "issuer", "files"), [("uk", "GB", 12), ("ca", "CA", 11)]
)
def test_recorded_folders_sync(
    store: Store, shared: Path, source: str, issuer: str, files: int
) -> None:
    [outcome] = feeds.sync(
        store, [source], from_path=shared / "data" / "official" / source
    )
    assert (outcome.status, outcome.counts["new"]) == ("ok", files)
    assert len(current_levels(store, issuer)) >= files


@pytest.mark.postgres
def test_sync_and_changes_on_postgres(pg_url: str) -> None:
    with Store(settings=load_settings({"db": pg_url})) as pg:
        feeds.sync(pg, ["us"], from_path=BASE)
        feeds.sync(pg, ["us"], from_path=CHANGES / "changed.xml")
        with pg.connect() as conn:
            kinds = sorted(c["kind"] for c in list_changes(conn, limit=3))
        assert kinds == ["lowered", "raised", "removed"]


# --- issue 13: recordings dated by content, snapshots replayed in order --------


def _au_snapshot(path: Path, day: str, levels: dict[str, str]) -> None:
    import json

    rows = [
        {
            "destination": name,
            "risk_level": level,
            "last_updated": f"{day}T12:00:00Z",
            "url": f"https://example.invalid/{name.lower()}",
        }
        for name, level in levels.items()
    ]
    path.write_text(json.dumps(rows), encoding="utf-8")


@pytest.mark.issue(13)
def test_dated_snapshots_in_a_folder_replay_as_history(
    quick_store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "au"
    folder.mkdir()
    calm, careful = (
        "Exercise normal safety precautions",
        "Reconsider your need to travel",
    )
    # Named so that alphabetical order is the reverse of date order.
    _au_snapshot(folder / "au-b.json", "2025-03-01", {"Chile": calm, "Peru": calm})
    _au_snapshot(folder / "au-a.json", "2025-08-01", {"Chile": calm, "Peru": careful})
    outcomes = feeds.sync(quick_store, ["au"], from_path=folder)
    assert [o.counts["new"] for o in outcomes] == [2, 0]
    assert outcomes[1].counts["raised"] == 1
    with quick_store.connect() as conn:
        health = sources.get_source(conn, "au")
    assert health is not None
    assert health["last_success"] == dt.datetime(2025, 8, 1, 12, tzinfo=dt.UTC)


@pytest.mark.shared
@pytest.mark.issue(13)
def test_recorded_smartraveller_snapshots_are_not_178_new_entries(
    quick_store: Store, shared: Path, tmp_path: Path
) -> None:
    import shutil

    folder = tmp_path / "au"
    folder.mkdir()
    for f in (
        shared / "data/official/git-scraped/marcolussetti-travel-advisories"
    ).glob("au-*.json"):
        shutil.copy(f, folder / f.name)
    first, second = feeds.sync(quick_store, ["au"], from_path=folder)
    assert first.counts["new"] == first.items
    assert second.counts["new"] == 0


@pytest.mark.shared
@pytest.mark.issue(13)
def test_recorded_file_is_dated_by_its_content(
    quick_store: Store, shared: Path
) -> None:
    feeds.sync(
        quick_store, ["us"], from_path=shared / "data/official/us/TAsTWs-2026-10-07.xml"
    )
    with quick_store.connect() as conn:
        health = sources.get_source(conn, "us")
    assert health is not None
    assert health["last_success"] == dt.datetime(2026, 10, 7, 21, 2, 1, tzinfo=dt.UTC)


@pytest.mark.issue(13)
def test_newest_of_repeated_items_is_current(
    quick_store: Store, tmp_path: Path
) -> None:
    """From the peer's tests: a feed repeating one place, older and newer items."""
    from travelwatch import queries

    item = (
        "<item><title>France - Level {level}: x</title>"
        '<category domain="Threat-Level">Level {level}: x</category>'
        '<category domain="Country-Tag">FR</category>'
        "<pubDate>{date}</pubDate><description>&lt;p&gt;Be careful.&lt;/p&gt;"
        "</description></item>"
    )
    items = "".join(
        item.format(level=1, date="Mon, 01 Jan 2024")
        if i % 2
        else item.format(level=2, date="Tue, 01 Oct 2024")
        for i in range(6)
    )
    feed = tmp_path / "feed.xml"
    feed.write_text(f"<rss><channel>{items}</channel></rss>", encoding="utf-8")
    (outcome,) = feeds.sync(quick_store, ["us"], from_path=feed)
    assert outcome.ok, outcome.error
    with quick_store.connect() as conn:
        current = queries.list_advisories(conn, destination="FR").items
    assert {a["level"] for a in current} == {2}
