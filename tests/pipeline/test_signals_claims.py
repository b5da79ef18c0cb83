"""Claims an article marks as unsupported (travelwatch.pipeline.signals.claims)."""

from __future__ import annotations

import pytest

from travelwatch.pipeline.signals import find_unsupported_claims


@pytest.mark.parametrize(
    ("text", "claim", "marker"),
    [
        (
            "The spokesman added, without evidence: “Our tourists are being followed by police.”",
            "Our tourists are being followed by police",
            "without evidence",
        ),
        (
            "The minister said the border had been closed to visitors, without providing evidence.",
            "the border had been closed to visitors",
            "without providing evidence",
        ),
        (
            "He alleged, without offering any proof, that agents had entered the country.",
            "agents had entered the country",
            "without offering any proof",
        ),
        (
            "The envoy did not provide evidence that the visitors were spies.",
            "the visitors were spies",
            "did not provide evidence",
        ),
        (
            "She offered no evidence for the claim that hotels were being watched.",
            "hotels were being watched",
            "offered no evidence for the claim",
        ),
        (
            "The official claimed foreign visitors could be “hunted” by the police.",
            "foreign visitors could be “hunted” by the police",
            "claimed",
        ),
        (
            "“The army is about to collapse,” the general claimed on Friday.",
            "The army is about to collapse",
            "claimed",
        ),
    ],
)
def test_claim_and_marker(text: str, claim: str, marker: str) -> None:
    claims = find_unsupported_claims(text)
    assert len(claims) == 1
    found = claims[0]
    assert found.text == claim
    assert found.marker == marker
    assert text[found.start : found.end] == found.text


@pytest.mark.parametrize(
    "text",
    [
        "The group claimed responsibility for the bombing.",
        "The island claimed by both states lies offshore.",
        "The storm claimed the lives of nine people.",
        "The ministry said the roads were closed.",
        "Police presented evidence that the suspects had fled.",
    ],
)
def test_no_unsupported_claim(text: str) -> None:
    assert find_unsupported_claims(text) == []


def test_claims_come_in_text_order_with_offsets() -> None:
    text = (
        "The minister claimed the visitors were paid agents. "
        "Later his deputy said, without evidence, that the hotels were bugged."
    )
    claims = find_unsupported_claims(text)
    assert [c.text for c in claims] == [
        "the visitors were paid agents",
        "the hotels were bugged",
    ]
    assert all(text[c.start : c.end] == c.text for c in claims)
