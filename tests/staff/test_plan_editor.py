"""The coordinator writes the nine parts of a plan, and the person sees them: goals, who takes
part and which goals they serve, measures with when they happen, the period, the consent from
paper. A stale form answers 409 with both versions; bad input 422 with everything typed kept; only
the appointed coordinator opens the editor; the overview costs the same queries however large
the plan grows."""

from __future__ import annotations

import re

from sqlalchemy import delete, select

from app import db
from app.models import AuditEvent, ConsentChange, Goal, Measure, Participant, Person, Plan, PlanChange
from tests.auth.sessions import log_in_test_client
from tests.people import KARI, OLA
from tests.staff.sessions import ASKOY_COORDINATOR, ASKOY_OFFICER, LUSTER_COORDINATOR, log_in_staff


def _plan_id(app, pid: str) -> int:
    with app.app_context():
        return db.db_session().scalar(select(Plan.id).join(Person, Plan.owner_id == Person.id).where(Person.pid == pid))


def _base(app, pid: str = KARI) -> str:
    return f"/ansatt/planer/{_plan_id(app, pid)}"


def _version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def _post(client, path: str, data: dict):
    return client.post(path, {"csrf_token": client.csrf_token(path), **data})


def _changes(app, plan_id: int) -> list[str]:
    with app.app_context():
        return list(db.db_session().scalars(select(PlanChange.name).where(PlanChange.plan_id == plan_id)))


MEASURE = {
    "what": "Hjelp til morgenstell",
    "how_much": "30 minutter",
    "service_name": "Hjemmetjenesten",
    "responsible_role": "Primærkontakt",
    "how": "Vi kommer hjem til deg.",
    "schedule": "weekly",
    "weekdays": ["MO", "TH"],
    "starts": "08.00",
    "ends": "08.30",
    "first_day": "05.01.2027",
    "until": "open",
    "last_day": "",
}


def test_the_coordinator_writes_each_part_and_kari_reads_it(app, client):
    base = _base(app)
    plan_id = _plan_id(app, KARI)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    page = client.get(f"{base}/rediger")
    assert page.status_code == 200 and "Skriv planen til Kari Nordmann" in page.get_data(as_text=True)
    goal = {"life_area": "leisure", "text": "Jeg vil gå på kino med venner.", "needs": "Følge til kinoen"}
    assert _post(client, f"{base}/mal/ny", goal).status_code == 303
    with app.app_context():
        goal_id = db.db_session().scalar(select(Goal.id).where(Goal.text == goal["text"]))
    edit = client.get(f"{base}/mal/{goal_id}").get_data(as_text=True)
    changed = {**goal, "text": "Jeg vil gå på kino hver måned.", "version": _version(edit)}
    assert _post(client, f"{base}/mal/{goal_id}", changed).status_code == 303
    helper = {"kind": "service", "service": "Ledsagertjenesten", "name": "Per Olsen", "phone": "912 34 567"}
    assert _post(client, f"{base}/deltakere/ny", {**helper, "goals": [str(goal_id)]}).status_code == 303
    assert _post(client, f"{base}/tiltak/ny", {**MEASURE, "goal_id": str(goal_id)}).status_code == 303
    period = {"period_start": "01.01.2027", "period_end": "31.12.2027", "next_revision": "01.06.2027"}
    version = _version(client.get(f"{base}/periode").get_data(as_text=True))
    assert _post(client, f"{base}/periode", {**period, "version": version}).status_code == 303
    version = _version(client.get(f"{base}/samtykke").get_data(as_text=True))
    consent = {"consented_on": "01.12.2026", "witness": "Line Haugland", "version": version}
    assert _post(client, f"{base}/samtykke", consent).status_code == 303
    overview = client.get(f"{base}/rediger").get_data(as_text=True)
    assert "Hver uke: mandag, torsdag kl. 08.00–08.30." in overview and "Ledsagertjenesten" in overview
    assert {
        "goal.added",
        "goal.changed",
        "participant.added",
        "measure.added",
        "plan.period_set",
        "plan.consent_recorded",
    } <= set(_changes(app, plan_id))
    with app.app_context():
        s = db.db_session()
        helper_row = s.scalar(select(Participant).where(Participant.service == "Ledsagertjenesten"))
        assert [g.id for g in helper_row.goals] == [goal_id]
        plan = s.get(Plan, plan_id)
        assert (plan.consent_source, plan.consent_witness) == ("paper", "Line Haugland")
    log_in_test_client(app, client, KARI)
    mine = client.get("/plan").get_data(as_text=True)
    for shown in ("Jeg vil gå på kino hver måned.", "Ledsagertjenesten", "Hjelp til morgenstell", "31. desember 2027"):
        assert shown in mine


