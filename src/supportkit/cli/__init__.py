"""The ``supportkit`` command: a support desk in a SQLite file.

Exit status: 0 done; 1 refused by a rule (the reason on stderr); 2 usage error.
"""

from __future__ import annotations

from supportkit.cli.main import main

__all__ = ["main"]
