"""A browser over real HTTP, and how a person gets through each provider's pages.

The two providers differ only where a person would see a difference: the stand-in shows
TestID's login page and, after logout, a page that calls the services' front-channel URIs and
links back; oidc-provider logs its fixed person in without a page and asks "Do you want to
sign-out?" when a logout names the client alone (RP-Initiated Logout §6 recommends asking).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urljoin, urlsplit

import requests
from bs4 import BeautifulSoup

from tests.people import KARI


@dataclass
class Trip:
    """Every URL a navigation passed through, and the response it ended with."""

    urls: list[str]
    response: requests.Response

    def passed(self, base_url: str, path_prefix: str) -> bool:
        return any(url.startswith(base_url + path_prefix) for url in self.urls)


class Browser:
    def __init__(self, app_url: str):
        self.app_url = app_url
        self.http = requests.Session()

    def absolute(self, url: str) -> str:
        return self.app_url + url if url.startswith("/") else url

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        return self.http.request(method, self.absolute(url), allow_redirects=False, timeout=10, **kwargs)

    def go(self, url: str, method: str = "GET", data: dict | None = None) -> Trip:
        """Navigate and follow every redirect, across sites, as a browser does."""
        url = self.absolute(url)
        response = self.request(method, url, data=data)
        urls = [url]
        while response.is_redirect:
            assert len(urls) < 20, urls
            url = urljoin(url, response.headers["Location"])
            urls.append(url)
            response = self.request("GET", url)
        return Trip(urls, response)

    def csrf_token(self, path: str = "/min-side") -> str:
        return re.search(r'name="csrf-token" content="([^"]+)"', self.request("GET", path).text).group(1)

    def forget(self, cookie_name: str) -> None:
        self.http.cookies.clear(domain="127.0.0.1", path="/", name=cookie_name)


def _form(response: requests.Response, attrs: dict) -> tuple[str, dict[str, str]]:
    form = BeautifulSoup(response.text, "html.parser").find("form", attrs=attrs)
    assert form is not None, response.text[:500]
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    return urljoin(response.url, form["action"]), fields


@dataclass
class OpenIDProvider:
    name: str
    issuer: str
    client_id: str
    process: subprocess.Popen | None = field(default=None, repr=False)

    def asked_to_log_in(self, trip: Trip) -> bool:
        """Whether the provider made the person log in, rather than letting them straight through."""
        raise NotImplementedError

    def log_in(self, browser: Browser, trip: Trip) -> Trip:
        """Whatever the person does at the provider's login, from where `trip` ended."""
        raise NotImplementedError

    def log_out(self, browser: Browser, trip: Trip) -> Trip:
        """From the provider's end-session page back to the service."""
        raise NotImplementedError


class CertifiedProvider(OpenIDProvider):
    def asked_to_log_in(self, trip: Trip) -> bool:
        return trip.passed(self.issuer, "/interaction/")

    def log_in(self, browser: Browser, trip: Trip) -> Trip:
        return trip  # the script's interaction handler logs its person in without a page

    def log_out(self, browser: Browser, trip: Trip) -> Trip:
        assert trip.response.status_code == 200 and "sign-out" in trip.response.text, trip.response.text[:300]
        action, fields = _form(trip.response, {"id": "op.logoutForm"})
        return browser.go(action, "POST", {**fields, "logout": "yes"})


class StandInProvider(OpenIDProvider):
    def asked_to_log_in(self, trip: Trip) -> bool:
        return trip.response.url.startswith(self.issuer + "/authorize") and trip.response.status_code == 200

    def log_in(self, browser: Browser, trip: Trip) -> Trip:
        assert self.asked_to_log_in(trip), trip.urls
        action, _fields = _form(trip.response, {"class": "idp-form"})
        return browser.go(action, "POST", {"person": KARI})

    def log_out(self, browser: Browser, trip: Trip) -> Trip:
        page = trip.response
        assert page.status_code == 200 and "Du er logget ut" in page.text, page.text[:300]
        for frame in re.findall(r'<iframe[^>]+src="([^"]+)"', page.text):
            assert browser.request("GET", unescape(frame)).status_code == 200  # front-channel logout
        back = re.search(r'id="continue" href="([^"]+)"', page.text)
        assert back is not None, "the stand-in did not send the person back"
        return browser.go(unescape(back.group(1)))


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
