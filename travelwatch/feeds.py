"""Official-feed sync: fetch or load each source, store what changed, record health.

Each source is synced on its own and in ONE transaction: its versions, changes,
reports and re-merged advisories are committed together or not at all, so a
failure leaves the last good state untouched. Health (last attempt, success,
error) is written in a separate transaction so that failures are recorded too.

A complete feed that suddenly shrinks (fewer than ``feeds.shrink_ratio`` of the
live entries) is held back as suspect rather than read as mass removals;
``force=True`` applies it anyway.

A source's first successful sync is a baseline: its changes (every entry is
``new``) are stored in the same transaction, marked as such, and alert nobody,
unless ``alert_on_first=True``.

Every sync also stores when the source is next due and its failures in a row,
as its :class:`~travelwatch.feed_schedule.Cadence` decides (``watch`` passes its
own; a manual sync takes the settings'), with the health it writes: ``watch``
resumes from them after a restart.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from travelwatch.connectors import available_connectors, get_connector, make_client
from travelwatch.errors import (
    ConfigError,
    ConnectorError,
    FeedFormatChanged,
    InputError,
    TravelwatchError,
)
from travelwatch.feed_schedule import Cadence
from travelwatch.models import FeedResult
from travelwatch.news.changes import mark_baseline
from travelwatch.storage import official, sources
from travelwatch.storage.advisories import refresh_advisories
from travelwatch.storage.store import Store

log = logging.getLogger(__name__)


@dataclass(slots=True)
class SyncOutcome:
    """What one source's sync did: ``ok``, ``not_modified``, ``suspect`` or ``failed``."""

    source: str
    status: str
    items: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    change_ids: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    error: str | None = None
    #: The source's first successful sync: its changes alert nobody.
    baseline: bool = False
    #: As stored after this sync: failures in a row and when it is next due.
    failures: int = 0
    next_due: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "not_modified")

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "items": self.items,
            **{k: self.counts.get(k, 0) for k in (*official.CHANGE_KINDS, "unchanged")},
            "changes": len(self.change_ids),
            "skipped": list(self.skipped),
            "baseline": self.baseline,
            "error": self.error,
            "failures": self.failures,
            "next_due": self.next_due.isoformat() if self.next_due else None,
        }


def source_names() -> list[str]:
    """Short names ("us", "uk", ...) of every registered connector."""
    return sorted(get_connector(n).name for n in available_connectors())


def _by_issuer(name: str) -> str | None:
    """The source carrying a government's advice: ``gb``, ``UK`` or ``Britain``."""
    from travelwatch.queries.codes import place_code

    try:
        code = place_code(name)
    except ConfigError:
        return None
    for registered in available_connectors():
        connector = get_connector(registered)
        if getattr(connector, "issuer", None) == code:
            return connector.name
    return None


def _source_name(name: str) -> str:
    try:
        # Short, unversioned and registry names; raises TW003.
        return get_connector(name.lower()).name
    except ConfigError:
        found = _by_issuer(name)
        if found is None:
            raise
        return found


def _source_names(names: Sequence[str]) -> list[str]:
    wanted = [_source_name(n) for n in names] or source_names()
    return list(dict.fromkeys(wanted))


def sources_to_sync(
    names: Sequence[str], from_path: Path | str | None = None
) -> list[str]:
    """The sources ``sync(store, names, from_path)`` would sync, by connector name.

    ``gb`` and ``UK`` give ``uk``; with ``from_path``, the sources it holds files for.
    Raises :class:`ConfigError` as :func:`sync` would.
    """
    if from_path is not None:
        pairs = resolve_inputs(names, Path(from_path))
        return list(dict.fromkeys(name for name, _ in pairs))
    return _source_names(names)


def resolve_inputs(names: Sequence[str], from_path: Path) -> list[tuple[str, Path]]:
    """Which recorded file or folder each source loads from ``from_path``.

    A folder with one sub-folder per source (``official/us``, ``official/uk``)
    serves every source that has one; with one SOURCE named, a folder of its own
    files or a single file is loaded as that source.
    """
    known = source_names()
    if not from_path.exists():
        raise InputError(
            "TW106", source=str(from_path), detail="no such file or folder"
        )
    if len(names) == 1:
        name = _source_names(names)[0]
        sub = from_path / name
        return [(name, sub if sub.is_dir() else from_path)]
    if from_path.is_dir():
        pairs = [
            (n, from_path / n) for n in _source_names(names) if (from_path / n).is_dir()
        ]
        if pairs:
            return pairs
    guess = from_path.name if from_path.is_dir() else from_path.parent.name
    if not names and guess in known:
        return [(guess, from_path)]
    raise ConfigError(
        "TW002",
        name="--from",
        reason=f"cannot tell which source {from_path} belongs to; "
        "name it, e.g. travelwatch sync us --from FILE",
    )


