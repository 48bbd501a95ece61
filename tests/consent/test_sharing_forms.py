"""Giving, changing and withdrawing: step-up only when more is shared, bad input refused at the
field, stale and replayed forms change nothing, and forged "on behalf of" fields are ignored."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from app import db
from app.models import AuditEvent, Person
from tests.auth.sessions import act_for, log_in_test_client
from tests.consent.helpers import change, changes_of, consent_of, give, participant_id, withdraw
from tests.people import EMMA, KARI, NILS, OLA, PER, SARA


def _stale_login(client):
    with client.client.session_transaction() as session:
        session["auth_time"] = time.time() - 3600


def _fresh_login(client):
    with client.client.session_transaction() as session:
        session["auth_time"] = time.time()  # as the step-up login would


def test_kari_gives_nav_consent_and_sees_it_in_plain_words_at_once(app, client):
    nav = participant_id(app, KARI, "NAV Askøy")
    log_in_test_client(app, client, KARI)
    response = give(client, nav, areas=["work", "finances"], valid_to="31.12.2027", purpose="Å finne en arbeidsplass.")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/samtykke#service-{nav}")
    html = client.get("/samtykke").get_data(as_text=True)
    assert "Samtykket til NAV Askøy er lagret. Det gjelder med en gang." in html
    assert (
        "NAV Askøy kan dele opplysninger om arbeid og dagaktivitet og økonomi med de andre i planen, til og med 31. desember 2027."
        in html
    )
    assert "Sist endret" in html and "av deg." in html


def test_giving_after_a_stale_login_asks_for_a_fresh_one_and_keeps_what_was_typed(app, client):
    nav = participant_id(app, KARI, "NAV Askøy")
    log_in_test_client(app, client, KARI)
    _stale_login(client)
    assert "fresh=1" in client.get(f"/samtykke/{nav}/gi").headers["Location"]
    response = give(client, nav, areas=["work"], purpose="Jobb to dager i uka.", valid_to="01.02.2028")
    assert response.status_code == 303
    assert "fresh=1" in response.headers["Location"] and "acr=idporten-loa-high" in response.headers["Location"]
    assert consent_of(app, nav) is None
    _fresh_login(client)
    html = client.get(f"/samtykke/{nav}/gi").get_data(as_text=True)
    assert (
        "Jobb to dager i uka." in html
        and 'value="01.02.2028"' in html
        and 'value="work" id="field-areas-work" checked' in html
    )


@pytest.mark.parametrize(
    "form",
    [
        {"areas": ["health"]},  # fewer areas
        {"valid_to": "30.06.2027"},  # an earlier end
        {"exclusions": "Ikke noe om medisinene mine."},  # something more excluded
    ],
    ids=["fewer-areas", "earlier-end", "more-excluded"],
)
def test_narrowing_never_asks_for_a_login(app, client, form):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    log_in_test_client(app, client, KARI)
    _stale_login(client)
    assert change(client, fastlegen, **form).headers["Location"].endswith(f"/samtykke#service-{fastlegen}")
    assert changes_of(app, fastlegen)[-1].action == "changed"


@pytest.mark.parametrize(
    "form",
    [
        {"areas": ["health", "daily-living", "housing"]},  # another area
        {"valid_to": "31.12.2028"},  # a later end
        {"valid_to": ""},  # no end at all
        {"purpose": "Alt mulig."},  # another purpose
    ],
    ids=["more-areas", "later-end", "no-end", "other-purpose"],
)
def test_widening_asks_for_a_fresh_login_first(app, client, form):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    log_in_test_client(app, client, KARI)
    _stale_login(client)
    assert "fresh=1" in change(client, fastlegen, **form).headers["Location"]
    assert len(changes_of(app, fastlegen)) == 1  # only the demo's "given"


def test_removing_an_exclusion_is_widening(app, client):
    fysio = participant_id(app, KARI, "Fysioterapitjenesten")
    log_in_test_client(app, client, KARI)
    _stale_login(client)
    assert "fresh=1" in change(client, fysio, exclusions="").headers["Location"]


def test_withdrawing_is_one_press_without_a_login_and_shows_who_did_it(app, client):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    log_in_test_client(app, client, KARI)
    _stale_login(client)
    confirm = client.get(f"/samtykke/{fastlegen}/trekk-tilbake")
    assert confirm.status_code == 200 and "Trekk tilbake samtykket" in confirm.get_data(as_text=True)
    assert withdraw(client, fastlegen).status_code == 303
    html = client.get("/samtykke").get_data(as_text=True)
    assert "Samtykket til Fastlegen er trukket tilbake. Det gjelder med en gang." in html
    assert "Nå kan ikke Fastlegen dele opplysninger med de andre i planen." in html
    assert consent_of(app, fastlegen).status == "withdrawn"
    assert "trakk tilbake samtykket til Fastlegen" in client.get("/tilgangslogg").get_data(as_text=True)


def test_a_replayed_withdrawal_changes_nothing_and_says_so(app, client):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    log_in_test_client(app, client, KARI)
    version = consent_of(app, fastlegen).version
    assert withdraw(client, fastlegen, version=version).status_code == 303
    assert withdraw(client, fastlegen, version=version).status_code == 303
    assert [c.action for c in changes_of(app, fastlegen)] == ["given", "withdrawn"]
    html = client.get("/samtykke").get_data(as_text=True)
    assert "Samtykket til Fastlegen er allerede trukket tilbake " in html
    assert "noen andre" not in html and "Det ble gjort av" not in html


def test_two_stale_forms_the_first_wins_and_the_second_changes_nothing(app, client):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    log_in_test_client(app, client, KARI)
    shown = consent_of(app, fastlegen).version  # both tabs were opened on this version
    assert change(client, fastlegen, version=shown, areas=["health"]).status_code == 303
    second = change(client, fastlegen, version=shown, valid_to="01.01.2027")
    assert second.status_code == 303
    html = client.get("/samtykke").get_data(as_text=True)
    assert "Samtykket til Fastlegen ble endret " in html and ", etter at du åpnet dette skjemaet." in html
    assert "Derfor ble ingenting endret nå." in html
    assert "noen andre" not in html and "Det ble gjort av" not in html  # she changed it herself
    consent = consent_of(app, fastlegen)
    assert consent.areas == ["health"] and consent.valid_to.isoformat() == "2027-12-31"
    assert consent.version == shown + 1
    assert [c.action for c in changes_of(app, fastlegen)] == ["given", "changed"]


def test_the_database_refuses_a_second_writer_from_the_same_version(app):
    """Two requests that both read version n before either writes: only one gets through."""
    from app.domain import Actor
    from app.services import consents

    fastlegen = participant_id(app, KARI, "Fastlegen")
    with app.app_context():
        first, second = db.new_session(), db.new_session()
        try:
            kari = first.scalar(select(Person).where(Person.pid == KARI))
            actor = Actor(kari)
            plan_one, service_one = consents.recipient_to_change(first, actor, fastlegen)
            plan_two, service_two = consents.recipient_to_change(second, Actor(second.get(Person, kari.id)), fastlegen)
            version = consents.sharing_consents(first, plan_one)[fastlegen].version
            consents.sharing_consents(second, plan_two)  # loaded before the first writes
            terms = consents.Terms(
                ("health",), "Samarbeid.", consents.sharing_consents(first, plan_one)[fastlegen].valid_from
            )
            consents.save_sharing(first, actor, plan_one, service_one, terms, version)
            with pytest.raises(consents.StaleConsent):
                consents.save_sharing(second, Actor(second.get(Person, kari.id)), plan_two, service_two, terms, version)
        finally:
            first.close()
            second.close()
    assert [c.action for c in changes_of(app, fastlegen)] == ["given", "changed"]


@pytest.mark.parametrize(
    "form, field, message",
    [
        ({"areas": []}, "areas", "Velg minst ett område."),
        ({"areas": ["health", "astrology"]}, "areas", "Velg bare blant områdene på listen."),
        ({"purpose": "  "}, "purpose", "Skriv hva opplysningene skal brukes til."),
        ({"valid_from": "01.01.2020"}, "valid_from", "Samtykket kan ikke gjelde fra en dag som har vært."),
        ({"valid_from": "01.03.2027", "valid_to": "01.02.2027"}, "valid_to", "Siste dag kan ikke være før første dag."),
        ({"valid_to": "31.02.2027"}, "valid_to", "Datoen finnes ikke: februar 2027 har 28 dager."),
        ({"valid_from": "i morgen"}, "valid_from", "Skriv datoen med tall, slik: 24.12.2026."),
        ({"exclusions": "x" * 2001}, "exclusions", "Teksten har 1 tegn for mye."),
    ],
    ids=[
        "no-area",
        "unknown-area",
        "no-purpose",
        "from-in-the-past",
        "ends-before-it-starts",
        "impossible-date",
        "not-a-date",
        "too-long",
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(app, client, form, field, message):
    nav = participant_id(app, KARI, "NAV Askøy")
    log_in_test_client(app, client, KARI)
    response = give(client, nav, **form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<title>Feil:" in html
    assert html.count(message) == 2, "in the summary and at the field"
    assert f'id="field-{field}-error"' in html
    assert consent_of(app, nav) is None


def test_a_start_already_in_force_may_stay_when_the_consent_is_changed(app, client):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    log_in_test_client(app, client, KARI)
    assert change(client, fastlegen, areas=["health"]).status_code == 303  # valid_from 10.01.2026 is kept
    assert change(client, fastlegen, valid_from="01.01.2026").status_code == 422  # but not moved further back


def test_consent_to_a_service_of_another_plan_a_relative_or_a_guess_is_not_found(app, client):
    log_in_test_client(app, client, KARI)
    others = [participant_id(app, OLA, "Heimetenesta"), participant_id(app, KARI, "Familie"), 999999]
    for other in others:
        assert client.get(f"/samtykke/{other}/gi").status_code == 404
        assert give(client, other, version=0).status_code == 404
        assert withdraw(client, other, version=1).status_code == 404
    assert consent_of(app, others[0]).status == "given"


def test_a_missing_or_forged_version_is_a_bad_request(app, client):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    log_in_test_client(app, client, KARI)
    assert change(client, fastlegen, version="latest").status_code == 400
    assert withdraw(client, fastlegen, version="-1").status_code == 400


def test_forged_on_behalf_fields_are_ignored(app, client):
    """Who acts, for whom and on what basis come from the server's actor, never from the form."""
    skolen = participant_id(app, SARA, "Skolen")
    act_for(app, client, NILS, SARA)
    with app.app_context():
        kari = db.db_session().scalar(select(Person).where(Person.pid == KARI))
        nils = db.db_session().scalar(select(Person).where(Person.pid == NILS))
        sara = db.db_session().scalar(select(Person).where(Person.pid == SARA))
    response = give(
        client,
        skolen,
        areas=["school"],
        basis="self",
        subject_id=str(kari.id),
        author_id=str(kari.id),
        on_behalf_of=KARI,
        child_view="agrees",
    )
    assert response.status_code == 303
    change_row = changes_of(app, skolen)[-1]
    assert (change_row.author_id, change_row.subject_id, change_row.basis) == (nils.id, sara.id, "parent")
    assert change_row.child_view == "agrees"
    with app.app_context():
        event = db.db_session().scalar(
            select(AuditEvent).where(AuditEvent.action == "consent.given").order_by(AuditEvent.id.desc()).limit(1)
        )
    assert (event.actor_id, event.subject_id, event.basis) == (nils.id, sara.id, "parent")


