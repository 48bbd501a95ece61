"""One vocabulary: a life area, an information area or a kind of helper has the same words and
the same pictogram on every page that shows it, in every language and in easy-read, because
app/domain/vocabulary.py is the only place that names it."""

from __future__ import annotations

import ast
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app import db
from app.domain import vocabulary
from app.models import Goal
from app.pictograms import PICTOGRAMS
from tests.auth.sessions import log_in_test_client
from tests.consent.helpers import participant_id
from tests.people import KARI, OLA

APP = Path(__file__).resolve().parents[2] / "app"
VOCABULARY = APP / "domain" / "vocabulary.py"
MODES = [("nb", False), ("nb", True), ("nn", False), ("en", False), ("se", True)]


def _source(wording) -> str:
    """The Bokmål source text of a wording, as written in the vocabulary."""
    return wording._args[0]


def _words(element) -> str:
    return " ".join(element.get_text(" ").split())


def _soup(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _wizard_areas(client) -> dict[str, str]:
    """The area step's choices: the label's own words, without the examples under them."""
    soup = _soup(client, "/hva-er-viktig/livsomrader")
    labels = {}
    for key in vocabulary.LIFE_AREAS:
        span = soup.select_one(f'label[for="field-areas-{key}"] > span')
        labels[key] = " ".join("".join(span.find_all(string=True, recursive=False)).split())
    return labels


def _consent_areas(client, participant: int) -> dict[str, str]:
    soup = _soup(client, f"/samtykke/{participant}/gi")
    return {key: _words(soup.select_one(f'label[for="field-areas-{key}"]')) for key in vocabulary.INFORMATION_AREAS}


def _plan_areas(app, client, path: str) -> dict[str, str]:
    """The area shown above each goal on the plan page, by the goal's life area."""
    soup = _soup(client, path)
    with app.app_context():
        areas = dict(db.db_session().execute(select(Goal.id, Goal.life_area)).all())
    shown = {}
    for item in soup.select("li.goal"):
        words = _words(item.select_one(".goal__area")).split(" · ")[0]
        shown.setdefault(areas[int(item["id"].removeprefix("goal-"))], set()).add(words)
    return shown


def _goal_page_area(client, goal_id: int) -> str:
    return _words(_soup(client, f"/plan/mal/{goal_id}").select_one(".goal__area")).split(" · ")[0]


def _print_areas(client) -> list[str]:
    """The print view writes each goal as "text (area)"."""
    return [
        re.search(r"\(([^()]*)\)$", _words(p)).group(1)
        for p in _soup(client, "/plan/utskrift").select("p")
        if p.strong and p.get_text().rstrip().endswith(")")
    ]


def test_work_is_arbeid_og_dagaktivitet_on_the_plan_in_the_wizard_and_on_the_consent_page(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    with client.client.session_transaction() as session:
        session["auth_time"] = time.time()  # the give form asks for a fresh login
    assert _plan_areas(app, client, "/plan")["work"] == {"Arbeid og dagaktivitet"}
    assert _wizard_areas(client)["work"] == "Arbeid og dagaktivitet"
    assert _consent_areas(client, participant_id(app, KARI, "NAV Askøy"))["work"] == "Arbeid og dagaktivitet"


@pytest.mark.parametrize("locale, easy_read", MODES, ids=[f"{loc}-{'easy' if e else 'standard'}" for loc, e in MODES])
def test_every_page_names_each_area_in_the_same_words(app, client, locale, easy_read):
    nav = participant_id(app, KARI, "NAV Askøy")
    log_in_test_client(app, client, KARI, locale=locale, easy_read=easy_read)
    wizard = _wizard_areas(client)
    consent = _consent_areas(client, nav)
    plan = _plan_areas(app, client, "/plan")
    with app.app_context():
        work_goal = db.db_session().scalar(select(Goal.id).where(Goal.text.startswith("Jeg vil prøve å jobbe")))
    goal_page = _goal_page_area(client, work_goal)
    printed = _print_areas(client)
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, OLA, locale=locale, easy_read=easy_read)
    plan.update(_plan_areas(app, client, "/plan"))

    assert set(wizard) == set(vocabulary.LIFE_AREAS)
    for key in vocabulary.INFORMATION_AREAS:
        assert consent[key] == wizard[key], key
    for key, shown in plan.items():
        assert shown == {wizard[key]}, key
    assert set(plan) == {"health", "work", "leisure", "daily-living"}  # Kari's and Ola's goals
    assert goal_page == wizard["work"]
    assert sorted(printed) == sorted([wizard["health"], wizard["leisure"], wizard["work"]])  # her proposal waits too
    if locale == "nb":  # the words are the vocabulary's, in the mode the person chose
        for key, words in wizard.items():
            term = vocabulary.TERMS[key]
            assert words == _source(term.easy_label if easy_read else term.label), key


def test_easy_read_has_its_own_words_where_plainer_ones_exist(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=True)
    assert _wizard_areas(client)["finances"] == "Penger"
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    assert _wizard_areas(client)["finances"] == "Økonomi"


def test_the_pictograms_of_areas_and_helpers_come_from_the_vocabulary(app, client):
    """Easy-read shows each area's and helper's pictogram, the same one on every page."""
    nav = participant_id(app, KARI, "NAV Askøy")
    log_in_test_client(app, client, KARI, locale="nb", easy_read=True)

    def picture(img) -> str:
        return Path(img["src"]).name.split(".")[0]  # name.<content hash>.svg

    wizard = _soup(client, "/hva-er-viktig/livsomrader")
    consent = _soup(client, f"/samtykke/{nav}/gi")
    for key in vocabulary.LIFE_AREAS:
        assert picture(wizard.select_one(f'label[for="field-areas-{key}"] img')) == vocabulary.TERMS[key].pictogram
    for key in vocabulary.INFORMATION_AREAS:
        assert picture(consent.select_one(f'label[for="field-areas-{key}"] img')) == vocabulary.TERMS[key].pictogram
    team = _soup(client, "/plan").select_one('section[aria-labelledby="team-heading"]')
    pictures = [picture(img) for img in team.select("li img")]
    assert pictures[0] == "coordinator"
    assert set(pictures[1:]) == {vocabulary.TERMS[kind].pictogram for kind in ("service", "agency", "relative")}


def test_every_term_has_a_known_pictogram_and_its_own_key():
    assert set(vocabulary.TERMS) == set(vocabulary.LIFE_AREAS) | set(vocabulary.SERVICE_KINDS)
    for term in vocabulary.TERMS.values():
        assert term.pictogram in PICTOGRAMS, term.key


def _app_files():
    for path in sorted(APP.rglob("*")):
        if path.suffix in (".py", ".html") and path != VOCABULARY and "__pycache__" not in path.parts:
            yield path, path.read_text(encoding="utf-8")


def test_no_other_module_names_a_term():
    """No gettext call elsewhere carries a term's wording, and no mapping elsewhere gives a term's
    key words or a pictogram: a second definition is how the three names for one area came about."""
    wordings = {_source(w) for term in vocabulary.TERMS.values() for w in (term.label, term.easy_label)}
    call = r"(?:_l|_|gettext|lazy_gettext)\(\s*"
    quoted_wording = "|".join(re.escape(w) for w in sorted(wordings))
    keys = "|".join(re.escape(k) for k in vocabulary.TERMS)
    pictograms = "|".join(re.escape(p) for p in PICTOGRAMS)
    patterns = {
        "wording": re.compile(call + r"[\"'](?:" + quoted_wording + r")[\"']\s*[,)]"),
        "label for a key": re.compile(r"[\"'](?:" + keys + r")[\"']\s*[:,]\s*" + call),
        "pictogram for a key": re.compile(r"[\"'](?:" + keys + r")[\"']\s*:\s*[\"'](?:" + pictograms + r")[\"']"),
    }
    found = [
        f"{path.relative_to(APP.parent)}: {what}: {match.group(0)}"
        for path, text in _app_files()
        for what, pattern in patterns.items()
        for match in pattern.finditer(text)
    ]
    assert found == []


def test_the_vocabulary_needs_nothing_from_flask():
    tree = ast.parse(VOCABULARY.read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {name for name in imported if name.split(".")[0] in ("flask", "flask_babel", "werkzeug")} == set()
