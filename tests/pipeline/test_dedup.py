"""Near-duplicate detection: MinHash signatures and the compact LSH index."""

from __future__ import annotations

import numpy as np
import pytest

from travelwatch.errors import ConfigError, InputError
from travelwatch.pipeline.dedup import DedupIndex, MinHashSignature, shingles
from travelwatch.settings import load_settings

STORY = (
    "The foreign ministry of Freedonia told its citizens on Tuesday to stay away "
    "from the neighbouring republic of Sylvania for the rest of the winter season. "
    "Officials said the decision followed a series of arrests of foreign visitors "
    "near the northern border and a sharp fall in the number of commercial flights "
    "between the two capitals. A spokeswoman added that the embassy in the Sylvanian "
    "capital was working with reduced staff and could offer only limited help to "
    "travellers who ran into trouble. Tour operators were asked to cancel group trips "
    "already booked for December and January, and insurers were reminded that cover "
    "may not apply to people who travel against official advice. The ministry said it "
    "would review the guidance in the spring once talks between the two governments "
    "resume in a neutral country."
)

OTHER_STORY = (
    "Heavy rain flooded several villages along the river valley overnight, and "
    "emergency crews spent the morning pumping water out of cellars and clearing "
    "fallen trees from the main road. The regional council opened two school halls "
    "as shelters and asked residents to boil tap water until further notice. "
    "Farmers warned that the harvest of late apples could be lost if the fields stay "
    "under water for more than a week, while the weather service expects drier "
    "conditions from the weekend with cooler nights and light winds from the north."
)


def lightly_edited(text: str) -> str:
    """A wire rewrite: two words changed, a credit line added."""
    edited = text.replace("Tuesday", "Wednesday").replace("sharp fall", "steep drop")
    return edited + " Reporting by the wire desk."


@pytest.fixture
def index() -> DedupIndex:
    return DedupIndex(threshold=0.8, num_perm=128, shingle_words=5)


def test_lightly_edited_copy_is_found(index: DedupIndex) -> None:
    index.add("doc:1", index.signature(STORY))
    assert index.query(index.signature(lightly_edited(STORY))) == ["doc:1"]


def test_unrelated_text_is_not_found(index: DedupIndex) -> None:
    index.add("doc:1", index.signature(STORY))
    assert index.query(index.signature(OTHER_STORY)) == []


def test_case_and_punctuation_do_not_hide_a_copy(index: DedupIndex) -> None:
    index.add("doc:1", index.signature(STORY))
    shouted = STORY.upper().replace(",", "").replace(".", " ;")
    assert index.query(index.signature(shouted)) == ["doc:1"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Update", "Breaking"),
        ("Travel advice", "Travel warning"),
        ("Read more", "Read more below"),
        ("", ""),
        ("", "Update"),
        ("Photo: agency", "Photo: staff"),
    ],
)
def test_short_texts_do_not_collide(index: DedupIndex, first: str, second: str) -> None:
    index.add("doc:1", index.signature(first))
    assert index.query(index.signature(second)) == []


def test_identical_short_texts_are_duplicates(index: DedupIndex) -> None:
    index.add("doc:1", index.signature("Embassy closed"))
    assert index.query(index.signature("embassy  closed!")) == ["doc:1"]


def test_short_text_is_one_shingle_of_all_its_words() -> None:
    assert shingles("Stay away, now", 5) == {"stay away now"}


def test_empty_text_has_no_shingles() -> None:
    assert shingles(" -- ", 3) == set()


def test_find_original_names_the_first_copy(index: DedupIndex) -> None:
    assert index.find_original("doc:1", STORY) is None
    assert index.find_original("doc:2", lightly_edited(STORY)) == "doc:1"


def test_find_original_follows_copies_back_to_the_first(index: DedupIndex) -> None:
    index.add("doc:0", index.signature(OTHER_STORY))
    index.find_original("doc:1", STORY)
    index.find_original("doc:2", lightly_edited(STORY))
    # doc:3 is only a copy of doc:2's wording, but doc:1 is the story's origin.
    assert index.find_original("doc:3", lightly_edited(STORY)) == "doc:1"


