"""Every step of the wizard passes the page checks in every language and both modes, whole and
as the htmx fragment, with answers in it (the whole-app walk in tests/pages.py sees it empty)."""

from __future__ import annotations

import pytest

from tests.auth.sessions import log_in_test_client
from tests.pages import LOCALES
from tests.people import KARI
from tests.wizard.helpers import fill_in, form_state

STEPS = [
    "/hva-er-viktig",
    "/hva-er-viktig/viktig",
    "/hva-er-viktig/livsomrader",
    "/hva-er-viktig/mal/health",
    "/hva-er-viktig/mal/other",
    "/hva-er-viktig/hjelp/health",
    "/hva-er-viktig/hjelp/other",
    "/hva-er-viktig/deltakere",
    "/hva-er-viktig/se-over",
]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_every_step_with_answers_passes_the_page_checks(app, client, locale, easy_read):
    log_in_test_client(app, client, KARI, locale=locale, easy_read=easy_read)
    fill_in(client, {"health": "Jeg vil sove bedre.", "other": "Jeg vil lære å kjøre bil."})
    for path in STEPS:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert f'<html lang="{locale}"' in html
        assert client.get(path, htmx=True).status_code == 200
        if path != "/hva-er-viktig":
            assert 'aria-current="step"' in html
    # An invalid step, re-rendered as a whole page and as an htmx fragment.
    state = form_state(client, "/hva-er-viktig/mal/health")
    for htmx in (False, True):
        response = client.post("/hva-er-viktig/mal/health", {**state, "text": " "}, htmx=htmx)
        assert response.status_code == 422
    client.post("/hva-er-viktig/send", form_state(client, "/hva-er-viktig/se-over"))
    for path in ("/hva-er-viktig/sendt", "/hva-er-viktig"):
        assert client.get(path).status_code == 200


def test_the_step_list_says_where_the_person_is_and_what_is_done(app, client):
    log_in_test_client(app, client, KARI)
    fill_in(client, {"health": "Jeg vil sove bedre."})
    html = client.get("/hva-er-viktig/mal/health").get_data(as_text=True)
    assert "Steg 3 av 6:" in html
    assert html.count("wizard-steps__item--done") == 5  # all but "Se over og send"
    assert (
        '<li class="wizard-steps__item wizard-steps__item--done wizard-steps__item--current" aria-current="step">'
        in html
    )


def test_going_back_never_empties_a_field(app, client):
    log_in_test_client(app, client, KARI)
    fill_in(client, {"health": "Jeg vil sove bedre.", "work": "Jeg vil jobbe."})
    # Leave out "work" and choose it again: its goal comes back.
    client.post("/hva-er-viktig/livsomrader", {**form_state(client, "/hva-er-viktig/livsomrader"), "areas": ["health"]})
    client.post(
        "/hva-er-viktig/livsomrader", {**form_state(client, "/hva-er-viktig/livsomrader"), "areas": ["health", "work"]}
    )
    assert "Jeg vil jobbe." in client.get("/hva-er-viktig/mal/work").get_data(as_text=True)
    html = client.get("/hva-er-viktig/deltakere").get_data(as_text=True)
    assert "Fastlegen" in html and 'value="Marit"' in html


def test_a_change_link_on_check_answers_comes_back_to_check_answers(app, client):
    log_in_test_client(app, client, KARI)
    fill_in(client, {"health": "Jeg vil sove bedre."})
    assert 'href="/hva-er-viktig/mal/health?tilbake=se-over"' in client.get("/hva-er-viktig/se-over").get_data(
        as_text=True
    )
    state = form_state(client, "/hva-er-viktig/mal/health?tilbake=se-over")
    response = client.post("/hva-er-viktig/mal/health", {**state, "tilbake": "se-over", "text": "Jeg vil sove godt."})
    assert response.status_code == 303 and response.headers["Location"].endswith("/hva-er-viktig/se-over")
    response = client.post(
        "/hva-er-viktig/viktig",
        {**form_state(client, "/hva-er-viktig/viktig"), "tilbake": "https://evil.example", "important": "x"},
    )
    assert response.headers["Location"].endswith("/hva-er-viktig/livsomrader")


def test_check_answers_costs_the_same_queries_for_one_life_area_as_for_all(app, client, count_queries):
    log_in_test_client(app, client, KARI)
    fill_in(client, {"health": "Jeg vil sove bedre."})
    client.get("/hva-er-viktig/se-over")
    with count_queries() as one:
        client.get("/hva-er-viktig/se-over")
    fill_in(
        client,
        {
            area: f"Jeg vil noe med {area}."
            for area in (
                "health",
                "daily-living",
                "housing",
                "work",
                "school",
                "leisure",
                "family",
                "finances",
                "transport",
                "other",
            )
        },
    )
    with count_queries() as all_areas:
        html = client.get("/hva-er-viktig/se-over").get_data(as_text=True)
    assert "Jeg vil noe med transport." in html
    assert all_areas.count == one.count


def test_goals_come_first_then_what_the_person_can_do_and_needs_for_each(app, client):
    log_in_test_client(app, client, KARI)
    client.post(
        "/hva-er-viktig/livsomrader", {**form_state(client, "/hva-er-viktig/livsomrader"), "areas": ["health", "work"]}
    )
    pages = []
    for path, data in [
        ("/hva-er-viktig/mal/health", {"text": "Jeg vil sove bedre."}),
        ("/hva-er-viktig/mal/work", {"text": "Jeg vil jobbe."}),
        ("/hva-er-viktig/hjelp/health", {"own": "Jeg legger meg tidlig."}),
        ("/hva-er-viktig/hjelp/work", {"network": "Broren min."}),
    ]:
        response = client.post(path, {**form_state(client, path), **data})
        pages.append(response.headers["Location"])
    assert pages == [
        "/hva-er-viktig/mal/work",
        "/hva-er-viktig/hjelp/health",
        "/hva-er-viktig/hjelp/work",
        "/hva-er-viktig/deltakere",
    ]
    html = client.get("/hva-er-viktig/hjelp/health").get_data(as_text=True)
    assert "Jeg vil sove bedre." in html and "Jeg legger meg tidlig." in html and "Steg 4 av 6:" in html
    check = client.get("/hva-er-viktig/se-over").get_data(as_text=True)
    assert 'href="/hva-er-viktig/hjelp/work?tilbake=se-over"' in check and "Broren min." in check
