"""Running ``supportkit`` in-process as a person or script would, on a fresh desk file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from supportkit.cli import main

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def sk(capsys: pytest.CaptureFixture[str]) -> Run:
    """``sk(*argv)`` → ``(exit status, stdout, stderr)``; usage errors give status 2."""

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse: --help (0) and usage errors (2)
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def new_desk(tmp_path: Path, sk: Run) -> Callable[[str], str]:
    """``new_desk(preset)`` → the path of a desk file initialised with that preset."""

    def make(preset: str) -> str:
        path = str(tmp_path / f"{preset}.db")
        code, out, err = sk("--db", path, "init", "--preset", preset)
        assert (code, err) == (0, ""), err
        assert f"preset {preset!r}" in out
        return path

    return make
