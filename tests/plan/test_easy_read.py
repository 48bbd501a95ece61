"""Easy-read pages as the easy-to-read standard asks: a pictogram beside every goal, measure and
helper, short labelled lines instead of definition lists, and "du" only for the person reading
(Randi, Ola's verge, reads "Ola")."""

from __future__ import annotations

from bs4 import BeautifulSoup

from app.domain import vocabulary
from app.pictograms import PICTOGRAMS
from tests.auth.sessions import act_for, log_in_test_client
from tests.demo_lookups import DemoGoal
from tests.people import KARI, OLA, RANDI
from tests.wizard.helpers import fill_in


def _easy_read(client, locale: str = "nb") -> None:
    with client.client.session_transaction() as session:
        session["locale"], session["easy_read"] = locale, True


def _main(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser").find("main")


def _picture(item) -> str | None:
    image = item.find("img", class_="pictogram")
    assert image is None or image["alt"] == "", "a pictogram beside its word is decorative"
    return image["src"].rsplit("/", 1)[-1].split(".")[0] if image else None  # name.<content hash>.svg


def test_every_goal_measure_and_helper_on_the_easy_read_plan_has_its_pictogram(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=True)
    main = _main(client, "/plan")
    goals = main.select("li.goal")
    assert len(goals) == 3  # her two agreed goals and the one she proposed through the wizard
    areas = [vocabulary.term(g.select_one(".goal__area").get_text(" ", strip=True)) for g in goals]
    assert [_picture(g) for g in goals] == ["health", "work", "leisure"]  # the life area's pictogram
    assert all(a for a in areas)
    measures = main.select("ul.measures > li")
    assert len(measures) == 3 and {_picture(m) for m in measures} == {vocabulary.term("service").pictogram}
    helpers = main.select("ul.team > li")
    assert len(helpers) == 5 and all(_picture(h) in PICTOGRAMS for h in helpers)
    # Short labelled lines, not definition lists.
    assert main.find("dl") is None
    assert "Dette kan du gjøre selv:" in main.get_text() and "Dette trenger du hjelp til:" in main.get_text()


def test_the_standard_plan_keeps_its_definition_lists_and_no_pictograms_per_goal(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    main = _main(client, "/plan")
    assert main.select("li.goal img") == [] and main.find("dl", class_="goal__facts") is not None


def test_the_easy_read_goal_page_shows_the_areas_pictogram_beside_its_word(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=True)
    main = _main(client, f"/plan/mal/{DemoGoal(KARI, 'Jeg vil gå tur').resolve(app)}")
    area = main.select_one(".goal__area")
    assert _picture(area) == "health" and area.get_text(strip=True) == "Helse"


def test_randi_reads_ola_where_ola_is_meant_and_du_where_she_is(app, client):
    act_for(app, client, RANDI, OLA)
    _easy_read(client)
    text = _main(client, "/plan").get_text(" ", strip=True)
    assert "Dette vil Ola" in text and "Hjelpen Ola får" in text
    assert "Koordinatoren holder orden på planen sammen med Ola." in text
    assert "Dette trenger Ola hjelp til:" in text and "Dette hjelper Ola med:" in text
    for said_to_ola in ("Dette vil du", "Hjelpen du får", "sammen med deg", "hjelper deg med", "trenger du hjelp"):
        assert said_to_ola not in text
    week = _main(client, "/plan/denne-uka").get_text(" ", strip=True)
    assert "Dette er uka til Ola." in week and "Du får hjelp fra" not in week
    start = _main(client, "/hva-er-viktig")
    assert start.find("h1").get_text(strip=True) == "Hva er viktig for Ola?"


def test_kari_reads_du_about_herself(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=True)
    text = _main(client, "/plan").get_text(" ", strip=True)
    assert "Dette vil du" in text and "Hjelpen du får" in text and "Dette vil Kari" not in text
    assert "Du får hjelp fra" in _main(client, "/plan/denne-uka").get_text(" ", strip=True)


def test_randi_answers_the_wizards_questions_about_ola_by_name(app, client):
    act_for(app, client, RANDI, OLA)
    fill_in(client, {"health": "Eg vil sove betre."})
    for easy_read, question in ((False, "Hva klarer Ola selv?"), (True, "Hva kan Ola gjøre selv?")):
        with client.client.session_transaction() as session:
            session["locale"], session["easy_read"] = "nb", easy_read
        main = _main(client, "/hva-er-viktig/hjelp/health")
        labels = [label.get_text(" ", strip=True) for label in main.find_all("label")]
        assert any(label.startswith(question) for label in labels), labels
        assert "Målet til Ola:" in main.get_text(" ", strip=True)


def test_the_wizards_steps_are_a_list_each_step_an_item_and_the_current_one_said(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=True)
    fill_in(client, {"health": "Jeg vil sove bedre."})
    steps = _main(client, "/hva-er-viktig/mal/health").select_one("nav.wizard-steps ol")
    items = steps.find_all("li", recursive=False)
    assert [i.get_text(" ", strip=True) for i in items] == [
        "Det viktigste (ferdig)",
        "Hva det gjelder (ferdig)",
        "Mål (du er her)",
        "Det du klarer og trenger (ferdig)",
        "Hvem skal være med (ferdig)",
        "Se over og send",
    ]
    assert [i.get("aria-current") for i in items] == [None, None, "step", None, None, None]
