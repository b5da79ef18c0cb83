"""The loopback webhook receiver's record of what it got (shared by alert tests)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class HookServer:
    """Answers each POST with the next status of ``statuses`` (then the last one)."""

    url: str
    statuses: list[int] = field(default_factory=lambda: [200])
    received: list[Received] = field(default_factory=list)
