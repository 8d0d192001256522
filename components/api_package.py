"""The data API's downloads of the whole dataset and its feed, registered as extra addresses
under /api/v1/ (``api_data.register``): the Frictionless Data Package (``datapackage.json``),
each table's file as the package describes it (``data/<table>.csv``, so a tool can read the
package from its address), the zip of both (``haiti-mission-tracker-<version>.zip``) and the
Atom feed of facts added (``changes.atom``, filtered by ``countries`` and worded in ``lang``).
The bodies come from components/datapackage.py and components/feed.py. Links inside them start
at the configured public origin (``PUBLIC_ORIGIN``, components/preview_middleware.py), never at
the request's Host header."""

from __future__ import annotations

from components import api_data, datapackage, feed, preview_middleware, previews
from components.data import Dataset
from components.schema import TABLES
from components.url_state import FilterState

JSON_TYPE = "application/json; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"


def site_root() -> str:
    """The dashboard's public address (origin and base path), as link previews use it."""
    return previews.site_root(preview_middleware.configured_origin(), preview_middleware.base_path())


def _descriptor(ds: Dataset, state: FilterState, prefix: str) -> bytes:
    return datapackage.descriptor_json(ds, site_root())


def _zip(ds: Dataset, state: FilterState, prefix: str) -> bytes:
    return datapackage.data_zip(ds)


def _feed(ds: Dataset, state: FilterState, prefix: str) -> bytes:
    return feed.changes_atom(ds, base_url=site_root(), countries=state.countries, lang=state.lang).encode("utf-8")


def _table_file(name: str):
    def build(ds: Dataset, state: FilterState, prefix: str) -> bytes:
        return datapackage.csv_files(ds)[name]

    return build


api_data.register(
    api_data.Endpoint("datapackage.json", "The Frictionless Data Package of every table", JSON_TYPE, _descriptor)
)
api_data.register(
    api_data.Endpoint(
        "haiti-mission-tracker-{version}.zip",
        "The data package and every table's CSV, in one zip named by the data version",
        "application/zip",
        _zip,
        "haiti-mission-tracker-{version}.zip",
    )
)
api_data.register(
    api_data.Endpoint(
        "changes.atom", "An Atom feed of the facts added, newest first (countries, lang)", ATOM_TYPE, _feed
    )
)
for _name in TABLES:
    api_data.register(
        api_data.Endpoint(
            f"data/{_name}.csv",
            f"The {_name} table as the data package describes it (unfiltered)",
            CSV_TYPE,
            _table_file(_name),
        )
    )
