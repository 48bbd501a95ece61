"""The words every visit in the week repeats, translated once per request, not once per visit."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _


def week_words() -> dict:
    if "week_words" not in g:
        g.week_words = {
            "clock_what": _("Klokka %(time)s: %(what)s."),
            "help_from": _("Hjelpen kommer fra %(service)s."),
            "span": _("%(start)s–%(end)s"),
            "service_role": _("%(service)s, %(role)s"),
        }
    return g.week_words
