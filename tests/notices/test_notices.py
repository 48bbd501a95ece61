"""Every action that tells the person what it did says so once, on the page it leads to, and
never again: the notice is in the redirect's page, focused by app.js ([data-notice]), and gone
from the next page and from the same page loaded again."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from bs4 import BeautifulSoup
from sqlalchemy import select

from app import db
from app.models import Goal, Meeting, Person, Plan, PlanConsent, Representation, SharingConsent
from tests.auth.sessions import log_in_test_client
from tests.consent.helpers import give, participant_id, version_of, withdraw
from tests.people import KARI, NILS, RANDI, SARA
from tests.wizard.helpers import fill_in, send

SUCCESS, WARNING, INFO = "success", "warning", "info"


def notices_on(html: str) -> list[tuple[str, str, str]]:
    """(colour, role, words) of each notice in the page's main content."""
    main = BeautifulSoup(html, "html.parser").find("main")
    return [
        (alert["data-color"], alert["role"], " ".join(alert.get_text().split()))
        for alert in main.select("[data-notice]")
    ]


def told_once(client, response, expected: tuple[str, str, str]) -> BeautifulSoup:
    """The action's redirect leads to a page with exactly this notice, and the next pages have none."""
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    location = response.headers["Location"].split("#")[0]
    html = client.get(location).get_data(as_text=True)
    assert notices_on(html) == [expected]
    assert notices_on(client.get(location).get_data(as_text=True)) == []
    assert notices_on(client.get("/min-side").get_data(as_text=True)) == []
    return BeautifulSoup(html, "html.parser")


def _goal_id(app, text_start: str) -> int:
    with app.app_context():
        return db.db_session().scalar(select(Goal.id).where(Goal.text.startswith(text_start)))


def _changed(app, model, participant: int | None) -> dict:
    """When Kari's consent (to a service, or to the plan) last changed, as the notice says it."""
    with app.test_request_context(), db.new_session() as s:
        from app.consent.words import moment_in_words

        where = (
            model.participant_id == participant
            if participant
            else model.plan_id.in_(select(Plan.id).join(Person, Person.id == Plan.owner_id).where(Person.pid == KARI))
        )
        return {
            k: v.replace("\u202f", " ")
            for k, v in moment_in_words(s.scalar(select(model).where(where)).changed_at).items()
        }


def _fresh_login(client):
    with client.client.session_transaction() as session:
        session["auth_time"] = time.time()


def test_an_evaluation_is_thanked_for_on_the_goals_page(app, client):
    goal = _goal_id(app, "Jeg vil gå tur")
    log_in_test_client(app, client, KARI)
    token = client.csrf_token(f"/plan/mal/{goal}")
    response = client.post(f"/plan/mal/{goal}/hvordan-gar-det", {"csrf_token": token, "rating": "good"})
    told_once(client, response, (SUCCESS, "status", "Takk! Vi har lagret det."))


def test_changed_words_are_confirmed_on_the_goals_page(app, client):
    goal = _goal_id(app, "Jeg vil gå tur")
    with app.app_context():
        stored = db.db_session().get(Goal, goal)
        before = (stored.network_help, stored.version, stored.changed_by_id, stored.changed_basis, stored.changed_at)
        form = {
            "text": stored.text,
            "own_resources": stored.own_resources or "",
            "needs": stored.needs or "",
            "network_help": "Naboen går med meg.",
            "version": str(stored.version),
        }
    log_in_test_client(app, client, KARI)
    token = client.csrf_token(f"/plan/mal/{goal}")
    try:
        response = client.post(f"/plan/mal/{goal}/endre", {"csrf_token": token, **form})
        told_once(client, response, (SUCCESS, "status", "Endringen er lagret."))
    finally:
        with app.app_context():
            s = db.db_session()
            stored = s.get(Goal, goal)
            (stored.network_help, stored.version, stored.changed_by_id, stored.changed_basis, stored.changed_at) = (
                before
            )
            s.commit()


def test_keeping_a_goal_private_is_confirmed_and_a_stale_form_is_told_so(app, client):
    with app.app_context():
        s = db.db_session()
        sara = s.scalar(select(Person.id).where(Person.pid == SARA))
        goal = s.scalar(
            select(Goal.id)
            .join(Plan, Plan.id == Goal.plan_id)
            .where(Plan.owner_id == sara)
            .where(Goal.private_from_parents.is_(False))
            .order_by(Goal.text)
        )
    log_in_test_client(app, client, SARA)
    token = client.csrf_token("/plan")
    form = {"csrf_token": token, "private": "on", "expected": "off"}
    try:
        told_once(
            client,
            client.post(f"/plan/mal/{goal}/skjul-for-foreldre", form),
            (SUCCESS, "status", "Endringen er lagret."),
        )
        told_once(
            client,
            client.post(f"/plan/mal/{goal}/skjul-for-foreldre", form),
            (INFO, "status", "Målet er allerede skjult for foreldrene dine."),
        )
    finally:
        client.post(f"/plan/mal/{goal}/skjul-for-foreldre", {"csrf_token": token, "private": "off", "expected": "on"})


