"""What benchmarks/pages.py asks for and as whom: people and staff logged in over HTTP through the
stand-ins (their session cookies), the API's Maskinporten token, the targets, and the SQL
statements each target costs, counted in the benchmark's own process with the same cookie."""

from __future__ import annotations

import json
from pathlib import Path

from joserfc.jwk import RSAKey

from app.api.configuration import DEFAULT_SCOPE_PREFIX
from app.sessions import STAFF_COOKIE_NAME
from benchmarks.pages_data import Loaded
from tests.api.conftest import MunicipalSystem
from tests.auth.visitor import Visitor
from tests.conftest import counting_statements

PERSON_COOKIE = "minplan_session"
WRITES = {"INSERT", "UPDATE", "DELETE"}


class Browser(Visitor):
    """A visitor without the suite's page checks: the benchmark logs in, it does not test pages."""

    def _check(self, response) -> None:
        return None


def _person(app_url: str, idp_url: str, pid: str) -> str:
    browser = Browser(app_url, idp_url)
    landed = browser.log_in(pid)
    assert landed.status_code == 200, (landed.status_code, landed.headers.get("Location"))
    return browser.cookie(PERSON_COOKIE)


def _staff(app_url: str, idp_url: str, username: str) -> str:
    browser = Browser(app_url, idp_url)
    started = browser.get("/ansatt/logg-inn")
    assert started.status_code in (302, 303), started.text[:300]
    page = browser.get(started.headers["Location"])
    landed = browser.follow(browser.choose(page, staff=username, method="mfa"))
    assert landed.status_code == 200, (landed.status_code, landed.url)
    return browser.cookie(STAFF_COOKIE_NAME)


def log_in(app_url: str, settings: dict, loaded: Loaded) -> dict[str, str]:
    """Cookie headers: the big and the small plan's owners, Line (big caseload) and Mona (small)."""
    idp = settings["IDPORTEN_DISCOVERY_URL"].removesuffix("/.well-known/openid-configuration")
    staff_idp = settings["STAFF_OIDC_DISCOVERY_URL"].removesuffix("/.well-known/openid-configuration")
    return {
        "big": f"{PERSON_COOKIE}={_person(app_url, idp, loaded.big_pid)}",
        "small": f"{PERSON_COOKIE}={_person(app_url, idp, loaded.small_pid)}",
        "staff_big": f"{STAFF_COOKIE_NAME}={_staff(app_url, staff_idp, 'line.haugland')}",
        "staff_small": f"{STAFF_COOKIE_NAME}={_staff(app_url, staff_idp, 'mona.fjeld')}",
    }


class TokenSource:
    """Askøy's system asking Maskinporten's stand-in for a read token, as tests/api does."""

    def __init__(self, key: RSAKey, issuer: str, audience: str):
        self.system = MunicipalSystem("askoy-fagsystem", key, issuer + "token", issuer)
        self.audience = audience

    def fresh(self) -> str:
        return self.system.token(scope=f"{DEFAULT_SCOPE_PREFIX}:read", resource=self.audience)


def _static_css(app) -> str:
    """The style sheet under its hashed name, as every page names it (`make install` built it)."""
    manifest = json.loads((Path(app.root_path) / "static-dist" / "manifest.json").read_text())
    return "/static/" + manifest["css/app.css"]


def targets(app, sessions: dict[str, str], loaded: Loaded) -> list[dict]:
    """Each target: its name, path, headers; `fhir` ones get a token, `follow_next` ones walk the pages."""

    def page(name: str, path: str, cookie: str) -> dict:
        return {"name": name, "path": path, "display": path, "headers": {"Cookie": sessions[cookie]}}

    def api(name: str, path: str, display: str, follow_next: bool = False) -> dict:
        headers = {"Accept": "application/fhir+json"}
        return {
            "name": name,
            "path": path,
            "display": display,
            "headers": headers,
            "fhir": True,
            "follow_next": follow_next,
        }

    css = _static_css(app)
    found = [
        {"name": "healthz", "path": "/healthz", "display": "/healthz", "headers": {}},
        {"name": "static_css", "path": css, "display": css, "headers": {"Accept-Encoding": "gzip"}},
        {"name": "front_page", "path": "/", "display": "/", "headers": {}},
        # The floor of a logged-in page: the contact page has almost nothing of its own (the
        # municipality's address), so what it costs is the session, the person and the layout.
        page("contact_logged_in", "/kontakt", "small"),
    ]
    for size in ("small", "big"):
        goal = loaded.big_goal_id if size == "big" else loaded.small_goal_id
        found += [
            page(f"my_page_{size}", "/min-side", size),
            page(f"plan_{size}", "/plan", size),
            page(f"goal_{size}", f"/plan/mal/{goal}", size),
            page(f"week_{size}", "/plan/denne-uka", size),
            page(f"consent_{size}", "/samtykke", size),
        ]
    found += [
        page("caseload_small", "/ansatt/planer", "staff_small"),
        page("caseload_big", "/ansatt/planer", "staff_big"),
        api(
            "fhir_careplan_pages", "/fhir/CarePlan?_count=50", "/fhir/CarePlan?_count=50 (next links to the end)", True
        ),
    ]
    for size in ("small", "big"):
        plan = loaded.big_plan_id if size == "big" else loaded.small_plan_id
        person = loaded.big_person_id if size == "big" else loaded.small_person_id
        found += [
            api(f"fhir_careplan_read_{size}", f"/fhir/CarePlan/{plan}", "/fhir/CarePlan/<id>"),
            api(
                f"fhir_goal_search_{size}",
                f"/fhir/Goal?patient={person}&_count=50",
                "/fhir/Goal?patient=<id>&_count=50 (next links to the end)",
                True,
            ),
        ]
    # Ordered so each big plan's page stands beside the small one's in the table.
    order = [t["name"] for t in found]
    return sorted(found, key=lambda t: (order.index(_pair_head(t["name"], order)), order.index(t["name"])))


def _pair_head(name: str, order: list[str]) -> str:
    if name.endswith("_big") and (small := name.removesuffix("_big") + "_small") in order:
        return small
    return name


def statements(app, found: list[dict], token: TokenSource) -> dict[str, tuple[int, int]]:
    """SQL statements of one request to each target, after one to warm up, in this process: all of
    them, and those that write (each write means a commit, which waits for PostgreSQL's WAL flush)."""
    engine = app.extensions["db_engine"]
    counted = {}
    bearer = token.fresh()
    for target in found:
        client = app.test_client()
        headers = {k: v for k, v in target["headers"].items() if k != "Cookie"}
        if cookie := target["headers"].get("Cookie"):
            name, _, value = cookie.partition("=")
            client.set_cookie(name, value, domain="localhost")
        if target.get("fhir"):
            headers["Authorization"] = f"Bearer {bearer}"
        assert client.get(target["path"], headers=headers).status_code == 200, target["name"]
        with counting_statements(engine) as counter:
            assert client.get(target["path"], headers=headers).status_code == 200, target["name"]
        writes = [q for q in counter.statements if q.lstrip().split(None, 1)[0].upper() in WRITES]
        counted[target["name"]] = (counter.count, len(writes))
    return counted
