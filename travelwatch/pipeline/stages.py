"""The news pipeline as named stages that say what they need and what they add.

Each stage is registered by versioned name (``"stage.clean.v1"``) in the same
registry machinery as connectors, so an outside package can add one under the
entry-point group ``travelwatch.stages``. A stage declares the state fields it
``requires`` and those it ``assigns``; :func:`build_pipeline` checks, before any
article is read, that every requirement is assigned by an earlier stage. The order
comes from the ``pipeline.stages`` setting.

Stages are pure (no database, no network): the same pipeline runs in this process
or on Dask workers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from travelwatch.errors import ConfigError
from travelwatch.models import Advisory, Article, Document
from travelwatch.registry import Registry
from travelwatch.settings import Settings

STAGE_GROUP = "travelwatch.stages"

#: What every pipeline starts with.
INITIAL_FIELDS = frozenset({"article", "settings"})


@dataclass(slots=True)
class PipelineState:
    """What the stages read and write for one article."""

    article: Article
    settings: Settings
    document: Document | None = None
    screened: bool = False
    advisories: list[Advisory] = field(default_factory=list)
    signature: bytes | None = None


@dataclass(frozen=True, slots=True)
class Stage:
    registry_name: str
    name: str
    requires: frozenset[str]
    assigns: frozenset[str]
    run: Callable[[PipelineState], None]
    help: str = ""
    # Checks and loads what the stage needs (models) before any article is read,
    # so a broken install is one coded error up front, not one per article.
    prepare: Callable[[Settings], None] | None = None


def _clean(state: PipelineState) -> None:
    from travelwatch.pipeline.clean import clean_article

    state.document = clean_article(state.article, settings=state.settings)


def passes_screen(doc: Document) -> bool:
    """Whether the screen lets ``doc`` through to be read (the screen stage's test)."""
    from travelwatch.pipeline.extract.lexicon import supported_languages
    from travelwatch.pipeline.screen import screen
    from travelwatch.reader.screen import reader_screen

    # Languages the hand rules read keep their one-regex screen (fast on the bulk
    # of irrelevant news); every other language with wording of its own is let
    # through by any advice wording of its lexicon. A language with neither is
    # recorded and left alone rather than read with English rules.
    if doc.language is None or doc.language in supported_languages():
        return screen(doc.text, doc.language)
    return reader_screen(doc.text, doc.language)


def _screen(state: PipelineState) -> None:
    state.screened = passes_screen(_document(state))


def _extract(state: PipelineState) -> None:
    from travelwatch.pipeline.extract import extract_advisories

    state.advisories = extract_advisories(_document(state)) if state.screened else []


def _read(state: PipelineState) -> None:
    from travelwatch.reader.components import read_document

    doc = _document(state)
    state.advisories = (
        read_document(doc, state.settings).advisories if state.screened else []
    )


def _prepare_reader(settings: Settings) -> None:
    from travelwatch.reader.components import prepare_reader

    prepare_reader(settings)


def _sign(state: PipelineState) -> None:
    from travelwatch.pipeline.dedup import signer

    state.signature = signer(state.settings).signature(_document(state).text).to_bytes()


def _document(state: PipelineState) -> Document:
    if state.document is None:  # the order check makes this unreachable
        raise ConfigError("TW005", name="document")
    return state.document


CLEAN = Stage(
    "stage.clean.v1",
    "clean",
    frozenset({"article", "settings"}),
    frozenset({"document"}),
    _clean,
    "HTML to text, debris removal with an offset map, language, content hash",
)
SCREEN = Stage(
    "stage.screen.v1",
    "screen",
    frozenset({"document"}),
    frozenset({"screened"}),
    _screen,
    "a cheap pattern: can this document hold travel advice at all?",
)
EXTRACT = Stage(
    "stage.extract_advisory.v1",
    "extract_advisory",
    frozenset({"document", "screened"}),
    frozenset({"advisories"}),
    _extract,
    "advisories with evidence, for screened documents only",
)
READ = Stage(
    "stage.read_advisory.v1",
    "read_advisory",
    frozenset({"document", "screened", "settings"}),
    frozenset({"advisories"}),
    _read,
    "advisories by the reader's components: rules plus trained heads (below)",
    _prepare_reader,
)
SIGN = Stage(
    "stage.sign.v1",
    "sign",
    frozenset({"document", "settings"}),
    frozenset({"signature"}),
    _sign,
    "the MinHash signature used to find near-duplicate documents",
)

stages = Registry(
    "stage",
    STAGE_GROUP,
    (
        "travelwatch.pipeline.stages:CLEAN",
        "travelwatch.pipeline.stages:SCREEN",
        "travelwatch.pipeline.stages:EXTRACT",
        "travelwatch.pipeline.stages:READ",
        "travelwatch.pipeline.stages:SIGN",
    ),
)


def check_order(pipeline: Sequence[Stage]) -> None:
    """Raise TW005 when a stage needs a field no earlier stage assigns."""
    available = set(INITIAL_FIELDS)
    for stage in pipeline:
        missing = sorted(stage.requires - available)
        if missing:
            raise ConfigError(
                "TW005", name=stage.registry_name, missing=", ".join(missing)
            )
        available |= stage.assigns


def build_pipeline(settings: Settings) -> list[Stage]:
    """The stages named by ``pipeline.stages``, in order, checked."""
    names = [
        n.strip() for n in str(settings["pipeline.stages"]).split(",") if n.strip()
    ]
    pipeline = [stages.get(name) for name in names]
    check_order(pipeline)
    for stage in pipeline:
        if stage.prepare is not None:
            stage.prepare(settings)
    return pipeline


def run_pipeline(pipeline: Sequence[Stage], state: PipelineState) -> PipelineState:
    for stage in pipeline:
        stage.run(state)
    return state


def stages_markdown() -> str:
    """docs/pipeline.md, generated from the registered stages."""
    lines = [
        "# The news pipeline",
        "",
        "Generated from `travelwatch/pipeline/stages.py` by `make docs`; do not edit by hand.",
        "",
        "Every article runs through these stages, in the order the `pipeline.stages`",
        "setting gives (default: "
        f"`{'clean,screen,read_advisory,sign'}`). Each stage says which fields of the",
        "pipeline state it requires and which it assigns; the order is checked before any",
        "article is read (error TW005). Outside packages can add stages under the",
        f"`{STAGE_GROUP}` entry-point group.",
        "",
        "| stage | registry name | requires | assigns | what it does |",
        "|---|---|---|---|---|",
    ]
    for name in stages.names():
        st = stages.get(name)
        req = ", ".join(f"`{f}`" for f in sorted(st.requires))
        out = ", ".join(f"`{f}`" for f in sorted(st.assigns))
        lines.append(
            f"| `{st.name}` | `{st.registry_name}` | {req} | {out} | {st.help} |"
        )
    from travelwatch.reader.components import components_markdown

    return "\n".join(lines) + "\n\n" + components_markdown()


if __name__ == "__main__":
    import sys

    sys.stdout.write(stages_markdown())