def test_a_proposed_topic_is_thanked_for_next_to_the_meeting(app, client):
    with app.app_context():
        meeting = db.db_session().scalar(
            select(Meeting.id)
            .join(Plan, Plan.id == Meeting.plan_id)
            .join(Person, Person.id == Plan.owner_id)
            .where(Person.pid == KARI, Meeting.ends_at > datetime.now(UTC))
            .order_by(Meeting.starts_at)
        )
    log_in_test_client(app, client, KARI)
    token = client.csrf_token("/plan")
    response = client.post(f"/plan/mote/{meeting}/tema", {"csrf_token": token, "topic": "Hvordan det går på jobb."})
    assert response.headers["Location"].endswith("/plan#meeting-heading")
    page = told_once(
        client, response, (SUCCESS, "status", "Takk! Temaet er lagret. Koordinatoren ser det i planen før møtet.")
    )
    # Where the redirect's #meeting-heading leads: under the meeting's heading, not at the top.
    assert page.select_one("[data-notice]").find_previous("h2")["id"] == "meeting-heading"


def test_a_given_and_a_withdrawn_consent_are_told_with_a_link_to_the_receipt(app, client):
    nav = participant_id(app, KARI, "NAV Askøy")
    log_in_test_client(app, client, KARI)
    _fresh_login(client)
    page = told_once(
        client,
        give(client, nav, areas=["work"]),
        (SUCCESS, "status", "Samtykket til NAV Askøy er lagret. Det gjelder med en gang. Se kvitteringen"),
    )
    assert page.select_one("[data-notice] a")["href"] == "/samtykke/kvittering"
    page = told_once(
        client,
        withdraw(client, nav),
        (SUCCESS, "status", "Samtykket til NAV Askøy er trukket tilbake. Det gjelder med en gang. Se kvitteringen"),
    )
    assert page.select_one("[data-notice] a")["href"] == "/samtykke/kvittering"


def test_a_stale_withdrawal_changes_nothing_and_says_so(app, client):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    log_in_test_client(app, client, KARI)
    told_once(
        client,
        withdraw(client, fastlegen, version=version_of(app, fastlegen) + 1),
        (
            INFO,
            "status",
            "Samtykket til Fastlegen ble endret {date} kl. {time}, etter at du åpnet dette skjemaet. "
            "Derfor ble ingenting endret nå. Her ser du hvordan det er nå.".format(
                **_changed(app, SharingConsent, fastlegen)
            ),
        ),
    )


def test_the_consent_to_a_plan_withdrawn_given_and_stale(app, client):
    log_in_test_client(app, client, KARI)
    token = client.csrf_token("/samtykke/plan")
    told_once(
        client,
        client.post("/samtykke/plan/trekk-tilbake", {"csrf_token": token, "version": "1"}),
        (SUCCESS, "status", "Samtykket til individuell plan er trukket tilbake. Det gjelder med en gang."),
    )
    told_once(
        client,
        client.post("/samtykke/plan/trekk-tilbake", {"csrf_token": token, "version": "1"}),
        (
            INFO,
            "status",
            "Samtykket til individuell plan er allerede trukket tilbake {date} kl. {time}.".format(
                **_changed(app, PlanConsent, None)
            ),
        ),
    )
    _fresh_login(client)
    told_once(
        client,
        client.post("/samtykke/plan/gi", {"csrf_token": token, "version": "2"}),
        (SUCCESS, "status", "Samtykket til individuell plan er lagret."),
    )


def test_a_fullmakt_granted_and_revoked_is_told_by_name(app, client):
    log_in_test_client(app, client, KARI)
    _fresh_login(client)
    token = client.csrf_token("/fullmakter")
    response = client.post(
        "/fullmakter/ny",
        {
            "pid": RANDI,
            "name": "Randi Berg",
            "scopes": ["read"],
            "valid_to": "",
            "csrf_token": token,
            "next": "/fullmakter/ny",
        },
    )
    told_once(client, response, (SUCCESS, "status", "Randi Berg har nå fullmakt."))
    with app.app_context():
        s = db.db_session()
        holder = s.scalar(select(Person.id).where(Person.pid == NILS))
        fullmakt = s.scalar(
            select(Representation.id).where(
                Representation.basis == "power_of_attorney", Representation.holder_id == holder
            )
        )
    told_once(
        client,
        client.post(f"/fullmakter/{fullmakt}/trekk-tilbake", {"csrf_token": token}),
        (SUCCESS, "status", "Fullmakten til Nils Lund er trukket tilbake."),
    )


def test_answers_sent_twice_are_told_they_were_already_sent(app, client):
    log_in_test_client(app, client, KARI)
    fill_in(client, {"health": "Jeg vil gå tur."})
    state = {"csrf_token": client.csrf_token("/hva-er-viktig/se-over")}
    version = BeautifulSoup(client.get("/hva-er-viktig/se-over").get_data(as_text=True), "html.parser").find(
        "input", attrs={"name": "version"}
    )["value"]
    assert send(client).status_code == 303
    assert notices_on(client.get("/hva-er-viktig/sendt").get_data(as_text=True)) == []
    again = client.post("/hva-er-viktig/send", {**state, "version": version})
    told_once(client, again, (INFO, "status", "Svarene var allerede sendt. Vi har ikke sendt dem en gang til."))
