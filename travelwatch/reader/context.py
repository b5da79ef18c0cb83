"""Which sentences belong to a piece of advice: itself, its neighbours, and the
list it introduces ("Do not travel to:" followed by one place a line)."""

from __future__ import annotations

import re

from travelwatch.reader.document import ReadDoc

__all__ = ["context_of", "list_items"]

_BULLET = re.compile(r"^\s*(?:[-–—•*·▪●]|\d{1,2}[.)])\s*")
_LIST_REACH = 40


def list_items(rd: ReadDoc, sentence: int) -> list[int]:
    """The list an advice heading introduces ("Do not travel to:" then one place a
    line): the following bullet or short lines, up to the next advice wording."""
    if not rd.sentences[sentence].text.rstrip().endswith((":", "：")):
        return []
    out = []
    for i in range(sentence + 1, min(len(rd.sentences), sentence + 1 + _LIST_REACH)):
        text = rd.sentences[i].text
        if rd.cues_in(i, "advice") or rd.cues_in(i, "scale"):
            break
        if not (_BULLET.match(text) or len(text) < 80):
            break
        out.append(i)
    return out


def context_of(rd: ReadDoc, sentence: int) -> list[int]:
    """Sentences whose places can be destinations of the advice in ``sentence``:
    itself, its neighbours, and the list it introduces."""
    around = [
        s for s in (sentence - 1, sentence, sentence + 1) if 0 <= s < len(rd.sentences)
    ]
    return sorted(set(around) | set(list_items(rd, sentence)))
