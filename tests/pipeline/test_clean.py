"""Cleaning: debris goes, every body sentence stays, offsets map back."""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources
from pathlib import Path

import pytest

from travelwatch.errors import InputError
from travelwatch.models import Article
from travelwatch.pipeline.clean import (
    clean_article,
    clean_text,
    content_hash,
    load_debris_rules,
)
from travelwatch.settings import Settings, load_settings

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"

BEFORE = "The ministry told its citizens to avoid all travel to Northland.\n"
AFTER = "Officials said the advice would stay in place until further notice.\n"


def _body_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        (
            "Please use Chrome browser for a more accessible video player",
            "browser_notice",
        ),
        ("8:14", "video_duration"),
        ("12:05:33", "video_duration"),
        ("ALSO READ: Storm closes ferry routes – THE EXAMPLE TIMES", "also_read"),
        ("Read more: Airline cancels winter flights", "also_read"),
        ("(photo credit: EXAMPLE AGENCY/J. DOE)", "image_credit"),
        ("Foto: Cortesía", "image_credit"),
        (
            "Passengers queue at the airport (photo credit: AGENCY/A. PERSON)",
            "caption_with_credit",
        ),
        ("Harbour at dusk Image copyright Example Images", "image_copyright"),
        ("© 2024 Example Media. All rights reserved.", "copyright_notice"),
        ("Share this article Facebook Twitter WhatsApp", "share_bar"),
        ("Share | Email | Print", "share_bar"),
        ("Subscribe to our daily newsletter", "subscribe"),
        ("Sign up for our free newsletters here.", "subscribe"),
        ("Click to follow", "follow_prompt"),
        ("Follow us on Google News", "follow_prompt"),
        ("Advertisement", "advert"),
        ("Story continues below advertisement", "advert"),
        ("We use cookies to improve your experience. Accept all", "cookie_notice"),
        ("Leave a Reply", "comment_form"),
        (
            "Your email address will not be published. Required fields are marked *",
            "comment_form",
        ),
        ("12 Comments", "comment_form"),
        ("Posted: at | |", "empty_posted_stub"),
    ],
)
def test_debris_line_is_removed_and_named(line: str, rule: str) -> None:
    cleaned = clean_text(BEFORE + line + "\n" + AFTER)
    assert cleaned.text == BEFORE + AFTER.rstrip("\n")
    assert cleaned.fired == [rule]


@pytest.mark.parametrize(
    "line",
    [
        "Share of foreign visitors fell by a third last year, the office said.",
        "Register with the embassy before you travel, the ministry told citizens.",
        "Read more about the advice on the ministry's website, officials said.",
        "Photos from the border showed long queues of cars on Sunday.",
        "Copyright disputes between the two countries have also strained relations.",
        "Related warnings were issued by three neighbouring states.",
        "The advice will be reviewed at 8:30 on Monday, a spokesperson said.",
        "Subscribers to the alert service received a text message overnight.",
        "Advertising agencies were invited to bid for the tourism campaign.",
        "Comments by the minister drew an angry response from Northland.",
        "Posted at the border, the soldiers checked every car.",
        "Tourism groups criticised the move",
    ],
)
def test_body_sentence_that_resembles_debris_stays(line: str) -> None:
    original = BEFORE + line + "\n" + AFTER
    cleaned = clean_text(original)
    assert cleaned.text == original.strip()
    assert cleaned.fired == []


def test_widget_line_gives_published_date_and_goes() -> None:
    cleaned = clean_text(" date 2025-03-14 + ↺ − 16 px\n\n" + BEFORE + AFTER)
    assert cleaned.published == dt.date(2025, 3, 14)
    assert cleaned.text == BEFORE + AFTER.rstrip("\n")


def test_widget_prefix_keeps_the_body_on_its_line() -> None:
    cleaned = clean_text(" date 2024-11-02 BEIJING: " + BEFORE + AFTER)
    assert cleaned.text.startswith("BEIJING: The ministry told")
    assert cleaned.published == dt.date(2024, 11, 2)


def test_widget_view_count_goes_with_the_date() -> None:
    cleaned = clean_text(" date 2024-11-02 403\n" + BEFORE)
    assert cleaned.text == BEFORE.strip()


@pytest.mark.parametrize(
    "stamp",
    ["2019-04", "2025-01-01"],
    ids=["month-only", "year-placeholder"],
)
def test_imprecise_widget_date_is_not_a_published_date(stamp: str) -> None:
    cleaned = clean_text(f" date {stamp} " + BEFORE)
    assert cleaned.published is None
    assert cleaned.text == BEFORE.strip()


def test_widget_rule_only_applies_to_the_first_line() -> None:
    original = BEFORE + " date 2024-11-02 is when the advice began.\n" + AFTER
    assert clean_text(original).text == original.strip()


