"""Fetch the plotly.js "basic" build that matches the installed plotly package into static/vendor/.

    .venv/bin/python scripts/vendor_plotly_basic.py

Run it after upgrading plotly in requirements.txt: the figures plotly.py builds are meant for
the plotly.js version it bundles, and tests/test_charts.py fails until the two match. The
file comes from the npm registry (package plotly.js-basic-dist-min, MIT licence); the script
puts V8's compile hint on its first line (light_chart.COMPILE_HINT).
"""

from __future__ import annotations

import hashlib
import io
import json
import pathlib
import sys
import tarfile
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from components.light_chart import COMPILE_HINT, ROOT, bundled_plotly_version

REGISTRY = "https://registry.npmjs.org/plotly.js-basic-dist-min"


def main() -> None:
    version = bundled_plotly_version()
    meta = json.load(urllib.request.urlopen(f"{REGISTRY}/{version}", timeout=60))
    tarball = urllib.request.urlopen(meta["dist"]["tarball"], timeout=120).read()
    if hashlib.sha1(tarball).hexdigest() != meta["dist"]["shasum"]:
        sys.exit("the downloaded tarball does not match the registry's checksum")
    vendor = ROOT / "static" / "vendor"
    with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
        script = archive.extractfile("package/plotly-basic.min.js").read()
        licence = archive.extractfile("package/LICENSE").read()
    for old in vendor.glob("plotly-basic-*.min.js"):
        old.unlink()
    # The compile hint first (components/light_chart.py, COMPILE_HINT, says why).
    (vendor / f"plotly-basic-{version}.min.js").write_bytes(COMPILE_HINT.encode() + script)
    (vendor / "plotly.js-LICENSE.txt").write_bytes(licence)
    print(
        f"static/vendor/plotly-basic-{version}.min.js ({len(script) / 1e6:.2f} "
        f"MB); now set PLOTLY_VERSION = {version!r} in components/light_chart.py"
    )


if __name__ == "__main__":
    main()
