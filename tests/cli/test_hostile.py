"""Hostile input to the ``supportkit`` command (issue 16): every text is an attack, every
failure is one ``supportkit:`` line with an exit status, nothing raw reaches the terminal.

One table of adversarial command lines runs in-process against three desks: ``hostile``
(customer text full of terminal escapes, bidi overrides and separators), ``legacy`` (a
ticket whose stored text holds a lone surrogate, as earlier versions let through) and
``plain``. Each case checks the exit status, that stderr is exactly one ``supportkit:``
line (or empty), that there is no traceback, and that neither stream carries a raw control
character. The arguments that are not UTF-8 also go through the real command as bytes.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportkit.cli import main
from supportkit.cli.output import print_table
from supportkit.cli.parser import build_parser
from supportkit.text import escape_controls, is_valid_text

NOW = "2026-03-02T09:00:00+00:00"
ESC = "\x1b[2J\x1b]0;pwned\x07"  # clear the screen, retitle the window, bell
BIDI = "invoice\u202efdp.exe"  # shows as "invoiceexe.pdf"
HOSTILE_SUBJECT = f"Mail down {ESC}\r\u2066x\u2069\x85\x9b31m"
HOSTILE_BODY = f"line one\r\nline two {ESC}\n\tindented\u2028{BIDI}\x00"
LATIN1 = os.fsdecode(b"caf\xe9")  # what Python makes of a Latin-1 argument: 'caf\udce9'
DEEP = 100_000
HUGE = "9" * 5000

# No C0 control but the line feed, no DEL, C1, bidi control, separator or surrogate.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                 "\u2028\u2029\ud800-\udfff]")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse: usage errors
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def clean(text: str) -> bool:
    return RAW.search(text) is None


def one_line(err: str) -> None:
    assert err.startswith("supportkit: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "unexpected error" not in err, err


class Desks(NamedTuple):
    hostile: str
    legacy: str
    plain: str
    tmp: Path


def plant_surrogate(db: str) -> None:
    """Put a lone surrogate into a stored snapshot, as an earlier supportkit let it in."""
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        for table in ("ticket_heads", "ticket_events"):
            conn.execute(f"UPDATE {table} SET data = replace(data, 'PLANT', ?)",
                         ("caf\\udce9",))  # the JSON escape the store reads back as '\udce9'
        # The list columns cannot hold one: migrating such a file writes U+FFFD there.
        conn.execute("UPDATE tickets SET requester = replace(requester, 'PLANT', ?)",
                     ("caf\ufffd",))


def plant_hostile(db: str, planted: dict[str, str]) -> None:
    """Replace placeholders in a stored snapshot by hostile text. The desk refuses control
    characters in one-line texts (subject, category, field names) and NUL anywhere at its
    edge, but a desk written by an earlier release or by another program may hold them, and
    the command must still show them escaped."""
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        for placeholder, text in planted.items():
            escaped = json.dumps(text)[1:-1]
            for table in ("ticket_heads", "ticket_events"):
                conn.execute(f"UPDATE {table} SET data = replace(data, ?, ?)",
                             (placeholder, escaped))
            for column in ("subject", "category", "requester"):  # the list columns
                conn.execute(f"UPDATE tickets SET {column} = replace({column}, ?, ?)",
                             (placeholder, text))


@pytest.fixture(scope="module")
def desks(tmp_path_factory: pytest.TempPathFactory) -> Desks:
    tmp = tmp_path_factory.mktemp("hostile")
    paths = Desks(str(tmp / "hostile.db"), str(tmp / "legacy.db"), str(tmp / "plain.db"), tmp)
    for db in (paths.hostile, paths.legacy, paths.plain):
        assert run("--db", db, "init", "--preset", "default")[0] == 0
    code, _, err = run("--db", paths.hostile, "--now", NOW, "open",
                       "--as", f"customer:eve{ESC}@acme\u202e", "--subject", "HSUBJECT",
                       "--body", "HBODY", "--category", "HCATEGORY",
                       "--field", "ip_or_hostname=HFIELD", "--field", "HKEY=v")
    assert code == 0, err
    plant_hostile(paths.hostile, {"HSUBJECT": HOSTILE_SUBJECT, "HBODY": HOSTILE_BODY,
                                  "HCATEGORY": f"dns{ESC}", "HFIELD": f"{BIDI}{ESC}",
                                  "HKEY": "k\x1b"})
    for n in (1, 2, 3):
        subject = "PLANT in the subject" if n == 2 else f"ticket {n}"
        assert run("--db", paths.legacy, "--now", NOW, "open", "--as", "customer:bob",
                   "--subject", subject, "--body", "PLANT" if n == 2 else "b")[0] == 0
    assert run("--db", paths.legacy, "--now", NOW, "open", "--as", "customer:PLANT@acme",
               "--subject", "s", "--body", "b")[0] == 0  # 4: a requester that cannot be saved
    plant_surrogate(paths.legacy)
    assert run("--db", paths.plain, "--now", NOW, "open", "--as", "customer:bob",
               "--subject", "s", "--body", "b")[0] == 0
    files = {
        "nested.json": "[" * DEEP + "]" * DEEP + "\n",
        "nested_obj.json": '{"a":' * DEEP + "1" + "}" * DEEP + "\n",
        "huge.json": '{"id": ' + HUGE + "}\n",
        "empty.json": "",
        "blank.json": "\n\n   \n",
        "surrogate.json": '{"id": "77", "subject": "caf\\udce9"}\n',
        "scalar.json": "42\n",
    }
    for name, text in files.items():
        (tmp / name).write_text(text)
    record = json.loads(run("--db", paths.plain, "export")[1])
    (tmp / "control.json").write_text(json.dumps({**record, "severity": ESC}) + "\n")
    (tmp / "bom.json").write_bytes(b"\xef\xbb\xbf" + json.dumps({**record, "id": "900"})
                                   .encode() + b"\n")
    (tmp / "utf16.json").write_text(json.dumps(record) + "\n", encoding="utf-16")
    (tmp / "garbage.bin").write_bytes(bytes(range(256)) * 16)
    (tmp / "latin1.json").write_bytes(b'{"subject": "caf\xe9"}\n')
    (tmp / "nul.json").write_bytes(b"\x00" * 64)
    (tmp / "garbage.db").write_bytes(b"\x00garbage" * 512)
    (tmp / "empty.db").write_bytes(b"")
    (tmp / "adir").mkdir()
    return paths


class Case(NamedTuple):
    argv: tuple[str, ...]
    status: int
    needle: str = ""  # in stderr (or in stdout when the command succeeds quietly)


def case(*argv: str, status: int, needle: str = "") -> Case:
    return Case(argv, status, needle)


H, L, P, T = "{hostile}", "{legacy}", "{plain}", "{tmp}"

CASES: dict[str, Case] = {
    # -- customer text shown to the operator --------------------------------------------------
    "show escapes controls": case("--db", H, "show", "1", status=0, needle="\\x1b[2J"),
    "show escapes bidi": case("--db", H, "show", "1", status=0, needle="\\u202e"),
    "show escapes a field": case("--db", H, "show", "1", status=0, needle="k\\x1b: v"),
    "list escapes the subject": case("--db", H, "list", status=0, needle="Mail down \\x1b"),
    "list --status escapes": case("--db", H, "list", "--status", "open", status=0,
                                  needle="\\u2066x\\u2069"),
    "due within 1000w": case("--db", H, "--now", NOW, "due", "--within", "1000w", status=0),
    "json show stays exact": case("--db", H, "--json", "show", "1", status=0,
                                  needle="\\u001b[2J"),
    "json list stays exact": case("--db", H, "--json", "list", status=0, needle="\\u202e"),
    "export stays exact": case("--db", H, "export", status=0, needle="\\u0085"),
    "company filter with ESC": case("--db", H, "list", "--company", ESC, status=0,
                                    needle="no tickets"),
    "unknown id with ESC": case("--db", H, "show", f"1{ESC}", status=1, needle="U+001B"),
    "reply with hostile body": case("--db", H, "--now", NOW, "reply", "1", "--as",
                                    "support:agent", "--body", HOSTILE_BODY.replace("\x00", ""),
                                    status=0, needle="replied to ticket 1"),
    "reply with a NUL": case("--db", H, "--now", NOW, "reply", "1", "--as", "support:agent",
                             "--body", HOSTILE_BODY, status=1, needle="NUL character"),
    "retitle with hostile text": case("--db", H, "--now", NOW, "subject", "1", BIDI, "--as",
                                      "support:agent", status=0, needle="\\u202e"),
    "category with hostile text": case("--db", H, "--now", NOW, "category", "1", ESC,
                                       "--as", "support:agent", status=1, needle="U+001B"),
    "open with bidi subject": case("--db", H, "--now", NOW, "open", "--as", "customer:x",
                                   "--subject", BIDI, "--body", "b", status=0,
                                   needle="opened ticket"),
    "escalation of an ESC id": case("--db", H, "escalation", ESC, status=1,
                                    needle="U+001B"),
    "support code with ESC": case("--db", H, "entitlement", "--code", ESC, status=1,
                                  needle="\\x1b"),
    "license with ESC": case("--db", H, "entitlement", "--license", f"K{ESC}", status=1,
                             needle="\\x1b"),
    "unknown command with ESC": case(ESC, status=2, needle="\\x1b"),
    "stray argument with ESC": case("--db", H, "list", ESC, status=2, needle="\\x1b[2J"),
    "actor with ESC": case("--db", H, "open", "--as", ESC, "--subject", "s", "--body", "b",
                           status=2, needle="\\x1b"),
    "instant with ESC": case("--db", H, "--now", ESC, "list", status=2, needle="\\x1b"),
    "duration with ESC": case("--db", H, "due", "--within", ESC, status=2, needle="\\x1b"),
    "db path with ESC": case("--db", f"{T}/x{ESC}", "list", status=1, needle="\\x1b"),
    "attachment path with ESC": case("--db", H, "open", "--as", "customer:x", "--subject",
                                     "s", "--body", "b", "--attach", f"{T}/{ESC}", status=1,
                                     needle="\\x1b"),
    # -- arguments that are not UTF-8, and text that is not valid Unicode ----------------------
    "latin-1 subject": case("--db", P, "open", "--as", "customer:x", "--subject", LATIN1,
                            "--body", "b", status=2, needle="the value of --subject"),
    "latin-1 --subject=": case("--db", P, "open", "--as", "customer:x", f"--subject={LATIN1}",
                               "--body", "b", status=2, needle="the value of --subject"),
    "latin-1 actor": case("--db", P, "open", "--as", f"customer:{LATIN1}", "--subject", "s",
                          "--body", "b", status=2, needle="byte 0xe9"),
    "latin-1 db path": case("--db", f"{T}/{LATIN1}.db", "list", status=2,
                            needle="must be UTF-8"),
    "latin-1 ticket id": case("--db", P, "show", LATIN1, status=2, needle="argument 4"),
    "lone high surrogate": case("--db", P, "reply", "1", "--as", "support:a", "--body",
                                "x\ud800", status=2, needle="U+D800"),
    "legacy show": case("--db", L, "show", "2", status=3, needle="ticket 2 holds text"),
    "legacy list": case("--db", L, "list", status=3, needle="not valid Unicode"),
    "legacy json list": case("--db", L, "--json", "list", status=3, needle="U+FFFD"),
    "legacy json show": case("--db", L, "--json", "show", "2", status=3, needle="ticket 2"),
    "legacy export": case("--db", L, "export", status=3, needle="tickets 2, 4"),
    "legacy untouched ticket": case("--db", L, "show", "1", status=0, needle="ticket 1"),
    "legacy ticket changed": case("--db", L, "--now", NOW, "reply", "4", "--as", "support:a",
                                  "--body", "hi", status=1, needle="already stored"),
    # -- numbers and durations out of range ------------------------------------------------------
    "due within 99999999999d": case("--db", P, "due", "--within", "99999999999d", status=2,
                                    needle="too long"),
    "due within past year 9999": case("--db", P, "--now", NOW, "due", "--within", "9999999d",
                                      status=1, needle="outside the years 1-9999"),
    "due within 400 digits": case("--db", P, "due", "--within", "9" * 400 + "s", status=2,
                                  needle="too long"),
    "due with huge --limit": case("--db", P, "due", "--within", "1h", "--limit", "9" * 30,
                                  status=2, needle="too large"),
    "list --limit 10**30": case("--db", P, "list", "--limit", str(10**30), status=2,
                                needle="too large"),
    "list --limit 5000 digits": case("--db", P, "list", "--limit", HUGE, status=2,
                                     needle="characters]"),
    "list --limit unicode digits": case("--db", P, "list", "--limit", "\u0663", status=2,
                                        needle="whole number"),
    "severity 5000 digits": case("--db", P, "severity", "1", HUGE, "--as", "support:a",
                                 "--reason", "r", status=2, needle="not a priority key"),
    "open --severity 10**30": case("--db", P, "open", "--as", "customer:x", "--subject", "s",
                                   "--body", "b", "--severity", str(10**30), status=2,
                                   needle="not a priority key"),
    "show 5000-digit id": case("--db", P, "show", HUGE, status=1, needle="too long"),
    "calendar add 99999999999d": case("--db", P, "calendar", "add", NOW, "99999999999d",
                                      status=2, needle="too long"),
    "calendar add past 9999": case("--db", P, "calendar", "add", NOW, "999999999d", status=1,
                                   needle="outside years 1-9999"),
    "calendar elapsed 1..9999": case("--db", P, "calendar", "elapsed",
                                     "0001-01-01T00:00+00:00", "9999-12-31T00:00+00:00",
                                     status=1, needle="out of range"),
    "now in year 99999": case("--db", P, "--now", "99999-01-01T00:00+00:00", "list",
                              status=2, needle="ISO-8601"),
    "retention at the end of time": case("--db", P, "--now", "9999-12-31T23:59+00:00",
                                         "retention", "run", "--dry-run", status=1,
                                         needle="year 9999"),
    # -- import files ---------------------------------------------------------------------------
    "import nested arrays": case("--db", P, "import", f"{T}/nested.json", status=1,
                                 needle="nested too deeply"),
    "import nested objects": case("--db", P, "import", f"{T}/nested_obj.json", status=1,
                                  needle="nested too deeply"),
    "import a 5000-digit number": case("--db", P, "import", f"{T}/huge.json", status=1,
                                       needle="more than 4300 digits"),
    "import a missing file": case("--db", P, "import", f"{T}/nope.json", status=1,
                                  needle="No such file"),
    "import a directory": case("--db", P, "import", f"{T}/adir", status=1,
                               needle="is a directory"),
    "import an empty file": case("--db", P, "import", f"{T}/empty.json", status=0,
                                 needle="imported 0 ticket(s)"),
    "import blank lines": case("--db", P, "import", f"{T}/blank.json", status=0,
                               needle="imported 0 ticket(s)"),
    "import binary garbage": case("--db", P, "import", f"{T}/garbage.bin", status=1,
                                  needle="nothing was imported"),
    "import latin-1": case("--db", P, "import", f"{T}/latin1.json", status=1,
                           needle="not UTF-8 text"),
    "import NUL bytes": case("--db", P, "import", f"{T}/nul.json", status=1,
                             needle="not JSON"),
    "import a lone surrogate": case("--db", P, "import", f"{T}/surrogate.json", status=1,
                                    needle="subject holds text that is not valid Unicode"),
    "import with a byte-order mark": case("--db", P, "import", f"{T}/bom.json", status=0,
                                          needle="imported 1 ticket(s)"),
    "import UTF-16": case("--db", P, "import", f"{T}/utf16.json", status=1,
                          needle="not UTF-8 text"),
    "import a scalar": case("--db", P, "import", f"{T}/scalar.json", status=1,
                            needle="expected a ticket object"),
    "import an ESC id": case("--db", P, "import", f"{T}/control.json", status=1,
                             needle="\\x1b"),
    "import a device": case("--db", P, "import", "/dev/zero", status=1, needle="a device"),
    "import a NUL file name": case("--db", P, "import", "x\x00", status=1,
                                   needle="cannot hold NUL"),
    "attach a device": case("--db", P, "open", "--as", "customer:x", "--subject", "s",
                            "--body", "b", "--attach", "/dev/zero", status=1,
                            needle="a device"),
    "attach a directory": case("--db", P, "open", "--as", "customer:x", "--subject", "s",
                               "--body", "b", "--attach", f"{T}/adir", status=1,
                               needle="is a directory"),
    # -- database files -------------------------------------------------------------------------
    "db is a directory": case("--db", f"{T}/adir", "list", status=1, needle="adir"),
    "db is garbage": case("--db", f"{T}/garbage.db", "list", status=1,
                          needle="not a readable SQLite database"),
    "db is empty": case("--db", f"{T}/empty.db", "list", status=1, needle="not initialised"),
    "db read-only mode, write": case("--db", f"file:{P}?mode=ro", "--now", NOW, "open",
                                     "--as", "customer:x", "--subject", "s", "--body", "b",
                                     status=1, needle="is read-only"),
    "db read-only mode, read": case("--db", f"file:{P}?mode=ro", "list", status=0,
                                    needle="open"),
    "db path with NUL": case("--db", f"{T}/a\x00b.db", "init", "--preset", "default",
                             status=1, needle="NUL character"),
    "db URI of a missing file": case("--db", f"file:{T}/none.db?mode=ro", "list", status=1,
                                     needle="no database at"),
}


def expand(argv: tuple[str, ...], desks: Desks) -> list[str]:
    return [arg.replace(H, desks.hostile).replace(L, desks.legacy).replace(P, desks.plain)
            .replace(T, str(desks.tmp)) for arg in argv]


def test_the_table_is_big_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_command_lines(name: str, desks: Desks) -> None:
    argv, status, needle = CASES[name]
    code, out, err = run(*expand(argv, desks))
    assert code == status, (name, out[-500:], err)
    if status == 0:
        assert err == "", err
    else:
        one_line(err)
    assert needle in (err if status not in (0,) else out), (name, out[-500:], err)
    assert clean(out), RAW.findall(out)
    assert clean(err), RAW.findall(err)
    assert len(err) < 2300, "user text quoted in a message is cut"


def test_closed_standard_streams_are_one_line_not_a_crash(
    desks: Desks, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    code, out, err = run("--db", desks.plain, "import", "-")
    assert code == 1 and out == "" and "stdin: it is closed" in err
    one_line(err)
    monkeypatch.setattr(sys, "stdout", None)
    err_stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err_stream)
    assert main(["--db", desks.plain, "export"]) == 1
    one_line(err_stream.getvalue())
    assert "stdout is closed" in err_stream.getvalue()


def test_hostile_text_is_kept_exactly_in_storage_and_json(desks: Desks) -> None:
    number = "1"  # the planted ticket (the desk's edge refuses NUL and one-line controls)
    code, out, _ = run("--db", desks.hostile, "--json", "show", number)
    ticket = json.loads(out)
    # (its subject may have been retitled by an earlier case of this module)
    assert code == 0 and ticket["category"] == f"dns{ESC}"
    assert ticket["messages"][0]["body"] == HOSTILE_BODY
    code, out, _ = run("--db", desks.hostile, "show", number)
    assert "line one\nline two \\x1b[2J" in out, "bodies stay on several lines, CRLF as LF"
    assert "        indented\\u2028invoice\\u202efdp.exe\\x00" in out, "a tab becomes spaces"


def test_legacy_export_writes_every_ticket_and_imports_again(desks: Desks) -> None:
    code, out, err = run("--db", desks.legacy, "export")
    assert code == 3 and len(out.splitlines()) == 4, "every ticket, not up to the bad one"
    one_line(err)
    assert "warning: tickets 2, 4 hold text that is not valid Unicode" in err, err
    records = [json.loads(line) for line in out.splitlines()]
    assert records[1]["subject"] == "caf\ufffd in the subject"
    dump = desks.tmp / "legacy.jsonl"
    dump.write_text(out)
    target = str(desks.tmp / "restored.db")
    assert run("--db", target, "init", "--preset", "default")[0] == 0
    assert run("--db", target, "import", str(dump)) == (0, f"imported 4 ticket(s) from {dump}\n",
                                                        "")
    code, out, err = run("--db", target, "--now", NOW, "reply", "4", "--as", "support:a",
                         "--body", "repaired")
    assert (code, err) == (0, ""), "the restored copy can be changed again"


def test_skip_bad_imports_the_good_records_and_names_each_bad_one(desks: Desks) -> None:
    good = run("--db", desks.plain, "export")[1].splitlines()[0]
    lines = [json.dumps({**json.loads(good), "id": "501"}), "{not json",
             json.dumps({**json.loads(good), "id": "502", "subject": "caf\udce9"}),
             json.dumps({**json.loads(good), "id": "503"}), json.dumps(json.loads(good))]
    dump = desks.tmp / "mixed.jsonl"
    dump.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + b"\n\xff\n")
    target = str(desks.tmp / "skip.db")
    assert run("--db", target, "init", "--preset", "default")[0] == 0
    assert run("--db", target, "--now", NOW, "open", "--as", "customer:bob", "--subject", "s",
               "--body", "b")[0] == 0  # ticket 1 exists: line 5 is refused as a duplicate
    code, out, err = run("--db", target, "import", str(dump))
    assert code == 1 and out == "" and "--skip-bad" in err
    one_line(err)
    code, out, err = run("--db", target, "import", "--skip-bad", str(dump))
    assert code == 3 and "imported 2 ticket(s)" in out and "skipped 4 bad record(s)" in out
    skipped = err.splitlines()
    assert [line.split(":")[1] for line in skipped] == [
        f" skipped {dump} line {n}" for n in (2, 3, 5, 6)]
    assert all(line.startswith("supportkit: skipped ") for line in skipped)
    assert "not JSON" in skipped[0] and "not valid Unicode" in skipped[1]
    assert "already exists" in skipped[2] and "not UTF-8" in skipped[3]
    code, out, _ = run("--db", target, "--json", "list")
    assert [t["id"] for t in json.loads(out)] == ["1", "501", "503"]


def test_replace_invalid_restores_every_record_of_an_old_export(desks: Desks) -> None:
    """An export written by an earlier version, holding a raw Latin-1 byte (from a CLI
    argument) and a \\udcXX escape, was refused whole (0 of 3 restored)."""
    good = json.loads(run("--db", desks.plain, "export")[1].splitlines()[0])
    raw = [json.dumps({**good, "id": str(n), "subject": f"s{n}"}).encode() for n in (1, 2, 3)]
    raw[1] = raw[1].replace(b'"s2"', b'"caf\xe9"')
    raw[2] = raw[2].replace(b'"s3"', b'"caf\\udce9"')
    dump = desks.tmp / "old-export.jsonl"
    dump.write_bytes(b"\n".join(raw) + b"\n")
    target = str(desks.tmp / "replaced.db")
    assert run("--db", target, "init", "--preset", "default")[0] == 0
    code, out, err = run("--db", target, "import", str(dump))
    assert code == 1 and "--replace-invalid" in err
    one_line(err)
    code, out, err = run("--db", target, "import", "--replace-invalid", str(dump))
    assert code == 3 and out.startswith("imported 3 ticket(s)")
    assert [line.split(":")[1] for line in err.splitlines()] == [
        f" replaced {dump} line 2", f" replaced {dump} line 3"]
    subjects = [t["subject"] for t in json.loads(run("--db", target, "--json", "list")[1])]
    assert subjects == ["s1", "caf\ufffd", "caf\ufffd"]


def test_rich_tables_escape_customer_text_too() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    print_table(("subject",), [(HOSTILE_SUBJECT,), (BIDI,)], screen)
    drawn = screen.getvalue()
    assert "━" in drawn or "─" in drawn, "rich drew it"
    assert "\\x1b[2J" in drawn and "\\u202e" in drawn
    assert "\x1b[2J" not in drawn and "\x07" not in drawn and "\u202e" not in drawn


def python_m(*argv: str | bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    env["LC_ALL"] = "C.UTF-8"
    return subprocess.run([sys.executable, "-m", "supportkit", *argv], cwd=cwd, env=env,
                          capture_output=True, check=False, timeout=120)


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        ((b"open", b"--as", b"customer:x", b"--subject", b"caf\xe9", b"--body", b"b"),
         b"the value of --subject"),
        ((b"open", b"--as", b"customer:\xff", b"--subject", b"s", b"--body", b"b"),
         b"byte 0xff"),
        ((b"show", b"\xc3"), b"argument 4"),
    ],
)
def test_the_real_command_refuses_arguments_that_are_not_utf8(
    argv: tuple[bytes, ...], needle: bytes, desks: Desks
) -> None:
    done = python_m(b"--db", os.fsencode(desks.plain), *argv, cwd=desks.tmp)
    assert done.returncode == 2 and done.stdout == b""
    one_line(done.stderr.decode())
    assert needle in done.stderr and b"must be UTF-8" in done.stderr


def test_the_real_command_shows_legacy_text_on_a_strict_utf8_stdout(desks: Desks) -> None:
    for argv in (("show", "2"), ("--json", "list"), ("export",)):
        done = python_m("--db", desks.legacy, *argv, cwd=desks.tmp)
        assert done.returncode == 3, done.stderr
        out = done.stdout.decode("utf-8")  # strict: valid UTF-8 all through
        assert clean(out)
        one_line(done.stderr.decode())


@contextlib.contextmanager
def read_only_copy(desks: Desks) -> Iterator[Path]:
    """A copy of the plain desk in a read-only folder that any user can reach (pytest's own
    temporary folders are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="supportkit-ro-"))
    shutil.copy(desks.plain, folder / "desk.db")
    (folder / "desk.db").chmod(0o444)
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def test_a_read_only_medium_is_named_as_such(desks: Desks) -> None:
    """A read-only file in a read-only folder, opened by a user who may not write there.
    As root chmod stops nothing, so the command runs as nobody (setpriv); without setpriv
    and as root this cannot be arranged without a mount, and is skipped."""
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root ignores file modes and setpriv is missing to drop to nobody")
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    else:
        prefix = []
    with read_only_copy(desks) as folder:
        for argv, status in ((["list"], 1), (["--now", NOW, "open", "--as", "customer:x",
                                              "--subject", "s", "--body", "b"], 1)):
            done = subprocess.run([*prefix, sys.executable, "-m", "supportkit",
                                   "--db", "desk.db", *argv], cwd=folder, capture_output=True,
                                  text=True, check=False, timeout=120,
                                  env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
            if "Permission denied" in done.stderr and "python" in done.stderr.lower():
                pytest.skip("nobody may not run this interpreter")
            assert done.returncode == status, done.stderr
            one_line(done.stderr)
            assert "desk.db is read-only" in done.stderr, done.stderr
            assert "corrupt" not in done.stderr and "backup" not in done.stderr
        done = subprocess.run([*prefix, sys.executable, "-m", "supportkit", "--db",
                               "file:desk.db?immutable=1", "list"], cwd=folder,
                              capture_output=True, text=True, check=False, timeout=120,
                              env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
        assert done.returncode == 0 and done.stderr == "", done.stderr
        assert done.stdout.split()[:2] == ["id", "status"]


# -- arbitrary text ---------------------------------------------------------------------------

any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)


@pytest.fixture(scope="module")
def fuzz_desk(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    assert run("--db", db, "init", "--preset", "default")[0] == 0
    return db


@given(subject=any_text, body=any_text, category=any_text, arg=any_text)
def test_arbitrary_text_never_crashes_and_never_reaches_the_terminal_raw(
    fuzz_desk: str, subject: str, body: str, category: str, arg: str
) -> None:
    code, out, err = run("--db", fuzz_desk, "--json", "--now", NOW, "open", "--as",
                         "customer:fuzz", "--subject", subject, "--body", body,
                         "--category", category)
    valid = all(is_valid_text(t) for t in (subject, body, category))
    if not valid:
        assert code == 2 and out == ""
    else:
        assert code in (0, 1, 2), err  # 1: a rule refused it (e.g. an empty subject)
    if code:
        one_line(err)
        assert clean(err)
    else:
        ticket = json.loads(out)["id"]
        for argv in (("show", ticket), ("list", "--limit", "3"), ("--json", "show", ticket)):
            code, shown, err = run("--db", fuzz_desk, *argv)
            assert (code, err) == (0, ""), err
            assert clean(shown), RAW.findall(shown)
        stored = json.loads(run("--db", fuzz_desk, "--json", "show", ticket)[1])["subject"]
        assert escape_controls(stored) in run("--db", fuzz_desk, "show", ticket)[1]
    code, out, err = run("--db", fuzz_desk, "show", "--", arg)  # "1" may be a ticket
    assert code in (0, 1, 2) and clean(out) and clean(err)
    if code:
        one_line(err)


COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)
TOKENS = ["1", "0", "-1", "", " ", ESC, "\u202e", LATIN1, HUGE, str(10**30), "99999999999d",
          "1h", "-3h", NOW, "9999-12-31T23:59+00:00", "0001-01-01T00:00+00:00",
          "customer:a@acme", "support:x+shift-manager", "system", "customer:", "k=v", "=",
          "--json", "--limit", "--within", "--status", "open", "--as", "--body", "--subject",
          "--reason", "--field", "--method", "phone", "--level", "premium", "/dev/zero", "/",
          "-", "\x00", "nan", "1e400", "--company", "--deadline", "eta", "--due-before",
          "--preset", "odin", "--code", "--license", "--customer", "--asset", "--attach",
          "--skip-bad", "--dry-run", "run", "add", "elapsed", "next-open", "\n", "\r\n",
          "\u0663", "\u00b2"]


@given(command=st.sampled_from(COMMANDS),
       tokens=st.lists(st.sampled_from(TOKENS) | any_text, max_size=7))
def test_random_command_lines_fail_in_one_line_or_succeed(
    fuzz_desk: str, command: str, tokens: list[str]
) -> None:
    argv = ["--db", fuzz_desk, "--now", NOW, command]
    argv += {"retention": ["run"], "calendar": ["add"]}.get(command, [])
    code, out, err = run(*argv, *tokens)
    assert "Traceback" not in err and "unexpected error" not in err, err
    if code not in (0, 3):
        one_line(err)
    assert clean(out) and clean(err)
