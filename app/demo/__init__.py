"""Synthetic demo data for `make run` and the tests: the demo persons, who may act for whom, their
plans, measures and consents. Every identity number is synthetic (month + 80): never a real person."""
