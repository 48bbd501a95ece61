"""Wayfinding: every page says where it stands and has a way back, and the main navigation marks
the area a person is in. The places come from one table (app/wayfinding.py); these tests hold the
table to the URL map and read the pages as a person would meet them."""

from __future__ import annotations

import pytest

from app.wayfinding import HOME, PLACES
from tests.auth.sessions import act_for, log_in_test_client
from tests.demo_lookups import DemoParticipant
from tests.page_checks import _text, parse_strict
from tests.pages import DOWNLOADS, FASTLEGEN, KARIS_WALK, LOGGED_IN_PAGES, PROTOCOL_ENDPOINTS, PUBLIC_PAGES
from tests.people import ARNE, KARI, NILS, OLA, RANDI, SARA

# GET endpoints that answer with something else than a page of their own.
NOT_PAGES = DOWNLOADS | (PROTOCOL_ENDPOINTS - {"auth.callback", "auth.logged_out"}) | {"static", "calendar_feed.feed"}
# The staff side finds its way by its own menu (app/staff/navigation.py, aria-current on the area),
# every page one click from it; the citizens' trail is not theirs (tests/staff/test_staff_pages.py).
NOT_PAGES |= {"staff.home", "staff_desk.desk", "staff_desk.case", "staff_caseload.caseload", "staff_plans.plan"}
NOT_PAGES |= {"staff_roles.roles", "staff_auth.logged_out", "staff_failed_notices.failed_notices"}


def _get_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods]


def test_every_page_has_a_place_in_the_table(app):
    pages = {rule.endpoint for rule in _get_rules(app) if not rule.rule.startswith("/ansatt")} - NOT_PAGES
    assert sorted(pages - PLACES.keys()) == [], "add the page to PLACES in app/wayfinding.py"


def test_every_place_is_a_page_whose_trail_ends_at_the_front_page(app):
    arguments = {}
    for rule in _get_rules(app):
        arguments.setdefault(rule.endpoint, set()).update(rule.arguments)
    for endpoint, place in PLACES.items():
        assert endpoint in arguments, f"{endpoint} is in PLACES but is no page"
        seen, parent = {endpoint}, place.parent
        while parent is not None:
            assert parent not in seen, f"{endpoint}: the trail runs in a circle"
            assert PLACES[parent].label is not None, f"{parent} leads back from {endpoint} but has no label"
            # The way back is built from this page's own address: the parent may need no more.
            assert arguments[parent] <= arguments[endpoint], f"{endpoint} cannot link to {parent}"
            seen.add(parent)
            parent = PLACES[parent].parent
        assert endpoint == HOME or HOME in seen


def _page(client, endpoint, **values):
    response = client.get_page(endpoint, **values)
    assert response.status_code == 200, endpoint
    return parse_strict(response.get_data(as_text=True), endpoint)


def _breadcrumb(root):
    navs = [nav for nav in root.iter("nav") if "ds-breadcrumbs" in nav.get("class", "").split()]
    return navs[0] if navs else None


def _main_navigation(root):
    nav = next(nav for nav in root.iter("nav") if nav.get("class") == "site-nav")
    return [(_text(a), a.get("aria-current")) for a in nav.iter("a")]


def _check_breadcrumb(client, endpoint, values):
    root = _page(client, endpoint, **values)
    breadcrumb = _breadcrumb(root)
    if endpoint == HOME:
        assert breadcrumb is None
        return
    assert breadcrumb is not None, f"{endpoint} says nowhere where it is"
    assert breadcrumb.get("aria-label"), endpoint
    items = breadcrumb.find("ol").findall("li")
    # The trail names the page's ancestors in order, from the front page, and the page itself last.
    names, parent = [], PLACES[endpoint].parent
    while parent is not None:
        names.insert(0, str(PLACES[parent].label))
        parent = PLACES[parent].parent
    assert [_text(li) for li in items[:-1]] == names, endpoint
    last = items[-1].find("span")
    h1 = next(root.iter("h1"))
    assert last.get("aria-current") == "page" and _text(last) == _text(h1), endpoint
    assert all(li.find("a").get("aria-current") is None for li in items[:-1])
    # Below 650 px only the way back shows: a link to the parent, the trail's last link.
    back = breadcrumb.find("a")
    assert back is not None and back.get("href") == items[-2].find("a").get("href"), endpoint
    assert _text(back) == names[-1]


@pytest.mark.parametrize("endpoint, values", PUBLIC_PAGES, ids=[e for e, _ in PUBLIC_PAGES])
def test_a_visitor_sees_where_each_page_stands(client, endpoint, values):
    with client.client.session_transaction() as session:
        session["locale"] = "nb"  # a page of Luster's is otherwise in Nynorsk
    _check_breadcrumb(client, endpoint, values)


