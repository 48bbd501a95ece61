""" "Kort fortalt" names every consent in force, grouped by what is shared, and nothing else: for
many combinations of consents given, withdrawn, ended and not yet started (made through the
service functions), the summary on the page is compared with the consents in the database."""

from __future__ import annotations

import re
from datetime import timedelta

from flask_babel import force_locale, format_date, gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app import db
from app.domain import Actor, vocabulary
from app.domain.clock import local_date, today
from app.models import Person, PlanConsent, SharingConsent
from app.services import consents
from app.services import plan_consent as plan_consents
from tests.auth.sessions import act_for, log_in_test_client
from tests.consent.helpers import participant_id, withdraw
from tests.people import KARI, OLA, RANDI

SERVICES = ("Fysioterapitjenesten", "Fastlegen", "NAV Askøy")
AREAS = vocabulary.INFORMATION_AREAS
# What each of Kari's three services is made to have: left as it is, in force, ended, not yet
# started (each with its areas), or withdrawn.
TERMS = st.tuples(st.sampled_from(["active", "ended", "not-started"]), st.sets(st.sampled_from(AREAS), min_size=1))
SERVICE_STATE = st.one_of(st.just(("keep", set())), st.just(("withdrawn", set())), TERMS)
ONE_MORE_SENTENCE = re.compile(r"[.!?] [A-ZÆØÅ]")
READERS = st.sampled_from([("nb", False), ("nn", True), ("en", False), ("nb", True)])


def _make(app, wanted: dict[str, tuple[str, set]], plan_consent: str) -> None:
    """Bring Kari's consents to `wanted` through the use cases, as she would."""
    day = today()
    with app.app_context(), db.new_session() as s:
        kari = s.scalar(select(Person).where(Person.pid == KARI))
        actor = Actor(kari)
        plan = consents.plan_of(s, actor)
        by_name = {p.service: p for p in consents.recipients(plan)}
        for service, (kind, areas) in wanted.items():
            participant = by_name[service]
            consent = consents.sharing_consent_of(s, participant)
            version = consent.version if consent else 0
            if kind == "withdrawn":
                if consent is None or consent.status != "given":
                    consent = consents.save_sharing(
                        s, actor, plan, participant, consents.Terms(("health",), "Samarbeid.", day), version
                    )
                    version = consent.version
                consents.withdraw_sharing(s, actor, plan, participant, version)
            elif kind != "keep":
                start, end = {
                    "active": (day - timedelta(days=3), None),
                    "ended": (day - timedelta(days=30), day - timedelta(days=1)),
                    "not-started": (day + timedelta(days=10), None),
                }[kind]
                terms = consents.Terms(tuple(a for a in AREAS if a in areas), "Samarbeid.", start, end)
                consents.save_sharing(s, actor, plan, participant, terms, version)
        current = plan_consents.plan_consent(s, plan)
        if plan_consent == "withdrawn" and current is not None and current.status == "given":
            plan_consents.withdraw_plan_consent(s, actor, plan, current.version)
        elif plan_consent == "given" and (current is None or current.status != "given"):
            plan_consents.give_plan_consent(s, actor, plan, current.version if current else 0, day)


def _in_force_in_the_database(app) -> tuple[dict[str, set[str]], PlanConsent | None]:
    """Area → the services whose consent is in force today, read straight from the tables."""
    day = today()
    with app.app_context(), db.new_session() as s:
        kari = s.scalar(select(Person).where(Person.pid == KARI))
        plan = consents.plan_of(s, Actor(kari))
        rows = s.scalars(select(SharingConsent).where(SharingConsent.plan_id == plan.id)).all()
        by_area: dict[str, set[str]] = {}
        for row in rows:
            if row.status == "given" and row.valid_from <= day and (row.valid_to is None or row.valid_to >= day):
                for area in row.areas:
                    by_area.setdefault(area, set()).add(row.participant.service)
        plan_consent = s.scalar(select(PlanConsent).where(PlanConsent.plan_id == plan.id))
        if plan_consent is not None:
            s.expunge(plan_consent)
        return by_area, plan_consent


