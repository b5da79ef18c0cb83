"""One-line, human wording of a change, shared by Slack, e-mail and Atom."""

from __future__ import annotations

from typing import Any

_VERBS = {
    "new": "new advisory",
    "raised": "raised",
    "lowered": "lowered",
    "regional": "regional warnings changed",
    "republished": "republished",
    "removed": "removed",
    "lifted": "lifted",
    "reiterated": "reiterated",
}


def _level(state: dict[str, Any] | None) -> str:
    if not state or state.get("level") is None:
        return "?"
    native = state.get("native_level")
    return f"{state['level']} ({native})" if native else str(state["level"])


def change_title(change: dict[str, Any]) -> str:
    """``"US on RU: raised 3 -> 4 (Do Not Travel)"``."""
    kind = change["kind"]
    verb = _VERBS.get(kind, kind)
    before, after = change.get("before"), change.get("after")
    # A news change names every destination of the advice it reports.
    places = ", ".join((after or {}).get("destinations") or [])
    head = f"{change['issuer']} on {places or change['destination'] or '?'}: {verb}"
    if kind in ("raised", "lowered"):
        return f"{head} {_level(before)} -> {_level(after)}"
    if kind == "removed":
        return f"{head} (was level {_level(before)})"
    return f"{head}, level {_level(after)}"


def change_text(change: dict[str, Any]) -> str:
    """A few lines: the title, regional warnings, source date, link."""
    lines = [change_title(change)]
    state = change.get("after") or change.get("before") or {}
    if state.get("title"):
        lines.append(str(state["title"]))
    regions = state.get("regions") or []
    if regions:
        lines.append("Regions: " + "; ".join(regions))
    if state.get("source_updated"):
        lines.append(f"Updated by the source: {state['source_updated']}")
    if state.get("url"):
        lines.append(str(state["url"]))
    if change.get("origin") == "news":
        lines.extend(news_lines(change))
    lines.append(f"Seen: {change.get('seen_at')} (feed {change.get('source')})")
    return "\n".join(lines)


def news_lines(change: dict[str, Any]) -> list[str]:
    """The evidence sentence and corroboration of a change found in news."""
    after = change.get("after") or {}
    lines = []
    if after.get("evidence"):
        lines.append(f"Evidence: {after['evidence']}")
    corroboration = change.get("corroboration") or {}
    outlets = corroboration.get("outlet_names") or []
    official = "agrees" if corroboration.get("official") else "none agreeing"
    lines.append(
        f"Corroboration: {len(outlets)} outlet(s) ({', '.join(outlets)}); "
        f"official record: {official}"
    )
    if after.get("advisory_id"):
        lines.append(f"Advisory: /advisories/{after['advisory_id']}")
    return lines
