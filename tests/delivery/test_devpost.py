"""The developer's mailbox page: shows what the stand-ins received; absent in production."""

from __future__ import annotations

from bs4 import BeautifulSoup

from app.delivery import send_email, send_sms
from tests.conftest import PageClient, make_app


def test_a_developer_reads_the_mail_and_sms_the_stand_ins_received(database_url, smtp_server, sms_gateway, store):
    send_email(smtp_server(), "kari@example.no", "Nytt møte", "Hei Kari, møtet er flyttet.", "<p>Hei</p>", "n-1")
    send_sms(sms_gateway(), "+4791234567", "Hei Kari! Se Min plan.", "n-2")
    app = make_app(database_url, DEV_MAILBOX_PATH=str(store.path))

    page = BeautifulSoup(PageClient(app.test_client(), app).get_page("devpost.mailbox").text, "html.parser")

    headings = [h.get_text(strip=True) for h in page.select("h1, h2, h3")]
    assert "Nytt møte" in headings and "SMS (1)" in headings and "E-post (1)" in headings
    assert "Hei Kari, møtet er flyttet." in [p.get_text(strip=True) for p in page.select("article p")]
    row = [cell.get_text(strip=True) for cell in page.select("tbody tr")[0].select("th, td")]
    assert row[1:] == ["+4791234567", "MinPlan", "Hei Kari! Se Min plan.", "n-2"]


def test_an_empty_mailbox_says_so(database_url, tmp_path):
    app = make_app(database_url, DEV_MAILBOX_PATH=str(tmp_path / "none.sqlite3"))
    text = PageClient(app.test_client(), app).get_page("devpost.mailbox").text
    assert "Ingen SMS ennå." in text and "Ingen e-post ennå." in text


def test_production_has_no_mailbox_page(database_url):
    app = make_app(database_url, PRODUCTION=True)
    assert "devpost.mailbox" not in app.view_functions
    assert app.test_client().get("/utvikling/post").status_code == 404