def _summary_items(html: str) -> list[tuple[str, str]]:
    """(class, inner html) of each line of "Kort fortalt"."""
    start = html.index('id="summary-heading"')
    section = html[start : html.index("</section>", start)]
    return re.findall(r'<li class="record-list__item together (consent-summary__\w+)"[^>]*>(.*?)</li>', section, re.S)


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def _area_word(app, area: str, locale: str, easy_read: bool) -> str:
    with app.test_request_context(), force_locale(locale):
        label = vocabulary.TERMS[area].words(easy_read)
    return label[:1].lower() + label[1:]


def _check_summary(app, html: str, locale: str, easy_read: bool) -> None:
    by_area, plan_consent = _in_force_in_the_database(app)
    items = _summary_items(html)
    areas = [inner for kind, inner in items if kind == "consent-summary__area"]
    # One line per area in force, in the vocabulary's order, each naming exactly its services.
    expected = [a for a in AREAS if a in by_area]
    assert len(areas) == len(expected), (expected, [_text(i) for i in areas])
    for area, inner in zip(expected, areas, strict=True):
        text = _text(inner)
        assert _area_word(app, area, locale, easy_read) in text
        assert {name for name in SERVICES if name in text} == by_area[area], text
        if easy_read:  # one sentence, and the area's own pictogram
            with app.test_request_context():
                from app.templating import pictogram_url, term_pictogram

                src = pictogram_url(term_pictogram(area))
            assert re.findall(r'<img class="pictogram" src="([^"]+)"', inner) == [src]
            assert inner.count("<p>") == 1 and not ONE_MORE_SENTENCE.search(text) and text.endswith(".")
    # "None" is said exactly when nothing is in force.
    nones = [inner for kind, inner in items if kind == "consent-summary__none"]
    assert len(nones) == (0 if by_area else 1)
    assert not any(name in _text(inner) for inner in nones for name in SERVICES)
    # The consent to having a plan, as it stands.
    (plan_line,) = [_text(inner) for kind, inner in items if kind == "consent-summary__plan"]
    with app.test_request_context(), force_locale(locale):
        if plan_consent is not None and plan_consent.status == "given":
            day = format_date(plan_consent.given_on, "long")
            said = gettext("Ja til planen %(date)s.", date=day) if easy_read else None
            said = said or gettext("Samtykke til å ha en individuell plan ble gitt %(date)s.", date=day)
        elif plan_consent is not None:
            day = format_date(local_date(plan_consent.changed_at), "long")
            said = gettext("Planen ble stoppet %(date)s.", date=day) if easy_read else None
            said = said or gettext("Samtykket til individuell plan ble trukket tilbake %(date)s.", date=day)
        else:
            said = gettext("Ingen har sagt ja til planen ennå.") if easy_read else None
            said = said or gettext("Samtykke til individuell plan er ikke registrert.")
    assert said in plan_line, (said, plan_line)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(
    fysio=SERVICE_STATE,
    fastlegen=SERVICE_STATE,
    nav=SERVICE_STATE,
    plan_consent=st.sampled_from(["keep", "given", "withdrawn"]),
    reader=READERS,
)
def test_the_summary_names_every_consent_in_force_and_no_other(
    app, client, fysio, fastlegen, nav, plan_consent, reader
):
    _make(app, {"Fysioterapitjenesten": fysio, "Fastlegen": fastlegen, "NAV Askøy": nav}, plan_consent)
    locale, easy_read = reader
    log_in_test_client(app, client, KARI, locale=locale, easy_read=easy_read)
    _check_summary(app, client.get("/samtykke").get_data(as_text=True), locale, easy_read)


