"""The static files as the app serves them: WhiteNoise over the build `make assets` writes
(app/build_assets.py), at /static/, in front of everything else.

A hashed name's content never changes, so browsers keep it for a year without asking again, and a
repeat visit fetches only the page; gzip or Brotli is chosen by the browser's Accept-Encoding.
An unknown or outdated hashed name falls through to Flask, which answers 404: never a stale file.
Without a build (a fresh checkout before `make assets`), pages name the plain files, which
Flask's own static route serves, revalidated on every use.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from flask import Flask, current_app, url_for
from whitenoise import WhiteNoise

from app.security import COMMON_HEADERS

log = logging.getLogger("minplan.assets")
BUILD_FOLDER = Path(__file__).parent / "static-dist"
IMMUTABLE = "public, max-age=31536000, immutable"
MANIFEST = "manifest.json"
HASH_LENGTH = 12
# A name `make assets` gave a file (name.<12 hex>.ext), whose content never changes.
HASHED_NAME = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.[A-Za-z0-9]+$")


def asset(name: str) -> str:
    """The URL of a static file by its plain name (css/app.css): its hashed name when built."""
    hashed = current_app.extensions["minplan.assets"].get(name)
    if hashed is None:
        return url_for("static", filename=name)
    return f"{current_app.static_url_path}/{hashed}"


def _is_hashed(path: str, url: str) -> bool:
    return bool(HASHED_NAME.search(url))


def _add_headers(headers, path: str, url: str) -> None:
    # The same headers Flask's responses carry (app/security.py); these never reach Flask.
    for name, value in COMMON_HEADERS.items():
        headers[name] = value
    headers["X-Frame-Options"] = "DENY"
    if _is_hashed(path, url):
        headers["Cache-Control"] = IMMUTABLE


def load_manifest(folder: Path) -> dict[str, str]:
    try:
        return json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        return {}


def init_app(app: Flask, folder: Path = BUILD_FOLDER) -> None:
    """Wraps the app outermost, outside ProxyFix and the host check: a static file builds no
    absolute URL, so it needs neither, and is answered without a session, a database or a log
    line."""
    manifest = load_manifest(folder)
    app.extensions["minplan.assets"] = manifest
    app.add_template_global(asset)
    if not manifest:
        log.warning("no static build: serving the plain files", extra={"event": "assets.not_built"})
        return
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=folder,
        prefix=app.static_url_path,
        max_age=0,  # the one unhashed file, manifest.json: asked again each time
        allow_all_origins=False,
        immutable_file_test=_is_hashed,
        add_headers_function=_add_headers,
    )
