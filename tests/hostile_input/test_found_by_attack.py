"""Each server error the attacks found, as the attack that found it, with the answer it gets now."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.hostile_input.conftest import visitor
from tests.hostile_input.site import endpoint_of, forms_on


def _form(client, page: str, action: str | None = None):
    """The form on `page` that posts to `action` (most forms post to their own page)."""
    response = client.get(page)
    assert response.status_code == 200, f"{page}: {response.status_code} {response.headers.get('Location')}"
    return next((a, v) for a, v in forms_on(response.get_data(as_text=True)) if a == (action or page))


def _page_of(app, sites, who: str, endpoint: str) -> str:
    return next(p for p in sorted(sites[who].pages) if endpoint_of(app, p, "GET") == endpoint)


@pytest.mark.parametrize(
    "path",
    [
        "/plan/mal/2147483648",
        "/plan/mal/2147483648/endre",
        "/plan/mote/9223372036854775808/tema",
        "/samtykke/2147483648/gi",
        "/kontakt/%00",
        "/kontakt/a%00b",
        "/plan/mal/%EF%BC%91",
    ],
)
def test_an_id_no_database_can_hold_or_a_nul_in_a_path_is_not_found(hostile_app, path):
    assert visitor(hostile_app, "kari").get(path).status_code == 404


def test_the_largest_id_a_database_can_hold_reaches_the_view(hostile_app):
    assert visitor(hostile_app, "kari").get("/plan/mal/2147483647").status_code == 404  # not Kari's goal: no 500


@pytest.mark.parametrize("version", ["2147483648", "-1", "²", "9" * 5000])
def test_a_wizard_step_with_a_forged_version_is_stale_and_keeps_what_was_typed(hostile_app, version):
    client = visitor(hostile_app, "ola")  # nobody else's attacks touch his answers
    action, values = _form(client, "/hva-er-viktig/viktig")
    values.setlist("important", ["Å ha det fint hjemme."])
    assert client.post(action, values).status_code == 303  # a draft to be stale against
    action, values = _form(client, "/hva-er-viktig/viktig")
    values.setlist("important", ["Å bo hjemme med katten min."])
    values.setlist("version", [version])
    response = client.post(action, values)
    assert response.status_code == 409
    assert "Å bo hjemme med katten min." in response.get_data(as_text=True)


@pytest.mark.parametrize("version", ["2147483648", "²"])
def test_sending_the_wizard_with_a_forged_version_is_refused(hostile_app, version):
    client = visitor(hostile_app, "kari")
    response = client.post("/hva-er-viktig/send", {"csrf_token": client.csrf_token("/min-side"), "version": version})
    assert response.status_code == 400


@pytest.mark.parametrize("version", ["2147483648", "²"])
def test_changing_a_goal_with_a_forged_version_is_refused(hostile_app, sites, version):
    client = visitor(hostile_app, "kari")
    action, values = _form(client, _page_of(hostile_app, sites, "kari", "plan.edit_goal"))
    values.setlist("version", [version])
    assert client.post(action, values).status_code == 400


@pytest.mark.parametrize("subject", ["²", "2147483648", "١"])
def test_choosing_whom_to_act_for_with_a_forged_number_is_told_at_the_field(hostile_app, subject):
    client = visitor(hostile_app, "nils-for-sara")
    action, values = _form(client, "/hvem-handler-du-for")
    values.setlist("subject", [subject])
    response = client.post(action, values)
    assert response.status_code == 422
    assert "Velg hvem du vil handle for." in response.get_data(as_text=True)


@pytest.mark.parametrize("version", ["²", "2147483648"])
def test_a_consent_form_with_a_forged_version_is_refused(hostile_app, sites, version):
    client = visitor(hostile_app, "kari")
    action = _page_of(hostile_app, sites, "kari", "consent.withdraw_confirm")  # the form posts to its own page
    response = client.post(action, {"csrf_token": client.csrf_token("/min-side"), "version": version})
    assert response.status_code == 400


@pytest.mark.parametrize("page", ["²", "9" * 5000, "0", "10000"])
def test_an_access_log_page_that_cannot_exist_is_not_found(hostile_app, page):
    assert visitor(hostile_app, "kari").get(f"/tilgangslogg?side={page}").status_code == 404


def test_characters_a_page_cannot_hold_are_dropped_from_an_answer_and_the_rest_is_kept(hostile_app):
    client = visitor(hostile_app, "kari")
    action, values = _form(client, "/hva-er-viktig/deltakere")
    values.setlist(
        "trusted_person", ["Ma\x8erit\ufffe Lie\U0010ffff" + "x" * 200]
    )  # C1 control, noncharacters, too long
    response = client.post(action, values)  # the page checks fail on a character HTML forbids
    assert response.status_code == 422
    field = BeautifulSoup(response.get_data(as_text=True), "html.parser").find(id="field-trusted_person")
    assert field["value"] == "Marit Lie" + "x" * 200


def test_a_plan_consent_form_sent_twice_is_stale_not_an_error_about_fields_that_are_gone(hostile_app):
    """Per (Emma's father) gives the plan consent; the same form again, now with a child's view
    no one can choose, is told it is out of date: the page no longer has the field to point at."""
    client = visitor(hostile_app, "per-for-emma")
    if "/samtykke/plan/gi" not in client.get("/samtykke/plan").get_data(as_text=True):
        action, values = _form(client, "/samtykke/plan/trekk-tilbake", "/samtykke/plan/trekk-tilbake")
        assert client.post(action, values).status_code == 303  # withdrawn, as the walk left it
    action, values = _form(client, "/samtykke/plan", "/samtykke/plan/gi")
    values.setlist("child_view", ["agrees"])
    assert client.post(action, values).status_code == 303
    values.setlist("child_view", ["not-a-view"])
    again = client.post(action, values)
    assert again.status_code == 303 and again.headers["Location"] == "/samtykke/plan"
    assert "Dette må rettes" not in client.get("/samtykke/plan").get_data(as_text=True)
