""" "Denne uka": the week day by day, its neighbours, and what is refused."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete, select

from app import db
from app.domain.clock import OSLO
from app.models import Measure, Meeting, Plan, ScheduleEntry
from app.services.schedule import recurrence_text
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import EMMA, PER


def _karis_plan_id(app) -> int:
    with app.app_context():
        return db.db_session().scalar(select(Plan.id).where(Plan.owner.has(name="Kari Nordmann")))


def test_the_week_shows_help_and_a_meeting_day_by_day_in_the_users_language(app, client):
    plan_id = _karis_plan_id(app)
    with app.app_context():
        s = db.db_session()
        starts = datetime(2026, 11, 26, 13, tzinfo=OSLO)
        s.add(
            Meeting(
                plan_id=plan_id,
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                place="Rom 4; 2. etasje",
                invited=["Test Testesen", "Fastlegen"],
            )
        )
        s.commit()
    try:
        log_in_test_client(app, client, locale="en")
        html = client.get("/plan/denne-uka?uke=2026-W48").get_data(as_text=True)
        assert "Monday, November 23, 2026" in html and "Sunday, November 29, 2026" in html
        assert html.index("Monday, November 23") < html.index("Hjelp med medisiner") < html.index("Wednesday")
        assert "Rom 4; 2. etasje" in html and "Test Testesen, Fastlegen" in html
        assert "2026-W47" in html and "2026-W49" in html
    finally:
        with app.app_context():
            s = db.db_session()
            s.execute(delete(Meeting).where(Meeting.place == "Rom 4; 2. etasje"))
            s.commit()


@pytest.mark.parametrize(
    "query", ["uke=2025-W53", "uke=2026-W54", "uke=nonsense", "uke=2026-W48&uke=2026-W49", "uke=1900-W01"]
)
def test_a_week_that_does_not_exist_is_a_404_page(app, client, query):
    log_in_test_client(app, client)
    response = client.get(f"/plan/denne-uka?{query}")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_the_last_week_we_show_has_no_link_onwards(app, client):
    log_in_test_client(app, client)
    html = client.get("/plan/denne-uka?uke=2100-W52").get_data(as_text=True)
    assert "2100-W51" in html and "2101-W01" not in html and "uke=2100-W53" not in html


def test_a_parent_reads_the_childs_week_and_it_is_in_the_childs_log(app, client):
    act_for(app, client, PER, EMMA)
    html = client.get("/plan/denne-uka?uke=2026-W49").get_data(as_text=True)
    assert "Dette er uka til Emma Hansen." in html and "Kontroll hos barnelegen" in html
    assert "Hjelp med medisiner" not in html  # Kari's
    assert "/plan/kalender" not in html


def test_the_week_page_costs_the_same_queries_with_50_measures_as_with_3(app, client, queries_stay_flat):
    log_in_test_client(app, client)
    plan_id = _karis_plan_id(app)

    def add_measures(s):
        s.add_all(
            [
                Measure(
                    plan_id=plan_id,
                    position=100 + i,
                    what=f"Tiltak {i}",
                    service_name="Tjeneste",
                    schedule=[
                        ScheduleEntry(
                            recurrence=recurrence_text(datetime(2026, 1, 5, 9), "FREQ=DAILY"), duration_minutes=15
                        )
                    ],
                )
                for i in range(50)
            ]
        )

    queries_stay_flat(
        client,
        "/plan/denne-uka?uke=2026-W48",
        add_measures,
        lambda s: s.execute(delete(Measure).where(Measure.what.like("Tiltak %"))),
        shows="Tiltak 49",
    )
