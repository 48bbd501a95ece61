"""A register that is down, slow or talks nonsense: RegisterUnavailable, and no one named in the logs."""

from __future__ import annotations

import json
import logging
import socket
import time

import pytest

from app.contact_register import ContactRegister, RegisterUnavailable
from tests.conftest import serve_in_thread
from tests.contact_register.conftest import KARI, no_pid_in

PERSON = {"personidentifikator": KARI, "reservasjon": "NEI", "status": "AKTIV"}


def answering(status: str, body: bytes, content_type: str = "application/json", pause: float = 0.0):
    def app(environ, start_response):
        environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        time.sleep(pause)
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        return [body]

    return app


def trickling(environ, start_response):
    """Each piece arrives well within the read timeout; the whole takes far longer."""
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response("200 OK", [("Content-Type", "application/json")])

    def pieces():
        yield b'{"personer": ['
        for _ in range(8):
            time.sleep(0.15)
            yield b" "
        yield json.dumps(PERSON).encode() + b"]}"

    return pieces()


CASES = {
    "not JSON": answering("200 OK", b"{personer: [" + KARI.encode()),
    "an HTML error page": answering("200 OK", f"<html>{KARI}</html>".encode(), "text/html"),
    "no list of persons": answering("200 OK", json.dumps({"personer": {KARI: {}}}).encode()),
    "a person without a number": answering("200 OK", json.dumps({"personer": [{"status": "AKTIV"}]}).encode()),
    "an address that is not text": answering(
        "200 OK", json.dumps({"personer": [{**PERSON, "kontaktinformasjon": {"epostadresse": [KARI]}}]}).encode()
    ),
    "a server error": answering("500 Internal Server Error", json.dumps({"error": f"no {KARI}"}).encode()),
    "too busy": answering("503 Service Unavailable", b""),
    "slow to answer": answering("200 OK", json.dumps({"personer": [PERSON]}).encode(), pause=1.5),
    "slow to finish": trickling,
}


@pytest.mark.parametrize("case", CASES)
def test_a_bad_answer_is_unavailable_and_logs_no_one(case, caplog):
    caplog.set_level(logging.INFO)
    server = serve_in_thread(CASES[case])
    try:
        register = ContactRegister(f"http://127.0.0.1:{server.server_port}", lambda: "t", timeout=0.5)
        with pytest.raises(RegisterUnavailable) as raised:
            register.lookup([KARI])
    finally:
        server.shutdown()
    assert KARI not in str(raised.value)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and r.name.startswith("app.contact_register")]
    assert warnings, "a failed lookup leaves a trace in the log"
    assert no_pid_in(caplog.records, KARI)


def test_a_register_that_is_not_there_is_unavailable(caplog):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(RegisterUnavailable, match="could not be reached"):
        ContactRegister(f"http://127.0.0.1:{port}", lambda: "t", timeout=0.5).lookup([KARI])
    assert no_pid_in(caplog.records, KARI)


def test_a_missing_reservation_counts_as_reserved():
    """The register left out its answer to the one question that matters: no digital contact."""
    person = {**PERSON, "kontaktinformasjon": {"epostadresse": "kari.nordmann@example.no"}}
    del person["reservasjon"]
    server = serve_in_thread(answering("200 OK", json.dumps({"personer": [person]}).encode()))
    try:
        found = ContactRegister(f"http://127.0.0.1:{server.server_port}", lambda: "t").lookup([KARI])
    finally:
        server.shutdown()
    assert found[KARI].reserved and not found[KARI].may_contact_digitally


def test_an_address_that_could_add_mail_headers_is_dropped():
    person = {**PERSON, "kontaktinformasjon": {"epostadresse": "kari@example.no\r\nBcc: all@example.no"}}
    server = serve_in_thread(answering("200 OK", json.dumps({"personer": [person]}).encode()))
    try:
        found = ContactRegister(f"http://127.0.0.1:{server.server_port}", lambda: "t").lookup([KARI])
    finally:
        server.shutdown()
    assert found[KARI].email is None and not found[KARI].may_contact_digitally
