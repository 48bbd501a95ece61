"""Min side: who is logged in, their plan, their municipality's KE, the way to the information."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import db
from app.models import Person
from tests.auth.sessions import log_in_test_client
from tests.people import ARNE, KARI, OLA, RANDI


@pytest.fixture
def restore_profiles(app):
    """Put the demo persons' choices back after a test that changes them."""
    yield
    from app.demo import data as demo_data

    with app.app_context(), db.new_session() as s:
        for data in demo_data.PERSONS:
            person = s.scalar(select(Person).where(Person.pid == data["pid"]))
            person.locale, person.easy_read = data.get("locale"), data.get("easy_read")
        s.commit()


def test_someone_not_logged_in_is_sent_to_log_in_and_back(client):
    response = client.client.get("/min-side")
    assert response.status_code == 303 and response.headers["Location"] == "/logg-inn?next=/min-side"


def test_kari_sees_her_name_her_plan_and_askoys_coordinating_unit(app, client):
    log_in_test_client(app, client, KARI)
    html = client.get_page("account.my_page").get_data(as_text=True)
    assert "Hei, Kari Nordmann!" in html
    assert 'href="/plan"' in html and 'href="/plan/denne-uka"' in html
    assert 'href="/kontakt/askoy"' in html and "56 15 83 83" in html
    assert 'href="/om-individuell-plan"' in html


def test_arne_has_no_plan_and_is_offered_to_ask_for_one_online(app, client):
    log_in_test_client(app, client, ARNE)
    html = client.get_page("account.my_page").get_data(as_text=True)
    assert "Du har ikke en individuell plan." in html
    assert 'href="/be-om-plan"' in html
    assert 'href="/kontakt/horten"' in html


def test_someone_without_a_known_municipality_finds_the_contact_list(app, client):
    log_in_test_client(app, client, RANDI)
    html = client.get_page("account.my_page").get_data(as_text=True)
    assert 'href="/kontakt"' in html and "Vi vet ikke hvilken kommune" in html


def test_luster_unit_name_is_marked_as_nynorsk(app, client):
    log_in_test_client(app, client, OLA, locale="nb", easy_read=False)
    html = client.get_page("account.my_page").get_data(as_text=True)
    assert '<span lang="nn">Tenestekontoret, Helsesenteret</span>' in html


def test_the_header_shows_who_is_logged_in_on_every_page(app, client):
    anonymous = client.get_page("info.glossary").get_data(as_text=True)
    assert 'href="/logg-inn?next=/ordliste"' in anonymous and 'action="/logg-ut"' not in anonymous
    log_in_test_client(app, client, KARI)
    html = client.get_page("info.glossary").get_data(as_text=True)
    assert "Logget inn som Kari Nordmann" in html and 'action="/logg-ut"' in html
    assert 'href="/logg-inn' not in html


def test_personal_pages_are_never_cached(app, client):
    log_in_test_client(app, client, KARI)
    assert client.get_page("account.my_page").headers["Cache-Control"] == "no-store"


def test_the_profile_decides_language_and_mode_when_nothing_was_chosen(app, client):
    log_in_test_client(app, client, OLA)  # Ola's profile: Nynorsk, easy-read
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="nn"' in html and 'class="easy-read"' in html


def test_choices_made_while_logged_in_are_saved_in_the_profile(app, client, restore_profiles):
    log_in_test_client(app, client, KARI)
    assert client.client.post("/sprak", data={"locale": "se", "next": "/"}).status_code == 303
    assert client.client.post("/lettlest", data={"easy_read": "on", "next": "/"}).status_code == 303
    with app.app_context(), db.new_session() as s:
        kari = s.scalar(select(Person).where(Person.pid == KARI))
        assert (kari.locale, kari.easy_read) == ("se", True)
    # A new login, in a browser that never chose anything, starts with the saved choices.
    fresh = app.test_client()
    from tests.conftest import PageClient

    fresh_client = PageClient(fresh, app)
    log_in_test_client(app, fresh_client, KARI)
    html = fresh_client.get("/").get_data(as_text=True)
    assert '<html lang="se"' in html and 'class="easy-read"' in html


def test_choices_made_without_logging_in_touch_no_profile(app, client):
    assert client.client.post("/sprak", data={"locale": "en"}).status_code == 303
    with app.app_context(), db.new_session() as s:
        assert s.scalar(select(Person).where(Person.locale == "en")) is None


def test_min_side_reads_each_part_of_the_plan_once(app, client, count_queries):
    """Min side shows the week, the news, the messages and the consents, each through its own
    lookup: the plan and its goals are still read once, and the page keeps to a budget."""
    log_in_test_client(app, client, KARI)
    client.get("/min-side")  # the templates and the session warm

    with count_queries() as shown:
        assert client.get("/min-side").status_code == 200

    repeated = {s for s in shown.statements if shown.statements.count(s) > 1}
    assert not repeated, repeated
    assert shown.count <= 18, "\n".join(shown.statements)