def test_the_childs_view_is_recorded_only_when_a_parent_acts_for_a_child_of_7_to_15(app, client):
    skolen = participant_id(app, EMMA, "Skolen")
    act_for(app, client, PER, EMMA)  # Emma is 10
    form = client.get(f"/samtykke/{skolen}/endre").get_data(as_text=True)
    assert "Barnets mening (valgfritt)" in form
    assert (
        change(
            client,
            skolen,
            areas=["school"],
            child_view="disagrees",
            child_view_text="Jeg vil ikke at skolen skal vite om legen.",
        ).status_code
        == 303
    )
    latest = changes_of(app, skolen)[-1]
    assert (latest.child_view, latest.child_view_text) == ("disagrees", "Jeg vil ikke at skolen skal vite om legen.")
    assert "Barnets mening: Barnet er uenig." in client.get("/samtykke/historikk").get_data(as_text=True)
    assert change(client, skolen, areas=["school"], child_view="thinks-nothing").status_code == 422
    client.client.delete_cookie("minplan_session")
    # Kari acts for herself: a child's view in her form is ignored, and no such field is shown.
    fastlegen = participant_id(app, KARI, "Fastlegen")
    log_in_test_client(app, client, KARI)
    assert "Barnets mening" not in client.get(f"/samtykke/{fastlegen}/endre").get_data(as_text=True)
    assert change(client, fastlegen, areas=["health"], child_view="agrees").status_code == 303
    assert changes_of(app, fastlegen)[-1].child_view is None


def test_control_characters_never_break_a_consent_page_or_reach_the_database(app, client):
    """A NUL pasted into a text: PostgreSQL cannot store it and a page cannot show it back."""
    nav = participant_id(app, KARI, "NAV Askøy")
    log_in_test_client(app, client, KARI)
    too_long = give(client, nav, areas=["work"], purpose="a\x00" * 3000)
    assert too_long.status_code == 422  # the page checks parse it strictly: no NUL came back
    assert (
        give(
            client, nav, areas=["work"], purpose="Å finne\x00 en jobb.\x07", exclusions="\x00Ikke\x1b helse"
        ).status_code
        == 303
    )
    consent = consent_of(app, nav)
    assert consent.purpose == "Å finne en jobb." and consent.exclusions == "Ikke helse"
