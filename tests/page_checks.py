"""Checks every HTML response must pass.

The page client runs them on every page a test fetches, so a test of one feature also checks
the page it lands on: valid HTML, one h1 matching the title, lang, unique ids, labels, a CSP
nonce on every script, an action and method on every form.

A page is parsed once, by html5lib in strict mode (which is what proves it valid); every check
walks that one tree (ElementTree, so walking it costs little next to parsing).
"""

from __future__ import annotations

import re
from collections import Counter
from xml.etree.ElementTree import Element

import html5lib

from app.i18n import KNOWN_LOCALES

TITLE_SUFFIX = " – Min plan"
NOT_LABELLED_INPUTS = ("hidden", "submit", "button", "image", "reset")


class PageCheckError(AssertionError):
    pass


def _fail(message: str, path: str) -> None:
    raise PageCheckError(f"{path}: {message}")


def _strings(element: Element):
    """The text nodes under an element, in order, without comments (as a reader meets them)."""
    if isinstance(element.tag, str):
        if element.text:
            yield element.text
        for child in element:
            yield from _strings(child)
    if element.tail:
        yield element.tail


def _text(element: Element) -> str:
    inner = [element.text or ""] + [s for child in element for s in _strings(child)]
    return " ".join(" ".join(piece.strip() for piece in inner if piece.strip()).split())


def _show(element: Element) -> str:
    attributes = " ".join(f'{name}="{value}"' for name, value in element.attrib.items())
    return f"<{element.tag} {attributes}>".replace(" >", ">")


def _elements(root: Element):
    """Every element under root, root included, without comments."""
    return (element for element in root.iter() if isinstance(element.tag, str))


def _parse(html: str, path: str, fragment: bool) -> Element:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        return parser.parseFragment(html) if fragment else parser.parse(html)
    except html5lib.html5parser.ParseError as exc:
        line = html.splitlines()[parser.errors[0][0][0] - 1] if parser.errors else ""
        _fail(f"invalid HTML: {exc} near: {line.strip()[:160]}", path)


def parse_strict(html: str, path: str) -> Element:
    """The document's <html> element; a page that is not valid HTML fails here."""
    return _parse(html, path, fragment=False)


def check_labels(root: Element, path: str) -> None:
    labelled_ids = {label.get("for") for label in root.iter("label") if label.get("for")}
    inside_labels = {id(element) for label in root.iter("label") for element in label.iter()}
    for control in _elements(root):
        if control.tag not in ("input", "select", "textarea"):
            continue
        if control.tag == "input" and control.get("type") in NOT_LABELLED_INPUTS:
            continue
        if control.get("aria-label") or control.get("aria-labelledby"):
            continue
        if control.get("id") in labelled_ids or id(control) in inside_labels:
            continue
        _fail(f"form control without a label: {_show(control)}", path)
    for button in root.iter("button"):
        if not (_text(button) or button.get("aria-label") or button.get("aria-labelledby")):
            _fail(f"button without an accessible name: {_show(button)}", path)


def check_document(html: str, path: str, csp_header: str | None) -> Element:
    root = parse_strict(html, path)
    if root.get("lang") not in KNOWN_LOCALES:
        _fail(f"<html lang> must be one of {sorted(KNOWN_LOCALES)}", path)
    check_page_body(root, path)
    skip = next((a for a in root.iter("a") if "ds-skip-link" in a.get("class", "").split()), None)
    if skip is None or skip.get("href") != "#main" or root.find(".//*[@id='main']") is None:
        _fail("skip link to #main is missing", path)

    if not csp_header:
        _fail("no Content-Security-Policy header", path)
    nonce = re.search(r"'nonce-([^']+)'", csp_header)
    if nonce is None:
        _fail("CSP has no script nonce", path)
    for script in root.iter("script"):
        if script.get("nonce") != nonce.group(1):
            _fail(f"script without the page's CSP nonce: {_show(script)}", path)
    for element in _elements(root):
        if "style" in element.attrib:
            _fail("inline style attribute (CSP forbids it)", path)
        if any(name.startswith("on") for name in element.attrib):
            _fail(f"inline event handler (CSP forbids it): {_show(element)}", path)
    return root


def check_fragment(html: str, path: str) -> Element:
    """An htmx answer: the #app shell and its <title>, valid HTML, never a whole document
    (html5lib drops a stray <html> or <head> in a fragment, so that is read from the text)."""
    if re.search(r"<(html|head)[\s>]", html, re.IGNORECASE):
        _fail("an htmx fragment must not be a whole document", path)
    root = _parse(html, path, fragment=True)
    if root.find(".//*[@id='app']") is None:
        _fail("an htmx fragment must hold the #app shell", path)
    check_page_body(root, path)
    return root


def check_page_body(root: Element, path: str) -> None:
    titles = list(root.iter("title"))
    if len(titles) != 1:
        _fail(f"expected one <title>, found {len(titles)}", path)
    title = _text(titles[0])
    h1s = list(root.iter("h1"))
    if len(h1s) != 1:
        _fail(f"expected exactly one h1, found {len(h1s)}", path)
    h1 = _text(h1s[0])
    if not title.endswith(TITLE_SUFFIX):
        _fail(f"title {title!r} must end with {TITLE_SUFFIX!r}", path)
    page_title = title.removesuffix(TITLE_SUFFIX)
    # A form with errors prefixes the title with one word and a colon ("Feil:", "Error:").
    if page_title != h1 and re.sub(r"^\w+: ", "", page_title, count=1) != h1:
        _fail(f"title {title!r} does not match the h1 {h1!r}", path)

    ids = Counter(element.get("id") for element in _elements(root) if element.get("id") is not None)
    duplicates = {i for i, count in ids.items() if count > 1}
    if duplicates:
        _fail(f"duplicate ids: {sorted(duplicates)}", path)
    for form in root.iter("form"):
        method = form.get("method", "").lower()
        if not form.get("action") or method not in ("get", "post"):
            _fail(f"form without action and method: {_show(form)}", path)
        # Only the language and easy-read choices go without a token (security.same_origin_only).
        exempt = "data-same-origin-form" in form.attrib and form.get("action") in (
            "/sprak",
            "/lettlest",
            "/ansatt/sprak",
        )
        # A form that posts to another site (ID-porten's logout) must not carry our token.
        exempt = exempt or ("data-external-form" in form.attrib and form.get("action", "").startswith("http"))
        has_token = any(field.get("name") == "csrf_token" for field in form.iter("input"))
        if method == "post" and not exempt and not has_token:
            _fail("POST form without a CSRF token", path)
    for link in root.iter("a"):
        if not link.get("href"):
            _fail(f"link without href: {_show(link)}", path)
    for image in root.iter("img"):
        if image.get("alt") is None:
            _fail(f"image without alt: {_show(image)}", path)
    check_labels(root, path)
