"""Every staff page passes the page checks, in every language, for a staff member whose role
opens it; the staff side's shell says who is logged in and offers the way out."""

from __future__ import annotations

import pytest

from tests.pages import LOCALES, STAFF_PAGES
from tests.staff.sessions import ASKOY_COORDINATOR, ASKOY_OFFICER, NO_ROLE, log_in_staff

# Who opens which page: the officer the desk and the roles, the coordinator the caseload and a
# plan's meetings.
OPENED_BY = {"staff_caseload.caseload": ASKOY_COORDINATOR, "staff_meeting_moves.move_form": ASKOY_COORDINATOR}
OPENED_BY["staff_messages.conversation"] = ASKOY_COORDINATOR  # Kari's conversation, as her coordinator


@pytest.mark.parametrize("locale", LOCALES)
def test_every_staff_page_passes_the_page_checks(app, client, locale):
    for endpoint, values in STAFF_PAGES:
        log_in_staff(app, client, OPENED_BY.get(endpoint, ASKOY_OFFICER), locale=locale)
        response = client.get_page(endpoint, **values)
        assert response.status_code == 200, endpoint
        html = response.get_data(as_text=True)
        assert f'<html lang="{locale}"' in html
        assert 'action="/ansatt/logg-ut"' in html, f"{endpoint} has no logout button"
        assert "site-header--staff" in html  # the staff side's own header, in every language
        assert client.get_page(endpoint, htmx=True, **values).status_code == 200


def test_a_staff_member_without_a_role_is_told_whom_to_ask(app, client):
    log_in_staff(app, client, NO_ROLE)
    html = client.get_page("staff.home").get_data(as_text=True)
    assert "Du har ingen rolle i Min plan ennå" in html and "eirik.dahl@askoy.kommune.test" in html
    assert 'aria-label="Hovedmeny"' not in html  # no area to offer


def test_the_officer_is_offered_the_work_of_her_role(app, client):
    log_in_staff(app, client, ASKOY_OFFICER)
    html = client.get_page("staff.home").get_data(as_text=True)
    assert "Saksbehandler i koordinerende enhet, Askøy kommune" in html


def test_the_staff_session_warns_before_it_ends_and_going_on_extends_it(app, client):
    log_in_staff(app, client, ASKOY_OFFICER)
    html = client.get_page("staff.home").get_data(as_text=True)
    assert 'action="/ansatt/okt/fortsett"' in html and "data-session-timeout" in html
    assert "høyst 10 timer" in html  # a working day, not the citizens' two hours
    token = client.csrf_token("/ansatt/")
    answer = client.client.post(
        "/ansatt/okt/fortsett", data={"csrf_token": token}, headers={"Accept": "application/json"}
    )
    assert answer.status_code == 200 and answer.get_json()["idle_seconds"] == 60 * 60