def test_only_the_appointed_coordinator_opens_the_editor(app, client):
    base = _base(app)
    log_in_staff(app, client, LUSTER_COORDINATOR)
    assert client.client.get(f"{base}/rediger").status_code == 404
    log_in_staff(app, client, ASKOY_OFFICER)
    assert client.client.get(f"{base}/rediger").status_code == 404
    assert client.client.post(f"{base}/mal/ny", data={"csrf_token": client.csrf_token(base)}).status_code in (403, 404)


def test_every_editor_page_is_in_karis_access_log_once(app, client):
    base = _base(app)
    member = log_in_staff(app, client, ASKOY_COORDINATOR)
    for path in ("rediger", "mal/ny", "deltakere/ny", "tiltak/ny", "periode", "samtykke"):
        assert client.get(f"{base}/{path}").status_code == 200
    with app.app_context():
        rows = db.db_session().scalars(select(AuditEvent.action).where(AuditEvent.staff_member_id == member))
        assert list(rows).count("plan.read") == 6


def test_a_stale_goal_answers_409_with_both_versions_and_keeps_what_was_typed(app, client):
    base = _base(app)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    with app.app_context():
        goal = db.db_session().scalar(select(Goal).where(Goal.plan_id == _plan_id(app, KARI)).order_by(Goal.id))
        goal_id, version, area = goal.id, goal.version, goal.life_area
    first = {"life_area": area, "text": "Først lagret", "version": str(version)}
    assert _post(client, f"{base}/mal/{goal_id}", first).status_code == 303
    second = {"life_area": area, "text": "Skrevet samtidig", "version": str(version)}
    response = _post(client, f"{base}/mal/{goal_id}", second)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Først lagret" in html and "Skrevet samtidig" in html and f'value="{version + 1}"' in html


def test_a_stale_period_answers_409(app, client):
    base = _base(app)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    version = _version(client.get(f"{base}/periode").get_data(as_text=True))
    period = {"period_start": "01.01.2027", "period_end": "31.12.2027", "next_revision": "01.06.2027"}
    assert _post(client, f"{base}/periode", {**period, "version": version}).status_code == 303
    response = _post(client, f"{base}/periode", {**period, "next_revision": "02.06.2027", "version": version})
    assert response.status_code == 409 and "02.06.2027" in response.get_data(as_text=True)


def test_bad_input_is_refused_with_everything_typed_kept(app, client):
    base = _base(app)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    version = _version(client.get(f"{base}/periode").get_data(as_text=True))
    backwards = {"period_start": "01.06.2027", "period_end": "01.01.2027", "next_revision": "31.02.2027"}
    response = _post(client, f"{base}/periode", {**backwards, "version": version})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Datoen finnes ikke" in html and "31.02.2027" in html
    backwards["next_revision"] = "01.03.2027"
    html = _post(client, f"{base}/periode", {**backwards, "version": version}).get_data(as_text=True)
    assert "Planen må slutte etter at den begynner." in html and "Revisjonen må være innenfor planperioden." in html
    no_day = {**MEASURE, "weekdays": [], "last_day": "01.01.2027", "until": "date", "what": "Tiltak uten dag"}
    response = _post(client, f"{base}/tiltak/ny", no_day)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Velg minst én ukedag." in html and "Tiltak uten dag" in html
    ends_first = {**MEASURE, "starts": "09.00", "ends": "08.00"}
    assert "Slutt-tiden må være etter start-tiden." in _post(client, f"{base}/tiltak/ny", ends_first).get_data(
        as_text=True
    )
    long = "x" * 100_000
    response = _post(client, f"{base}/mal/ny", {"life_area": "health", "text": long})
    assert response.status_code == 422 and long in response.get_data(as_text=True)


