"""send_sms over real HTTP to the gateway stand-in: idempotent references, retries, refusals."""

from __future__ import annotations

import pytest

from app.delivery import PermanentFailure, TemporaryFailure, send_sms


def test_an_sms_arrives_once_however_often_its_reference_is_sent(sms_gateway, store):
    config = sms_gateway()
    send_sms(config, "+4791234567", "Hei Kari! Nytt møte på Askøy.", "notice-42")
    send_sms(config, "+4791234567", "Hei Kari! Nytt møte på Askøy.", "notice-42")  # the answer was lost

    [sms] = store.sms()
    assert (sms.destination, sms.text, sms.ref_id, sms.source) == (
        "+4791234567",
        "Hei Kari! Nytt møte på Askøy.",
        "notice-42",
        "MinPlan",
    )
    send_sms(config, "+4791234567", "En annen melding", "notice-43")
    assert len(store.sms()) == 2


def test_a_busy_gateway_is_a_temporary_failure_until_it_takes_the_message(sms_gateway, store):
    config = sms_gateway(fail_first=2)
    for _ in range(2):
        with pytest.raises(TemporaryFailure, match="503"):
            send_sms(config, "+4791234567", "Hei", "notice-1")
    assert store.sms() == []
    send_sms(config, "+4791234567", "Hei", "notice-1")
    assert len(store.sms()) == 1


def test_a_slow_gateway_is_a_temporary_failure(sms_gateway):
    config = {**sms_gateway(delay=1.0), "SMS_TIMEOUT": 0.2}
    with pytest.raises(TemporaryFailure, match="Timeout"):
        send_sms(config, "+4791234567", "Hei", "notice-1")


def test_a_gateway_that_is_not_there_is_a_temporary_failure(sms_gateway):
    config = {**sms_gateway(), "SMS_GATEWAY_URL": "http://127.0.0.1:9"}
    with pytest.raises(TemporaryFailure):
        send_sms(config, "+4791234567", "Hei", "notice-1")


def test_an_invalid_number_is_a_permanent_failure(sms_gateway, store):
    config = sms_gateway()
    with pytest.raises(PermanentFailure, match="Invalid destination"):
        send_sms(config, "91234567x", "Hei", "notice-1")
    assert store.sms() == []


def test_a_wrong_login_is_kept_for_a_retry_and_sends_nothing(sms_gateway, store):
    config = {**sms_gateway(), "SMS_GATEWAY_PASSWORD": "feil"}
    with pytest.raises(TemporaryFailure, match="401"):
        send_sms(config, "+4791234567", "Hei", "notice-1")
    assert store.sms() == []


def test_a_gateway_with_a_token_takes_the_token(sms_gateway, store):
    config = {**sms_gateway(token="s3cret"), "SMS_GATEWAY_TOKEN": "s3cret"}
    send_sms(config, "+4791234567", "Hei", "notice-1")
    with pytest.raises(TemporaryFailure, match="401"):
        send_sms({**config, "SMS_GATEWAY_TOKEN": "other"}, "+4791234567", "Hei", "notice-2")
    assert len(store.sms()) == 1
