"""The release artefacts (issue 19): ``python -m build`` makes an sdist and a wheel whose
metadata is valid, and the wheel works when installed into a fresh venv outside the repo.

This is what CI runs before a release, so it runs in ``make test`` (marker ``packaging``,
about 10 s here; the build fetches setuptools>=77 into its isolated environment).

The fresh venv has no pip of its own and no network need: the wheel is installed into it with
``--no-deps --no-index`` by this interpreter's pip (``pip --python``), and its dependencies
(attrs, cattrs, dateutil, holidays) are found through a ``.pth`` file naming this
interpreter's site-packages. A ``.pth`` line only adds a path, it does not run the ``.pth``
files there, so the repository's editable install stays invisible: the test checks that
``supportkit`` is imported from the venv.
"""

from __future__ import annotations

import email
import os
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest
from packaging.metadata import Metadata

import supportkit

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
VERSION = supportkit.__version__
PRESETS = ("interworx", "ispmanager", "odin", "open_xchange", "opensvc")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, built as a release builds them (the wheel from the sdist)."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


def _sdist(dist: Path) -> Path:
    (path,) = dist.glob("supportkit-*.tar.gz")
    return path


def _wheel(dist: Path) -> Path:
    (path,) = dist.glob("supportkit-*-py3-none-any.whl")
    return path


def test_build_requires_setuptools_77_for_the_pep_639_license() -> None:
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    assert 'requires = ["setuptools>=77"]' in text
    assert 'license = "MIT"' in text


def test_the_wheel_metadata_is_valid(dist: Path) -> None:
    with zipfile.ZipFile(_wheel(dist)) as wheel:
        names = set(wheel.namelist())
        raw = wheel.read(f"supportkit-{VERSION}.dist-info/METADATA")
        entry_points = wheel.read(f"supportkit-{VERSION}.dist-info/entry_points.txt").decode()
    meta = Metadata.from_email(raw, validate=True)  # raises on any invalid field
    assert (meta.name, str(meta.version)) == ("supportkit", VERSION)
    assert str(meta.license_expression) == "MIT"
    assert meta.license_files == ["LICENSE"]
    assert f"supportkit-{VERSION}.dist-info/licenses/LICENSE" in names
    assert meta.description_content_type == "text/markdown"
    assert meta.description and meta.description.startswith("# supportkit")
    assert str(meta.requires_python) == ">=3.11"
    assert "Typing :: Typed" in (meta.classifiers or [])
    assert {"cli", "postgres"} <= {str(extra) for extra in meta.provides_extra or []}
    assert "supportkit = supportkit.cli:main" in entry_points
    assert "supportkit/py.typed" in names
    assert {f"supportkit/presets/{name}.toml" for name in PRESETS} <= names
    assert not any(name.startswith(("tests/", "docs/", "benchmarks/")) for name in names)


def test_the_sdist_builds_the_wheel_and_ships_no_partial_test_suite(dist: Path) -> None:
    with tarfile.open(_sdist(dist)) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
        pkg_info = sdist.extractfile(f"supportkit-{VERSION}/PKG-INFO")
        assert pkg_info is not None
        raw = pkg_info.read()
    Metadata.from_email(raw, validate=True)
    assert str(email.message_from_bytes(raw)["License-Expression"]) == "MIT"
    assert {"pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md",
            "src/supportkit/py.typed", "src/supportkit/cli/main.py"} <= names
    assert {f"src/supportkit/presets/{name}.toml" for name in PRESETS} <= names
    assert not [name for name in names if name.startswith("tests")], (
        "the sdist ships no tests (see MANIFEST.in): a partial suite would fail")
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "src").rglob("*.py")}
    assert sources <= names, f"missing from the sdist: {sorted(sources - names)}"


@pytest.fixture(scope="module")
def fresh_venv(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv outside the repository with only the built wheel installed in it."""
    home = tmp_path_factory.mktemp("fresh") / "venv"
    venv.create(home, with_pip=False, symlinks=os.name != "nt")
    python = home / ("Scripts" if os.name == "nt" else "bin") / "python"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--no-cache-dir", "--quiet", str(_wheel(dist))],
        capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True).stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    return home


def _run(home: Path, *argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["VIRTUAL_ENV"] = str(home)
    return subprocess.run(argv, capture_output=True, text=True, cwd=cwd, env=env, timeout=120,
                          check=False)


SMOKE = """
import importlib.metadata, importlib.resources, sys
import supportkit
from supportkit import presets
from supportkit.adapters.sqlite import SqliteStore  # noqa
assert supportkit.__file__.startswith(sys.prefix), supportkit.__file__
assert importlib.metadata.version("supportkit") == supportkit.__version__
assert importlib.resources.files("supportkit").joinpath("py.typed").is_file()
for name in {presets!r}:
    presets.get(name)  # read from the TOML shipped in the wheel
print(supportkit.__file__)
print(" ".join(presets.names()))
"""


def test_the_installed_wheel_works_outside_the_repo(fresh_venv: Path, tmp_path: Path) -> None:
    bin_dir = fresh_venv / ("Scripts" if os.name == "nt" else "bin")
    smoke = _run(fresh_venv, str(bin_dir / "python"), "-I", "-c",
                 SMOKE.format(presets=PRESETS), cwd=tmp_path)
    # (-I: no user site, no cwd on the path, PYTHON* ignored: only the venv and the .pth)
    assert smoke.returncode == 0, smoke.stderr
    where, names = smoke.stdout.splitlines()
    assert Path(where).is_relative_to(fresh_venv) and not Path(where).is_relative_to(ROOT)
    assert set(PRESETS) <= set(names.split())

    command = str(bin_dir / "supportkit")
    helped = _run(fresh_venv, command, "--help", cwd=tmp_path)
    assert helped.returncode == 0 and helped.stdout.startswith("usage: supportkit"), helped
    version = _run(fresh_venv, command, "--version", cwd=tmp_path)
    assert (version.returncode, version.stdout) == (0, f"supportkit {VERSION}\n")
    listed = _run(fresh_venv, command, "presets", cwd=tmp_path)
    assert listed.returncode == 0 and all(name in listed.stdout for name in PRESETS)
    init = _run(fresh_venv, command, "--db", str(tmp_path / "desk.db"), "init", "--preset",
                "odin", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
