"""Synthetic demo data for `make run` and the tests: the demo persons, who may act for whom, their
plans, measures and consents. Every identity number is synthetic (month + 80): never a real person.

Everything past the persons themselves is written through the same use cases the app uses (a
consent through the consent pages' own, a fullmakt as Kari gives it) or the municipality's side
will use (app/services/planning.py, app/services/registered_rights.py, acting as the demo import:
`SystemActor(DEMO_IMPORT, …)`), so the demo carries the history and the access-log rows a real
plan would. Loading it twice changes nothing: each part is written only where there is none."""
