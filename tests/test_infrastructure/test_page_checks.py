"""The page checks fail on the pages they exist to refuse, and pass a page that is right."""

from __future__ import annotations

import pytest

from tests.page_checks import PageCheckError, check_document, check_fragment

CSP = "default-src 'self'; script-src 'self' 'nonce-n0nce'"
BODY = (
    '<a class="ds-skip-link" href="#main">Til innholdet</a><main id="main"><h1>Mål <span>og</span> tiltak</h1>'
    '<form action="/plan" method="post"><input type="hidden" name="csrf_token" value="t">'
    '<label for="f">Tekst</label><input id="f" name="f"><label>Inni <textarea name="g"></textarea></label>'
    '<button>Lagre</button></form><img src="/x.png" alt=""><!-- a comment --></main>'
    '<script nonce="n0nce" src="/app.js"></script>'
)


def page(body: str = BODY, title: str = "Mål og tiltak – Min plan", lang: str = "nb") -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body>{body}</body></html>"
    )


def fragment(body: str = BODY, title: str = "Mål og tiltak – Min plan") -> str:
    return f'<title>{title}</title><div id="app">{body}</div>'


def test_a_right_page_and_fragment_pass():
    assert check_document(page(), "/", CSP).get("lang") == "nb"
    assert check_fragment(fragment(), "/").find(".//h1") is not None


@pytest.mark.parametrize(
    "html, message",
    [
        (page(BODY + "<p><div></p>"), "invalid HTML"),
        (page(lang="xx"), "<html lang>"),
        (page(title="Noe annet – Min plan"), "does not match the h1"),
        (page(title="Mål og tiltak"), "must end with"),
        (page(BODY + "<h1>To</h1>"), "exactly one h1"),
        (page(BODY.replace('class="ds-skip-link" ', "")), "skip link"),
        (page(BODY + '<span id="f"></span>'), "duplicate ids: ['f']"),
        (page(BODY.replace('<label for="f">Tekst</label>', "")), "form control without a label"),
        (page(BODY.replace("<button>Lagre</button>", "<button></button>")), "button without an accessible name"),
        (page(BODY.replace('<input type="hidden" name="csrf_token" value="t">', "")), "POST form without a CSRF token"),
        (page(BODY.replace('action="/plan" ', "")), "form without action and method"),
        (page(BODY.replace('nonce="n0nce" ', 'nonce="other" ')), "without the page's CSP nonce"),
        (page(BODY + '<p style="color: red">x</p>'), "inline style"),
        (page(BODY + '<p onclick="x()">x</p>'), "inline event handler"),
        (page(BODY + "<a>nowhere</a>"), "link without href"),
        (page(BODY + '<img src="/y.png">'), "image without alt"),
    ],
    ids=[
        "invalid",
        "lang",
        "title",
        "suffix",
        "two-h1",
        "skip-link",
        "duplicate-id",
        "label",
        "button",
        "csrf",
        "form-action",
        "nonce",
        "style",
        "handler",
        "href",
        "alt",
    ],
)
def test_a_page_that_breaks_a_rule_fails_with_what_it_broke(html, message):
    with pytest.raises(PageCheckError) as failure:
        check_document(html, "/side", CSP)
    assert message in str(failure.value) and str(failure.value).startswith("/side: ")


def test_a_page_without_a_csp_header_fails():
    with pytest.raises(PageCheckError, match="no Content-Security-Policy header"):
        check_document(page(), "/", None)


@pytest.mark.parametrize(
    "html, message",
    [
        (page(), "must not be a whole document"),
        ("<title>Mål og tiltak – Min plan</title><main><h1>Mål og tiltak</h1></main>", "#app shell"),
        (fragment(BODY + "<p><div></p>"), "invalid HTML"),
        (fragment(BODY + "<h1>To</h1>"), "exactly one h1"),
    ],
    ids=["document", "no-shell", "invalid", "two-h1"],
)
def test_a_fragment_that_breaks_a_rule_fails_with_what_it_broke(html, message):
    with pytest.raises(PageCheckError, match=message.replace("(", r"\(")):
        check_fragment(html, "/side")