def snapshots(name: str, path: Path, store: Store) -> list[Path]:
    """The recordings in ``path``, oldest first, when each is the whole feed.

    A folder of dated US or Smartraveller files is a history: each file is synced
    in turn, in the order of its own date (then its name), so that changes and
    dates go forward. A folder of per-country files (UK, Canada) is one feed.
    """
    connector = get_connector(name, store.settings)
    if not path.is_dir() or not getattr(connector, "snapshots", False):
        return [path]
    pattern = str(getattr(connector, "file_glob", "*"))
    files = sorted(p for p in path.glob(pattern) if p.is_file())
    if len(files) < 2:
        return [path]
    dated: list[tuple[dt.datetime, str, Path]] = []
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    for file in files:
        try:
            when = connector.load(file).published
        except TravelwatchError:
            when = None  # synced last, where its failure is reported
        dated.append((when or far, file.name, file))
    return [file for _, _, file in sorted(dated)]


def _load(name: str, path: Path, store: Store) -> tuple[FeedResult, bool]:
    connector = get_connector(name, store.settings)
    result = connector.load(path)
    return result, _complete_input(connector, path, len(result.items))


def _complete_input(connector: object, path: Path, items: int) -> bool:
    """Whether a recorded input is the whole feed (so missing entries were removed).

    A folder is a whole recording, and so is a file with several entries. A
    one-entry file is too, unless it sits among sibling files of the same
    connector: then it is one page of a per-country set (UK, Canada) and must not
    remove the other countries.
    """
    if path.is_dir() or items > 1 or getattr(connector, "snapshots", False):
        return True
    pattern = str(getattr(connector, "file_glob", "*"))
    return not any(p != path and p.is_file() for p in path.parent.glob(pattern))


def _fetch(name: str, client: httpx.Client, store: Store) -> tuple[FeedResult, bool]:
    with store.connect() as conn:
        row = sources.get_source(conn, name) or {}
    connector = get_connector(name, store.settings)
    result = connector.fetch(
        client, etag=row.get("etag"), last_modified=row.get("last_modified")
    )
    return result, True


def _schedule(
    conn: sa.Connection, name: str, cadence: Cadence, *, failures: int, now: dt.datetime
) -> dt.datetime:
    """Decide when ``name`` is next due and store it, in the sync's transaction."""
    due = cadence.next_due(name, failures, now)
    sources.record_next_due(conn, name, due)
    return due


def _apply(
    store: Store,
    result: FeedResult,
    *,
    complete: bool,
    force: bool,
    now: dt.datetime,
    cadence: Cadence,
    data_at: dt.datetime | None = None,
    alert_on_first: bool = False,
) -> SyncOutcome:
    name = result.source
    ratio = float(store.settings["feeds.shrink_ratio"])
    with store.begin() as conn:
        before = sources.get_source(conn, name) or {}
        baseline = before.get("last_success") is None and not alert_on_first
        live = official.live_count(conn, name)
        if complete and not force and live and len(result.items) < ratio * live:
            raise ConnectorError(
                "TW203", source=name, before=live, after=len(result.items)
            )
        applied = official.apply_feed(conn, result, complete=complete, now=now)
        if baseline:
            mark_baseline(conn, applied.change_ids)
        refresh_advisories(
            conn, applied.issuers, window_days=int(store.settings["merge.window_days"])
        )
        sources.record_success(
            conn,
            name,
            at=now,
            data_at=data_at,
            item_count=len(result.items),
            etag=result.etag,
            last_modified=result.last_modified,
        )
        due = _schedule(conn, name, cadence, failures=0, now=now)
    return SyncOutcome(
        source=name,
        status="ok",
        items=applied.items,
        counts=applied.counts,
        change_ids=applied.change_ids,
        skipped=list(result.skipped),
        baseline=baseline,
        next_due=due,
    )


