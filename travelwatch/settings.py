"""Settings, declared once.

Every setting is one row of :data:`SETTINGS` (name, default, help). Values are
merged in this order, later winning: the defaults, ``travelwatch.toml`` (in the
working directory, or the file named by ``TRAVELWATCH_CONFIG``), environment
variables ``TRAVELWATCH_<NAME>`` (dots become underscores, upper-cased) and
explicit overrides (``--set name=value`` on the CLI). ``docs/settings.md`` lists
them all; a test fails when a setting is undocumented.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from travelwatch.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


def _default_db() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "travelwatch" / "travelwatch.db")


def default_db() -> str:
    """Where the store lives when no ``db`` is given (its folder is created)."""
    return _default_db()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db",
        None,
        "Database: a file path or SQLAlchemy URL "
        "(default ~/.local/share/travelwatch/travelwatch.db).",
    ),
    Setting(
        "ingest.max_bytes", 10_000_000, "Largest file or download accepted, in bytes."
    ),
    Setting(
        "ingest.max_text_chars",
        200_000,
        "Article text beyond this is cut (and said so).",
    ),
    Setting("ingest.min_text_chars", 1, "Shorter texts are refused as empty."),
    Setting(
        "ingest.batch_size",
        500,
        "Articles stored per transaction (one 'already stored?' query each); a "
        "killed run loses at most the batch in progress, which a re-run redoes.",
    ),
    Setting(
        "ingest.processes",
        0,
        "Processes that clean, screen and extract articles during a local ingest "
        "(0: one per core; 1: all in the storing process).",
    ),
    Setting("language.min_letters", 20, "Texts with fewer letters get no language."),
    Setting(
        "language.min_confidence",
        0.5,
        "Language guesses less probable than this are dropped (language unknown).",
    ),
    Setting("http.timeout", 20.0, "Seconds before an HTTP request gives up."),
    Setting("http.max_redirects", 5, "Redirects followed for one URL."),
    Setting(
        "http.retries", 3, "Attempts for an official feed before it is marked failed."
    ),
    Setting(
        "http.backoff",
        1.0,
        "Seconds before the first retry of a feed request; doubles with each retry.",
    ),
    Setting(
        "http.max_retry_after",
        120.0,
        "Longest Retry-After (seconds) a feed server may ask for before we give up.",
    ),
    Setting(
        "http.user_agent",
        "travelwatch/0.1 (+https://github.com/travelwatch/travelwatch)",
        "User-Agent sent with every request.",
    ),
    Setting(
        "http.allow_private",
        False,
        "Allow fetching private, loopback and link-local addresses.",
    ),
    Setting(
        "dedup.threshold",
        0.8,
        "Jaccard similarity above which two documents are near-duplicates.",
    ),
    Setting(
        "dedup.num_perm", 128, "MinHash permutations for near-duplicate detection."
    ),
    Setting(
        "dedup.shingle_words", 5, "Words per shingle for near-duplicate detection."
    ),
    Setting(
        "dedup.max_indexed",
        500_000,
        "Near-duplicates are looked for among this many newest documents "
        "(bounds memory: about 0.9 KB each).",
    ),
    Setting(
        "reader.components",
        "sentences,places,cues,rules,candidates,encode,advice,destinations,issuer,"
        "coissuers,group,combine,dates",
        "The reader's components, in order, by name (see docs/pipeline.md).",
    ),
    Setting(
        "reader.off",
        "",
        "Reader components switched off, by name (e.g. 'rules' or 'advice').",
    ),
    Setting(
        "reader.model_dir",
        "",
        "Folder of the reader's trained heads (empty: the ones shipped with travelwatch).",
    ),
    Setting(
        "reader.max_candidates",
        16,
        "Sentences of one article the encoder reads at most.",
    ),
    Setting(
        "reader.carry_destinations",
        1,
        "Advice naming no place takes the places of the advice up to this many "
        "sentences before it (0: never).",
    ),
    Setting(
        "reader.second_levels",
        0.9,
        "Where the hand rules do not read: learned advice by one issuer about a "
        "place it already advises on, at another action, is kept as a second "
        "advisory (its own sentences' places) when its advice probability reaches "
        "this; 1.01: never.",
    ),
    Setting(
        "reader.encoder_threads",
        1,
        "Threads of the sentence encoder's engine per process. 2 reads about 1.9x "
        "faster on an idle 2-core machine, but 2-3x slower than 1 when another "
        "process holds a core (ingest's pool already runs one process per core).",
    ),
    Setting(
        "reader.encoder_cache",
        4096,
        "Sentence embeddings kept per process (about 1.6 kB each), so that a "
        "sentence read before (a syndicated copy) is not encoded again; 0: none.",
    ),
    Setting(
        "reader.wording_only",
        "bg,bn,el,hr,hu,is,no,ro,sk,sq,ur",
        "Languages whose advice sentences are chosen by their own advice wording, "
        "not the trained advice head: those with fewer than 3 texts in the corpus "
        "train split, which the encoder-based head has not learned (tested against "
        "corpus/labels).",
    ),
    Setting(
        "pipeline.stages",
        "clean,screen,read_advisory,sign",
        "The news pipeline's stages, in order, by name (see docs/pipeline.md).",
    ),
    Setting(
        "merge.window_days",
        21,
        "Issue dates further apart than this are different advisories.",
    ),
    Setting(
        "feeds.stale_after_hours",
        48,
        "A source without success for this long is stale.",
    ),
    Setting(
        "feeds.shrink_ratio",
        0.5,
        "A feed with fewer than this share of last run's items is suspect.",
    ),
    # One interval per official feed (connector names: see travelwatch.feeds); in
    # travelwatch.toml a `[feeds.every]` table with `us = "6h"`, `uk = "30m"`...
    *(
        Setting(
            f"feeds.every.{name}",
            None,
            f"How often `watch` syncs the {label} feed, e.g. 6h "
            "(none: `watch --every`; a manual `sync` then schedules 1h).",
        )
        for name, label in (
            ("au", "Australian (Smartraveller)"),
            ("ca", "Canadian"),
            ("uk", "UK (FCDO)"),
            ("us", "US (State Department)"),
        )
    ),
    Setting(
        "feeds.max_backoff_hours",
        24,
        "Longest wait before `watch` tries a failing official feed again.",
    ),
    Setting(
        "alerts.allow_private_targets", False, "Allow webhooks to private addresses."
    ),
    Setting("alerts.max_attempts", 5, "Delivery attempts per alert before giving up."),
    Setting(
        "alerts.backoff",
        1.0,
        "Seconds before the first delivery retry; doubled after each failed attempt.",
    ),
    Setting("alerts.timeout", 10.0, "Seconds before a webhook or SMTP call gives up."),
    Setting("alerts.smtp_host", "localhost", "SMTP server for e-mail alerts."),
    Setting("alerts.smtp_port", 25, "SMTP port for e-mail alerts."),
    Setting(
        "alerts.smtp_from", "travelwatch@localhost", "From address of e-mail alerts."
    ),
    Setting(
        "dashboard.audience",
        "",
        "Traveller nationality (ISO code) the map shows first; empty: the issuer "
        "with the most destinations under official advice in the store.",
    ),
    Setting(
        "alerts.digest_hours",
        24.0,
        "Hours between two digests of a subscription made with --digest.",
    ),
    Setting(
        "api.token",
        None,
        "Bearer token for write endpoints (none: writes refused); better given as "
        "TRAVELWATCH_API_TOKEN or api.token_file than on the command line.",
    ),
    Setting(
        "api.token_file",
        None,
        "File holding the bearer token (first line), used when api.token is unset.",
    ),
    Setting(
        "news",
        (),
        "News sources to watch, as `[[news]]` tables (url, and optionally name, "
        "language, every) in travelwatch.toml.",
    ),
    Setting(
        "poll.every",
        "15m",
        "How often a news source is polled by default (`[news]` would clash with "
        "the `[[news]]` tables, hence `poll.*`).",
    ),
    Setting(
        "poll.jitter",
        0.1,
        "Each poll is moved by up to this share of the interval, at random.",
    ),
    Setting(
        "poll.stale_after_hours",
        24,
        "A news source without success for this long is stale.",
    ),
    Setting(
        "poll.max_backoff_hours",
        24,
        "Longest wait before a failing news source is tried again.",
    ),
    Setting("poll.host_concurrency", 2, "Requests at once to one host while polling."),
    Setting(
        "poll.host_interval",
        1.0,
        "Seconds between the starts of two requests to one host while polling.",
    ),
    Setting("poll.workers", 4, "Sources fetched at once while polling."),
    Setting(
        "poll.robots_hours",
        24.0,
        "Hours a host's robots.txt is kept before re-reading.",
    ),
    Setting(
        "poll.full_text_chars",
        400,
        "A feed entry with at least this much text is read as the whole article; "
        "shorter ones have their page fetched.",
    ),
    Setting(
        "poll.max_entries", 50, "New entries read from one source per poll, newest."
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(name: str, value: Any) -> Any:
    default = _BY_NAME[name].default
    if value is None or not isinstance(value, str) or default is None:
        return value
    try:
        if isinstance(default, bool):
            if value.lower() in {"1", "true", "yes", "on"}:
                return True
            if value.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
    except ValueError as e:
        raise ConfigError(
            "TW002", name=name, reason=f"not a {type(default).__name__}: {value!r}"
        ) from e
    return value


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


class Settings:
    """Resolved settings; read them with ``settings["http.timeout"]``."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = dict(values)

    def __getitem__(self, name: str) -> Any:
        if name not in _BY_NAME:
            raise ConfigError("TW001", name=name)
        return self._values[name]

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    @property
    def db(self) -> str:
        return str(self._values.get("db") or _default_db())


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    config_file: Path | None = None,
) -> Settings:
    env = os.environ if environ is None else environ
    values = {s.name: s.default for s in SETTINGS}
    path = config_file or Path(env.get("TRAVELWATCH_CONFIG", "travelwatch.toml"))
    if path.is_file():
        try:
            data = _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as e:
            raise ConfigError("TW002", name=str(path), reason=str(e)) from e
        for name, value in data.items():
            if name not in _BY_NAME:
                raise ConfigError("TW001", name=name)
            values[name] = value
    for s in SETTINGS:
        key = "TRAVELWATCH_" + s.name.replace(".", "_").upper()
        if key in env:
            values[s.name] = _coerce(s.name, env[key])
    for name, value in (overrides or {}).items():
        if name not in _BY_NAME:
            raise ConfigError("TW001", name=name)
        if value is not None:
            values[name] = _coerce(name, value)
    return Settings(values)


def settings_markdown() -> str:
    """The settings reference (docs/settings.md), generated from :data:`SETTINGS`."""
    lines = [
        "# Settings",
        "",
        "Generated from `travelwatch/settings.py` by `make docs`; do not edit by hand.",
        "",
        "Each setting can be given in `travelwatch.toml` (dotted names as TOML tables),",
        "as an environment variable `TRAVELWATCH_<NAME>` (dots become underscores,",
        "upper case), or on the command line with `--set name=value` where a command",
        "offers it. Later sources win: defaults, file, environment, command line.",
        "",
        "| setting | environment variable | default | meaning |",
        "|---|---|---|---|",
    ]
    for s in SETTINGS:
        env = "TRAVELWATCH_" + s.name.replace(".", "_").upper()
        lines.append(f"| `{s.name}` | `{env}` | `{s.default!r}` | {s.help} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(settings_markdown())
