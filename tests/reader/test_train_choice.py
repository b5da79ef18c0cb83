"""make train chooses its thresholds on what the product reads: texts the screen
stops give no advisories there, so they give none when thresholds are chosen."""

from __future__ import annotations

from travelwatch.reader.model import load_model
from travelwatch.reader.train import _Cache, _prepare, _read_all, _rules
from travelwatch.settings import load_settings

ADVICE = (
    "The foreign ministry of Japan told its citizens on Monday to avoid all travel "
    "to Syria because of the fighting there."
)
NO_ADVICE = "The museum in Osaka opened a new wing for modern art on Monday."


def _example(text: str, name: str):  # type: ignore[no-untyped-def]
    ex = _prepare(text, name, {"advisories": []}, load_settings({}), _Cache(None))
    _rules([ex])
    return ex


def test_screened_text_is_read_as_the_product_reads_it() -> None:
    ex = _example(ADVICE, "advice.txt")
    assert ex.screened
    out = _read_all(load_model(None), [ex], "both")
    assert [a["issuer"] for a in out["advice.txt"]] == ["JP"]


def test_text_the_screen_stops_gives_nothing_when_thresholds_are_chosen() -> None:
    ex = _example(NO_ADVICE, "museum.txt")
    assert not ex.screened
    # Even advice the heads would read is not counted where the screen stops
    # the text: the product never reads it.
    forced = _example(ADVICE, "forced.txt")
    forced.screened = False
    out = _read_all(load_model(None), [ex, forced], "both")
    assert out == {"museum.txt": [], "forced.txt": []}
