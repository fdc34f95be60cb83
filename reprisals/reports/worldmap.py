"""A world map of cases by State, drawn on the server as SVG from the TopoJSON file shipped in
``reports/data`` (Natural Earth via world-atlas): equirectangular projection, one linked shape per
State, coloured by class. Counts below the disclosure threshold are never written: such States get
the "fewer than N" class and no number.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

DATA = Path(__file__).parent / "data" / "world-50m.topo.json"
WIDTH, HEIGHT = 960, 440  # 360° by 165° (latitudes 83.6 N to 60 S; Antarctica left out)
NORTH, SOUTH = 84.0, -60.0
# Colours of the classes, lightest first; "none" for States without published cases.
CLASSES = [("none", "#e9ecef"), ("few", "#cfe3f5"), ("c1", "#8fbde6"), ("c2", "#4a90d0"), ("c3", "#1d5fa3"),
           ("c4", "#14325c")]


@lru_cache(maxsize=1)
def shapes() -> dict[str, tuple[str, tuple[str, tuple[float, float, bool]]]]:
    """M49 / ISO numeric code → (name in the file, (SVG path data, (centre x, centre y, too small to see))).
    Points closer than ``_thin``'s step to the previous one kept are dropped."""
    topo = json.loads(DATA.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indexes:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points if not out else points[1:])
        return out

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon + 180) / 360 * WIDTH, (NORTH - max(min(lat, NORTH), SOUTH)) / (NORTH - SOUTH) * HEIGHT

    out: dict[str, tuple[str, str]] = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if not code or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        parts: list[str] = []
        bounds: list[tuple[float, float]] = []
        for polygon in polygons:
            for r in polygon:
                points = _unwrap(ring(r))
                if max(lat for _lon, lat in points) < SOUTH:
                    continue
                lons = [lon for lon, _lat in points]
                # A ring across the 180th meridian is drawn on both edges of the map; the frame clips it.
                shifts = [0.0] + ([-360.0] if max(lons) > 180 else []) + ([360.0] if min(lons) < -180 else [])
                for shift in shifts:
                    pts = [project(lon + shift, lat) for lon, lat in points]
                    if not shift:
                        bounds += pts
                    kept = _thin(pts)
                    if len(kept) >= 3:
                        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z")
        if bounds:
            xs, ys = [x for x, _y in bounds], [y for _x, y in bounds]
            centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, max(max(xs) - min(xs), max(ys) - min(ys)) < 4)
            out[code] = (geometry.get("properties", {}).get("name", code), ("".join(parts), centre))
    return out


def _thin(points: list[tuple[float, float]], step: float = 1.2) -> list[tuple[float, float]]:
    """Drop points closer than ``step`` pixels to the last one kept: detail the eye cannot see here."""
    kept: list[tuple[float, float]] = []
    for x, y in points:
        if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= step:
            kept.append((x, y))
    return kept


def _unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Make longitudes continuous along a ring (no jump of more than 180 degrees between points)."""
    out: list[tuple[float, float]] = []
    offset = 0.0
    for lon, lat in points:
        if out:
            previous = out[-1][0]
            while lon + offset - previous > 180:
                offset -= 360
            while lon + offset - previous < -180:
                offset += 360
        out.append((lon + offset, lat))
    return out


@dataclass(frozen=True)
class MapState:
    m49: str
    iso3: str
    name: str
    count: int
    url: str = ""
    shown: bool = True  # False: below the threshold, or grouped with such States (no number is given)


def classify(count: int, threshold: int, top: int, shown: bool = True) -> str:
    if count <= 0:
        return "none"
    if count < threshold or not shown:
        return "few"
    step = max((top - threshold + 1) / 4, 1)
    return f"c{min(4, int((count - threshold) // step) + 1)}"


def legend(threshold: int, top: int, few_label: str = "") -> list[tuple[str, str, str]]:
    """(class, colour, label) for each class in use."""
    colours = dict(CLASSES)
    out = [("none", colours["none"], "0"), ("few", colours["few"], few_label or f"1–{threshold - 1}")]
    step = max((top - threshold + 1) / 4, 1)
    for k in range(1, 5):
        low = threshold + int(round((k - 1) * step))
        high = threshold + int(round(k * step)) - 1 if k < 4 else max(top, threshold)
        if low <= max(top, threshold) and (k == 1 or low <= top):
            out.append((f"c{k}", colours[f"c{k}"], f"{low}–{high}" if high > low else str(low)))
    return out


def svg(states: Mapping[str, MapState], threshold: int, title: str, few_label: str) -> str:
    """The map as an SVG document. ``states`` by M49 code; a State below the threshold shows
    ``few_label`` ("fewer than 3") instead of its count. The States with published cases are links, so the map is
    a named group, not an image: an image may not hold interactive controls (WCAG 4.1.2)."""
    colours = dict(CLASSES)
    top = max((s.count for s in states.values() if s.shown), default=0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" '
             f'aria-labelledby="map-title" class="world-map">', f'<title id="map-title">{escape(title)}</title>',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>']
    for code, (file_name, path) in sorted(shapes().items()):
        state = states.get(code)
        count = state.count if state else 0
        shown = state.shown if state else True
        cls = classify(count, threshold, top, shown)
        name = state.name if state else file_name
        label = f"{name}: {count if count >= threshold and shown else few_label}" if count else name
        d, (cx, cy, small) = path
        # A State too small to see at this scale gets a dot as well, so that it can be seen and chosen.
        dot = f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3"/>' if small else ""
        outline = f'<path d="{d}"/>' if d else ""
        shape = (f'<g fill="{colours[cls]}" stroke="#6c757d" stroke-width="0.3"><title>{escape(label)}</title>'
                 f"{outline}{dot}</g>")
        if state and state.url and count:
            shape = f"<a href={quoteattr(state.url)}>{shape}</a>"
        parts.append(shape)
    parts.append("</svg>")
    return "".join(parts)
