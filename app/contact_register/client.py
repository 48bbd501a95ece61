"""The contact register's lookup over HTTP: batches, a bounded wait, a short-lived cache.

Logs say how many persons were asked about and how it went, never who: no identity numbers, no
addresses, nothing about why a notice is sent.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable

import requests

from app.contact_register.contact import UNKNOWN, Contact, MalformedAnswer, parse_answer
from app.contact_register.errors import RegisterUnavailable
from app.contact_register.maskinporten import MaskinportenToken

log = logging.getLogger(__name__)

PATH = "/rest/v1/personer"
BATCH_LIMIT = 1000  # the register answers for at most this many persons a request
# An answer for 1000 persons is well under this; anything larger is not the register.
MAX_ANSWER_BYTES = 8 * 1024 * 1024
MAX_CACHED = 20_000


class ContactRegister:
    def __init__(
        self,
        url: str,
        token: Callable[[], str],
        *,
        timeout: float = 5.0,
        cache_seconds: float = 300.0,
        forget_token: Callable[[], None] | None = None,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.endpoint = url.rstrip("/") + PATH
        self.token = token
        self.forget_token = forget_token or (lambda: None)
        self.timeout = timeout
        self.cache_seconds = cache_seconds
        self.session = session or requests.Session()
        self.clock = clock
        self._cache: dict[str, tuple[float, Contact]] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config) -> ContactRegister:
        session = requests.Session()
        if config.get("MASKINPORTEN_CLIENT_ID"):
            source = MaskinportenToken.from_config(config, session=session)
            token, forget = source.get, source.forget
        else:
            dev_token = config["KRR_DEV_TOKEN"]
            token, forget = (lambda: dev_token), None
        return cls(
            config["KRR_URL"],
            token,
            timeout=config["KRR_TIMEOUT_SECONDS"],
            cache_seconds=config["KRR_CACHE_SECONDS"],
            forget_token=forget,
            session=session,
        )

    def lookup(self, pids: Iterable[str]) -> dict[str, Contact]:
        """Every identity number asked for, with its contact; raises RegisterUnavailable.

        A person the register does not know, or left out of its answer, gets a contact that may
        not be used (`may_contact_digitally` is False)."""
        wanted = list(dict.fromkeys(pids))
        found, missing = self._cached(wanted)
        for start in range(0, len(missing), BATCH_LIMIT):
            batch = missing[start : start + BATCH_LIMIT]
            answered = self._ask(batch)
            self._remember(answered)
            found.update(answered)
        return {pid: found.get(pid, UNKNOWN) for pid in wanted}

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()

    def _cached(self, pids: list[str]) -> tuple[dict[str, Contact], list[str]]:
        now = self.clock()
        found, missing = {}, []
        with self._lock:
            for pid in pids:
                entry = self._cache.get(pid)
                if entry and entry[0] > now:
                    found[pid] = entry[1]
                else:
                    self._cache.pop(pid, None)
                    missing.append(pid)
        return found, missing

    def _remember(self, answered: dict[str, Contact]) -> None:
        if self.cache_seconds <= 0:
            return
        expires = self.clock() + self.cache_seconds
        with self._lock:
            if len(self._cache) + len(answered) > MAX_CACHED:
                now = self.clock()
                self._cache = {pid: entry for pid, entry in self._cache.items() if entry[0] > now}
                while self._cache and len(self._cache) + len(answered) > MAX_CACHED:
                    self._cache.pop(next(iter(self._cache)))  # the oldest
            for pid, contact in answered.items():
                self._cache[pid] = (expires, contact)

    def _ask(self, batch: list[str]) -> dict[str, Contact]:
        started = time.monotonic()
        token = self.token()
        try:
            response = self.session.post(
                self.endpoint,
                json={"personidentifikatorer": batch},
                headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
                timeout=self.timeout,
                stream=True,
            )
        except requests.Timeout:
            return self._fail("was too slow", len(batch))
        except requests.RequestException as exc:
            return self._fail("could not be reached", len(batch), error=type(exc).__name__)
        with response:
            if response.status_code == 401:
                self.forget_token()
            if response.status_code != 200:
                return self._fail(f"answered {response.status_code}", len(batch), status=response.status_code)
            body = self._read(response, started, len(batch))
        try:
            answered = parse_answer(json.loads(body), set(batch))
        except (ValueError, MalformedAnswer) as exc:
            # Never the document itself: it holds identity numbers and addresses.
            detail = str(exc) if isinstance(exc, MalformedAnswer) else "not JSON"
            return self._fail(f"gave a malformed answer ({detail})", len(batch))
        log.info(
            "contact register lookup",
            extra={"asked": len(batch), "answered": len(answered), "ms": int((time.monotonic() - started) * 1000)},
        )
        return answered

    def _read(self, response: requests.Response, started: float, asked: int) -> bytes:
        """The body, within the same time limit as the whole request: a server that trickles
        bytes would otherwise hold a worker for as long as it likes."""
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    return self._fail("sent too large an answer", asked)
                if time.monotonic() - started > self.timeout:
                    return self._fail("was too slow", asked)
                chunks.append(chunk)
        except requests.RequestException as exc:
            return self._fail("broke off its answer", asked, error=type(exc).__name__)
        return b"".join(chunks)

    def _fail(self, what: str, asked: int, **extra) -> dict:
        log.warning(f"contact register {what}", extra={"asked": asked, **extra})
        raise RegisterUnavailable(f"The contact register {what}")
