"""A generated news corpus for the benchmarks: mostly irrelevant, ~1% travel advice.

Every article is assembled from templates and word lists written for this file, so
the corpus is free to share and the same seed always gives the same bytes. The
mix follows what a news feed looks like to travelwatch:

* most articles are about sport, business, science, culture or local affairs;
* a few mention travel without advising anything (tourism, airlines), so the
  cheap screen lets some of them through, as it does with real news;
* about 1% report a government's travel advice: issuer, destination, the advice
  in one of the usual wordings, a reason and a date.

    .venv/bin/python benchmarks/corpus.py --articles 100000 --out /tmp/corpus.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ADVICE_SHARE = 0.01
TRAVEL_CHATTER_SHARE = 0.04

# (country, how its citizens are called, the office that speaks for it)
ISSUERS = (
    ("Canada", "Canadians", "Global Affairs Canada"),
    ("Japan", "Japanese nationals", "Japan's Foreign Ministry"),
    ("Germany", "German citizens", "Germany's Federal Foreign Office"),
    ("Australia", "Australians", "the Department of Foreign Affairs and Trade"),
    ("Britain", "British nationals", "the Foreign Office in London"),
    ("the United States", "Americans", "the US State Department"),
    ("France", "French citizens", "France's foreign ministry"),
    ("India", "Indian nationals", "India's Ministry of External Affairs"),
)
# ISO codes of twenty issuers, for benchmarks that build stores of advisories directly.
ISSUER_CODES = (
    "US",
    "GB",
    "CA",
    "AU",
    "NZ",
    "DE",
    "FR",
    "JP",
    "CN",
    "RU",
    "IN",
    "KR",
    "IE",
    "NL",
    "SE",
    "IT",
    "ES",
    "BR",
    "ZA",
    "SG",
)
DESTINATIONS = (
    "Haiti", "Sudan", "Myanmar", "Peru", "Niger", "Lebanon", "Venezuela",
    "Mali", "Ecuador", "Bangladesh", "Nicaragua", "Ethiopia", "Yemen", "Libya",
)  # fmt: skip
ADVICE = (
    "avoid all travel to {dest}",
    "avoid non-essential travel to {dest}",
    "reconsider travel to {dest}",
    "leave {dest} immediately",
    "exercise a high degree of caution in {dest}",
    "not travel to {dest}",
)
REASONS = (
    "armed clashes between rival groups",
    "a wave of kidnappings",
    "violent protests and road blockades",
    "the risk of terrorist attacks",
    "severe flooding that cut major roads",
    "an outbreak of cholera",
    "rising violent crime",
)
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip

TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "sport": {
        "who": ("the home side", "the league leaders", "the visiting club",
                "the national squad", "the veteran striker", "the young goalkeeper"),
        "did": ("won a tense match", "drew after extra time", "lost narrowly",
                "signed a two-year contract", "returned from injury",
                "set a club record"),
        "detail": ("in front of a sold-out crowd", "despite heavy rain",
                   "after a late penalty", "with three changes to the line-up",
                   "on a bumpy pitch", "before the winter break"),
    },
    "business": {
        "who": ("the regional bank", "a mid-sized retailer", "the steel maker",
                "a software start-up", "the dairy cooperative", "the port operator"),
        "did": ("reported higher quarterly profit", "cut its sales forecast",
                "announced a share buy-back", "opened a new warehouse",
                "hired a new chief executive", "agreed to a merger"),
        "detail": ("as input costs eased", "amid weaker demand",
                   "after a year of restructuring", "ahead of analyst estimates",
                   "while wages kept rising", "with investors cautious"),
    },
    "science": {
        "who": ("a team of astronomers", "marine biologists", "the university lab",
                "climate researchers", "a group of chemists", "plant geneticists"),
        "did": ("published new measurements", "described an unknown species",
                "tested a cheaper catalyst", "mapped a deep-sea ridge",
                "recorded a rare signal", "sequenced an ancient grain"),
        "detail": ("using a decade of data", "with a modest budget",
                   "in a peer-reviewed journal", "after months of fieldwork",
                   "with help from volunteers", "on a borrowed telescope"),
    },
    "culture": {
        "who": ("the city orchestra", "a first-time novelist", "the folk festival",
                "the national gallery", "a touring theatre company",
                "the film society"),
        "did": ("opened its autumn season", "won a literary prize",
                "sold out every night", "restored a forgotten painting",
                "premiered a new comedy", "celebrated its fiftieth year"),
        "detail": ("to warm reviews", "with a programme of local composers",
                   "in a converted warehouse", "after a long renovation",
                   "with free tickets for students", "despite a tight budget"),
    },
    "local": {
        "who": ("the town council", "residents of the old quarter",
                "the volunteer fire brigade", "the primary school", "the bus company",
                "the allotment society"),
        "did": ("approved a new cycle lane", "complained about night noise",
                "held an open day", "planted two hundred trees",
                "changed its timetable", "raised money for a new roof"),
        "detail": ("after a public consultation", "over the bank holiday",
                   "with support from local shops", "following a close vote",
                   "to mixed reactions", "before the spring fair"),
    },
}  # fmt: skip
FILLER = (
    "Officials said more details would follow next week.",
    "A spokesperson declined to comment on the figures.",
    "The announcement came after months of speculation.",
    "Several people who attended described the mood as upbeat.",
    "Critics argued the decision had been rushed.",
    "Supporters said the change was long overdue.",
    "Numbers published on Monday showed a steady rise.",
    "The next meeting is planned for the end of the month.",
)
TRAVEL_CHATTER = (
    "Airlines added extra summer flights as holiday bookings recovered.",
    "Tour operators said travel to coastal resorts was up on last year.",
    "The tourism board launched a campaign to attract visitors in winter.",
    "Hotel owners reported full rooms over the long weekend.",
)
OUTLETS = ("Daily Ledger", "Evening Courier", "The Harbour Post", "Metro Wire")


def _date(rng: random.Random) -> dt.date:
    return dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(700))


def _plain_article(rng: random.Random, n: int) -> tuple[str, str]:
    topic = TOPICS[rng.choice(sorted(TOPICS))]
    lead = (
        f"{rng.choice(topic['who'])} {rng.choice(topic['did'])} "
        f"{rng.choice(topic['detail'])}"
    )
    sentences = [lead[0].upper() + lead[1:] + "."]
    for _ in range(rng.randint(12, 24)):
        if rng.random() < 0.55:
            who, did, detail = (rng.choice(topic[k]) for k in ("who", "did", "detail"))
            count = rng.randint(2, 900)
            sentences.append(
                f"Earlier, {who} {did} {detail}, according to {count} people "
                f"familiar with item {n}."
            )
        else:
            sentences.append(rng.choice(FILLER))
    if rng.random() < TRAVEL_CHATTER_SHARE / (1 - ADVICE_SHARE):
        sentences.insert(rng.randint(1, len(sentences)), rng.choice(TRAVEL_CHATTER))
    return lead.capitalize(), " ".join(sentences)


def _advice_article(rng: random.Random, day: dt.date) -> tuple[str, str]:
    country, citizens, office = rng.choice(ISSUERS)
    dest = rng.choice(DESTINATIONS)
    advice = rng.choice(ADVICE).format(dest=dest)
    reason = rng.choice(REASONS)
    when = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    title = f"{country} tells {citizens} to {advice}"
    body = [
        f"{when} - {office} has updated its travel advice, urging {citizens} to "
        f"{advice} because of {reason}.",
        f"The warning follows reports of {reason} in several provinces of {dest}.",
        f"{citizens} already in {dest} were told to keep in touch with their embassy "
        "and to monitor local media.",
        rng.choice(FILLER),
        rng.choice(FILLER),
    ]
    return title, "\n".join([title, "", *body])


def generate(count: int, *, seed: int = 7) -> Iterator[dict[str, Any]]:
    """``count`` article objects as travelwatch reads them from JSON lines."""
    rng = random.Random(seed)
    for n in range(count):
        day = _date(rng)
        relevant = rng.random() < ADVICE_SHARE
        if relevant:
            title, text = _advice_article(rng, day)
        else:
            title, text = _plain_article(rng, n)
        yield {
            "title": title,
            "text": text,
            "published": day.isoformat(),
            "outlet": rng.choice(OUTLETS),
            "url": f"https://news.example/{n}",
            "advice": relevant,
        }


def write_corpus(path: Path, count: int, *, seed: int = 7) -> dict[str, int]:
    """Write the corpus as JSON lines; returns article, advice and byte counts."""
    advice = 0
    with path.open("w", encoding="utf-8") as fh:
        for item in generate(count, seed=seed):
            advice += bool(item["advice"])
            fh.write(json.dumps(item) + "\n")
    return {"articles": count, "advice": advice, "bytes": path.stat().st_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(write_corpus(args.out, args.articles, seed=args.seed))


if __name__ == "__main__":
    main()
