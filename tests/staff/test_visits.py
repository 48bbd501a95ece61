"""The coordinator's visits page (/ansatt/planer/<id>/besok): the next four weeks of visits, each
with a form to cancel it or move it; only the plan's coordinator opens it and sends them; bad
input comes back with every message and everything typed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app import db
from app.domain.clock import OSLO, today
from app.models import AuditEvent, ScheduleException
from tests.people import KARI, OLA
from tests.staff.sessions import ASKOY_COORDINATOR, ASKOY_OFFICER, ASKOY_OTHER_COORDINATOR, log_in_staff
from tests.staff.test_staff_plans import _plan_id
from tests.week.test_visit_exceptions import MEDICINE, _entry, _thursday

NOTE = "Sykepleieren er på kurs. Ring oss hvis du trenger hjelp."


def _url(app, pid: str = KARI) -> str:
    return f"/ansatt/planer/{_plan_id(app, pid)}/besok"


def _visit(app, when: datetime, pid: str = KARI, what: str = MEDICINE) -> dict:
    with app.app_context():
        entry_id = _entry(db.db_session(), pid, what).id
    return {"entry_id": str(entry_id), "occurs_at": when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")}


def _post(app, client, action: str, form: dict, pid: str = KARI):
    url = _url(app, pid)
    return client.post(f"{url}/{action}", {"csrf_token": client.csrf_token(url), **form})


def _exceptions(app) -> list[ScheduleException]:
    with app.app_context():
        return list(db.db_session().scalars(select(ScheduleException).order_by(ScheduleException.id)))


def test_the_coordinator_sees_the_coming_visits_with_forms_and_the_read_is_logged_once(app, client):
    member = log_in_staff(app, client, ASKOY_COORDINATOR)
    with app.app_context():
        before = db.db_session().query(AuditEvent).filter_by(staff_member_id=member).count()
    response = client.get(_url(app))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert MEDICINE in html and "Avlys besøket" in html and "Flytt besøket" in html
    assert _visit(app, _thursday(2))["occurs_at"] in html
    with app.app_context():
        rows = db.db_session().scalars(select(AuditEvent).filter_by(staff_member_id=member).order_by(AuditEvent.id))
        new = list(rows)[before:]
    assert [(row.action, row.basis) for row in new] == [("plan.read", "staff:coordinator")]


def test_cancelling_a_visit(app, client):
    log_in_staff(app, client, ASKOY_COORDINATOR)
    thursday = _thursday(2)
    response = _post(app, client, "avlys", {**_visit(app, thursday), "note": NOTE})
    assert response.status_code == 303
    [*_, made] = _exceptions(app)
    assert (made.kind, made.note, made.occurs_at) == ("cancelled", NOTE, thursday.astimezone(UTC))
    html = client.get(_url(app)).get_data(as_text=True)
    assert "Avlyst." in html and NOTE in html
    again = _post(app, client, "avlys", {**_visit(app, thursday), "note": "En gang til."})
    assert again.status_code == 409 and "allerede avlyst eller flyttet" in again.get_data(as_text=True)


def test_moving_a_visit(app, client):
    log_in_staff(app, client, ASKOY_COORDINATOR)
    thursday = _thursday(2)
    friday = thursday + timedelta(days=1)
    form = {**_visit(app, thursday), "new_date": f"{friday:%d.%m.%Y}", "new_start": "9.00", "new_end": "09:45"}
    assert _post(app, client, "flytt", form).status_code == 303
    [*_, made] = _exceptions(app)
    assert made.kind == "moved" and made.new_minutes == 45
    assert made.new_start == friday.replace(hour=9).astimezone(UTC)


def test_a_move_with_bad_input_keeps_everything_typed_with_every_message(app, client):
    log_in_staff(app, client, ASKOY_COORDINATOR)
    count = len(_exceptions(app))
    visit = _visit(app, _thursday(2))
    typed = {**visit, "new_date": "31.02.2027", "new_start": "10.00", "new_end": "09.00", "note": "Ny tid <b>"}
    response = _post(app, client, "flytt", typed)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Datoen finnes ikke" in html and "Besøket må slutte etter at det begynner." in html
    assert "Dette må rettes" in html and 'value="31.02.2027"' in html and "Ny tid &lt;b&gt;" in html
    assert re.search(r"<details open>\s*<summary>Flytt</summary>", html)
    bad_time = _post(app, client, "flytt", {**visit, "new_date": "01.01.2030", "new_start": "25.00", "new_end": "kl"})
    assert bad_time.status_code == 422 and "Klokkeslettet finnes ikke" in bad_time.get_data(as_text=True)
    assert len(_exceptions(app)) == count


def test_refusals_are_said_at_the_visit(app, client):
    log_in_staff(app, client, ASKOY_COORDINATOR)
    count = len(_exceptions(app))
    last_monday = datetime.combine(today() - timedelta(days=today().weekday() + 7), datetime.min.time(), OSLO)
    past = _post(app, client, "avlys", _visit(app, last_monday.replace(hour=8)))
    assert past.status_code == 422 and "Besøket har allerede vært." in past.get_data(as_text=True)
    # A visit and a time the list never offered together, or another plan's visit: a form we never made.
    assert _post(app, client, "avlys", _visit(app, _thursday(2) + timedelta(hours=1))).status_code == 400
    assert _post(app, client, "avlys", _visit(app, _thursday(2), OLA, "Dagsenter")).status_code == 400
    to_past = {**_visit(app, _thursday(2)), "new_date": "01.01.2020", "new_start": "08.00", "new_end": "08.30"}
    assert _post(app, client, "flytt", to_past).status_code == 422
    assert _post(app, client, "avlys", {"entry_id": "x", "occurs_at": "tomorrow"}).status_code == 400
    assert len(_exceptions(app)) == count


def test_only_the_coordinator_opens_the_page_or_changes_a_visit(app, client):
    form = {**_visit(app, _thursday(2)), "note": NOTE}
    log_in_staff(app, client, ASKOY_OTHER_COORDINATOR)
    assert client.get(_url(app)).status_code == 404
    assert _post(app, client, "avlys", form).status_code == 404
    log_in_staff(app, client, ASKOY_OFFICER)  # reads a plan with a reason, never changes one
    assert client.get(_url(app)).status_code == 404
    assert _post(app, client, "avlys", form).status_code in (403, 404)
    assert _exceptions(app) == [] or all(e.occurs_at != _thursday(2).astimezone(UTC) for e in _exceptions(app))
