"""The front door: a visitor learns what Min plan is and logs in from the page itself; someone
logged in sees what matters now; nobody reads that the service cannot do what it does; the
municipality that runs it is named, with its contact, here and in every page's footer."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.auth.sessions import act_for, log_in_test_client
from tests.pages import LOCALES
from tests.people import ARNE, EMMA, KARI, PER

ROOT = Path(__file__).resolve().parents[2]
# "You cannot do this in Min plan yet", and what is "coming later", in every language written.
FALSE_CLAIMS = [
    "ikke gjøre i Min plan ennå",
    "kan du gjere i Min plan enno",
    "cannot do these things in Min plan yet",
    "Dette kommer etter hvert",
    "Dette kjem etter kvart",
    "What is coming later",
    "Dette kommer senere",
    "Dette kjem seinare",
    "Later you can do more",
    "Etter hvert skal du kunne",
    "Etter kvart skal du kunne",
    "Etter hvert kan du",
    "Etter kvart kan du",
    "Later, you will be able",
    "Later you can read your whole plan",
    "øverst på siden",
    "øvst på sida",
]


def _page(client, locale: str, easy_read: bool, path: str = "/") -> BeautifulSoup:
    with client.client.session_transaction() as session:
        session["locale"], session["easy_read"] = locale, easy_read
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_a_visitor_learns_what_it_is_and_logs_in_from_the_page(client, locale, easy_read):
    soup = _page(client, locale, easy_read)
    main = soup.find("main")
    text = main.get_text(" ", strip=True)
    assert not [claim for claim in FALSE_CLAIMS if claim in text]
    login = main.find_all("a", attrs={"href": "/logg-inn"})
    assert len(login) == 1 and "ds-button" in login[0]["class"]  # a real link: works without JavaScript
    # The login comes before the longer texts and the list of topics.
    assert main.find("a", attrs={"href": "/logg-inn"}).find_next("h2") is not None
    assert "Askøy kommune" in text and "56 15 00 00" in text and "minplan@askoy.kommune.example" in text


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_kari_logged_in_sees_what_matters_now_and_no_login(app, client, locale, easy_read):
    log_in_test_client(app, client, KARI, locale=locale, easy_read=easy_read)
    soup = _page(client, locale, easy_read)
    main = soup.find("main")
    text = main.get_text(" ", strip=True)
    assert not [claim for claim in FALSE_CLAIMS if claim in text]
    hrefs = [a["href"] for a in main.find_all("a")]
    assert not [href for href in hrefs if href.startswith("/logg-inn")]
    assert {"/plan/denne-uka", "/plan", "/min-side"} <= set(hrefs)
    assert main.find(id="week-heading") is not None


def test_arne_logged_in_is_offered_to_ask_for_a_plan(app, client):
    log_in_test_client(app, client, ARNE)
    main = _page(client, "nb", False).find("main")
    hrefs = [a["href"] for a in main.find_all("a")]
    assert "/be-om-plan" in hrefs and "/plan" not in hrefs and "/plan/denne-uka" not in hrefs


def test_per_acting_for_emma_sees_her_week(app, client):
    act_for(app, client, PER, EMMA)
    main = _page(client, "nb", False).find("main")
    assert main.find("h1").get_text(strip=True) == "Planen til Emma Hansen"  # "you" is Per, never Emma
    assert "Se uka til Emma Hansen" in main.get_text(" ", strip=True)
    assert "planen din" not in main.get_text(" ", strip=True).split("Om individuell plan")[0]


@pytest.mark.parametrize("path", ["/", "/om-individuell-plan", "/kontakt"])
def test_every_footer_names_the_owner_with_contact(client, path):
    footer = _page(client, "nb", False, path).find("footer")
    text = footer.get_text(" ", strip=True)
    assert "Min plan drives av Askøy kommune." in text
    assert footer.find("a", attrs={"href": "tel:+4756150000"}) is not None
    assert footer.find("a", attrs={"href": "mailto:minplan@askoy.kommune.example"}) is not None


def test_an_owner_set_by_the_environment_replaces_the_demo(database_url):
    from tests.conftest import make_app

    other = make_app(
        database_url,
        OWNER_NAME="Luster kommune",
        OWNER_UNIT="",
        OWNER_PHONE="57 00 00 00",
        OWNER_EMAIL="",
        OWNER_ADDRESS="",
        OWNER_WEB="",
    )
    html = other.test_client().get("/").get_data(as_text=True)
    assert "Min plan drives av Luster kommune." in html and "57 00 00 00" in html
    assert "Askøy" not in BeautifulSoup(html, "html.parser").find("footer").get_text()


def test_the_owner_comes_from_the_environment_and_production_has_no_demo_owner(tmp_path):
    from app.config import ConfigError, _owner

    assert _owner({}, production=True)["OWNER_NAME"] == ""
    assert _owner({"OWNER_NAME": " Horten kommune "}, production=True)["OWNER_NAME"] == "Horten kommune"
    assert _owner({}, production=False)["OWNER_NAME"] == "Askøy kommune"
    with pytest.raises(ConfigError):
        _owner({"OWNER_WEB": "javascript:alert(1)"}, production=False)


@pytest.mark.parametrize(
    "path",
    [*ROOT.glob("content/*/forside.md"), *ROOT.glob("easyread/*/forside.md"), *ROOT.glob("*/*/personvern.md")],
    ids=lambda p: "/".join(p.parts[-3:]),
)
def test_no_text_says_the_service_cannot_do_what_it_does(path):
    text = path.read_text(encoding="utf-8")
    assert not [claim for claim in FALSE_CLAIMS if claim in text]
