"""A notice says only that something is new in Min plan, of what kind, and where to log in: no
life area, no service's name, no health word and no one's name, in every language, in easy-read,
by e-mail and by SMS, to the person and to whoever acts for them."""

from __future__ import annotations

import itertools
import re

import pytest
from flask_babel import force_locale

from app.demo.measures import MEASURES
from app.demo.plans import PLANS
from app.domain import vocabulary
from app.domain.notice_topics import TOPIC_OF, Channel
from app.notifications.texts import words

LOCALES = ("nb", "nn", "en", "se")
# Words that say something about a person's health or help, in the languages the notices speak.
HEALTH_WORDS = (
    "helse",
    "health",
    "lege",
    "doctor",
    "medisin",
    "medicine",
    "diagnos",
    "fysio",
    "psyk",
    "sykepleie",
    "nurse",
    "rus",
    "bup",
    "terapi",
    "therapy",
    "behandling",
    "treatment",
    "omsorg",
    "pleie",
)


# Everyday words the vocabulary's examples share with any sentence ("Jobb eller dagsenter").
COMMON_WORDS = {"plan", "planen", "andre", "eller", "other", "something", "which", "where", "juoga", "dahje"}


def _forbidden(locale: str) -> set[str]:
    """The vocabulary's words in this language, and every helper and service the demo names."""
    found = {word.lower() for word in HEALTH_WORDS}
    with force_locale(locale):
        for term in itertools.chain(vocabulary._LIFE_AREAS, vocabulary._SERVICE_KINDS):
            for text in (term.label, term.easy_label, term.examples):
                if text is not None:
                    found |= {w.lower() for w in re.findall(r"\w{5,}", str(text))}
    for plan in PLANS.values():
        found |= {h["service"].lower() for h in plan["helpers"]} | {
            h["name"].lower() for h in plan["helpers"] if h["name"]
        }
    for measures in MEASURES.values():
        found |= {m["service_name"].lower() for m in measures if m.get("service_name")}
    # "Min plan" names the product, not a life area or a service.
    return found - COMMON_WORDS


@pytest.mark.parametrize("locale", LOCALES)
def test_no_notice_names_a_life_area_a_service_or_a_health_word(notice_app, locale):
    forbidden = _forbidden(locale)
    with notice_app.test_request_context():
        for name, topic in TOPIC_OF.items():
            for channel, easy, for_someone, staff in itertools.product(
                Channel, (False, True), (False, True), (False, True)
            ):
                said = words(name, topic, channel, locale, easy, for_someone, staff)
                text = f"{said.subject}\n{said.text}".lower()
                assert "https://minplan.example.no/" in text
                assert "%(" not in text
                hits = sorted(w for w in forbidden if re.search(rf"\b{re.escape(w)}\b", text))
                assert not hits, (name, locale, channel, easy, for_someone, hits)
                if channel == Channel.SMS:
                    assert len(said.text) <= 306, (name, locale)  # two SMS segments at most


def test_a_notice_speaks_the_recipient_s_language_and_easy_read(notice_app):
    with notice_app.test_request_context():
        nb = words("meeting.called", TOPIC_OF["meeting.called"], Channel.EMAIL, "nb", False, False, False)
        nn_easy = words("meeting.called", TOPIC_OF["meeting.called"], Channel.EMAIL, "nn", True, False, False)
        en = words("message.sent", TOPIC_OF["message.sent"], Channel.SMS, "en", False, True, False)
    assert "møte om planen" in nb.text and "kan ikke besvares" in nb.text
    assert "Logg inn på Min plan for å lese meir." in nn_easy.text and "Hei." not in nn_easy.text
    assert en.text.startswith("It concerns someone you help. There is a new message in Min plan.")
