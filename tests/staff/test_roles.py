"""The roles page: a KE officer sees who holds which role in their municipality, gives a role by
e-mail address and takes one away; nobody reaches another municipality's roles."""

from __future__ import annotations

import re

from sqlalchemy import select

from app import db
from app.domain.staff_access import Role
from app.models import Municipality, StaffRole
from app.services import staff as staff_service
from tests.staff.sessions import (
    ASKOY_COORDINATOR,
    ASKOY_OFFICER,
    LUSTER_COORDINATOR,
    NO_ROLE,
    log_in_staff,
    staff_member_id,
)

ROLES = "/ansatt/tilganger"


def _role_id(app, username: str, role: str = "coordinator") -> int:
    member_id = staff_member_id(app, username)
    with app.app_context():
        return db.db_session().scalar(
            select(StaffRole.id).where(
                StaffRole.staff_member_id == member_id, StaffRole.role == role, StaffRole.revoked_at.is_(None)
            )
        )


def _grant(client, **form):
    return client.post(ROLES, {"csrf_token": client.csrf_token(ROLES), **form})


def _askoy(app) -> str:
    with app.app_context():
        return str(db.db_session().scalar(select(Municipality.id).where(Municipality.slug == "askoy")))


def test_the_officer_sees_who_holds_which_role_in_her_municipality_only(app, client):
    log_in_staff(app, client, ASKOY_OFFICER)
    html = client.get(ROLES).get_data(as_text=True)
    assert "Askøy kommune" in html
    for name in ("Hilde Brekke", "Line Haugland", "Mona Fjeld", "line.haugland@askoy.kommune.test"):
        assert name in html
    assert "Ingrid Myklebust" not in html and "Luster" not in html  # another municipality's staff
    assert "Eirik Dahl" not in html  # no role yet
    assert html.count("Fjern rollen") == 3


def test_only_a_ke_officer_opens_the_page(app, client):
    for username in (ASKOY_COORDINATOR, NO_ROLE):
        log_in_staff(app, client, username)
        assert client.get(ROLES).status_code == 403
    assert _grant(client, email="eirik.dahl@askoy.kommune.test", role="coordinator").status_code == 403


def test_the_officer_gives_a_role_by_e_mail_address(app, client):
    log_in_staff(app, client, ASKOY_OFFICER)
    response = _grant(client, email="Eirik.Dahl@askoy.kommune.test ", role="coordinator", municipality=_askoy(app))
    assert response.status_code == 303 and response.headers["Location"].endswith(ROLES)
    html = client.get(ROLES).get_data(as_text=True)
    assert "Eirik Dahl har nå rollen Koordinator i Askøy kommune." in html
    assert "Eirik Dahl" in html.split("</caption>")[1]
    assert _role_id(app, NO_ROLE) is not None
    with app.app_context():
        granted = db.db_session().get(StaffRole, _role_id(app, NO_ROLE))
        assert granted.granted_by_id == staff_member_id(app, ASKOY_OFFICER)


def test_giving_a_role_held_already_says_so(app, client):
    log_in_staff(app, client, ASKOY_OFFICER)
    response = _grant(client, email="line.haugland@askoy.kommune.test", role="coordinator", municipality=_askoy(app))
    assert response.status_code == 303
    assert "Line Haugland har allerede rollen Koordinator" in client.get(ROLES).get_data(as_text=True)


def test_an_address_nobody_has_logged_in_with_is_explained_at_the_field(app, client):
    log_in_staff(app, client, ASKOY_OFFICER)
    response = _grant(client, email="ny.ansatt@askoy.kommune.test", role="coordinator", municipality=_askoy(app))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Ingen ansatt med denne e-postadressen har logget inn i Min plan ennå." in html
    assert 'id="field-email-error"' in html and 'value="ny.ansatt@askoy.kommune.test"' in html


