"""Which language a person gets, and what happens with nonsense."""

from __future__ import annotations

import pytest

from app.i18n import normalise


@pytest.mark.parametrize(
    "header, expected",
    [
        ("nn-NO,nn;q=0.9", "nn"),
        ("no", "nb"),
        ("en-US,en;q=0.8", "en"),
        ("se", "se"),
        ("de-DE,fr;q=0.5", "nb"),
        ("", "nb"),
        (";;;q=abc,,,==", "nb"),
        ("x" * 5000, "nb"),
        ("sv;q=0.9, en;q=0.3", "en"),
    ],
)
def test_browser_language_decides_when_nothing_was_chosen(client, header, expected):
    html = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{expected}"' in html


def test_an_explicit_choice_beats_the_browser_and_is_remembered(client):
    response = client.client.post("/sprak", data={"locale": "en", "next": "/ordliste"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/ordliste"
    html = client.get("/kontakt", headers={"Accept-Language": "nn"}).get_data(as_text=True)
    assert '<html lang="en"' in html
    assert "Contact the municipality" in html


def test_an_unknown_language_code_gets_an_error_page_in_the_current_language(client):
    response = client.post("/sprak", data={"locale": "xx"}, headers={"Accept-Language": "nn"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<html lang="nn"' in html
    assert "Traceback" not in html


def test_luster_page_is_in_nynorsk_for_norwegian_readers(client):
    nb_browser = client.get_page("info.contact", slug="luster", headers={"Accept-Language": "nb"})
    assert '<html lang="nn"' in nb_browser.get_data(as_text=True)


def test_luster_page_respects_an_english_browser_and_an_explicit_choice(client):
    english = client.get("/kontakt/luster", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en"' in english
    client.client.post("/sprak", data={"locale": "nb"})
    chosen = client.get("/kontakt/luster").get_data(as_text=True)
    assert '<html lang="nb"' in chosen


def test_askoy_page_stays_in_bokmal(client):
    html = client.get("/kontakt/askoy", headers={"Accept-Language": "nb"}).get_data(as_text=True)
    assert '<html lang="nb"' in html


@pytest.mark.parametrize(
    "code, expected", [("NB", "nb"), ("nn_NO", "nn"), ("no-NO", "nb"), ("fi", None), (None, None), ("", None)]
)
def test_language_codes_are_normalised(code, expected):
    assert normalise(code) == expected
