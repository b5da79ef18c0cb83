"""Rebuild ``static/map/world.json`` from Natural Earth 110m TopoJSON (one-off tool).

The committed file was made with::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m travelwatch.web.build_map package/countries-110m.json

It decodes the TopoJSON arcs, projects them (equirectangular, 1 degree = 2.5
units) and writes one SVG path per country keyed by its ISO 3166-1 alpha-2 code,
so that the dashboard draws the map server-side without any JavaScript.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pycountry

SCALE = 2.5
WIDTH = 360 * SCALE
# Antarctica is cut: it carries no advice and would take a third of the height.
TOP, BOTTOM = 84.0, -58.0
HEIGHT = (TOP - BOTTOM) * SCALE
OUT = Path(__file__).resolve().parent / "static" / "map" / "world.json"

# Natural Earth areas without an ISO numeric code, mapped to the code travelwatch uses.
_UNNUMBERED = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}


def _decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    # A ring crossing the antimeridian would be drawn as a stripe across the map:
    # keep its longitudes continuous instead (the part past the edge is redrawn
    # on the other side by the caller).
    out: list[tuple[float, float]] = []
    shift = 0.0
    for lon, lat in points:
        if out:
            prev = out[-1][0] - shift
            if lon - prev > 180:
                shift -= 360
            elif prev - lon > 180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def _path(points: list[tuple[float, float]]) -> str:
    projected = []
    last = None
    for lon, lat in points:
        p = (round((lon + 180) * SCALE, 1), round((TOP - lat) * SCALE, 1))
        if p != last:
            projected.append(p)
            last = p
    if len(projected) < 3:
        return ""
    head = f"M{projected[0][0]:g},{projected[0][1]:g}"
    rest = "L" + " ".join(f"{x:g},{y:g}" for x, y in projected[1:])
    return head + rest + "Z"


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> str:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    points = _unwrap(points)
    d = _path(points)
    lons = [lon for lon, _ in points]
    if max(lons) > 180:
        d += _path([(lon - 360, lat) for lon, lat in points])
    if min(lons) < -180:
        d += _path([(lon + 360, lat) for lon, lat in points])
    return d


def _code(geometry: dict[str, Any]) -> str | None:
    name = geometry.get("properties", {}).get("name", "")
    if "id" not in geometry:
        return _UNNUMBERED.get(name)
    country = pycountry.countries.get(numeric=geometry["id"])
    return None if country is None else str(country.alpha_2)


def build(topo: dict[str, Any]) -> dict[str, Any]:
    arcs = _decode_arcs(topo)
    shapes: dict[str, dict[str, Any]] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        code = _code(geom)
        if code is None or code == "AQ":
            continue
        polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        d = "".join(_ring(arcs, ring) for poly in polygons for ring in poly)
        entry = shapes.setdefault(code, {"code": code, "name": "", "d": ""})
        entry["d"] += d
        if not entry["name"] or "id" in geom:
            entry["name"] = geom["properties"]["name"]
    return {
        "source": "Natural Earth 1:110m Admin 0 via world-atlas 2.0.2",
        "width": WIDTH,
        "height": HEIGHT,
        "countries": sorted(shapes.values(), key=lambda s: s["code"]),
    }


def main(argv: list[str]) -> None:
    topo = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(build(topo), separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
