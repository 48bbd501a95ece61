"""The client against the stand-in over real HTTP: what a notice may be sent by."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

from app.contact_register import BATCH_LIMIT, ContactRegister, RegisterUnavailable, lookup, settings
from app.contact_register.configuration import DEV_TOKEN
from tests.contact_register.conftest import ARNE, KARI, NILS, NOBODY, PER, no_pid_in


def client(url: str, token: str = DEV_TOKEN, **kwargs) -> ContactRegister:
    return ContactRegister(url, lambda: token, timeout=2.0, **kwargs)


def test_a_person_with_both_is_reached_by_email_and_sms(krr):
    kari = client(krr.url).lookup([KARI])[KARI]
    assert kari.may_contact_digitally
    assert (kari.email, kari.mobile) == ("kari.nordmann@example.no", "+4740001001")
    assert kari.active and not kari.reserved and kari.language == "nb"
    assert kari.updated is not None and kari.updated.tzinfo is not None


def test_a_reserved_person_is_not_contacted_digitally(krr):
    per = client(krr.url).lookup([PER])[PER]
    assert per.reserved
    assert not per.may_contact_digitally
    assert per.email is None and per.mobile is None


def test_nothing_registered_unknown_or_email_only(krr):
    found = client(krr.url).lookup([NILS, NOBODY, ARNE])
    assert set(found) == {NILS, NOBODY, ARNE}
    assert not found[NILS].may_contact_digitally
    assert not found[NOBODY].active and not found[NOBODY].may_contact_digitally
    assert found[ARNE].may_contact_digitally
    assert found[ARNE].email == "arne.vik@example.no" and found[ARNE].mobile is None


def test_a_contact_shown_in_a_log_or_traceback_hides_its_details(krr):
    kari = client(krr.url).lookup([KARI])[KARI]
    assert "kari.nordmann" not in repr(kari) and "40001001" not in repr(kari)


def test_many_persons_are_asked_for_in_batches_the_register_accepts(krr):
    # The stand-in, like the register, answers 400 to more than 1000 at once.
    pids = [f"0101800{i:04d}" for i in range(BATCH_LIMIT + 5)]
    found = client(krr.url).lookup([*pids, KARI])
    assert krr.requests == 2
    assert len(found) == BATCH_LIMIT + 6 and found[KARI].may_contact_digitally


def test_answers_are_kept_for_a_short_while_only(krr):
    now = [1000.0]
    register = client(krr.url, cache_seconds=300, clock=lambda: now[0])
    register.lookup([KARI, PER])
    register.lookup([KARI, PER])
    assert krr.requests == 1
    now[0] += 301
    assert register.lookup([PER])[PER].reserved
    assert krr.requests == 2


def test_a_refused_token_is_unavailable_and_logs_no_one(krr, caplog):
    caplog.set_level(logging.INFO)
    with pytest.raises(RegisterUnavailable) as raised:
        client(krr.url, token="not-the-token").lookup([KARI])
    assert "401" in str(raised.value) and KARI not in str(raised.value)
    assert any("401" in r.getMessage() for r in caplog.records)
    assert no_pid_in(caplog.records, KARI)


def test_the_apps_lookup_uses_its_configuration(krr, caplog):
    caplog.set_level(logging.INFO)
    app = Flask(__name__)
    app.config.update(settings({"KRR_URL": krr.url}, production=False))
    with app.app_context():
        assert not lookup([PER])[PER].may_contact_digitally
        assert lookup([KARI])[KARI].may_contact_digitally
    assert krr.requests == 2
    assert [r for r in caplog.records if r.getMessage() == "contact register lookup"]
    assert no_pid_in(caplog.records, KARI, PER)
