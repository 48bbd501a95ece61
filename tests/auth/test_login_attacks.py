"""What an attacker, or a broken identity provider, might send back: each is refused clearly.

Every refusal is a page in the person's language with a 4xx status that passes the page checks
(the visitor checks every page), and a `login.refused` log event that says why.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode, urlsplit

import pytest

from devidp.store import new_signing_key
from tests.auth.visitor import KARI, Visitor, query
from tests.pages import LOCALES


def _authorized(visitor: Visitor, **login_params) -> str:
    """Log in at the stand-in, but stop before the callback: returns the callback URL."""
    page = visitor.start_login(**login_params)
    return visitor.choose(page, person=KARI).headers["Location"]


def _with(url: str, **params) -> str:
    """The callback URL with some parameters replaced (None: removed)."""
    values = {**query(url), **params}
    return url.split("?")[0] + "?" + urlencode({k: v for k, v in values.items() if v is not None})


def _refused(visitor: Visitor, url: str, status: int = 400):
    response = visitor.get(url)
    assert response.status_code == status, response.text[:300]
    assert visitor.get("/min-side").status_code == 303, "a refused login must not log anyone in"
    return response


def test_a_replayed_callback_is_refused(visitor, events):
    callback = _authorized(visitor)
    assert visitor.get(callback).status_code == 303
    page = visitor.get(callback)
    assert page.status_code == 400 and "Innloggingen ble ikke fullført" in page.text
    assert events.refusals() == ["unknown_state"]


def test_a_callback_stolen_into_another_browser_is_refused(visitor, live_server, idp, events):
    callback = _authorized(visitor)
    attacker = Visitor(live_server, idp.issuer)
    _refused(attacker, callback)
    assert events.refusals() == ["unknown_state"]


def test_a_callback_without_state_is_refused(visitor, events):
    _refused(visitor, _with(_authorized(visitor), state=None))
    assert events.refusals() == ["missing_state"]


def test_a_state_from_the_attackers_own_login_is_refused(visitor, live_server, idp, events):
    attacker = Visitor(live_server, idp.issuer)
    planted = _authorized(attacker)  # login CSRF: the attacker's code and state, in the victim's browser
    _refused(visitor, planted)
    assert events.refusals() == ["unknown_state"]


@pytest.mark.parametrize("iss", ["https://idporten.no", "http://127.0.0.1:1", None])
def test_a_wrong_or_missing_issuer_is_refused_before_the_code_is_used(visitor, idp, events, iss):
    callback = _authorized(visitor)
    _refused(visitor, _with(callback, iss=iss))
    assert events.refusals() == ["wrong_iss" if iss else "missing_iss"]
    assert idp.store.code_is_unused(query(callback)["code"])


@pytest.mark.parametrize(
    "claims, claim",
    [
        ({"nonce": "not-the-nonce-we-sent"}, "nonce"),
        ({"nonce": None}, "nonce"),
        ({"aud": "another-client"}, "aud"),
        ({"aud": ["another-client", "and-another"]}, "aud"),
        ({"iss": "https://idporten.no"}, "iss"),
        ({"exp": int(time.time()) - 300, "iat": int(time.time()) - 420}, "exp"),
        ({"iat": int(time.time()) + 3600}, "iat"),
        ({"exp": None}, "exp"),
    ],
    ids=["wrong-nonce", "no-nonce", "wrong-aud", "other-auds", "wrong-iss", "expired", "issued-in-future", "no-exp"],
)
def test_an_id_token_that_fails_validation_is_refused(visitor, idp, events, claims, claim):
    idp.store.next_id_token_claims = claims
    page = visitor.follow(visitor.get(_authorized(visitor)))
    assert page.status_code == 400 and "Vi kunne ikke logge deg inn" in page.text
    refusal = events.events("login.refused")[0]
    assert refusal["reason"] == "invalid_id_token"
    assert refusal["claim"] == claim


def test_an_id_token_signed_with_another_key_is_refused(visitor, idp, events):
    idp.store.next_id_token_key = new_signing_key()  # a kid nobody published: refetching keys does not help
    _refused(visitor, _authorized(visitor))
    assert events.refusals() == ["invalid_id_token"]


def test_a_new_signing_key_is_fetched_when_a_token_names_it(visitor, idp):
    visitor.log_in(KARI)  # the app now holds the current keys
    idp.store.rotate_key()
    second = Visitor(visitor.app_url, visitor.idp_url)
    assert second.log_in(KARI).status_code == 200


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_too_low_a_level_is_refused_in_the_persons_language(visitor, idp, events, locale, easy_read):
    visitor.choose_language(locale, easy_read)
    idp.store.next_id_token_claims = {"acr": "idporten-loa-substantial"}
    page = visitor.follow(visitor.get(_authorized(visitor)))
    assert page.status_code == 403 and f'<html lang="{locale}"' in page.text
    assert ('class="easy-read"' in page.text) == easy_read
    assert events.events("login.refused")[0]["reason"] == "acr_too_low"


@pytest.mark.parametrize("acr", ["Level4", "", None])
def test_an_unknown_or_missing_level_is_refused(visitor, idp, events, acr):
    idp.store.next_id_token_claims = {"acr": acr}
    page = visitor.follow(visitor.get(_authorized(visitor)))
    assert page.status_code == 403 and "Level4" not in page.text
    assert events.refusals() == ["acr_too_low"]
    assert events.events("login.refused")[0]["acr"] == str(acr)


@pytest.mark.parametrize(
    "pid",
    ["1283850251", "12838502511", "abcdefghijk", 12838502510, None, "12838502510 "],
    ids=["ten-digits", "bad-check-digit", "letters", "number", "missing", "trailing-space"],
)
def test_an_id_token_without_a_valid_pid_is_refused(visitor, idp, events, pid):
    idp.store.next_id_token_claims = {"pid": pid}
    page = visitor.follow(visitor.get(_authorized(visitor)))
    assert page.status_code == 403 and "Vi kunne ikke bekrefte hvem du er" in page.text
    assert events.refusals() == ["invalid_pid"]
    assert "12838502510" not in str(events.events()), "an identity number must never be logged"


def test_a_code_cannot_be_used_twice(visitor, events):
    first = _authorized(visitor)
    assert visitor.get(first).status_code == 303  # the code is spent
    second = _authorized(visitor, fresh="1")  # a new attempt, with its own state and verifier
    assert visitor.get(_with(second, code=query(first)["code"])).status_code == 400
    assert events.refusals() == ["token_refused"]


def test_a_code_with_another_attempts_pkce_verifier_is_refused(visitor, idp, events):
    other_attempt = query(visitor.get("/logg-inn").headers["Location"])["state"]
    callback = _authorized(visitor)  # the newest attempt: the code is bound to its challenge
    page = visitor.get(_with(callback, state=other_attempt))
    assert page.status_code == 400
    assert events.refusals() == ["token_refused"]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "\t//evil.example",
    ],
)
def test_next_never_leads_to_another_site_after_login(visitor, target):
    response = visitor.get(_authorized(visitor, next_url=target))
    assert response.status_code == 303 and response.headers["Location"] == "/min-side"


GARBAGE = {
    "huge": "x" * 5000,
    "control": "abc\x00\x01\x7f",
    "script": "<script>alert(1)</script>",
    "unicode": "ødelagt\u202e",
    "spaces": "a b",
    "empty": "",
}


def _refusal_for_garbage(param: str, garbage: str, cancelled: bool) -> str:
    """Unreadable values are refused before anything else; readable ones where they fail."""
    if cancelled:
        return "idp_error"
    if garbage != "script":
        return "malformed_callback"
    return {"code": "token_refused", "state": "unknown_state", "iss": "wrong_iss", "error": "idp_error"}[param]


@pytest.mark.parametrize("param", ["code", "state", "iss", "error", "error_description"])
@pytest.mark.parametrize("garbage", list(GARBAGE), ids=list(GARBAGE))
def test_garbage_in_any_callback_parameter_is_refused_cleanly(visitor, events, param, garbage):
    callback = _with(_authorized(visitor), **{param: GARBAGE[garbage]})
    cancelled = param == "error_description" and garbage in ("unicode", "spaces", "script", "empty")
    if cancelled:
        callback = _with(callback, error="access_denied")  # readable text there is allowed
    response = visitor.get(callback)
    assert response.status_code == (200 if cancelled else 400), response.text[:200]
    assert events.refusals() == [_refusal_for_garbage(param, garbage, cancelled)]
    if GARBAGE[garbage]:  # an empty value cannot be looked for in the page; its refusal is checked above
        assert GARBAGE[garbage] not in response.text
    assert "<script>alert" not in response.text
    assert events.events("login.refused"), "every refusal is logged"
    assert visitor.get("/min-side").status_code == 303


def test_a_parameter_given_twice_is_refused(visitor, events):
    callback = _authorized(visitor)
    response = visitor.get(callback + "&state=second")
    assert response.status_code == 400
    assert events.refusals() == ["malformed_callback"]


def test_a_tampered_session_cookie_logs_nobody_in(visitor, events):
    visitor.log_in(KARI)
    cookie = visitor.cookie()
    host = urlsplit(visitor.app_url).hostname
    visitor.http.cookies.set("minplan_session", cookie[:-4] + "AAAA", domain=host, path="/")
    response = visitor.get("/min-side")
    assert response.status_code == 303 and response.headers["Location"].startswith("/logg-inn")
    assert events.events("session.tampered")
