"""Build data/world_110m.geojson, the country outlines the map page draws.

Source: Natural Earth 1:110m admin-0 countries (public domain), as shipped inside the
pyogrio wheel as a test fixture (pyogrio/tests/fixtures/naturalearth_lowres). Nothing is
downloaded at run time; the app only reads the committed GeoJSON.

Run it once, in a throwaway environment (these packages are not app dependencies):

    python3 -m venv /tmp/geo && /tmp/geo/bin/pip install pyogrio==0.13.0 shapely==2.2.0
    /tmp/geo/bin/python scripts/build_world_outlines.py

Why simplify: the map is drawn by deck.gl with software WebGL on machines without a GPU,
where polygon tessellation is the slowest part of the page. A 0.2 degree tolerance keeps
every country recognisable at world zoom while cutting the vertex count several-fold.
"""

from __future__ import annotations

import json
import pathlib

import pyogrio
import shapely
from shapely.geometry import mapping

FIXTURE = pathlib.Path(pyogrio.__file__).parent / "tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp"
OUTPUT = pathlib.Path(__file__).resolve().parents[1] / "data" / "world_110m.geojson"
TOLERANCE_DEGREES = 0.2
DECIMALS = 2

# Natural Earth leaves iso_a3 as "-99" for a few countries; these are their real codes.
ISO3_FIXES = {"France": "FRA", "Norway": "NOR", "Kosovo": "XKX", "N. Cyprus": "CYN", "Somaliland": "SOL"}


def rounded(geometry):
    """Round coordinates so the file stays small; 0.01 degree is about 1 km."""
    return shapely.set_precision(geometry, 10**-DECIMALS)


def main() -> None:
    meta, _, geometries, fields = pyogrio.raw.read(FIXTURE)
    names = meta["fields"].tolist()
    name_column, iso_column = fields[names.index("name")], fields[names.index("iso_a3")]
    features = []
    vertex_count = 0
    for wkb, name, iso3 in zip(geometries, name_column, iso_column, strict=False):
        geometry = shapely.from_wkb(wkb)
        simple = rounded(shapely.simplify(geometry, TOLERANCE_DEGREES, preserve_topology=True))
        if simple.is_empty:
            continue
        vertex_count += shapely.get_num_coordinates(simple)
        iso3 = ISO3_FIXES.get(name, iso3)
        features.append({"type": "Feature", "properties": {"iso3": iso3, "name": name}, "geometry": mapping(simple)})
    collection = {
        "type": "FeatureCollection",
        "name": "world_110m",
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via the pyogrio 0.13.0 wheel",
        "features": features,
    }
    OUTPUT.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"{len(features)} countries, {vertex_count} vertices, {OUTPUT.stat().st_size / 1024:.0f} KiB -> {OUTPUT}")


if __name__ == "__main__":
    main()
