"""What the fixture scripts beside this file share: a PostgreSQL schema as SQL text.

The scripts run as ``python tests/adapters/data/make_*.py`` with the release whose schema
they record; each writes the schema it filled as ``pg_dump --inserts`` text, which the
migration tests restore under a new name (``tests/adapters/_pg.py``: ``restored``).
"""

from __future__ import annotations

import subprocess

import psycopg
from psycopg import sql


def dump_schema(dsn: str, schema: str) -> str:
    """``schema`` as ``pg_dump --inserts`` SQL (no owners, no privileges), then dropped."""
    dump = subprocess.run(
        ["pg_dump", "--inserts", "--no-owner", "--no-privileges",
         f"--schema={schema}", dsn],
        check=True, capture_output=True, text=True,
    ).stdout
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
    # psql meta-commands (pg_dump >= 15.14 adds \restrict) are not SQL: leave them out.
    return "".join(line for line in dump.splitlines(keepends=True) if not line.startswith("\\"))