def test_find_original_again_gives_the_same_answer(index: DedupIndex) -> None:
    index.find_original("doc:1", STORY)
    index.find_original("doc:2", STORY)
    assert index.find_original("doc:2", STORY) == "doc:1"
    assert len(index) == 2


def test_signature_bytes_round_trip(index: DedupIndex) -> None:
    sig = index.signature(STORY)
    data = sig.to_bytes()
    assert len(data) == 4 * 128
    assert MinHashSignature.from_bytes(data) == sig


def test_signature_agrees_with_datasketch_jaccard(index: DedupIndex) -> None:
    a, b = index.signature(STORY), index.signature(lightly_edited(STORY))
    assert a.jaccard(b) == pytest.approx(a.to_minhash().jaccard(b.to_minhash()))


def test_signature_is_stable_across_indexes(index: DedupIndex) -> None:
    again = DedupIndex(threshold=0.5, num_perm=128, shingle_words=5)
    assert again.signature(STORY) == index.signature(STORY)


def test_loaded_index_finds_what_the_original_found(index: DedupIndex) -> None:
    index.find_original("doc:1", STORY)
    index.find_original("doc:2", OTHER_STORY)
    index.find_original("doc:3", lightly_edited(STORY))
    loaded = DedupIndex.load(
        index.items(),
        threshold=0.8,
        num_perm=128,
        shingle_words=5,
        originals=index.originals,
    )
    assert loaded.query(loaded.signature(STORY)) == ["doc:1", "doc:3"]
    assert loaded.find_original("doc:4", lightly_edited(STORY)) == "doc:1"


def test_load_refuses_a_signature_of_another_width() -> None:
    with pytest.raises(InputError) as err:
        DedupIndex.load(
            [("doc:1", b"\0" * 12)], threshold=0.8, num_perm=128, shingle_words=5
        )
    assert err.value.code == "TW105"


def test_query_refuses_a_signature_of_another_width(index: DedupIndex) -> None:
    with pytest.raises(InputError):
        index.query(MinHashSignature(np.zeros(64, dtype=np.uint32)))


def test_from_bytes_refuses_a_ragged_payload() -> None:
    with pytest.raises(InputError):
        MinHashSignature.from_bytes(b"\1\2\3")


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("dedup.threshold", {"threshold": 0.0, "num_perm": 128, "shingle_words": 5}),
        ("dedup.threshold", {"threshold": 1.5, "num_perm": 128, "shingle_words": 5}),
        ("dedup.num_perm", {"threshold": 0.8, "num_perm": 1, "shingle_words": 5}),
        (
            "dedup.shingle_words",
            {"threshold": 0.8, "num_perm": 128, "shingle_words": 0},
        ),
    ],
)
def test_bad_parameters_name_the_setting(name: str, kwargs: dict[str, float]) -> None:
    with pytest.raises(ConfigError) as err:
        DedupIndex(**kwargs)  # type: ignore[arg-type]
    assert name in err.value.line()


def test_from_settings_reads_the_dedup_settings() -> None:
    settings = load_settings({"dedup.num_perm": 64, "dedup.shingle_words": 3})
    index = DedupIndex.from_settings(settings)
    assert (index.num_perm, index.shingle_words) == (64, 3)
    assert len(index.signature(STORY).hashvalues) == 64


def test_many_entries_stay_findable_across_tail_merges(index: DedupIndex) -> None:
    # Random signatures exercise the sorted arrays and the unsorted tail without
    # paying for 40k shingled texts; 40k is past two tail merges.
    rng = np.random.default_rng(7)
    sigs = rng.integers(0, 2**32 - 1, size=(40_000, 128), dtype=np.uint32)
    for i, row in enumerate(sigs):
        index.add(f"doc:{i}", MinHashSignature(row))
    for probe in (0, 16_383, 16_384, 39_999):
        near = sigs[probe].copy()
        near[:10] = 0  # about 92% of the values still agree
        assert index.query(MinHashSignature(near)) == [f"doc:{probe}"]