def test_kari_sees_where_each_logged_in_page_stands_and_the_way_back(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    for endpoint, values in LOGGED_IN_PAGES:
        _check_breadcrumb(client, endpoint, values)


def test_the_way_back_from_a_goal_leads_to_the_plan_and_from_its_form_to_the_goal(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    goal_url = client.url("plan.goal", goal_id=KARIS_WALK)
    back = _breadcrumb(_page(client, "plan.edit_goal", goal_id=KARIS_WALK)).find("a")
    assert (back.get("href"), _text(back)) == (goal_url, "Målet")
    # Back to the plan, where the goal stands in it.
    back = _breadcrumb(_page(client, "plan.goal", goal_id=KARIS_WALK)).find("a")
    assert (back.get("href"), _text(back)) == (f"/plan#goal-{goal_url.rsplit('/', 1)[1]}", "Planen")


def test_a_form_shown_again_with_its_errors_keeps_its_place(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    path = client.url("consent.give", participant_id=DemoParticipant(KARI, "NAV Askøy"))  # no consent yet
    response = client.post(path, {"version": "0", "csrf_token": client.csrf_token(path)})
    assert response.status_code == 422
    breadcrumb = _breadcrumb(parse_strict(response.get_data(as_text=True), path))
    assert _text(breadcrumb.find("a")) == "Samtykke"


AREAS = [
    ("account.my_page", {}, "Min side", "page"),
    ("plan.show", {}, "Planen", "page"),
    ("plan.goal", {"goal_id": KARIS_WALK}, "Planen", "true"),
    ("plan.edit_goal", {"goal_id": KARIS_WALK}, "Planen", "true"),
    ("week.show", {}, "Denne uka", "page"),
    ("messages.conversation", {}, "Meldinger", "page"),
    ("calendar_feed.settings", {}, "Denne uka", "true"),
    ("consent.overview", {}, "Samtykke", "page"),
    ("consent.history", {}, "Samtykke", "true"),
    ("consent.change", {"participant_id": FASTLEGEN}, "Samtykke", "true"),
    ("wizard.areas", {}, "Min side", "true"),
    ("representation.access_log", {}, "Min side", "true"),
    ("representation.power_of_attorney_new", {}, "Min side", "true"),
]


def test_the_main_navigation_marks_the_area_kari_is_in(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    for endpoint, values, area, current in AREAS:
        navigation = _main_navigation(_page(client, endpoint, **values))
        assert [label for label, _ in navigation] == ["Min side", "Planen", "Denne uka", "Meldinger", "Samtykke"]
        # One item marked: the page itself ("page"), or the area a sub-page belongs to ("true").
        assert [(label, mark) for label, mark in navigation if mark] == [(area, current)], endpoint


def test_information_pages_mark_nothing_in_a_logged_in_navigation_but_mark_the_menu(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    root = _page(client, "info.glossary")
    assert all(mark is None for _, mark in _main_navigation(root))
    menu = next(d for d in root.iter("details") if "site-menu" in d.get("class", ""))
    marked = [(_text(a), a.get("aria-current")) for a in menu.iter("a") if a.get("aria-current")]
    assert marked == [("Ordliste", "page")]


def test_a_visitor_has_the_information_in_the_navigation(client):
    assert _main_navigation(_page(client, "info.contact", slug="horten")) == [
        ("Forside", None),
        ("Om individuell plan", None),
        ("Ordliste", None),
        ("Kontakt kommunen", "true"),
    ]
    assert ("Forside", "page") in _main_navigation(_page(client, HOME))


def test_the_navigation_offers_only_what_the_person_has(app, client):
    # Arne has no plan: no plan, week or consent to go to.
    log_in_test_client(app, client, ARNE, locale="nb", easy_read=False)
    assert _main_navigation(_page(client, "account.my_page")) == [("Min side", "page")]


@pytest.mark.parametrize("holder, subject", [(RANDI, OLA), (NILS, SARA)], ids=["randi-for-ola", "nils-for-sara"])
def test_acting_for_someone_the_navigation_and_who_is_acted_for_are_in_sight(app, client, holder, subject):
    act_for(app, client, holder, subject)
    with client.client.session_transaction() as session:
        session["locale"], session["easy_read"] = "nb", False
    root = _page(client, "plan.show")
    navigation = _main_navigation(root)
    assert ("Planen", "page") in navigation and navigation[0] == ("Min side", None)
    acting = next(p for p in root.iter("p") if p.get("class") == "account-banner__acting-for")
    assert "Du handler nå på vegne av" in _text(acting)
    # Who is acted for stands outside the folded menu; the menu holds the way out.
    menu = next(d for d in root.iter("details") if "site-menu" in d.get("class", ""))
    assert acting not in list(menu.iter("p"))
    assert any(form.get("action") == "/logg-ut" for form in menu.iter("form"))


@pytest.mark.parametrize(
    "easy_read, label, value", [(False, "Slå på lettlest", "on"), (True, "Slå av lettlest", "off")]
)
def test_the_easy_read_switch_says_what_pressing_it_will_do(client, easy_read, label, value):
    with client.client.session_transaction() as session:
        session["locale"], session["easy_read"] = "nb", easy_read
    root = _page(client, "info.glossary")
    form = next(f for f in root.iter("form") if f.get("class") == "easy-read-toggle")
    button = form.find("button")
    assert _text(button) == label
    # The label names the action, so no pressed state on top of it ("Slå av lettlest, pressed").
    assert button.get("aria-pressed") is None
    assert [i.get("value") for i in form.iter("input") if i.get("name") == "easy_read"] == [value]


def test_the_breadcrumb_names_a_page_in_the_language_its_heading_is_in(client):
    with client.client.session_transaction() as session:
        session["locale"] = "se"  # some texts are not written in Northern Sami yet
    languages = set()
    for endpoint, values in PUBLIC_PAGES:
        if endpoint == HOME:
            continue
        root = _page(client, endpoint, **values)
        h1 = next(root.iter("h1"))
        last = _breadcrumb(root).find("ol").findall("li")[-1].find("span")
        assert last.get("lang") == h1.get("lang"), endpoint
        languages.add(h1.get("lang"))
    # Some texts are not written in every language yet: shown in another, and marked so.
    assert languages - {None}, "no page in another language: the check proved nothing"
