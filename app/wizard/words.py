"""The wizard's questions and choices, in a standard and an easy-read wording (LIX ≤ 40 and ≤ 25,
tested in tests/wizard/test_readability.py). Kept here, not in the templates, so the test reads
exactly what the pages show."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.domain.vocabulary import NEED_NAMES  # noqa: F401  (the templates read it here with the wizard's other words)
from app.reading import acting_for_someone, person_name


@dataclass(frozen=True)
class Named:
    """The wordings for someone acting for the person: whole sentences with %(name)s ("Hva er
    viktig for Ola?"), so "du" on the page always means the person reading."""

    standard: object | None = None
    easy: object | None = None
    hint_standard: object | None = None
    hint_easy: object | None = None


@dataclass(frozen=True)
class Question:
    standard: object
    easy: object
    hint_standard: object | None = None
    hint_easy: object | None = None
    named: Named = Named()

    def _for_reader(self, own: object | None, named: object | None) -> str | None:
        if named is not None and acting_for_someone():
            return str(named) % {"name": person_name()}
        return None if own is None else str(own)

    def text(self, easy_read: bool) -> str:
        if easy_read:
            return self._for_reader(self.easy, self.named.easy)
        return self._for_reader(self.standard, self.named.standard)

    def hint(self, easy_read: bool) -> str | None:
        if easy_read:
            return self._for_reader(self.hint_easy, self.named.hint_easy)
        return self._for_reader(self.hint_standard, self.named.hint_standard)


QUESTIONS: dict[str, Question] = {
    "start": Question(
        _l("Hva er viktig for deg?"),
        _l("Hva er viktig for deg?"),
        _l(
            "Her kan du skrive ned hva som betyr mest for deg før koordineringsmøtet. Du svarer med "
            "dine egne ord, i ditt eget tempo. Svarene blir lagret hver gang du går videre."
        ),
        _l("Her kan du si hva du vil. Du kan svare litt nå og mer en annen dag. Vi husker svarene."),
        Named(
            _l("Hva er viktig for %(name)s?"),
            _l("Hva er viktig for %(name)s?"),
            _l(
                "Her kan du skrive ned hva som betyr mest for %(name)s før koordineringsmøtet. Svarene blir "
                "lagret hver gang du går videre."
            ),
            _l("Her kan du si hva %(name)s vil. Du kan svare litt nå og mer en annen dag. Vi husker svarene."),
        ),
    ),
    "important": Question(
        _l("Hva er viktig for deg?"),
        _l("Hva er viktig for deg?"),
        _l("Skriv med dine egne ord hva som betyr mest for deg i livet nå. Du kan hoppe over spørsmålet."),
        _l("Skriv det med dine egne ord. Du kan også hoppe over."),
        Named(
            _l("Hva er viktig for %(name)s?"),
            _l("Hva er viktig for %(name)s?"),
            _l("Skriv hva som betyr mest for %(name)s i livet nå. Du kan hoppe over spørsmålet."),
            _l("Skriv det med ordene til %(name)s. Du kan også hoppe over."),
        ),
    ),
    "areas": Question(
        _l("Hvilke deler av livet vil du ha hjelp med?"),
        _l("Hva vil du ha hjelp med?"),
        _l("Velg alle som passer. Du skriver et mål for hver del etterpå."),
        _l("Noen trenger hjelp til å spise. Noen trenger hjelp for å komme på kino. Velg så mange du vil."),
        Named(_l("Hvilke deler av livet vil %(name)s ha hjelp med?"), _l("Hva vil %(name)s ha hjelp med?")),
    ),
    "other_area": Question(_l("Hva er det andre?"), _l("Hva er det?")),
    "goal": Question(
        _l("Hva er målet ditt?"),
        _l("Hva vil du?"),
        _l("Skriv med dine egne ord. Begynn gjerne med «Jeg vil …»."),
        _l("Begynn med «Jeg vil». For eksempel: Jeg vil gå på kino."),
        Named(
            _l("Hva er målet til %(name)s?"),
            _l("Hva vil %(name)s?"),
            _l("Skriv med ordene til %(name)s. Begynn gjerne med «Jeg vil …»."),
        ),
    ),
    "own": Question(
        _l("Hva klarer du selv?"),
        _l("Hva kan du gjøre selv?"),
        _l("Det du kan og vil gjøre selv er en viktig del av planen."),
        _l("Det kan være lite eller mye."),
        Named(_l("Hva klarer %(name)s selv?"), _l("Hva kan %(name)s gjøre selv?")),
    ),
    "network": Question(
        _l("Hvem i familien din eller blant andre du kjenner hjelper deg?"),
        _l("Hvem gir deg hjelp nå?"),
        _l("For eksempel foreldre, søsken, venner eller naboer."),
        _l("For eksempel mamma, en venn eller en nabo."),
        Named(_l("Hvem i familien eller blant andre %(name)s kjenner gir hjelp?"), _l("Hvem gir %(name)s hjelp nå?")),
    ),
    "needs": Question(
        _l("Hva trenger du hjelp til?"),
        _l("Hva trenger du hjelp til?"),
        _l("Velg det som passer, og skriv gjerne mer med egne ord."),
        _l("Trykk på det som passer. Du kan også skrive."),
        Named(_l("Hva trenger %(name)s hjelp til?"), _l("Hva trenger %(name)s hjelp til?")),
    ),
    "needs_more": Question(
        _l("Skriv mer om hva du trenger hjelp til (valgfritt)"),
        _l("Vil du skrive mer?"),
        named=Named(_l("Skriv mer om hva %(name)s trenger hjelp til (valgfritt)")),
    ),
    "importance": Question(
        _l("Hvor viktig er dette målet for deg?"),
        _l("Hvor viktig er det?"),
        named=Named(_l("Hvor viktig er dette målet for %(name)s?")),
    ),
    "participants": Question(
        _l("Hvem vil du ha med i planleggingen?"),
        _l("Hvem vil du ha med?"),
        _l(
            "Du er selv den viktigste personen i møtet der planen blir laget. Skriv hvem du vil "
            "ha med, for eksempel fastlegen, NAV, skolen eller en i familien."
        ),
        _l("Du er selv den viktigste personen i møtet der planen blir laget. Skriv hvem du vil ha med."),
        Named(
            _l("Hvem vil %(name)s ha med i planleggingen?"),
            _l("Hvem vil %(name)s ha med?"),
            _l(
                "%(name)s er selv den viktigste personen i møtet der planen blir laget. Skriv hvem %(name)s "
                "vil ha med, for eksempel fastlegen, NAV, skolen eller en i familien."
            ),
            _l("%(name)s er den viktigste personen i møtet. Skriv hvem %(name)s vil ha med."),
        ),
    ),
    "trusted_person": Question(
        _l("Vil du ta med deg noen du stoler på i møtet? (valgfritt)"),
        _l("Vil du ha med en du stoler på?"),
        _l("Skriv navnet, og gjerne hvem personen er for deg."),
        _l("Skriv navnet. Du kan også hoppe over."),
        Named(
            _l("Vil %(name)s ta med noen som %(name)s stoler på i møtet? (valgfritt)"),
            _l("Vil %(name)s ha med en som %(name)s stoler på?"),
        ),
    ),
    "check": Question(
        _l("Se over svarene dine"),
        _l("Se over det du har svart"),
        _l("Sjekk at alt stemmer før du sender. Du kan endre hvert svar."),
        _l("Er alt riktig? Du kan endre svarene."),
    ),
}

STEP_NAMES = {
    "viktig": _l("Det viktigste"),
    "livsomrader": _l("Hva det gjelder"),
    "mal": _l("Mål"),
    "hjelp": _l("Det du klarer og trenger"),
    "deltakere": _l("Hvem skal være med"),
    "se-over": _l("Se over og send"),
}
IMPORTANCE_NAMES = {"very": _l("Veldig viktig"), "some": _l("Litt viktig"), "little": _l("Ikke så viktig")}
