"""The words every visit in the week repeats, translated once per request, not once per visit."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _

from app.reading import for_reader, person_name


def week_words() -> dict:
    if "week_words" not in g:
        g.week_words = {
            "clock_what": _("Klokka %(time)s: %(what)s."),
            # "Du" is the person reading: Randi, acting for Ola, reads "Ola får hjelp fra …".
            "help_from": for_reader(
                _("Du får hjelp fra %(service)s."),
                _("%(name)s får hjelp fra %(service)s.", name=person_name().replace("%", "%%"), service="%(service)s"),
            ),
            "span": _("%(start)s–%(end)s"),
            "service_role": _("%(service)s, %(role)s"),
        }
    return g.week_words
