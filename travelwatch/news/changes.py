"""Changes found in news, with their corroboration.

A news report (one advisory extracted from one stored, non-duplicate article) is
compared with the current state of the same issuer → destinations: the newest of
the last news change about them and the current official record.

* No state yet: ``new``. A higher or lower level: ``raised`` / ``lowered`` (or
  ``lifted`` when the article says the advice was lifted). The same level:
  ``reiterated``, unless the same advice was already reported as a news change
  within ``merge.window_days``: then this report only *corroborates* that change
  (one more outlet, no new change, so no second alert).
* Corroboration counts independent outlets: the distinct outlets of the
  documents reporting the advice. Near-duplicates (syndicated copies) carry no
  reports of their own, so a copy is never counted twice; a second article from
  the same outlet is not counted again either. ``official`` says whether a current
  official record of the issuer gives one of the destinations the same level.

Changes made by a source's first poll are a baseline (``baseline`` true): stored
and shown, but not alerted, unless asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from travelwatch.storage.schema import changes, documents, official_versions, reports

__all__ = ["NewsChanges", "mark_baseline", "record_news_changes"]

NEWS_KINDS = ("new", "raised", "lowered", "lifted", "reiterated")


@dataclass(slots=True)
class NewsChanges:
    """What one batch of articles did: new change ids and corroborated ones."""

    change_ids: list[int] = field(default_factory=list)
    corroborated_ids: list[int] = field(default_factory=list)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _advisory_key(issuer: str, audience: str, dests: Sequence[str]) -> str:
    return f"{issuer}>{audience}>{','.join(dests)}"[:300]


def _evidence_sentence(payload: dict[str, Any]) -> str | None:
    evidence = payload.get("evidence") or {}
    for name in ("level", "action", "destinations", *evidence):
        for item in evidence.get(name) or ():
            if item.get("sentence"):
                return str(item["sentence"])
    return None


def _outlet_name(outlet: str | None, fallback: str) -> str:
    return " ".join((outlet or fallback).split()).casefold()


def _latest_news_change(
    conn: sa.Connection, issuer: str, audience: str, dests: set[str]
) -> dict[str, Any] | None:
    """The newest news change of ``issuer`` for ``audience`` touching ``dests``."""
    rows = conn.execute(
        sa.select(changes)
        .where(changes.c.origin == "news", changes.c.issuer == issuer)
        .order_by(changes.c.id.desc())
    )
    for row in rows:
        after = row._mapping["after"] or {}
        if after.get("audience", issuer) != audience:
            continue
        if dests & set(after.get("destinations") or [row._mapping["destination"]]):
            return dict(row._mapping)
    return None


def _official_levels(
    conn: sa.Connection, issuer: str, dests: Iterable[str]
) -> list[tuple[int | None, dt.datetime]]:
    rows = conn.execute(
        sa.select(official_versions.c.level, official_versions.c.seen_at).where(
            official_versions.c.issuer == issuer,
            official_versions.c.destination.in_(list(dests)),
            official_versions.c.superseded_at.is_(None),
            official_versions.c.removed.is_(False),
        )
    )
    return [(r.level, _aware(r.seen_at)) for r in rows]


def _before(
    latest: dict[str, Any] | None, official: list[tuple[int | None, dt.datetime]]
) -> dict[str, Any] | None:
    """The state a report is compared with: the newer of news and official."""
    news_state = None
    if latest is not None and latest["after"]:
        news_state = (_aware(latest["seen_at"]), dict(latest["after"]))
    official_state = None
    known = [(lvl, at) for lvl, at in official if lvl is not None]
    if known:
        level = max(lvl for lvl, _ in known)
        official_state = (
            max(at for _, at in known),
            {"level": level, "official": True},
        )
    candidates = [s for s in (news_state, official_state) if s is not None]
    if not candidates:
        return None
    return max(candidates, key=lambda s: s[0])[1]


def classify_news(before: dict[str, Any] | None, level: int, said: str | None) -> str:
    """The kind of change from ``before`` to a report of ``level``."""
    if said == "lifted" and before is not None:
        return "lifted"
    if before is None or before.get("level") is None:
        return "new"
    if level > before["level"]:
        return "raised"
    if level < before["level"]:
        return "lowered"
    return "reiterated"


def _corroboration(
    base: dict[str, Any] | None, outlet: str, document_id: int, official: bool
) -> dict[str, Any]:
    data = dict(base or {"outlets": 0, "outlet_names": [], "documents": []})
    names = list(data.get("outlet_names") or [])
    docs = list(data.get("documents") or [])
    if outlet not in names:
        names.append(outlet)
    if document_id not in docs:
        docs.append(document_id)
    return {
        "outlets": len(names),
        "outlet_names": names,
        "documents": docs,
        "official": bool(data.get("official")) or official,
    }


def _report_rows(conn: sa.Connection, document_ids: Sequence[int]) -> list[Any]:
    return list(
        conn.execute(
            sa.select(
                reports.c.id,
                reports.c.document_id,
                reports.c.advisory_id,
                reports.c.payload,
                documents.c.outlet,
                documents.c.title,
                documents.c.url,
                documents.c.source,
            )
            .join(documents, documents.c.id == reports.c.document_id)
            .where(
                reports.c.document_id.in_(list(document_ids)),
                documents.c.duplicate_of.is_(None),
            )
            .order_by(reports.c.id)
        )
    )


def record_news_changes(
    conn: sa.Connection,
    document_ids: Sequence[int],
    *,
    source: str,
    now: dt.datetime,
    window_days: int,
    baseline: bool = False,
) -> NewsChanges:
    """Store the changes (or corroborations) the reports of ``document_ids`` make."""
    out = NewsChanges()
    window = dt.timedelta(days=window_days)
    for row in _report_rows(conn, document_ids):
        adv = row.payload
        issuer, level = adv.get("issuer"), adv.get("level")
        dests = sorted(set(adv.get("destinations") or []))
        if not issuer or not dests or level is None:
            continue
        audience = adv.get("audience") or issuer
        outlet = _outlet_name(row.outlet, source)
        official = _official_levels(conn, issuer, dests)
        agrees = any(lvl == level for lvl, _ in official)
        latest = _latest_news_change(conn, issuer, audience, set(dests))
        if (
            latest is not None
            and (latest["after"] or {}).get("level") == level
            and now - _aware(latest["seen_at"]) <= window
        ):
            corroboration = _corroboration(
                latest["corroboration"], outlet, row.document_id, agrees
            )
            if corroboration != latest["corroboration"]:
                conn.execute(
                    changes.update()
                    .where(changes.c.id == latest["id"])
                    .values(corroboration=corroboration)
                )
                out.corroborated_ids.append(int(latest["id"]))
            continue
        before = _before(latest, official)
        kind = classify_news(before, int(level), adv.get("change"))
        after = {
            "level": level,
            "action": adv.get("action"),
            "native_level": adv.get("native_wording"),
            "audience": audience,
            "destinations": dests,
            "title": row.title,
            "url": row.url,
            "outlet": row.outlet,
            "evidence": _evidence_sentence(adv),
            "advisory_id": row.advisory_id,
            "document_id": row.document_id,
            "regions": [],
        }
        result = conn.execute(
            changes.insert().values(
                source=source[:50],
                issuer=issuer,
                destination=dests[0],
                kind=kind,
                before=before,
                after=after,
                seen_at=now,
                version_id=None,
                origin="news",
                advisory_key=_advisory_key(issuer, audience, dests),
                corroboration=_corroboration(None, outlet, row.document_id, agrees),
                baseline=baseline,
            )
        )
        key = result.inserted_primary_key
        out.change_ids.append(int(key[0]) if key else 0)
    return out


def mark_baseline(conn: sa.Connection, change_ids: Sequence[int]) -> None:
    """Mark changes as a source's baseline: kept and shown, never alerted."""
    if change_ids:
        conn.execute(
            changes.update()
            .where(changes.c.id.in_(list(change_ids)))
            .values(baseline=True)
        )
