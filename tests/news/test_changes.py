"""How a news report compares with what was known (issue #14)."""

from __future__ import annotations

import pytest

from travelwatch.news.changes import classify_news

pytestmark = pytest.mark.issue(14)


@pytest.mark.parametrize(
    ("before", "level", "said", "kind"),
    [
        (None, 4, None, "new"),
        (None, 1, "lifted", "new"),
        ({"level": 3}, 4, None, "raised"),
        ({"level": 4}, 3, None, "lowered"),
        ({"level": 4}, 4, "issued", "reiterated"),
        ({"level": 4}, 1, "lifted", "lifted"),
        ({"level": None}, 2, None, "new"),
    ],
)
def test_classify_news(
    before: dict[str, int | None] | None, level: int, said: str | None, kind: str
) -> None:
    assert classify_news(before, level, said) == kind
