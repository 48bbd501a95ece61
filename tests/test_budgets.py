"""Page weight budgets: first load ≤ 150 KB compressed, fonts included;
an htmx navigation ≤ 15 KB."""

from __future__ import annotations

import gzip
import re

FIRST_LOAD_BUDGET = 150 * 1024
NAVIGATION_BUDGET = 15 * 1024
# The fonts a Norwegian or English page downloads (Latin; Sami adds Latin Extended).
LATIN_FONTS = [f"/static/vendor/fonts/inter-latin-{w}-normal.woff2" for w in (400, 500, 600)]


def _compressed_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


def test_first_page_load_fits_the_budget(client):
    page = client.get("/")
    html = page.get_data()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html.decode())
    total = _compressed_size(html)
    for path in dict.fromkeys(assets + LATIN_FONTS):
        response = client.client.get(path)
        assert response.status_code == 200, path
        body = response.get_data()
        total += len(body) if path.endswith(".woff2") else _compressed_size(body)
        response.close()
    assert total <= FIRST_LOAD_BUDGET, f"first load is {total / 1024:.0f} KB"


def test_an_htmx_navigation_fits_the_budget(client):
    for path in ("/om-individuell-plan/hva-planen-inneholder", "/ordliste", "/kontakt/horten"):
        body = client.get(path, htmx=True).get_data()
        assert _compressed_size(body) <= NAVIGATION_BUDGET, path
