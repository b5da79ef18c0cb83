"""The read-side core over a store filled through the real storage path."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from advisory_store import Filled, fill

from travelwatch import queries
from travelwatch.errors import ConfigError
from travelwatch.storage.store import Store


@pytest.fixture
def filled(store: Store) -> Filled:
    return fill(store)


def test_list_returns_only_current_advice_by_default(filled: Filled) -> None:
    with filled.store.connect() as conn:
        current = queries.list_advisories(conn)
        everything = queries.list_advisories(conn, current_only=False)
    assert everything.total == current.total + 1  # Japan's superseded level 2


@pytest.mark.parametrize(
    ("filters", "issuers"),
    [
        ({"issuer": "us"}, {"US"}),
        ({"destination": "HT"}, {"CA"}),
        ({"min_level": 4}, {"RU", "US", "CA"}),
        ({"audience": "JP"}, {"JP"}),
    ],
)
def test_list_filters(filled: Filled, filters: dict, issuers: set) -> None:
    with filled.store.connect() as conn:
        page = queries.list_advisories(conn, **filters)
    assert {a["issuer"] for a in page.items} == issuers


def test_list_paginates_with_total(filled: Filled) -> None:
    with filled.store.connect() as conn:
        first = queries.list_advisories(conn, limit=2)
        rest = queries.list_advisories(conn, limit=10, offset=2)
    assert len(first.items) == 2
    assert first.total == rest.total == len(first.items) + len(rest.items)
    assert not {a["id"] for a in first.items} & {a["id"] for a in rest.items}


def test_two_outlets_are_two_reports_of_one_advisory(filled: Filled) -> None:
    with filled.store.connect() as conn:
        page = queries.list_advisories(conn, issuer="RU")
    (ru,) = page.items
    assert [r["source"] for r in ru["reports"]] == ["Outlet A", "Outlet B"]
    assert all(r["advisory"]["evidence"] for r in ru["reports"])


def test_reciprocal_links_are_computed_both_ways(filled: Filled) -> None:
    ru_id = filled.advisory_id_of("RU", "US")
    us_id = filled.advisory_id_of("US", "RU")
    with filled.store.connect() as conn:
        ru = queries.get_advisory(conn, ru_id)
        us = queries.get_advisory(conn, us_id)
    assert ru is not None and us is not None
    assert ru["reciprocal_ids"] == [us_id]
    assert us["reciprocal_ids"] == [ru_id]


def test_unrelated_advice_has_no_reciprocal(filled: Filled) -> None:
    with filled.store.connect() as conn:
        ca = queries.get_advisory(conn, filled.advisory_id_of("CA", "HT"))
    assert ca is not None and ca["reciprocal_ids"] == []


def test_get_advisory_shows_disagreement(filled: Filled) -> None:
    with filled.store.connect() as conn:
        ru = queries.get_advisory(conn, filled.advisory_id_of("RU", "US"))
    assert ru is not None
    assert [d["field"] for d in ru["disagreements"]] == ["change"]


def test_get_unknown_advisory_is_none(filled: Filled) -> None:
    with filled.store.connect() as conn:
        assert queries.get_advisory(conn, "adv:nothing") is None


def test_matrix_filters_by_audience(filled: Filled) -> None:
    with filled.store.connect() as conn:
        m = queries.matrix(conn, audience="US")
    assert m["levels"] == {"US": {"FR": 2, "RU": 4}}


def test_map_counts_eu_advice_for_member_states(filled: Filled) -> None:
    with filled.store.connect() as conn:
        levels = queries.map_levels(conn, issuer="RU")
    assert levels["DE"]["level"] == 4
    assert "FR" in levels and "CN" not in levels


def test_destination_view_splits_official_and_news(filled: Filled) -> None:
    with filled.store.connect() as conn:
        fr = queries.destination_view(conn, "fr")
    assert [a["issuer"] for a in fr["official"]] == ["US"]
    assert [(a["issuer"], a["via"]) for a in fr["news"]] == [("RU", "EU")]
    assert fr["official"][0]["regions"][0]["name"] == "Mayotte"
    assert fr["level"] == 4


def test_destination_without_advice_is_unknown(filled: Filled) -> None:
    with filled.store.connect() as conn:
        view = queries.destination_view(conn, "BR")
    assert view["level"] is None and not view["official"] and not view["news"]


def test_issuer_view_lists_advice_given_and_received(filled: Filled) -> None:
    with filled.store.connect() as conn:
        ru = queries.issuer_view(conn, "RU")
    assert [a["issuer"] for a in ru["issued"]] == ["RU"]
    assert [a["issuer"] for a in ru["received"]] == ["US"]


def test_timeline_has_one_step_per_level(filled: Filled) -> None:
    with filled.store.connect() as conn:
        line = queries.timeline(conn, "JP", "CN")
    assert [(s["level"], s["start"]) for s in line["steps"]] == [
        (2, "2025-11-20"),
        (3, "2026-02-15"),
    ]


def test_search_finds_advisories_by_place_name(filled: Filled) -> None:
    with filled.store.connect() as conn:
        result = queries.search(conn, "Haiti")
    assert [a["issuer"] for a in result["advisories"]] == ["CA"]
    assert [d["title"] for d in result["documents"]] == ["Outlet E: ca_ht"]


def test_export_csv_has_one_row_per_current_advisory(filled: Filled) -> None:
    with filled.store.connect() as conn:
        rows = list(csv.DictReader(io.StringIO(queries.export(conn, "csv"))))
        total = queries.list_advisories(conn).total
    assert len(rows) == total
    assert {r["issuer"] for r in rows} == {"RU", "US", "JP", "CA"}


def test_export_geojson_features_carry_levels_and_polygons(filled: Filled) -> None:
    with filled.store.connect() as conn:
        data = json.loads(queries.export(conn, "geojson"))
    by_code = {f["id"]: f for f in data["features"]}
    assert by_code["HT"]["properties"]["level"] == 4
    assert by_code["HT"]["geometry"]["type"] == "MultiPolygon"
    lon, lat = by_code["HT"]["geometry"]["coordinates"][0][0][0]
    assert -75 < lon < -71 and 17 < lat < 21


def test_export_atom_is_well_formed(filled: Filled) -> None:
    with filled.store.connect() as conn:
        root = ET.fromstring(queries.export(conn, "atom"))
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 5


def test_export_rejects_unknown_format(filled: Filled) -> None:
    with filled.store.connect() as conn, pytest.raises(ConfigError, match="TW004"):
        queries.export(conn, "xlsx")


def test_advice_about_travel_anywhere_abroad_shows_on_every_destination(
    store: Store,
) -> None:
    from travelwatch.models import Article
    from travelwatch.service import ingest_articles

    text = (
        "Singapore's foreign ministry on Wednesday told Singaporeans to defer all "
        "travel abroad because of the outbreak."
    )
    outcomes = list(ingest_articles(store, [Article(text=text, source="sg.txt")]))
    assert [o.status for o in outcomes] == ["stored"]
    with store.connect() as conn:
        brazil = queries.destination_view(conn, "BR")
        home = queries.destination_view(conn, "SG")
        listed = queries.list_advisories(conn, destination="WORLD")
    assert [(a["issuer"], a["via"]) for a in brazil["news"]] == [("SG", "WORLD")]
    assert brazil["level"] == 4
    # Not advice about the issuer's own country.
    assert home["news"] == [] and home["level"] is None
    assert [a["destinations"] for a in listed.items] == [["WORLD"]]
