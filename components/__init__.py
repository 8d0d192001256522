"""Logic behind the Haiti Mission Tracker pages: data, filters, charts, URL state."""
