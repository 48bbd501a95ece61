"""The words of a notice: only that there is something new in Min plan, of what kind, and where to
log in. Never a service's name, a goal, a diagnosis or a message's text: an e-mail or SMS may be
read by someone else, and "physiotherapy" alone says something about one's health. Nor whom it
is about, for someone who acts for another person."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale, gettext

from app.domain.notice_topics import MESSAGE_SENT, Channel, Reminder, Topic


@dataclass(frozen=True)
class Words:
    subject: str
    text: str


def _what(name: str, topic: Topic, for_someone: bool, staff: bool) -> str:
    """One sentence: what kind of thing is new, for the person or for someone acting for them."""
    if staff:
        if name == MESSAGE_SENT:
            return gettext("Det har kommet en ny melding i Min plan.")
        if name == Reminder.CASE_DEADLINE:
            return gettext("En sak i Min plan nærmer seg fristen på en måned og har ikke fått svar.")
        return gettext("Det har kommet en ny sak til koordinerende enhet i Min plan.")
    if name == Reminder.CONSENT_ENDING:
        return gettext("Et samtykke i Min plan går ut om mindre enn en måned.")
    if name == Reminder.FULLMAKT_ENDING:
        return gettext("En fullmakt i Min plan går ut om mindre enn en måned.")
    if name in (Reminder.TURNS_12, Reminder.TURNS_16, Reminder.TURNS_18):
        if name == Reminder.TURNS_16 and not for_someone:
            return gettext(
                "Om en måned bestemmer du mer selv i Min plan. Du kan da gi en fullmakt til noen du stoler på."
            )
        return gettext("Om en måned endres det hvem som kan se og bestemme i Min plan.")
    sentences = {
        Topic.MESSAGES: gettext("Det har kommet en ny melding i Min plan."),
        Topic.VISITS: gettext("Et besøk den neste uka er avlyst eller flyttet."),
        Topic.MEETINGS: gettext("Det er nytt om et møte om planen i Min plan."),
        Topic.PROPOSALS: gettext("Koordinatoren har svart på et forslag i Min plan."),
        Topic.CASES: gettext("Det er nytt i en sak hos kommunen i Min plan."),
    }
    sentence = sentences.get(topic, gettext("Det er noe nytt i Min plan."))
    if for_someone:
        return gettext("Det gjelder en du hjelper. %(sentence)s", sentence=sentence)
    return sentence


def words(name: str, topic: Topic, channel: Channel, locale: str, easy_read: bool, for_someone: bool, staff: bool):
    """The notice in the recipient's language, and in easy-read for those who use it."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    link = f"{base}/ansatt/" if staff else f"{base}/"
    with force_locale(locale):
        what = _what(name, topic, for_someone, staff)
        subject = gettext("Nytt i Min plan")
        if channel == Channel.SMS:
            return Words(subject, gettext("%(what)s Logg inn for å lese: %(link)s", what=what, link=link))
        if easy_read:
            text = "\n\n".join(
                [
                    what,
                    gettext("Logg inn på Min plan for å lese mer."),
                    link,
                    gettext("Du kan velge hvilke varsler du får. Det gjør du på Min side."),
                ]
            )
        else:
            text = "\n\n".join(
                [
                    gettext("Hei."),
                    what,
                    gettext("Logg inn for å lese mer: %(link)s", link=link),
                    gettext("Denne e-posten er sendt fra Min plan og kan ikke besvares.")
                    if staff
                    else gettext(
                        "Denne e-posten er sendt fra Min plan og kan ikke besvares. Du velger selv hvilke "
                        "varsler du får, under «Varsler» på Min side."
                    ),
                ]
            )
        return Words(subject, text)
