"""Issue 15: one bad item is one error line, never the end of the batch.

The inputs under ``fixtures/hostile`` are the kinds that once crashed ingest or
sync (written for travelwatch, not copied): a page without ``<body>``, lone
surrogates and escapes that name no character, control characters, a JSON line
nested past the recursion limit, a US date that does not exist, an unknown XML
encoding, a Canadian file with odd ``metadata``, a UK country name given as a list.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from travelwatch.api import create_app
from travelwatch.errors import InputError
from travelwatch.feeds import sync
from travelwatch.ingest.readers import read_sources
from travelwatch.models import Article
from travelwatch.service import ingest_articles
from travelwatch.settings import Settings, load_settings
from travelwatch.storage.schema import reports
from travelwatch.storage.store import Store

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
ARTICLES = HOSTILE / "articles"
FEEDS = HOSTILE / "feeds"

pytestmark = pytest.mark.issue(15)


def _ingest(store: Store, *sources: Path) -> dict[str, tuple[str, str | None]]:
    items = read_sources([str(s) for s in sources], settings=store.settings)
    return {
        o.item.rsplit("/", 1)[-1]: (o.status, o.detail)
        for o in ingest_articles(store, items)
    }


def test_hostile_articles_beside_good_ones_never_stop_the_batch(store: Store) -> None:
    outcomes = _ingest(store, ARTICLES)
    status = {name: s for name, (s, _) in outcomes.items()}
    # The good article and every readable part of the odd ones are stored.
    assert status["good.txt"] == "stored"
    for name in ("no-body.html", "controls.html", "surrogate.json"):
        assert status[name] == "stored", outcomes[name]
    # The feed with escapes naming no character keeps all three entries.
    assert {status["a"], status["b"], status["c"]} <= {"stored", "duplicate"}
    # The line nested too deeply is one coded error; every later line is read.
    deep_status, deep_detail = outcomes["mixed.jsonl#2"]
    assert deep_status == "failed"
    assert deep_detail and deep_detail.startswith("TW105 ")
    assert "nested too deeply" in deep_detail
    for n in (3, 4, 5):
        assert outcomes[f"mixed.jsonl#{n}"][0] != "failed"


@pytest.mark.parametrize(
    "line",
    [
        '{"text": "' + "x" * 20 + '", "extra": ' + "[" * 5000 + "]" * 5000 + "}",
        '{"text": ' + "{" * 5000,
        '{"text": "one", "title": ["not", "a", "string"]}',
        "[1, 2, 3]",
    ],
    ids=["deep-array", "deep-unclosed", "odd-title", "not-an-object"],
)
def test_one_bad_json_line_is_one_error(tmp_path: Path, line: str) -> None:
    path = tmp_path / "lines.jsonl"
    good = json.dumps({"text": "Ministers met in the capital on Monday."})
    path.write_text(f"{good}\n{line}\n{good}\n", encoding="utf-8")
    items = list(read_sources([str(path)], settings=load_settings({})))
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], Article)
    assert len(items) == 3


def test_deeply_nested_json_file_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 20000 + "]" * 20000, encoding="utf-8")
    [error] = list(read_sources([str(path)], settings=load_settings({})))
    assert isinstance(error, InputError) and error.code == "TW105"


def test_text_is_made_valid_on_the_way_in() -> None:
    article = Article(
        text="a\ud800b\x00c", source="s\udfff", title="t\x00", outlet="o\udc00"
    )
    assert (article.text, article.source) == ("a\ufffdb\ufffdc", "s\ufffd")
    assert (article.title, article.outlet) == ("t\ufffd", "o\ufffd")
    assert len(article.text) == 5  # one for one: offsets stay valid


def test_surrogates_never_reach_a_read(store: Store) -> None:
    outcomes = _ingest(store, ARTICLES / "surrogate.json")
    assert outcomes["surrogate.json"][0] == "stored"
    with TestClient(create_app(store), raise_server_exceptions=False) as client:
        for path in ("/api/advisories", "/api/export?format=json", "/api/documents"):
            response = client.get(path)
            assert response.status_code == 200, path
            assert "\ufffd" in response.content.decode("utf-8"), path


def test_a_surrogate_stored_before_the_fix_does_not_break_reads(store: Store) -> None:
    _ingest(store, ARTICLES / "good.txt")
    with store.begin() as conn:
        # What an older travelwatch wrote: an ASCII-escaped lone surrogate.
        conn.execute(
            sa.text("UPDATE reports SET payload = :p"),
            {"p": json.dumps({"issuer": "NO", "native_wording": "x\ud800y"})},
        )
        payload = conn.execute(sa.select(reports.c.payload)).scalar_one()
    assert payload["native_wording"] == "x\ufffdy"


def _sync(store: Store, name: str, path: Path) -> dict[str, object]:
    [outcome] = sync(store, [name], from_path=path)
    return outcome.to_dict()


def test_us_feed_skips_the_broken_items_and_applies_the_rest(store: Store) -> None:
    result = _sync(store, "us", FEEDS / "us" / "hostile.xml")
    assert result["status"] == "ok"
    assert result["items"] == 4  # Niger, Chad (escapes), Mali (spaces), Peru (NUL)
    [skipped] = result["skipped"]  # type: ignore[misc]
    assert skipped.startswith("TW105 us:item 2:") and "31 Sep 2026" in skipped


def test_unknown_xml_encoding_fails_the_source_and_the_next_one_runs(
    store: Store,
) -> None:
    [us] = sync(store, ["us"], from_path=FEEDS / "us" / "unknown-encoding.xml")
    assert us.status == "failed"
    assert us.error and us.error.startswith("TW202 ")
    assert _sync(store, "ca", FEEDS / "ca")["status"] == "ok"


def test_canadian_files_with_odd_metadata_still_apply(store: Store) -> None:
    result = _sync(store, "ca", FEEDS / "ca")
    assert (result["status"], result["items"], result["skipped"]) == ("ok", 3, [])


def test_uk_country_name_as_a_list_is_one_skipped_file(store: Store) -> None:
    result = _sync(store, "uk", FEEDS / "uk")
    assert (result["status"], result["items"]) == ("ok", 1)
    [skipped] = result["skipped"]  # type: ignore[misc]
    assert skipped.startswith("TW105 uk:st-lucia.json:")


def test_watch_survives_hostile_feeds(store: Store) -> None:
    from travelwatch.watch import watch

    runs = watch(store, ["us"], every=0.01, from_path=FEEDS / "us", max_cycles=2)
    assert runs == 2


def test_api_ingest_of_hostile_text_is_never_a_500(tmp_path: Path) -> None:
    settings = load_settings({"db": str(tmp_path / "api.db"), "api.token": "t0k"})
    store = Store(settings=settings)
    headers = {"Authorization": "Bearer t0k"}
    bodies = [
        '{"text": "Lone \\ud800 surrogate in the text of a short note."}',
        '{"html": "<html><head><title>No body</title></head></html>"}',
        '{"html": "<p>Controls \\u0001\\u0002 in a paragraph about travel.</p>"}',
        '{"text": "NUL \\u0000 inside", "outlet": "' + "O" * 500 + '"}',
    ]
    try:
        with TestClient(create_app(store), raise_server_exceptions=False) as client:
            for body in bodies:
                response = client.post(
                    "/api/ingest",
                    content=body,
                    headers={**headers, "Content-Type": "application/json"},
                )
                assert response.status_code < 500, (body, response.text)
                if response.status_code >= 400:
                    assert response.json()["ok"] is False
    finally:
        store.close()


@pytest.mark.postgres
def test_postgres_takes_nul_and_over_long_fields(pg_url: str) -> None:
    settings: Settings = load_settings({"db": pg_url})
    long_link = "https://news.example/" + "p" * 400
    articles: list[Article | InputError] = [
        Article(
            text="Oslo, 2 March 2026. Norway told its citizens to avoid all travel "
            "to Haiti because of gang violence. A NUL \x00 sits here.",
            source=long_link,
            url=long_link,
            outlet="O" * 400,
            published=dt.date(2026, 3, 2),
        ),
        Article(text="A second, plain note about the weather.", source="plain"),
    ]
    with Store(settings=settings) as store:
        outcomes = list(ingest_articles(store, articles))
        assert [o.status for o in outcomes] == ["stored", "stored"]
        with store.connect() as conn:
            outlet, text = conn.execute(
                sa.text("SELECT outlet, text FROM documents ORDER BY id LIMIT 1")
            ).one()
        assert len(outlet) == 300 and outlet.endswith("…")
        assert "\x00" not in text and "\ufffd" in text


def test_surrogate_escape_in_a_feed_file_is_made_valid(store: Store) -> None:
    # Found by `make fuzz`: a "\udfff" escape in a UK file broke its content hash.
    raw = (FEEDS / "uk" / "bolivia.json").read_text(encoding="utf-8")
    broken = raw.replace('"Bolivia travel advice"', '"Bolivia \\udfff advice"')
    assert broken != raw
    path = store.settings.db + ".bolivia.json"
    Path(path).write_text(broken, encoding="utf-8")
    [outcome] = sync(store, ["uk"], from_path=Path(path))
    assert (outcome.status, outcome.items) == ("ok", 1)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "travelwatch"), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_cli_runs_hostile_input_beside_good_input(tmp_path: Path) -> None:
    """Issue 15's check as a person runs it: ``ingest`` and ``sync`` over the
    inputs that broke them, beside good ones: no traceback, the good items
    stored, the bad ones named with a code."""
    db = str(tmp_path / "cli.db")
    ingest = _cli("ingest", str(ARTICLES), "--db", db, "--format", "json")
    assert "Traceback" not in ingest.stderr + ingest.stdout
    rows = {r["item"].rsplit("/", 1)[-1]: r for r in json.loads(ingest.stdout)}
    assert rows["good.txt"]["status"] == "stored"
    failed = {name: r for name, r in rows.items() if r["status"] == "failed"}
    assert "mixed.jsonl#2" in failed
    assert all(r["detail"] and r["detail"][:2] == "TW" for r in failed.values())
    assert ingest.returncode != 0  # some item failed, and the status says so

    for name, source in (
        ("us", FEEDS / "us" / "hostile.xml"),
        ("ca", FEEDS / "ca"),
        ("uk", FEEDS / "uk"),
    ):
        done = _cli("sync", name, "--from", str(source), "--db", db)
        assert "Traceback" not in done.stderr + done.stdout, name
        assert done.returncode == 0, done.stderr
    broken = _cli(
        "sync", "us", "--from", str(FEEDS / "us" / "unknown-encoding.xml"), "--db", db
    )
    assert broken.returncode != 0
    assert "Traceback" not in broken.stderr + broken.stdout
    assert "TW202" in broken.stderr + broken.stdout
    with Store(settings=load_settings({"db": db})) as store, store.connect() as conn:
        issuers = {
            r.issuer
            for r in conn.execute(sa.text("SELECT DISTINCT issuer FROM advisories"))
        }
    assert {"US", "CA", "GB"} <= issuers  # each feed's good items were applied
