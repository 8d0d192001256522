"""Render deploy/nginx.conf.in and deploy/headers.conf.in into a runtime folder.

    python3 deploy/render_nginx.py --runtime DIR --listen 127.0.0.1:8080 \\
        --replica 127.0.0.1:8601 --replica 127.0.0.1:8602

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
import urllib.parse

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


def public_origin(text: str) -> tuple[str, str]:
    """The origin, normalised (scheme://host[:port], default port left out), and its host.
    Strict: it is written into nginx's config and into every page's head."""
    parsed = urllib.parse.urlsplit(text.strip())
    host_ok = re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?", parsed.hostname or "")
    if (
        parsed.scheme not in ("http", "https")
        or not host_ok
        or parsed.path not in ("", "/")
        or parsed.query
        or parsed.username
    ):
        raise SystemExit(f"PUBLIC_ORIGIN must be http(s)://host[:port] with nothing after it, not {text!r}")
    default_port = {"http": 80, "https": 443}[parsed.scheme]
    port = f":{parsed.port}" if parsed.port and parsed.port != default_port else ""
    return f"{parsed.scheme}://{parsed.hostname.lower()}{port}", parsed.hostname.lower()


def inline_script_hashes(index_html: pathlib.Path) -> list[str]:
    """CSP source expressions for each inline <script> of Streamlit's index.html."""
    text = index_html.read_text(encoding="utf-8")
    bodies = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", text, re.DOTALL)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'" for body in bodies]


def streamlit_index(python: str | None) -> pathlib.Path:
    if python:
        import subprocess

        out = subprocess.run(
            [python, "-c", "import streamlit, pathlib; print(pathlib.Path(streamlit.__file__).parent)"],
            check=True,
            capture_output=True,
            text=True,
        )
        return pathlib.Path(out.stdout.strip()) / "static" / "index.html"
    import streamlit

    return pathlib.Path(streamlit.__file__).parent / "static" / "index.html"


def worker_user(name: str | None) -> str:
    """As root, nginx's workers drop to ``name`` (default www-data, Debian's nginx user);
    otherwise they run as us."""
    if os.geteuid() != 0:
        return ""
    for candidate in [name] if name else ["www-data", "nobody"]:
        try:
            pwd.getpwnam(candidate)
            return f"user {candidate};"
        except KeyError:
            continue
    return ""


def health_locations(health: str) -> str:
    return f"""        # For a monitor: /healthz is deploy/health.py (200 when every configured replica is
        # healthy; JSON with each replica and the data version it serves), /livez is 200 while
        # any replica answers (still serving).
        location = /healthz {{
            proxy_pass http://{health}/healthz;
            access_log off;
            include {{{{RUNTIME}}}}/headers.conf;
        }}
        location = /livez {{
            proxy_pass http://streamlit/_stcore/health;
            access_log off;
            include {{{{RUNTIME}}}}/headers.conf;
        }}
"""


def default_server(listen: str, health: str, tls: bool) -> str:
    """Any Host that is not the site's: 421, except the health answers for a local monitor."""
    ssl = " ssl http2" if tls else ""
    return f"""    # A request for any other Host (a mistyped or hostile name, a scan by IP address).
    server {{
        listen {listen} default_server{ssl};
        server_name _;
        location = /healthz {{
            allow 127.0.0.1;
            allow ::1;
            deny all;
            proxy_pass http://{health}/healthz;
        }}
        location = /livez {{
            allow 127.0.0.1;
            allow ::1;
            deny all;
            proxy_pass http://streamlit/_stcore/health;
        }}
        location / {{
            return 421;
        }}
    }}
"""


def tls_fields(args, origin: str, server_names: str) -> dict[str, str]:
    """Plain HTTP on --listen, or with --tls-cert/--tls-key: HTTPS with HTTP/2 on --tls-listen,
    HSTS, and --listen only redirecting to the origin (and answering ACME's webroot check)."""
    if not args.tls_cert:
        return {
            "MAIN_LISTEN": f"        listen {args.listen};",
            "TLS": "",
            "HSTS": "",
            "OTHER_SERVERS": default_server(args.listen, args.health, tls=False),
        }
    cert, key = (pathlib.Path(p).resolve() for p in (args.tls_cert, args.tls_key))
    redirect = f"""    # Plain HTTP: the ACME check, and a redirect of everything else to the HTTPS origin.
    server {{
        listen {args.listen};
        server_name {server_names};
        location ^~ /.well-known/acme-challenge/ {{
            root {args.acme_dir};
            default_type text/plain;
            try_files $uri =404;
        }}
        location / {{
            return 301 {origin}$request_uri;
        }}
    }}
"""
    tls = f"""        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_prefer_server_ciphers off;
        ssl_session_cache shared:hmt_tls:10m;
        ssl_session_timeout 1d;
"""
    tls_default = default_server(args.tls_listen, args.health, tls=True).replace(
        "        server_name _;\n", "        server_name _;\n" + tls
    )
    return {
        "MAIN_LISTEN": f"        listen {args.tls_listen} ssl http2;",
        "TLS": tls,
        "HSTS": 'add_header Strict-Transport-Security "max-age=31536000" always;',
        "OTHER_SERVERS": redirect + default_server(args.listen, args.health, tls=False) + tls_default,
    }