def test_bad_input_shows_every_error_at_once_and_keeps_what_was_typed(app, client):
    log_in_staff(app, client, ASKOY_OFFICER)
    response = _grant(client, email="not an address", role="admin", municipality="999999")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Dette må rettes" in html and "<title>Feil:" in html
    assert "Skriv en hel e-postadresse" in html and 'value="not an address"' in html
    assert 'id="role-error"' in html
    assert html.count("Velg blant valgene på siden.") >= 2  # the forged role and municipality, in the summary
    empty = _grant(client)
    assert empty.status_code == 422
    text = empty.get_data(as_text=True)
    assert "Skriv e-postadressen den ansatte logger inn med." in text
    assert "Velg hvilken rolle den ansatte skal ha." in text and "Velg hvilken kommune rollen gjelder." in text


def test_a_role_in_a_municipality_the_officer_does_not_manage_cannot_be_given(app, client):
    log_in_staff(app, client, ASKOY_OFFICER)
    with app.app_context():
        luster = db.db_session().scalar(select(Municipality.id).where(Municipality.slug == "luster"))
    response = _grant(client, email="eirik.dahl@askoy.kommune.test", role="ke_officer", municipality=str(luster))
    assert response.status_code == 422
    assert _role_id(app, NO_ROLE, "ke_officer") is None


def test_the_officer_takes_a_role_away_and_it_ends_on_the_holders_next_request(app, client):
    holder = app.test_client()
    log_in_staff(app, type("C", (), {"client": holder})(), ASKOY_COORDINATOR)
    assert holder.get("/ansatt/").status_code == 200
    role_id = _role_id(app, ASKOY_COORDINATOR)
    log_in_staff(app, client, ASKOY_OFFICER)
    response = client.post(f"{ROLES}/{role_id}/fjern", {"csrf_token": client.csrf_token(ROLES)})
    assert response.status_code == 303
    html = client.get(ROLES).get_data(as_text=True)
    assert "Line Haugland har ikke lenger rollen Koordinator i Askøy kommune." in html
    assert _role_id(app, ASKOY_COORDINATOR) is None
    again = client.post(f"{ROLES}/{role_id}/fjern", {"csrf_token": client.csrf_token(ROLES)})
    assert again.status_code == 303  # a second officer a moment late: told, nothing done twice
    assert "Rollen var allerede fjernet." in client.get(ROLES).get_data(as_text=True)
    assert "Du har ingen rolle i Min plan ennå" in holder.get("/ansatt/").get_data(as_text=True)


def test_another_municipalitys_role_or_a_forged_id_is_404_and_logged(app, client, caplog):
    log_in_staff(app, client, ASKOY_OFFICER)
    token = client.csrf_token(ROLES)
    for role_id in (_role_id(app, LUSTER_COORDINATOR), 999999):
        assert client.post(f"{ROLES}/{role_id}/fjern", {"csrf_token": token}).status_code == 404
    assert _role_id(app, LUSTER_COORDINATOR) is not None
    assert sum(getattr(r, "object_type", None) == "staff_role" for r in caplog.records) == 2


def test_the_last_officer_cannot_take_her_own_role_away(app, client):
    log_in_staff(app, client, ASKOY_OFFICER)
    own = _role_id(app, ASKOY_OFFICER, "ke_officer")
    response = client.post(f"{ROLES}/{own}/fjern", {"csrf_token": client.csrf_token(ROLES)})
    assert response.status_code == 409
    assert "Be en annen saksbehandler i koordinerende enhet" in response.get_data(as_text=True)
    assert _role_id(app, ASKOY_OFFICER, "ke_officer") == own


def test_with_another_officer_she_may_leave_and_the_page_closes_to_her(app, client):
    with app.app_context():
        session = db.db_session()
        askoy = session.scalar(select(Municipality.id).where(Municipality.slug == "askoy"))
        staff_service.grant_role(session, None, staff_member_id(app, NO_ROLE), askoy, Role.KE_OFFICER)
    log_in_staff(app, client, ASKOY_OFFICER)
    own = _role_id(app, ASKOY_OFFICER, "ke_officer")
    response = client.post(f"{ROLES}/{own}/fjern", {"csrf_token": client.csrf_token(ROLES)})
    assert response.status_code == 303 and response.headers["Location"].endswith("/ansatt/")
    assert client.get(ROLES).status_code == 403
    assert re.search(r"Du har ingen rolle i Min plan", client.get("/ansatt/").get_data(as_text=True))
