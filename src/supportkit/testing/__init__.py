"""Helpers for testing code built on supportkit.

:mod:`supportkit.testing.strategies` holds hypothesis strategies for calendars, instants and
business durations, so you can property-test your own SLA set-ups with the same generators
supportkit's own tests use. It needs ``hypothesis`` (``pip install supportkit[test]``).
"""
