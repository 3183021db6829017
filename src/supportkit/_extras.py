"""Optional parts of supportkit and the extra that installs what each needs."""

from __future__ import annotations

__all__ = ["missing_extra"]


def missing_extra(module: str, extra: str, part: str) -> ImportError:
    """The error to raise when ``part`` cannot import ``module``: it names the extra to
    install (``pip install 'supportkit[postgres]'``)."""
    return ImportError(
        f"{part} needs the {module!r} package, which is not installed: "
        f"pip install 'supportkit[{extra}]'",
        name=module,
    )
