"""ID-porten's levels of assurance (`acr`), weakest first.

A login counts only when its level is at least the level asked for; an unknown value counts
as nothing at all.
"""

from __future__ import annotations

SUBSTANTIAL = "idporten-loa-substantial"
HIGH = "idporten-loa-high"
LEVELS: tuple[str, ...] = (SUBSTANTIAL, HIGH)


def rank(acr: object) -> int:
    return LEVELS.index(acr) if isinstance(acr, str) and acr in LEVELS else -1


def is_known(acr: object) -> bool:
    return rank(acr) >= 0


def satisfies(acr: object, required: str) -> bool:
    return is_known(acr) and rank(acr) >= rank(required)


def stronger_of(configured: str, asked: object) -> str:
    """The level to ask for: never below what the service is configured with."""
    return asked if is_known(asked) and rank(asked) > rank(configured) else configured


def at_least(required: str) -> list[str]:
    """Every level that satisfies `required`, weakest first."""
    return [level for level in LEVELS if rank(level) >= rank(required)]
