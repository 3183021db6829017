"""The flat API: ``__all__`` lists exactly the public names, and the design's names exist."""

from __future__ import annotations

import inspect

import supportkit


def test_all_matches_public_names() -> None:
    public = {
        name
        for name, value in vars(supportkit).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    # modules exported on purpose (DESIGN.md: ``from supportkit import presets``)
    modules = {n for n in supportkit.__all__ if inspect.ismodule(getattr(supportkit, n))}
    assert modules == {"presets"}
    assert set(supportkit.__all__) - modules == public
    assert len(supportkit.__all__) == len(set(supportkit.__all__))


def test_design_names_are_exported() -> None:
    for name in [
        "Helpdesk", "Policy", "Actor", "Side", "Upload", "TicketStatus",
        "FixedClock", "SystemClock", "SupportkitError", "InvalidInput",
        "InvalidTransition", "NotEntitled", "NotEligible", "PermissionDenied",
        "NotFound", "Conflict", "StorageError", "ConnectionLost", "presets", "load_policy",
    ]:
        assert name in supportkit.__all__, name


def test_errors_inherit_builtins() -> None:
    assert issubclass(supportkit.InvalidInput, ValueError)
    assert issubclass(supportkit.NotFound, LookupError)
    assert issubclass(supportkit.PermissionDenied, PermissionError)
    for name in ["InvalidInput", "InvalidTransition", "NotEntitled", "NotEligible",
                 "PermissionDenied", "NotFound", "Conflict", "StorageError", "ConnectionLost"]:
        assert issubclass(getattr(supportkit, name), supportkit.SupportkitError)
    assert issubclass(supportkit.ConnectionLost, supportkit.StorageError)
    assert supportkit.ConnectionLost("lost", in_doubt=True).in_doubt is True
    assert supportkit.ConnectionLost("lost").in_doubt is False


def test_package_ships_py_typed() -> None:
    from importlib.resources import files

    assert files("supportkit").joinpath("py.typed").is_file()
