"""How consent is put in words: lists of information areas and names in the reader's language
("helse, bolig og skole og opplæring"), and the child's view. The areas' own words and pictograms
are the vocabulary's (app/domain/vocabulary.py)."""

from __future__ import annotations

from datetime import date, datetime

from babel.lists import format_list
from flask_babel import format_date, format_time, get_locale, gettext
from flask_babel import lazy_gettext as _l

from app import easyread
from app.domain import clock, vocabulary

CHILD_VIEW_LABELS = {
    "agrees": _l("Barnet er enig"),
    "disagrees": _l("Barnet er uenig"),
    "did-not-want-to-say": _l("Barnet ville ikke si noe"),
    "not-asked": _l("Barnet er ikke spurt"),
}


def _in_sentence(label: str) -> str:
    """ "Helse" → "helse", "Arbeid og NAV" → "arbeid og NAV": a label inside a sentence."""
    return label[:1].lower() + label[1:]


def areas_in_words(keys) -> str:
    easy_read = easyread.is_on()
    return format_list(
        [_in_sentence(vocabulary.TERMS[k].words(easy_read)) for k in keys if k in vocabulary.INFORMATION_AREAS],
        locale=str(get_locale() or "nb"),
    )


def names_in_words(names) -> str:
    return format_list(list(names), locale=str(get_locale() or "nb"))


def iso_day(value: str | None) -> str:
    """A date kept as ISO text in the history, the way the reader's language writes it."""
    return format_date(date.fromisoformat(value), "long") if value else ""


def moment_in_words(moment: datetime) -> dict:
    """ "1. desember 2026" and "13:05": the day and the Norwegian time of day of a stored moment."""
    local = moment.astimezone(clock.OSLO)
    return {"date": format_date(local.date(), "long"), "time": format_time(local, "short", rebase=False)}


def changed_by_words(consent, reader_id: int) -> str | None:
    """Who made the consent as it is now, named only when it was someone other than the reader:
    a form that met a change the reader made themselves (Back, a second tab) never hints at another."""
    if consent.changed_by_id == reader_id:
        return None
    if consent.changed_by_id is None:
        who = gettext("kommunen, fra et skjema på papir")
    elif consent.basis in vocabulary.BASIS_NAMES and consent.basis != "self":
        who = gettext(
            "%(name)s (%(basis)s)",
            name=consent.changed_by.name or gettext("en person uten navn"),
            basis=vocabulary.basis_name(consent.basis),
        )
    else:
        who = consent.changed_by.name or gettext("en person uten navn")
    return gettext("Det ble gjort av %(who)s.", who=who)


def stale_sharing_words(service: str, consent, wanted: str, reader_id: int, same_terms: bool = False) -> str:
    """What a form from before the consent last changed is told (nothing was changed): what is
    true now, calmly. `wanted` is what the form asked for: "withdrawn" or "given"."""
    if consent is None:
        if wanted == "withdrawn":
            return gettext(
                "Det er ikke gitt samtykke til %(service)s, så det er ingenting å trekke tilbake.", service=service
            )
        return gettext("Ingenting ble endret. Her ser du hvordan det er nå.")
    when = moment_in_words(consent.changed_at)
    if wanted == "withdrawn" and consent.status == "withdrawn":
        text = gettext(
            "Samtykket til %(service)s er allerede trukket tilbake %(date)s kl. %(time)s.", service=service, **when
        )
    elif wanted == "given" and consent.status == "given" and same_terms:
        text = gettext(
            "Samtykket til %(service)s er allerede lagret slik %(date)s kl. %(time)s.", service=service, **when
        )
    else:
        text = gettext(
            "Samtykket til %(service)s ble endret %(date)s kl. %(time)s, etter at du åpnet dette skjemaet. "
            "Derfor ble ingenting endret nå. Her ser du hvordan det er nå.",
            service=service,
            **when,
        )
    by = changed_by_words(consent, reader_id)
    return f"{text} {by}" if by else text


def stale_plan_words(consent, wanted: str, reader_id: int) -> str:
    """The same for the consent to having a plan."""
    if consent is None:
        return gettext("Samtykke til individuell plan er ikke registrert. Her ser du hvordan det er nå.")
    when = moment_in_words(consent.changed_at)
    if wanted == consent.status == "withdrawn":
        text = gettext("Samtykket til individuell plan er allerede trukket tilbake %(date)s kl. %(time)s.", **when)
    elif wanted == consent.status == "given":
        text = gettext("Samtykket til individuell plan er allerede gitt %(date)s kl. %(time)s.", **when)
    else:
        text = gettext(
            "Samtykket til individuell plan ble endret %(date)s kl. %(time)s, etter at du åpnet dette skjemaet. "
            "Derfor ble ingenting endret nå. Her ser du hvordan det er nå.",
            **when,
        )
    by = changed_by_words(consent, reader_id)
    return f"{text} {by}" if by else text
