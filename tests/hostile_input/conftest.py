"""An app of its own on a fresh database: the attacks post forms that succeed, and the shared
demo data (and the tests that read it) must not see what they leave behind."""
from __future__ import annotations

import os

import pytest
from alembic import command
from alembic.config import Config

from app.services import demo_data
from tests.auth.sessions import act_for, log_in_test_client
from tests.conftest import ROOT, PageClient, idp_config, make_app
from tests.databases import fresh_database
from tests.people import KARI, NILS, SARA


@pytest.fixture(scope="package")
def hostile_app(idp, tmp_path_factory):
    with fresh_database(os.environ.get("TEST_ON_DATABASE"), tmp_path_factory.mktemp("hostile")) as url:
        config = Config(str(ROOT / "alembic.ini"))
        config.attributes["database_url"] = url
        command.upgrade(config, "head")
        app = make_app(url, **idp_config(idp))
        with app.app_context():
            demo_data.load()
        yield app
        app.extensions["db_engine"].dispose()


def visitor(app, who: str) -> PageClient:
    """A browser on the hostile app: nobody logged in, Kari for herself, or Nils acting for his daughter."""
    client = PageClient(app.test_client(), app)
    if who == "kari":
        log_in_test_client(app, client, KARI)
    elif who == "nils-for-sara":
        act_for(app, client, NILS, SARA)
    return client


VISITORS = ("anonymous", "kari", "nils-for-sara")


def csrf_token(client: PageClient) -> str | None:
    """The token a logged-in page carries; an anonymous visit has no session and so no token."""
    from bs4 import BeautifulSoup

    html = client.get("/min-side").get_data(as_text=True)
    meta = BeautifulSoup(html, "html.parser").find("meta", attrs={"name": "csrf-token"})
    return meta["content"] if meta else None