def test_every_combination_of_one_consent_per_service_is_summed_up_truly(app, client):
    """Exhaustive over each service being in force, withdrawn or ended (27 combinations), nb."""
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    kinds = [("active", {"health"}), ("withdrawn", set()), ("ended", {"health", "work"})]
    for fysio in kinds:
        for fastlegen in kinds:
            for nav in [("active", {"work", "finances"}), *kinds[1:]]:
                _make(app, {"Fysioterapitjenesten": fysio, "Fastlegen": fastlegen, "NAV Askøy": nav}, "keep")
                _check_summary(app, client.get("/samtykke").get_data(as_text=True), "nb", False)


def _summary_text(client) -> list[str]:
    return [_text(inner) for _, inner in _summary_items(client.get("/samtykke").get_data(as_text=True))]


def test_one_service_given_consent_is_in_the_summary_at_once(app, client):
    nav = participant_id(app, KARI, "NAV Askøy")
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    from tests.consent.helpers import give

    assert give(client, nav, areas=["work", "finances"]).status_code == 303
    assert _summary_text(client) == [
        "Fysioterapitjenesten og Fastlegen kan dele opplysninger om helse med de andre i planen.",
        "Fastlegen kan dele opplysninger om hverdagen med de andre i planen.",
        "NAV Askøy kan dele opplysninger om arbeid og dagaktivitet med de andre i planen.",
        "NAV Askøy kan dele opplysninger om økonomi med de andre i planen.",
        "Samtykke til å ha en individuell plan ble gitt 10. januar 2026.",
    ]


def test_withdrawing_one_of_two_keeps_the_other_in_the_summary_and_none_is_said_plainly(app, client):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    fysio = participant_id(app, KARI, "Fysioterapitjenesten")
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    withdraw(client, fastlegen)
    assert _summary_text(client)[:-1] == ["Fysioterapitjenesten kan dele opplysninger om helse med de andre i planen."]
    withdraw(client, fysio)
    assert _summary_text(client)[:-1] == ["Ingen tjeneste kan dele opplysninger om deg med de andre i planen nå."]


def test_easy_read_in_nynorsk_one_sentence_and_one_pictogram_per_area_and_the_name_for_a_verge(app, client):
    log_in_test_client(app, client, RANDI, locale="nn", easy_read=True)
    act_for(app, client, RANDI, OLA)
    html = client.get("/samtykke").get_data(as_text=True)
    lines = [_text(inner) for _, inner in _summary_items(html)]
    assert lines == [
        "Heimetenesta har lov til å snakke med dei andre om helse.",
        "Heimetenesta og Dagsenteret i Gaupne har lov til å snakke med dei andre om kvardagen.",
        "Ja til planen 20. februar 2026.",
    ]
    assert not any(ONE_MORE_SENTENCE.search(line) for line in lines)
    pictograms = [re.findall(r'<img class="pictogram"', inner) for _, inner in _summary_items(html)]
    assert all(len(found) == 1 for found in pictograms)


def test_saying_stop_to_the_plan_in_easy_read_keeps_the_reassurance_and_says_what_happened(app, client):
    """Found by a review in the browser: easy-read left out that she keeps her coordinator, that
    nothing is deleted and that she can say yes again, and told what happened in standard words."""
    from bs4 import BeautifulSoup

    from tests.auth.sessions import log_in_test_client
    from tests.people import KARI

    log_in_test_client(app, client, KARI, easy_read=True)
    page = client.get("/samtykke/plan/trekk-tilbake").get_data(as_text=True)
    for sentence in (
        "Du har fortsatt en koordinator.",
        "Planen blir ikke slettet.",
        "Du kan si ja til planen igjen senere.",
    ):
        assert sentence in page
    form = BeautifulSoup(page, "html.parser").find("form", attrs={"action": "/samtykke/plan/trekk-tilbake"})
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    done = client.client.post("/samtykke/plan/trekk-tilbake", data=fields)
    assert done.status_code == 303
    told = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Du har sagt stopp for planen." in told and "trukket tilbake" not in told
    again = client.get("/samtykke/plan/trekk-tilbake").get_data(as_text=True)
    assert "Du har ikke sagt ja til planen nå." in again