@pytest.mark.parametrize("size", [1, 3, 5])
def test_signature_is_datasketch_s_minhash_of_the_shingles(size: int) -> None:
    """The signature is computed without datasketch's per-value calls: it must
    still be exactly the MinHash datasketch gives for the same shingles."""
    from datasketch import MinHash

    index = DedupIndex(threshold=0.5, num_perm=128, shingle_words=size)
    texts = [
        STORY,
        OTHER_STORY,
        lightly_edited(STORY),
        "Short one.",
        "",
        "  ,;  ",
        "Rückkehr nach Zürich: 東京 と 大阪 を 結ぶ. Ελλάδα, المغرب, हिन्दी " * 3,
        "the the the the the the the the",
    ]
    for text in texts:
        mh = MinHash(num_perm=128, seed=1, scheme="affine32")
        mh.update_batch([s.encode("utf-8") for s in shingles(text, size)])
        assert (
            index.signature(text).to_bytes()
            == MinHashSignature(mh.hashvalues).to_bytes()
        ), text


@pytest.mark.parametrize("size", [1, 2, 5])
def test_shingle_bytes_are_the_utf8_of_the_shingles(size: int) -> None:
    """ASCII texts are shingled as bytes: the same shingles, in the same order."""
    from travelwatch.pipeline.dedup import _gram_bytes, _grams

    texts = [
        STORY,
        "MIXED Case_words, digits 2024-01-03 and under_scores\tand\nnew lines!",
        "a b",
        "one",
        "",
        "...",
        "ASCII until the very end: café",
        "İstanbul'da DİKKAT: ẞ and ﬁ ligatures lower-case into other lengths",
    ]
    for text in texts:
        assert _gram_bytes(text, size) == [g.encode() for g in _grams(text, size)]


def _batch_of(rng: np.random.Generator, base: np.ndarray, n: int, start: int) -> list:
    """A batch mixing new signatures, near copies of earlier ones (indexed before
    or earlier in the batch), a repeated key and empty texts."""
    items: list[tuple[str, MinHashSignature]] = []
    rows: list[np.ndarray] = []
    for i in range(n):
        pick = rng.random()
        if pick < 0.3 and len(base):
            row = base[rng.integers(len(base))].copy()
            row[: rng.integers(0, 30)] = rng.integers(0, 2**32 - 1)
        elif pick < 0.5 and rows:
            row = rows[rng.integers(len(rows))].copy()
            row[: rng.integers(0, 30)] = 7
        elif pick < 0.55:
            row = np.full(128, 0xFFFFFFFF, dtype=np.uint32)  # a text without words
        else:
            row = rng.integers(0, 2**32 - 1, size=128, dtype=np.uint32)
        key = items[-1][0] if pick > 0.97 and items else f"doc:{start + i}"
        rows.append(row)
        items.append((key, MinHashSignature(row)))
    return items


@pytest.mark.parametrize("tail", [8, 1 << 14])
def test_query_and_add_answers_as_query_then_add(
    tail: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch lookup gives what query() then add() item by item gives, from an
    empty index, a loaded one and one with an unsorted tail (merged mid-batch
    when the tail is small)."""
    import travelwatch.pipeline.dedup as dedup

    monkeypatch.setattr(dedup, "_TAIL", tail)
    rng = np.random.default_rng(16)
    base = rng.integers(0, 2**32 - 1, size=(300, 128), dtype=np.uint32)
    stored = [(f"old:{i}", MinHashSignature(r).to_bytes()) for i, r in enumerate(base)]
    for loaded in (0, 150, 300):
        one = DedupIndex.load(
            stored[:loaded], threshold=0.8, num_perm=128, shingle_words=5
        )
        other = DedupIndex.load(
            stored[:loaded], threshold=0.8, num_perm=128, shingle_words=5
        )
        for batch_no in range(4):
            items = _batch_of(rng, base, 60, 1000 * batch_no + loaded)
            bands = one.band_keys([sig for _, sig in items])
            expected = []
            for i, (key, sig) in enumerate(items):
                expected.append(one.query(sig, bands=bands[:, i]))
                one.add(key, sig, bands=bands[:, i])
            assert other.query_and_add(items, bands) == expected
            assert list(other.items()) == list(one.items())
        assert any(expected), "the batches should hold near-duplicates"
