"""A person with a browser, over real HTTP: our app on a live server, ID-porten's stand-in on its own.

Redirects are followed one at a time so tests can stop anywhere (and tamper with a step);
every HTML page from our app passes the page checks, and the stand-in's pages are valid HTML.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import requests

from tests.page_checks import check_document, check_labels, parse_strict
from tests.people import KARI  # noqa: E402,F401  (tests import it from here too)


class Visitor:
    def __init__(self, app_url: str, idp_url: str):
        self.app_url = app_url
        self.idp_url = idp_url
        self.http = requests.Session()

    # Plain requests ---------------------------------------------------------------------------
    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        if url.startswith("/"):
            url = self.app_url + url
        response = self.http.request(method, url, allow_redirects=False, timeout=10, **kwargs)
        self._check(response)
        return response

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, data: dict, **kwargs) -> requests.Response:
        return self.request("POST", url, data=data, **kwargs)

    def follow(self, response: requests.Response, limit: int = 10) -> requests.Response:
        while response.is_redirect and limit:
            response = self.get(response.headers["Location"])
            limit -= 1
        return response

    def _check(self, response: requests.Response) -> None:
        if response.is_redirect or "text/html" not in response.headers.get("Content-Type", "") or not response.text:
            return
        path = urlsplit(response.url).path
        if response.url.startswith(self.app_url):
            check_document(response.text, path, response.headers.get("Content-Security-Policy"))
        elif response.url.startswith(self.idp_url):
            check_labels(parse_strict(response.text, "stand-in " + path), "stand-in " + path)

    # The journey ------------------------------------------------------------------------------
    def start_login(self, next_url: str = "/min-side", **params) -> requests.Response:
        """Up to the stand-in's login page (or, with single sign-on, the redirect back)."""
        response = self.get("/logg-inn", params={"next": next_url, **params})
        assert response.status_code == 303, response.text[:500]
        return self.get(response.headers["Location"])

    def choose(self, login_page: requests.Response, **form) -> requests.Response:
        """Submit TestID's form: person=<pid> picks a demo person, pid=<typed>, acr, action."""
        action = unescape(re.search(r'<form class="idp-form" method="post" action="([^"]+)"', login_page.text).group(1))
        return self.post(self.idp_url + action, data=form)

    def log_in(
        self, pid: str = KARI, next_url: str = "/min-side", acr: str | None = None, **params
    ) -> requests.Response:
        """The whole login; returns the page the person lands on."""
        page = self.start_login(next_url, **params)
        form = {"person": pid, **({"acr": acr} if acr else {})}
        redirect = self.choose(page, **form) if page.status_code == 200 else page
        return self.follow(redirect)

    def csrf_token(self, path: str = "/") -> str | None:
        """The page's CSRF token; pages for someone without a session may have none."""
        found = re.search(r'name="csrf-token" content="([^"]+)"', self.get(path).text)
        return found.group(1) if found else None

    def choose_language(self, locale: str, easy_read: bool = False) -> None:
        """With the header's forms (which need no token where the page offers none)."""
        token = {"csrf_token": t} if (t := self.csrf_token()) else {}
        assert self.post("/sprak", {"locale": locale, **token}).status_code == 303
        if easy_read:
            assert self.post("/lettlest", {"easy_read": "on", **token}).status_code == 303

    def log_out(self) -> requests.Response:
        """Press "Logg ut": returns the stand-in's logged-out page, where the redirect leads."""
        leaving = self.post("/logg-ut", {"csrf_token": self.csrf_token("/min-side")})
        assert leaving.status_code == 303 and leaving.headers["Location"].startswith(self.idp_url)
        return self.get(leaving.headers["Location"])

    def cookie(self, name: str = "minplan_session") -> str | None:
        return self.http.cookies.get(name)


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def frames(logged_out_page: requests.Response) -> list[str]:
    return [unescape(src) for src in re.findall(r'<iframe[^>]+src="([^"]+)"', logged_out_page.text)]


def continue_link(logged_out_page: requests.Response) -> str:
    return unescape(re.search(r'id="continue" href="([^"]+)"', logged_out_page.text).group(1))


def through_stand_in(test_client, idp_url: str, pid: str = KARI, path: str = "/logg-inn", **form):
    """Log in with Flask's test client for our app and real HTTP to the stand-in.

    For apps made for one test (another configuration) that have no live server of their own.
    Returns the app's response to the callback.
    """
    response = test_client.get(path)
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    browser = Visitor("http://localhost", idp_url)
    page = browser.get(response.headers["Location"])
    redirect = browser.choose(page, person=pid, **form)
    callback = urlsplit(redirect.headers["Location"])
    assert callback.netloc == "localhost", redirect.headers["Location"]
    return test_client.get(f"{callback.path}?{callback.query}")
