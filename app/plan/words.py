"""The plan's recurring words (ratings, labels), translated once per request; the life areas are
the vocabulary's (app/domain/vocabulary.py, shown through `term_words`).

A plan with 100 goals and 50 measures would otherwise call gettext for the same few words
hundreds of times, and that, not the database, made the page slow."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _

from app.reading import for_reader, person_name


def _translate() -> dict:
    name = person_name()
    return {
        "rating": {"good": _("Det går bra"), "some": _("Det går litt"), "hard": _("Det er vanskelig")},
        "own_resources": _("Klarer selv"),
        "network_help": _("Hjelp fra familie og nettverk"),
        "needs": _("Trenger hjelp til"),
        # Placeholders are filled in the template with `%`; values are escaped when shown.
        "last_said": _("Sist sagt: %(rating)s (%(date)s)"),
        "for_goal": _("For målet: %(goal)s"),
        "responsible": _("Ansvarlig: %(who)s"),
        "how": _("Slik gjøres det: %(how)s"),
        # Easy-read: the same facts in everyday words, one short line each, and "du" only for
        # the person reading (Randi reads "Dette kan Ola gjøre selv:").
        "for_goal_easy": for_reader(
            _("Dette hjelper deg med: %(goal)s"),
            _("Dette hjelper %(name)s med: %(goal)s", name=name.replace("%", "%%"), goal="%(goal)s"),
        ),
        "responsible_easy": _("Hjelpen kommer fra %(who)s."),
        "how_easy": _("Slik skjer det: %(how)s"),
        "how_much_easy": _("Så ofte: %(how_much)s"),
        "own_resources_easy": for_reader(_("Dette kan du gjøre selv:"), _("Dette kan %(name)s gjøre selv:", name=name)),
        "network_help_easy": _("Hjelp fra familie og venner:"),
        "needs_easy": for_reader(_("Dette trenger du hjelp til:"), _("Dette trenger %(name)s hjelp til:", name=name)),
        "say_how": _("Si hvordan det går med målet"),
        "see_how": _("Se hvordan det går med målet"),
        "hidden_from_parents": _("Skjult for foreldrene dine"),
    }


def plan_words() -> dict:
    if "plan_words" not in g:
        g.plan_words = _translate()
    return g.plan_words
