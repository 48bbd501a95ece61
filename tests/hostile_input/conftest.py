"""An app of its own on a fresh database: the attacks post forms that succeed, and the shared
demo data (and the tests that read it) must not see what they leave behind."""

from __future__ import annotations

import os
import re

import pytest
from alembic import command
from alembic.config import Config
from bs4 import BeautifulSoup

from app.demo import data as demo_data
from app.domain.cases import ComplaintReason
from tests.auth.sessions import act_for, log_in_test_client
from tests.conftest import ROOT, PageClient, idp_config, make_app, staff_idp_config
from tests.databases import fresh_database
from tests.hostile_input.site import FoundForm, Site, endpoint_of, forms_on, walk
from tests.hostile_input.staff_site import STAFF, staff_sites
from tests.people import ARNE, EMMA, KARI, NILS, OLA, PER, SARA
from tests.staff.sessions import log_in_staff
from tests.wizard.helpers import fill_in
from tests.wizard.helpers import send as send_answers


@pytest.fixture(scope="package")
def hostile_app(idp, staff_idp, tmp_path_factory):
    with fresh_database(os.environ.get("TEST_ON_DATABASE"), tmp_path_factory.mktemp("hostile")) as url:
        config = Config(str(ROOT / "alembic.ini"))
        config.attributes["database_url"] = url
        command.upgrade(config, "head")
        app = make_app(url, **idp_config(idp), **staff_idp_config(staff_idp))
        with app.app_context():
            demo_data.load()
        yield app
        app.extensions["db_engine"].dispose()


# Who visits: a person for themselves, or a parent acting for a child ("anonymous" is nobody);
# or a staff member (staff_site.STAFF).
PEOPLE = {
    "kari": (KARI, None),
    "sara": (SARA, None),
    "ola": (OLA, None),
    "nils-for-sara": (NILS, SARA),
    "per-for-emma": (PER, EMMA),
    "arne": (ARNE, None),
}


def visitor(app, who: str) -> PageClient:
    """A browser on the hostile app, logged in as `who` describes."""
    client = PageClient(app.test_client(), app)
    if who in STAFF:
        log_in_staff(app, client, STAFF[who])
    elif who != "anonymous":
        person, acting_for = PEOPLE[who]
        if acting_for is None:
            log_in_test_client(app, client, person)
        else:
            act_for(app, client, person, acting_for)
    return client


VISITORS = ("anonymous", "kari", "nils-for-sara")


def csrf_token(client: PageClient, page: str = "/min-side") -> str | None:
    """The token a logged-in page carries (on the staff side, a staff page); an anonymous visit
    has no session and so no token."""
    html = client.get(page).get_data(as_text=True)
    meta = BeautifulSoup(html, "html.parser").find("meta", attrs={"name": "csrf-token"})
    return meta["content"] if meta else None


@pytest.fixture(scope="package")
def sites(hostile_app):
    """The pages and forms each logged-in visitor meets, after the demo data has been brought to
    where every form shows: Kari has answered "Hva er viktig for deg?" up to "Se over" and has a
    calendar feed, Sara has sent her answers, Per has withdrawn Emma's consent to having a plan;
    Arne, who has no plan, is shown the form to ask for one, and the page that shows his request
    back before it is sent; Kari the page that shows her complaint back (both shown only after
    their form is sent, so no walk finds them). Then the staff side (staff_site.py)."""
    found = {}
    for who in ("kari", "sara", "nils-for-sara", "per-for-emma", "arne"):
        client = visitor(hostile_app, who)
        PREPARE.get(who, lambda c: None)(client)
        found[who] = walk(hostile_app, client.client, Site())
    request = {"wish": "Hjelp til å handle mat.", "contact_by": "letter"}
    _forms_on_the_check_page(hostile_app, visitor(hostile_app, "arne"), found["arne"], "/be-om-plan", request)
    complaint = {"reason": str(ComplaintReason.NOTHING_HAPPENS), "happened": "Ingen ringer.", "wanted": "Et møte."}
    _forms_on_the_check_page(hostile_app, visitor(hostile_app, "kari"), found["kari"], "/klage", complaint)
    return {**found, **staff_sites(hostile_app, visitor)}


def _forms_on_the_check_page(app, client: PageClient, site: Site, page: str, typed: dict) -> None:
    values = dict(next(v for a, v in forms_on(client.get(page).get_data(as_text=True)) if a == page))
    posted = client.post(page, {**values, **typed})
    assert posted.status_code == 303
    checked = client.get(posted.headers["Location"])
    assert checked.status_code == 200
    for action, values in forms_on(checked.get_data(as_text=True)):
        endpoint = endpoint_of(app, action, "POST")
        if endpoint is not None and endpoint not in site.forms:
            site.forms[endpoint] = FoundForm(page, action, values)


def _submit(client: PageClient, page: str, action: str, **changes) -> None:
    values = dict(next(v for a, v in forms_on(client.get(page).get_data(as_text=True)) if a == action))
    assert client.post(action, {**values, **changes}).status_code == 303


def _prepare_kari(client: PageClient) -> None:
    fill_in(client, {"health": "Gå tur hver dag.", "work": "Jobbe litt."})
    _submit(client, "/plan/kalender", "/plan/kalender", include="measures")
    # A topic for her next meeting, so the coordinator's proposals page offers its forms too.
    topic = re.search(r'href="(/plan/mote/\d+/tema)"', client.get("/plan").get_data(as_text=True)).group(1)
    _submit(client, topic, topic, topic="Jeg vil snakke om trening.")
    # A message to her coordinator, so the page offers its withdrawal (and the coordinator an answer).
    _submit(client, "/meldinger", "/meldinger", text="Kan vi snakke om trening?")


def _prepare_sara(client: PageClient) -> None:
    fill_in(client, {"school": "Klare meg på skolen."})
    assert send_answers(client).status_code == 303


def _prepare_per_for_emma(client: PageClient) -> None:
    _submit(client, "/samtykke/plan/trekk-tilbake", "/samtykke/plan/trekk-tilbake")


PREPARE = {"kari": _prepare_kari, "sara": _prepare_sara, "per-for-emma": _prepare_per_for_emma}


# END
