"""The information pages: what a reader finds, in which language, and how many queries it costs."""

from __future__ import annotations

from app.info.views import TOPICS


def test_the_topics_page_lists_every_topic_in_order(client):
    html = client.get_page("info.topics").get_data(as_text=True)
    positions = [html.index(f'href="/om-individuell-plan/{slug}"') for slug in TOPICS]
    assert positions == sorted(positions)


def test_the_one_month_rule_is_explained(client):
    html = client.get_page("info.topic", slug="be-om-plan").get_data(as_text=True)
    assert "måned" in html


def test_sami_readers_get_the_bokmal_text_marked_as_bokmal(client):
    with client.client.session_transaction() as session:
        session["locale"] = "se"
    html = client.get_page("info.topic", slug="koordinator").get_data(as_text=True)
    assert '<html lang="se"' in html
    assert '<div class="text" lang="nb">' in html
    assert 'lang="nb">Koordinatoren</h1>' in html


def test_contact_page_shows_phone_hours_and_addresses(client):
    html = client.get_page("info.contact", slug="horten").get_data(as_text=True)
    for fact in (
        "975 50 356",
        "09:00",
        "14:00",
        "Teatergata 11, 3187 Horten",
        "postmottak@horten.kommune.no",
        "33 08 50 00",
    ):
        assert fact in html
    assert 'href="tel:+4797550356"' in html


def test_easy_read_pages_show_pictograms_and_explain_hard_words_in_place(client):
    with client.client.session_transaction() as session:
        session["easy_read"] = True
    html = client.get_page("info.topic", slug="hva-er-individuell-plan").get_data(as_text=True)
    assert 'class="pictogram"' in html
    assert "popovertarget=" in html
    assert "data-read-aloud" in html


def test_an_information_page_costs_a_fixed_number_of_queries(client, count_queries):
    client.get("/")  # warm up: the first request of a session may create its row
    with count_queries() as queries:
        client.get_page("info.contact", slug="askoy")
    assert queries.count <= 3
