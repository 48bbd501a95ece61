"""Page weight budgets, as the app itself sends them over HTTP (no proxy in front): a first visit
≤ 150 KB transferred, fonts included; a repeat visit fetches only the page; an htmx navigation
≤ 15 KB."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import requests

from app.assets import HASHED_NAME
from tests.auth.visitor import Visitor
from tests.people import KARI

FIRST_VISIT_BUDGET = 150 * 1024
NAVIGATION_BUDGET = 15 * 1024
BROWSER = {"Accept-Encoding": "gzip, deflate, br", "Accept-Language": "nb"}
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
# A Norwegian or English page uses Inter's Latin files; Sami adds Latin Extended (unicode-range).
LATIN_FONT = re.compile(r"url\(([^)]*inter-latin-\d+-normal[^)]*\.woff2)\)")


def _transferred(response: requests.Response) -> int:
    """Bytes on the wire: the headers and the body as sent (compressed when it was)."""
    response.content  # noqa: B018 (reads the body, so raw.tell() counts it)
    headers = sum(len(f"{name}: {value}\r\n") for name, value in response.raw.headers.items())
    return len("HTTP/1.1 200 OK\r\n\r\n") + headers + response.raw.tell()


def _first_visit(http: requests.Session, page: requests.Response) -> tuple[int, dict[str, requests.Response]]:
    """What a browser with an empty cache fetches for the page: it, its assets, the Latin fonts."""
    total = _transferred(page)
    assets: dict[str, requests.Response] = {}
    queue = list(dict.fromkeys(ASSET.findall(page.text)))
    while queue:
        url = queue.pop(0)
        if url in assets:
            continue
        response = http.get(urljoin(page.url, url), headers=BROWSER, timeout=10)
        assert response.status_code == 200, url
        total += _transferred(response)
        assets[url] = response
        if url.endswith(".css"):
            queue += [urljoin(url, font) for font in LATIN_FONT.findall(response.text)]
    return total, assets


def _check_first_and_repeat_visit(http: requests.Session, url: str) -> None:
    page = http.get(url, headers=BROWSER, timeout=10)
    assert page.status_code == 200
    total, assets = _first_visit(http, page)
    assert total <= FIRST_VISIT_BUDGET, f"a first visit to {url} is {total / 1024:.0f} KB"
    # A repeat visit: every asset the page names is one the browser kept, unasked, for a year.
    for asset_url, response in assets.items():
        assert HASHED_NAME.search(asset_url), asset_url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", asset_url
    again = http.get(url, headers=BROWSER, timeout=10)
    assert set(ASSET.findall(again.text)) <= set(assets)


def test_a_first_visit_to_the_front_page_fits_the_budget_and_a_repeat_visit_fetches_only_the_page(live_server):
    _check_first_and_repeat_visit(requests.Session(), f"{live_server}/")


def test_a_first_visit_to_min_side_fits_the_budget_and_a_repeat_visit_fetches_only_the_page(live_server, idp):
    visitor = Visitor(live_server, idp.issuer)
    assert visitor.log_in(KARI).status_code == 200
    _check_first_and_repeat_visit(visitor.http, f"{live_server}/min-side")


def test_css_and_scripts_arrive_compressed(live_server):
    page = requests.get(f"{live_server}/", headers=BROWSER, timeout=10)
    for url in ASSET.findall(page.text):
        if url.endswith((".css", ".js")):
            response = requests.get(live_server + url, headers=BROWSER, timeout=10)
            assert response.headers["Content-Encoding"] == "br", url


def test_an_htmx_navigation_fits_the_budget(live_server):
    for path in ("/om-individuell-plan/hva-planen-inneholder", "/ordliste", "/kontakt/horten"):
        response = requests.get(live_server + path, headers={**BROWSER, "HX-Request": "true"}, timeout=10)
        assert _transferred(response) <= NAVIGATION_BUDGET, path