def test_a_measure_for_another_plans_goal_is_refused(app, client):
    base = _base(app)
    with app.app_context():
        olas_goal = db.db_session().scalar(select(Goal.id).where(Goal.plan_id == _plan_id(app, OLA)))
    log_in_staff(app, client, ASKOY_COORDINATOR)
    response = _post(client, f"{base}/tiltak/ny", {**MEASURE, "goal_id": str(olas_goal), "what": "Feil mål"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Velg et mål i denne planen." in html and "Feil mål" in html
    helper = {"kind": "service", "service": "Feil hjelper", "goals": [str(olas_goal)]}
    assert _post(client, f"{base}/deltakere/ny", helper).status_code == 422
    with app.app_context():
        s = db.db_session()
        assert s.scalar(select(Measure.id).where(Measure.what == "Feil mål")) is None
        assert s.scalar(select(Participant.id).where(Participant.service == "Feil hjelper")) is None


def test_the_preview_shows_the_next_dates_without_saving(app, client):
    base = _base(app)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    form = {
        **MEASURE,
        "first_day": "20.03.2027",
        "weekdays": ["SA"],
        "what": "Bare en forhåndsvisning",
        "action": "preview",
    }
    response = _post(client, f"{base}/tiltak/ny", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    # Summer time begins on 28 March 2027: the visit after it is at 08:00 too.
    assert "lørdag 20. mars kl. 08:00–08:30" in html and "lørdag 3. april kl. 08:00–08:30" in html
    with app.app_context():
        assert db.db_session().scalar(select(Measure.id).where(Measure.what == form["what"])) is None


def test_the_editor_overview_costs_the_same_queries_as_the_plan_grows(app, client, queries_stay_flat):
    plan_id = _plan_id(app, KARI)
    log_in_staff(app, client, ASKOY_COORDINATOR)

    def grow(s):
        for n in range(5):
            s.add(Goal(plan_id=plan_id, position=100 + n, text=f"Vekstmål {n}", life_area="health"))
            s.add(Measure(plan_id=plan_id, position=100 + n, what=f"Veksttiltak {n}", service_name="Tjeneste"))
            s.add(Participant(plan_id=plan_id, position=100 + n, kind="service", service=f"Vekstdeltaker {n}"))

    def shrink(s):
        s.execute(delete(Goal).where(Goal.text.like("Vekstmål %")))
        s.execute(delete(Measure).where(Measure.what.like("Veksttiltak %")))
        s.execute(delete(Participant).where(Participant.service.like("Vekstdeltaker %")))

    queries_stay_flat(client, f"/ansatt/planer/{plan_id}/rediger", grow, shrink, "Vekstdeltaker 4")


def test_helpers_and_measures_are_removed_a_helper_the_consent_history_names_too(app, client):
    base = _base(app)
    plan_id = _plan_id(app, KARI)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    assert _post(client, f"{base}/deltakere/ny", {"kind": "relative", "service": "Tante Åse"}).status_code == 303
    assert _post(client, f"{base}/tiltak/ny", {**MEASURE, "what": "Kortvarig tiltak"}).status_code == 303
    with app.app_context():
        s = db.db_session()
        helper = s.scalar(select(Participant).where(Participant.service == "Tante Åse"))
        measure = s.scalar(select(Measure).where(Measure.what == "Kortvarig tiltak"))
        named = s.scalar(
            select(ConsentChange.participant_id).where(
                ConsentChange.participant_id.is_not(None), ConsentChange.plan_id == plan_id
            )
        )
        named_version = s.get(Participant, named).version
    assert _post(client, f"{base}/deltakere/{helper.id}/fjern", {"version": str(helper.version)}).status_code == 303
    assert _post(client, f"{base}/tiltak/{measure.id}/fjern", {"version": str(measure.version)}).status_code == 303
    assert _post(client, f"{base}/deltakere/{named}/fjern", {"version": str(named_version)}).status_code == 303
    assert client.get(f"{base}/deltakere/{named}").status_code == 404
    assert {"participant.removed", "measure.removed"} <= set(_changes(app, plan_id))
