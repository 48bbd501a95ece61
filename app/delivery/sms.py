"""SMS through an HTTP gateway shaped like LINK Mobility's "Common" SMS REST API (MT).

One message is `POST {SMS_GATEWAY_URL}/sms/send` with a JSON body

    {"source": sender, "destination": "+47…", "userData": text,
     "platformId": …, "platformPartnerId": …, "refId": reference, "useDeliveryReport": false}

authenticated with HTTP basic auth (or a bearer token, as LINK's OAuth variant); a message taken
is answered 2xx with `{"messageId": …, "resultCode": 1005, "description": "Queued"}`, a refused
one 4xx with a description. `refId` is our own reference for the notice: the gateway's answer to
a repeated refId is taken as "already sent" (the stand-in in devstandins/sms.py answers it with
the first message's id and sends nothing), so a retry after a lost answer does not text twice.
"""

from __future__ import annotations

import requests

from app.delivery.errors import PermanentFailure, TemporaryFailure

# Statuses that say "not now" or "our own setup is wrong" rather than "this message is wrong".
RETRYABLE_4XX = {401, 403, 408, 409, 425, 429}


def send_sms(config: dict, to: str, text: str, reference: str) -> None:
    body = {
        "source": config["SMS_SENDER"],
        "destination": to,
        "userData": text,
        "platformId": config.get("SMS_PLATFORM_ID", ""),
        "platformPartnerId": config.get("SMS_PLATFORM_PARTNER_ID", ""),
        "refId": reference,
        "useDeliveryReport": False,
    }
    token = config.get("SMS_GATEWAY_TOKEN")
    try:
        response = requests.post(
            config["SMS_GATEWAY_URL"].rstrip("/") + "/sms/send",
            json=body,
            auth=None if token else (config.get("SMS_GATEWAY_USER", ""), config.get("SMS_GATEWAY_PASSWORD", "")),
            headers={"Authorization": f"Bearer {token}"} if token else None,
            timeout=float(config.get("SMS_TIMEOUT", 10)),
            allow_redirects=False,
        )
    except requests.RequestException as exc:  # refused, reset, timed out
        raise TemporaryFailure(f"SMS gateway could not be reached: {exc.__class__.__name__}") from exc
    status = response.status_code
    if 200 <= status < 300:
        return
    why = f"SMS gateway answered {status}: {_description(response)}"
    if status >= 500 or status in RETRYABLE_4XX or status < 400:
        raise TemporaryFailure(why)
    raise PermanentFailure(why)


def _description(response: requests.Response) -> str:
    try:
        return str(response.json().get("description", ""))[:200]
    except ValueError:
        return response.text[:200]
