"""Render deploy/nginx.conf.in and deploy/headers.conf.in into a runtime folder.

    python3 deploy/render_nginx.py --runtime DIR --listen 127.0.0.1:8080 --replica 127.0.0.1:8601 --replica 127.0.0.1:8602

Standard library only. The CSP allows Streamlit's inline script(s) by hash, read from the
installed Streamlit's index.html, so an upgrade of Streamlit cannot silently break the page:
re-render (deploy/start.sh does at every start).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import pathlib
import pwd
import re

HERE = pathlib.Path(__file__).resolve().parent
MODULES = pathlib.Path("/usr/lib/nginx/modules")
BROTLI_MODULE = MODULES / "ngx_http_brotli_filter_module.so"
BROTLI_STATIC_MODULE = MODULES / "ngx_http_brotli_static_module.so"
BROTLI = """    # Brotli too, where Debian's libnginx-mod-http-brotli-filter is installed (it is smaller
    # than gzip for JavaScript by a further 10-20 %; browsers ask for it over HTTPS and localhost).
    brotli on;
    brotli_comp_level 5;
    brotli_min_length 1024;
    brotli_types text/css text/plain text/csv text/javascript application/javascript application/json
                 application/geo+json application/manifest+json application/vnd.geo+json image/svg+xml;
"""


PREVIEW_MAPS = """    # ---- Link previews (deploy/build_previews.py) ------------------------------------------
    # Crawlers do not run scripts, and Streamlit's index.html is the same on every path (title
    # "Streamlit", no description): each page's <title>, description, Open Graph and Twitter
    # card tags replace Streamlit's <title> (sub_filter in location /), for every reader.
    map $http_host $hmt_origin {
        default "$scheme://$http_host";
    }
    map $uri $hmt_head {
%s
    }
"""
PREVIEW_LOCATIONS = """        # The pictures of each page's default view for link previews, and robots.txt.
        location /previews/ {
            alias %s/;
            add_header Cache-Control "public, max-age=3600" always;
            include {{RUNTIME}}/headers.conf;
        }
        location = /robots.txt {
            alias %s;
            default_type text/plain;
            add_header Cache-Control "public, max-age=3600" always;
            include {{RUNTIME}}/headers.conf;
        }
"""
PREVIEW_HEAD = """            sub_filter '<title>Streamlit</title>' $hmt_head;
            sub_filter_once on;
"""


def nginx_string(text: str) -> str:
    """A double-quoted nginx string. The tags are HTML with every "$" of their text written as
    an entity (build_previews.py), so the only variables left are nginx's own."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def preview_fields(previews: str | None) -> dict[str, str]:
    if not previews:
        return {"PREVIEW_MAPS": "", "PREVIEW_LOCATIONS": "", "PREVIEW_HEAD": ""}
    import json

    folder = pathlib.Path(previews).resolve()
    heads = json.loads((folder / "heads.json").read_text(encoding="utf-8"))
    lines = [f"        default {nginx_string(heads['/'])};"]
    for path, tags in heads.items():
        pattern = "~^/$" if path == "/" else f"~^{re.escape(path)}/?$"
        lines.append(f"        {nginx_string(pattern)} {nginx_string(tags)};")
    return {
        "PREVIEW_MAPS": PREVIEW_MAPS % "\n".join(lines),
        "PREVIEW_LOCATIONS": PREVIEW_LOCATIONS % (folder, HERE / "robots.txt"),
        "PREVIEW_HEAD": PREVIEW_HEAD,
    }


def inline_script_hashes(index_html: pathlib.Path) -> list[str]:
    """CSP source expressions for each inline <script> of Streamlit's index.html."""
    text = index_html.read_text(encoding="utf-8")
    bodies = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", text, re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'" for body in bodies]


def streamlit_index(python: str | None) -> pathlib.Path:
    if python:
        import subprocess

        out = subprocess.run([python, "-c", "import streamlit, pathlib; print(pathlib.Path(streamlit.__file__).parent)"], check=True, capture_output=True, text=True)
        return pathlib.Path(out.stdout.strip()) / "static" / "index.html"
    import streamlit

    return pathlib.Path(streamlit.__file__).parent / "static" / "index.html"


def worker_user() -> str:
    """As root, nginx's workers drop to www-data (Debian's nginx user); otherwise they run as us."""
    if os.geteuid() != 0:
        return ""
    for name in ("www-data", "nobody"):
        try:
            pwd.getpwnam(name)
            return f"user {name};"
        except KeyError:
            continue
    return ""


def render(args) -> None:
    runtime = pathlib.Path(args.runtime).resolve()
    hashes = inline_script_hashes(streamlit_index(args.python))
    servers = "\n".join(f"        server {address} max_fails=1 fail_timeout=10s;" for address in args.replica)
    brotli = BROTLI_MODULE.exists() and not args.no_brotli
    brotli_static = brotli and BROTLI_STATIC_MODULE.exists()
    modules = [BROTLI_MODULE] if brotli else []
    modules += [BROTLI_STATIC_MODULE] if brotli_static else []
    static = "            gzip_static on;         # the .gz beside each file\n"
    static += "            brotli_static on;       # the .br beside each file\n" if brotli_static else ""
    extra = "add_header X-Upstream $upstream_addr always;  # debug: which replica answered (tests only)" if args.debug_headers else ""
    fields = {
        "USER": worker_user(),
        "RUNTIME": str(runtime),
        "LOAD_MODULES": "".join(f"load_module {module};\n" for module in modules),
        "BROTLI": BROTLI if brotli else "",
        "ASSETS": str(pathlib.Path(args.assets).resolve()),
        "STATIC_COMPRESSION": static.rstrip("\n"),
        "SERVERS": servers,
        "REPLICA_COUNT": str(max(len(args.replica), 1)),
        "LISTEN": args.listen,
        "SERVER_NAME": args.server_name,
        "EMBED_ANCESTORS": args.embed_ancestors,
        "COOKIE_SECURE": "; Secure" if args.secure_cookie else "",
        "SCRIPT_HASHES": " ".join(hashes),
        "EXTRA_HEADERS": extra,
        **preview_fields(args.previews),
    }
    for name in ("nginx.conf", "headers.conf"):
        text = (HERE / f"{name}.in").read_text(encoding="utf-8")
        for _ in range(2):  # the preview blocks hold {{RUNTIME}} themselves
            text = re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: fields[m.group(1)], text)
        (runtime / name).write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runtime", required=True, help="folder for the rendered config, logs, pid and temp files")
    parser.add_argument("--assets", required=True, help="the folder deploy/build_assets.py printed")
    parser.add_argument("--listen", default="127.0.0.1:8080")
    parser.add_argument("--replica", action="append", required=True, help="host:port of a Streamlit replica (repeat)")
    parser.add_argument("--server-name", default="localhost")
    parser.add_argument("--embed-ancestors", default="*", help="who may frame ?embed=true views (CSP frame-ancestors sources)")
    parser.add_argument("--secure-cookie", action="store_true", help="mark the route cookie Secure (behind TLS)")
    parser.add_argument("--debug-headers", action="store_true", help="add X-Upstream (the replica that answered) to responses")
    parser.add_argument("--no-brotli", action="store_true")
    parser.add_argument("--previews", help="the folder deploy/build_previews.py printed (link previews and robots.txt)")
    parser.add_argument("--python", help="the Python whose Streamlit is served (default: this one)")
    render(parser.parse_args())


if __name__ == "__main__":
    main()