def test_dateline_gives_published_date() -> None:
    cleaned = clean_text(
        "A headline\n| Updated: 13 April, 2024 10:57 am IST\n" + BEFORE
    )
    assert cleaned.published == dt.date(2024, 4, 13)
    assert "Updated" not in cleaned.text


def test_dateline_without_a_date_stays() -> None:
    original = "A headline\nUpdated: see the ministry site for changes\n" + BEFORE
    assert clean_text(original).text == original.strip()


def test_read_more_block_takes_headlines_up_to_the_next_paragraph() -> None:
    original = (
        BEFORE
        + "Read more from Example News:\n"
        + "Storm closes ferry routes\nClub sacks manager\n"
        + AFTER
    )
    cleaned = clean_text(original)
    assert cleaned.text == BEFORE + AFTER.rstrip("\n")
    assert cleaned.fired == ["read_more_block"]


def test_read_more_block_stops_at_a_blank_line() -> None:
    original = (
        BEFORE
        + "Read more from Example News:\nStorm closes ferry routes\n\nSubhead\n"
        + AFTER
    )
    cleaned = clean_text(original)
    assert "Storm closes" not in cleaned.text
    assert "Subhead\n" + AFTER.strip() in cleaned.text


def test_read_more_block_keeps_a_following_sentence() -> None:
    original = (
        BEFORE + "More from Example News:\nThe ministry said flights would resume.\n"
    )
    cleaned = clean_text(original)
    assert cleaned.text.endswith("The ministry said flights would resume.")


def test_last_line_signature_becomes_outlet() -> None:
    cleaned = clean_text(BEFORE + AFTER + "\nNews.Example\n")
    assert cleaned.outlet == "News.Example"
    assert cleaned.text == BEFORE + AFTER.rstrip("\n")


@pytest.mark.parametrize(
    "ending",
    [
        "The ministry said the advice\nCovers Everything",  # line before is unfinished
        "Officials said:\n“We will see.”",  # a quote, not a name
        "Also of concer",  # text cut mid-word
    ],
)
def test_last_line_that_is_not_a_signature_stays(ending: str) -> None:
    original = BEFORE + AFTER + ending
    cleaned = clean_text(original)
    assert cleaned.outlet is None
    assert cleaned.text == original


def test_blank_line_runs_collapse_to_one() -> None:
    cleaned = clean_text(BEFORE + "\n\n\n   \n\n" + AFTER)
    assert cleaned.text == BEFORE + "\n" + AFTER.rstrip("\n")


@pytest.mark.parametrize("name", sorted(p.name for p in ARTICLES.glob("*.txt")))
def test_every_kept_character_maps_to_the_same_original_character(name: str) -> None:
    original = (ARTICLES / name).read_text(encoding="utf-8")
    cleaned = clean_text(original)
    for i, char in enumerate(cleaned.text):
        assert original[cleaned.text_map.to_original(i)] == char, i


def test_lookalike_fixture_loses_nothing() -> None:
    original = (ARTICLES / "body_lookalikes.txt").read_text(encoding="utf-8")
    assert clean_text(original).text == original.strip()


@pytest.mark.parametrize(
    ("name", "debris"),
    [
        ("widget_signature.txt", {"+ ↺ − 16 px", "Daily.Example"}),
        (
            "video_readmore.txt",
            {"3:27", "Read more from Example News:", "Local elections postponed"},
        ),
        (
            "web_footer.txt",
            {"Advertisement", "Leave a Reply", "Posted: at | |", "(photo credit:"},
        ),
    ],
)
def test_fixture_debris_goes_and_other_lines_stay(name: str, debris: set[str]) -> None:
    original = (ARTICLES / name).read_text(encoding="utf-8")
    cleaned = clean_text(original)
    kept = _body_lines(cleaned.text)
    for line in _body_lines(original):
        if any(d in line for d in debris):
            assert line not in kept
    for piece in debris:
        assert piece not in cleaned.text
    body = [ln for ln in _body_lines(original) if ln.endswith((".", '."'))]
    for sentence in body:
        if not any(d in sentence for d in debris) and "(photo credit:" not in sentence:
            assert sentence in kept


def _settings(**overrides: object) -> Settings:
    return load_settings(overrides, environ={}, config_file=Path("/nonexistent.toml"))


def test_clean_article_fills_outlet_and_date_from_debris() -> None:
    text = (ARTICLES / "widget_signature.txt").read_text(encoding="utf-8")
    doc = clean_article(Article(text=text, source="w.txt"), settings=_settings())
    assert (doc.outlet, doc.published) == ("Daily.Example", dt.date(2025, 3, 14))
    assert doc.metadata["debris"] == ["reader_widget", "outlet_signature"]


