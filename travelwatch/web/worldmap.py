"""The committed world map (``static/map/world.json``): SVG paths and GeoJSON rings.

The file holds one projected SVG path per country (see :mod:`build_map`). The
projection is linear, so GeoJSON exports turn the same paths back into degrees.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from travelwatch.web.build_map import SCALE, TOP

WORLD_FILE = Path(__file__).resolve().parent / "static" / "map" / "world.json"

_RING = re.compile(r"M([^Z]+)Z")


@cache
def world() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(WORLD_FILE.read_text(encoding="utf-8"))
    return data


@cache
def shapes() -> dict[str, dict[str, Any]]:
    """Country code -> {code, name, d}."""
    return {c["code"]: c for c in world()["countries"]}


def _signed_area(ring: list[list[float]]) -> float:
    return sum(
        x0 * y1 - x1 * y0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def _ring(body: str) -> list[list[float]]:
    points = []
    for pair in body.replace("L", " ").split():
        x, y = (float(v) for v in pair.split(","))
        points.append([round(x / SCALE - 180, 2), round(TOP - y / SCALE, 2)])
    return points


def geometry(code: str) -> dict[str, Any] | None:
    """The country as a GeoJSON MultiPolygon in degrees, or None when not on the map."""
    shape = shapes().get(code)
    if shape is None:
        return None
    polygons: list[list[list[list[float]]]] = []
    outer_sign = 0.0
    for body in _RING.findall(shape["d"]):
        ring = _ring(body)
        sign = _signed_area(ring)
        # Holes wind the other way round from the outer ring before them.
        if polygons and outer_sign * sign < 0:
            polygons[-1].append(ring + ring[:1])
            continue
        outer_sign = sign
        polygons.append([ring + ring[:1]])
    return {"type": "MultiPolygon", "coordinates": polygons}