def sync_one(
    store: Store,
    name: str,
    *,
    path: Path | None = None,
    client: httpx.Client | None = None,
    force: bool = False,
    partial: bool = False,
    alert_on_first: bool = False,
    cadence: Cadence | None = None,
) -> SyncOutcome:
    """Sync one source from ``path`` (recorded) or ``client`` (live); never raises
    for feed problems: they come back as a ``failed``/``suspect`` outcome.

    The source's first successful sync is a baseline (see the module's docstring)
    unless ``alert_on_first``. When it is next due is stored as ``cadence`` says
    (default: the settings', see :meth:`Cadence.from_settings`)."""
    now = dt.datetime.now(dt.UTC)
    cadence = cadence or Cadence.from_settings(store.settings, [name])
    try:
        if path is not None:
            result, complete = _load(name, path, store)
        else:
            if client is None:
                raise ConfigError(
                    "TW002", name="client", reason="live sync needs a client"
                )
            result, complete = _fetch(name, client, store)
        if result.not_modified:
            with store.begin() as conn:
                sources.record_success(
                    conn,
                    name,
                    at=now,
                    item_count=None,
                    etag=result.etag,
                    last_modified=result.last_modified,
                )
                due = _schedule(conn, name, cadence, failures=0, now=now)
            return SyncOutcome(source=name, status="not_modified", next_due=due)
        # A recording is dated by its content, not by when it was loaded: its
        # last success is the feed's own date (so an old file reads as stale).
        # Versions and changes keep the moment travelwatch saw them.
        data_at = min(result.published, now) if path and result.published else None
        return _apply(
            store,
            result,
            complete=complete and not partial,
            force=force,
            now=now,
            cadence=cadence,
            data_at=data_at,
            alert_on_first=alert_on_first,
        )
    except TravelwatchError as e:
        suspect = e.code == "TW203"
        line = e.line() if e.source or e.url else f"{e.code} {name}: {e.reason}"
    except Exception as e:  # the per-source boundary: the next source still runs
        log.exception("sync %s failed", name)
        suspect = False
        line = FeedFormatChanged(
            source=name, detail=f"{type(e).__name__}: {e}".splitlines()[0]
        ).line()
    log.info("sync %s failed: %s", name, line)
    with store.begin() as conn:
        failures = sources.record_failure(
            conn, name, at=now, error=line, suspect=suspect
        )
        due = _schedule(conn, name, cadence, failures=failures, now=now)
    return SyncOutcome(
        source=name,
        status="suspect" if suspect else "failed",
        error=line,
        failures=failures,
        next_due=due,
    )


def sync(
    store: Store,
    names: Sequence[str] = (),
    from_path: Path | str | None = None,
    client: httpx.Client | None = None,
    *,
    force: bool = False,
    partial: bool = False,
    alert_on_first: bool = False,
    cadence: Cadence | None = None,
) -> list[SyncOutcome]:
    """Sync ``names`` (default: every connector), live or from recorded files.

    Raises :class:`ConfigError` for an unknown source or an ambiguous ``--from``;
    every feed failure is an outcome, so one broken source never stops the others.
    A source's first successful sync alerts nobody unless ``alert_on_first``.
    Each source's next due time is stored as ``cadence`` decides (default: the
    settings' ``feeds.every.<name>``, else an hour).
    """
    if from_path is not None:
        pairs: list[tuple[str, Path | None]] = [
            (name, snapshot)
            for name, path in resolve_inputs(names, Path(from_path))
            for snapshot in snapshots(name, path, store)
        ]
    else:
        pairs = [(n, None) for n in _source_names(names)]
    if cadence is None:
        cadence = Cadence.from_settings(store.settings, {n for n, _ in pairs})
    own_client = client is None and any(p is None for _, p in pairs)
    live = make_client(store.settings) if own_client else client
    try:
        return [
            sync_one(
                store,
                name,
                path=path,
                client=live,
                force=force,
                partial=partial,
                alert_on_first=alert_on_first,
                cadence=cadence,
            )
            for name, path in pairs
        ]
    finally:
        if own_client and live is not None:
            live.close()


def health(store: Store) -> list[dict[str, Any]]:
    """Health of every official source (see :func:`sources.source_health`)."""
    with store.connect() as conn:
        return sources.source_health(
            conn,
            stale_after_hours=float(store.settings["feeds.stale_after_hours"]),
            expected=source_names(),
        )