def test_clean_article_keeps_what_the_article_carries() -> None:
    text = (ARTICLES / "widget_signature.txt").read_text(encoding="utf-8")
    article = Article(
        text=text, source="w.txt", outlet="Carried", published=dt.date(2020, 1, 2)
    )
    doc = clean_article(article, settings=_settings())
    assert (doc.outlet, doc.published) == ("Carried", dt.date(2020, 1, 2))


def test_clean_article_runs_html_through_trafilatura() -> None:
    html = (ARTICLES / "page.html").read_text(encoding="utf-8")
    doc = clean_article(
        Article(text="", html=html, source="page.html"), settings=_settings()
    )
    assert doc.original_text.startswith("Southland warns against Riverland trips")
    assert (
        "Home" not in doc.original_text
        and "All rights reserved" not in doc.original_text
    )
    assert doc.metadata["html"] == html
    assert (doc.title, doc.outlet) == (
        "Southland warns against Riverland trips",
        "The Example Times",
    )
    assert doc.published == dt.date(2024, 6, 4)


def test_clean_article_caps_long_text() -> None:
    doc = clean_article(
        Article(text=BEFORE * 50, source="long.txt"),
        settings=_settings(**{"ingest.max_text_chars": 100}),
    )
    assert len(doc.original_text) == 100
    assert doc.metadata["truncated"] is True


def test_clean_article_refuses_text_that_is_all_debris() -> None:
    with pytest.raises(InputError) as err:
        clean_article(
            Article(text="Advertisement\n8:14\n", source="ad.txt"), settings=_settings()
        )
    assert err.value.code == "TW101" and err.value.source == "ad.txt"


def test_clean_article_sets_language_and_hash() -> None:
    doc = clean_article(
        Article(text=BEFORE + AFTER, source="a.txt"), settings=_settings()
    )
    assert doc.language == "en"
    assert doc.content_hash == content_hash(BEFORE + AFTER)


def test_content_hash_ignores_whitespace_only() -> None:
    assert content_hash("a  b\n\nc ") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("a b d")
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash("x"))


def test_debris_rules_file_is_well_formed() -> None:
    raw = json.loads(
        resources.files("travelwatch").joinpath("data/debris.json").read_text()
    )
    names = [row["name"] for row in raw["rules"]]
    assert len(names) == len(set(names))
    assert len(load_debris_rules().rules) == len(names)


@pytest.mark.shared
def test_seed_articles_clean_correctly(shared: Path) -> None:
    seeds = sorted((shared / "seeds").glob("*.txt"))
    assert len(seeds) == 3
    settings = _settings()
    docs = {
        p.name[:3]: clean_article(
            Article(text=p.read_text(encoding="utf-8"), source=p.name),
            settings=settings,
        )
        for p in seeds
    }
    for doc in docs.values():
        for i, char in enumerate(doc.text):
            assert doc.original_text[doc.text_map.to_original(i)] == char
    debris = {
        "Please use Chrome browser for a more accessible video player",
        "8:14",
        "Read more from Sky News:",
        "Assad kept signed picture of Queen",
        "Briton, 18, jailed for one year in Dubai",
        "News.Az",
    }
    for doc in docs.values():
        kept = _body_lines(doc.text)
        assert not debris & set(kept)
        assert not any("↺" in line for line in kept)
        for line in _body_lines(doc.original_text):
            if line not in debris and "↺" not in line:
                assert line in kept
    assert docs["004"].published == dt.date(2026, 1, 3)
    assert docs["004"].outlet == "News.Az"
    assert docs["000"].metadata["debris"] == []


def _tidied_by_every_space_run(text: str) -> str:
    """What the blank-line tidying kept when it visited every whitespace run (the
    code before it looked only at runs holding two newlines)."""
    lo, hi = len(text) - len(text.lstrip()), len(text.rstrip())
    keep, cursor = [], lo
    for m in re.finditer(r"\s+", text[:hi]):
        run = m.group()
        if m.start() < lo or run.count("\n") < 2:
            continue
        first = m.start() + run.index("\n")
        second = m.start() + run.index("\n", first - m.start() + 1)
        keep += [(cursor, m.start()), (first, first + 1), (second, second + 1)]
        cursor = m.end()
    keep.append((cursor, hi))
    return "".join(text[a:b] for a, b in keep if b > a)


def test_blank_line_tidying_same_as_visiting_every_space_run() -> None:
    import random

    rng = random.Random(16)
    pieces = ["word", "Two words.", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2028"]
    pieces += ["\x0b", "\x0c", " \n \n ", "\n \t\n", "\u3000"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30)))
        if not text.strip():
            continue
        cleaned = clean_text(text)
        assert cleaned.text == _tidied_by_every_space_run(text), repr(text)
        for seg in cleaned.text_map.segments:
            got = cleaned.text[seg.clean_start : seg.clean_start + seg.length]
            assert got == text[seg.orig_start : seg.orig_start + seg.length]
