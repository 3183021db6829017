"""Helpers for testing code built on supportkit.

:mod:`supportkit.testing.strategies` holds hypothesis strategies for calendars, instants and
business durations, so you can property-test your own SLA set-ups with the same generators
supportkit's own tests use. It needs only ``hypothesis``: ``pip install
'supportkit[strategies]'`` (without it, importing it raises an ``ImportError`` saying so).

:mod:`supportkit.testing.contract` (the store contract suite) and
:mod:`supportkit.testing.desk` (the desk contract suite: every ``Helpdesk`` scenario) are
what a store adapter subclasses in its own tests to prove it behaves like the bundled
stores. They need ``pytest``.
"""
