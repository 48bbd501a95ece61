"""The static files as the app serves them: under names that change with their content, kept by
browsers for a year, compressed as the browser asks, never a stale file for an outdated name."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import brotli
import pytest

from app.assets import BUILD_FOLDER, HASHED_NAME, MANIFEST
from app.build_assets import build

SOURCE = Path(__file__).parent.parent / "app" / "static"


@pytest.fixture(scope="module")
def manifest() -> dict[str, str]:
    return json.loads((BUILD_FOLDER / MANIFEST).read_text())


def _app_css_url(client) -> str:
    return re.search(r'href="(/static/css/app\.[0-9a-f]+\.css)"', client.get("/").get_data(as_text=True)).group(1)


def test_pages_name_the_hashed_files(client, manifest):
    html = client.get("/").get_data(as_text=True)
    named = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
    assert named and all(HASHED_NAME.search(name) for name in named)
    assert set(named) <= set(manifest.values())


def test_an_outdated_or_unknown_hashed_name_is_not_found(client):
    current = _app_css_url(client)
    outdated = re.sub(r"\.[0-9a-f]+\.css$", ".0123456789ab.css", current)
    assert client.client.get(current).status_code == 200
    assert client.client.get(outdated).status_code == 404
    assert client.client.get("/static/js/gone.0123456789ab.js").status_code == 404


@pytest.mark.parametrize(
    ("accepted", "encoding"), [("gzip, deflate, br", "br"), ("gzip, deflate", "gzip"), ("identity", None)]
)
def test_the_browser_gets_the_compression_it_accepts(client, accepted, encoding):
    response = client.client.get(_app_css_url(client), headers={"Accept-Encoding": accepted})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    body = response.get_data()
    plain = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding](body)
    assert plain == (SOURCE / "css" / "app.css").read_bytes()


def test_a_hashed_file_is_kept_a_year_and_carries_the_security_headers(client):
    response = client.client.get(_app_css_url(client))
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.mimetype == "text/css"


def test_a_static_file_needs_no_trusted_host(client):
    # A file builds no absolute URL; only pages refuse a forged Host.
    assert client.client.get(_app_css_url(client), headers={"Host": "evil.example"}).status_code == 200
    assert client.client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_a_changed_file_gets_a_new_name_and_so_does_the_css_that_points_at_it(tmp_path):
    source = tmp_path / "static"
    (source / "fonts").mkdir(parents=True)
    (source / "fonts" / "face.woff2").write_bytes(b"font, first version")
    (source / "fonts" / "face.css").write_text("@font-face{src:url(face.woff2) format('woff2')}")
    (source / "app.css").write_text("body{background:url('fonts/face.woff2#x')}")
    (source / "app.js").write_text("console.log('the same');" * 20)
    first = build(source, tmp_path / "dist")

    font = first["fonts/face.woff2"]
    assert HASHED_NAME.search(font)
    font_css = (tmp_path / "dist" / first["fonts/face.css"]).read_text()
    assert f"url({Path(font).name})" in font_css
    assert f"url('{font}#x')" in (tmp_path / "dist" / first["app.css"]).read_text()
    assert (tmp_path / "dist" / (first["app.js"] + ".br")).exists()
    assert (tmp_path / "dist" / (first["app.js"] + ".gz")).exists()

    (source / "fonts" / "face.woff2").write_bytes(b"font, second version")
    second = build(source, tmp_path / "dist")
    assert second["fonts/face.woff2"] != font
    assert second["fonts/face.css"] != first["fonts/face.css"]
    assert second["app.css"] != first["app.css"]
    assert second["app.js"] == first["app.js"]
    # The old names are gone from the build, so the app answers 404 for them.
    assert not (tmp_path / "dist" / font).exists()
