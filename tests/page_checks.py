"""Checks every HTML response must pass (STYLE.md: notifications-admin's best habit).

The page client runs them on every page a test fetches, so a test of one feature also checks
the page it lands on: valid HTML, one h1 matching the title, lang, unique ids, labels, a CSP
nonce on every script, an action and method on every form.
"""
from __future__ import annotations

import re

import html5lib
from bs4 import BeautifulSoup

from app.i18n import KNOWN_LOCALES

TITLE_SUFFIX = " – Min plan"


class PageCheckError(AssertionError):
    pass


def _fail(message: str, path: str) -> None:
    raise PageCheckError(f"{path}: {message}")


def _text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def parse_strict(html: str, path: str) -> None:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        parser.parse(html)
    except html5lib.html5parser.ParseError as exc:
        line = html.splitlines()[parser.errors[0][0][0] - 1] if parser.errors else ""
        _fail(f"invalid HTML: {exc} near: {line.strip()[:160]}", path)


def check_labels(soup: BeautifulSoup, path: str) -> None:
    labelled_ids = {label.get("for") for label in soup.find_all("label") if label.get("for")}
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.name == "input" and control.get("type") in ("hidden", "submit", "button", "image", "reset"):
            continue
        if control.get("aria-label") or control.get("aria-labelledby"):
            continue
        if control.get("id") in labelled_ids or control.find_parent("label"):
            continue
        _fail(f"form control without a label: {control}", path)
    for button in soup.find_all("button"):
        if not (_text(button) or button.get("aria-label") or button.get("aria-labelledby")):
            _fail(f"button without an accessible name: {button}", path)


def check_document(html: str, path: str, csp_header: str | None) -> BeautifulSoup:
    parse_strict(html, path)
    soup = BeautifulSoup(html, "html.parser")
    root = soup.find("html")
    if root is None or root.get("lang") not in KNOWN_LOCALES:
        _fail(f"<html lang> must be one of {sorted(KNOWN_LOCALES)}", path)
    check_page_body(soup, path)
    skip = soup.find("a", class_="ds-skip-link")
    if skip is None or skip.get("href") != "#main" or soup.find(id="main") is None:
        _fail("skip link to #main is missing", path)

    if not csp_header:
        _fail("no Content-Security-Policy header", path)
    nonce = re.search(r"'nonce-([^']+)'", csp_header)
    if nonce is None:
        _fail("CSP has no script nonce", path)
    for script in soup.find_all("script"):
        if script.get("nonce") != nonce.group(1):
            _fail(f"script without the page's CSP nonce: {script}", path)
    if soup.find(attrs={"style": True}):
        _fail("inline style attribute (CSP forbids it)", path)
    for element in soup.find_all(True):
        if any(attr.startswith("on") for attr in element.attrs):
            _fail(f"inline event handler (CSP forbids it): {element}", path)
    return soup


def check_fragment(html: str, path: str) -> BeautifulSoup:
    soup = BeautifulSoup(html, "html.parser")
    if soup.find("html") or soup.find("head"):
        _fail("an htmx fragment must not be a whole document", path)
    if soup.find(id="app") is None:
        _fail("an htmx fragment must hold the #app shell", path)
    check_page_body(soup, path)
    return soup


def check_page_body(soup: BeautifulSoup, path: str) -> None:
    titles = soup.find_all("title")
    if len(titles) != 1:
        _fail(f"expected one <title>, found {len(titles)}", path)
    title = _text(titles[0])
    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        _fail(f"expected exactly one h1, found {len(h1s)}", path)
    h1 = _text(h1s[0])
    if not title.endswith(TITLE_SUFFIX):
        _fail(f"title {title!r} must end with {TITLE_SUFFIX!r}", path)
    page_title = title.removesuffix(TITLE_SUFFIX)
    # A form with errors prefixes the title with one word and a colon ("Feil:", "Error:").
    if page_title != h1 and re.sub(r"^\w+: ", "", page_title, count=1) != h1:
        _fail(f"title {title!r} does not match the h1 {h1!r}", path)

    ids = [element["id"] for element in soup.find_all(id=True)]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        _fail(f"duplicate ids: {sorted(duplicates)}", path)
    for form in soup.find_all("form"):
        if not form.get("action") or form.get("method", "").lower() not in ("get", "post"):
            _fail(f"form without action and method: {form.prettify()[:200]}", path)
        # Only the language and easy-read choices go without a token (security.same_origin_only).
        exempt = form.has_attr("data-same-origin-form") and form.get("action") in ("/sprak", "/lettlest")
        # A form that posts to another site (ID-porten's logout) must not carry our token.
        exempt = exempt or (form.has_attr("data-external-form") and form.get("action", "").startswith("http"))
        if form.get("method", "").lower() == "post" and not exempt and not form.find("input", attrs={"name": "csrf_token"}):
            _fail("POST form without a CSRF token", path)
    for link in soup.find_all("a"):
        if not link.get("href"):
            _fail(f"link without href: {link}", path)
    for image in soup.find_all("img"):
        if image.get("alt") is None:
            _fail(f"image without alt: {image}", path)
    check_labels(soup, path)
