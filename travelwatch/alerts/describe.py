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
    head = f"{change['issuer']} on {change['destination'] or '?'}: {verb}"
    before, after = change.get("before"), change.get("after")
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
    lines.append(f"Seen: {change.get('seen_at')} (feed {change.get('source')})")
    return "\n".join(lines)