def render(args) -> None:
    runtime = pathlib.Path(args.runtime).resolve()
    origin, host = public_origin(args.origin)
    server_names = " ".join(dict.fromkeys([host, *args.server_name.split()]))
    hashes = inline_script_hashes(streamlit_index(args.python))
    servers = "\n".join(f"        server {address} max_fails=0;" for address in args.replica)
    brotli = BROTLI_MODULE.exists() and not args.no_brotli
    brotli_static = brotli and BROTLI_STATIC_MODULE.exists()
    modules = [BROTLI_MODULE] if brotli else []
    modules += [BROTLI_STATIC_MODULE] if brotli_static else []
    static = "            gzip_static on;         # the .gz beside each file\n"
    static += "            brotli_static on;       # the .br beside each file\n" if brotli_static else ""
    extra = (
        "add_header X-Upstream $upstream_addr always;  # debug: which replica answered (tests only)"
        if args.debug_headers
        else ""
    )
    fields = {
        "USER": worker_user(args.worker_user),
        "DAEMON": "" if args.daemon else "daemon off;  # run by systemd (deploy/systemd/)",
        "RUNTIME": str(runtime),
        "WORKER_TMP": str(pathlib.Path(args.worker_tmp).resolve()) if args.worker_tmp else f"{runtime}/tmp",
        "LOAD_MODULES": "".join(f"load_module {module};\n" for module in modules),
        "BROTLI": BROTLI if brotli else "",
        "ASSETS": str(pathlib.Path(args.assets).resolve()),
        "STATIC_COMPRESSION": static.rstrip("\n"),
        "SERVERS": servers,
        "REPLICA_COUNT": str(max(len(args.replica), 1)),
        "ORIGIN": origin,
        "SERVER_NAMES": server_names,
        "ACME_DIR": str(pathlib.Path(args.acme_dir).resolve()),
        "HEALTH_LOCATIONS": health_locations(args.health),
        "EMBED_ANCESTORS": args.embed_ancestors,
        "COOKIE_SECURE": "; Secure" if args.secure_cookie or origin.startswith("https:") else "",
        "SCRIPT_HASHES": " ".join(hashes),
        "EXTRA_HEADERS": extra,
        **tls_fields(args, origin, server_names),
    }
    for name in ("nginx.conf", "headers.conf"):
        text = (HERE / f"{name}.in").read_text(encoding="utf-8")
        for _ in range(3):  # the generated blocks hold {{RUNTIME}} themselves
            text = re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: fields[m.group(1)], text)
        (runtime / name).write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runtime", required=True, help="folder for the rendered config, logs, pid and temp files")
    parser.add_argument("--assets", required=True, help="the folder deploy/build_assets.py printed")
    parser.add_argument("--listen", default="127.0.0.1:8080", help="plain HTTP address (with TLS: redirects only)")
    parser.add_argument("--replica", action="append", required=True, help="host:port of a Streamlit replica (repeat)")
    parser.add_argument("--health", required=True, help="host:port of deploy/health.py")
    parser.add_argument("--origin", required=True, help="the public origin, scheme://host[:port]: the only Host served")
    parser.add_argument(
        "--server-name", default="", help="more names served besides the origin's host (space-separated)"
    )
    parser.add_argument("--tls-cert", help="certificate chain (PEM): serve HTTPS with HTTP/2 and HSTS")
    parser.add_argument("--tls-key", help="its private key (PEM)")
    parser.add_argument("--tls-listen", default="443", help="HTTPS address")
    parser.add_argument(
        "--acme-dir", required=True, help="webroot for /.well-known/acme-challenge/ (certbot --webroot)"
    )
    parser.add_argument("--worker-user", help="as root: the user nginx's workers run as (default www-data)")
    parser.add_argument("--worker-tmp", help="the workers' temp folder (default RUNTIME/tmp)")
    parser.add_argument("--no-daemon", dest="daemon", action="store_false", help="daemon off (under systemd)")
    parser.add_argument(
        "--embed-ancestors", default="*", help="who may frame ?embed=true views (CSP frame-ancestors sources)"
    )
    parser.add_argument(
        "--secure-cookie", action="store_true", help="mark the route cookie Secure (automatic with an https origin)"
    )
    parser.add_argument(
        "--debug-headers", action="store_true", help="add X-Upstream (the replica that answered) to responses"
    )
    parser.add_argument("--no-brotli", action="store_true")
    parser.add_argument("--python", help="the Python whose Streamlit is served (default: this one)")
    args = parser.parse_args()
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    render(args)


if __name__ == "__main__":
    main()
