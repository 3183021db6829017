"""``supportkit export`` → ``import``: snapshots in the cattrs form, all or nothing."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

from supportkit.cli import transfer
from supportkit.errors import InvalidInput
from supportkit.serialization import structure
from supportkit.tickets.model import Ticket

Run = Callable[..., tuple[int, str, str]]
NOW = "2026-03-02T09:00:00+00:00"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def fill(sk: Run, db: str, count: int) -> None:
    for n in range(1, count + 1):
        assert sk("--db", db, "--now", NOW, "open", "--as", f"customer:c{n}@acme",
                  "--subject", f"ticket {n}", "--body", "b", "--severity", str(1 + n % 4))[0] == 0
    assert sk("--db", db, "--now", NOW, "reply", "1", "--as", "support:agent-7",
              "--body", "on it")[0] == 0
    assert sk("--db", db, "--now", NOW, "solve", "2", "--as", "support:agent-7")[0] == 0


def tickets(sk: Run, db: str) -> list[Ticket]:
    """Every ticket of ``db``, in full: the ids of ``list --json`` (summaries), then ``show``."""
    code, out, _ = sk("--db", db, "--json", "list")
    assert code == 0
    ids = [item["id"] for item in json.loads(out)]
    return [structure(json.loads(sk("--db", db, "--json", "show", tid)[1]), Ticket)
            for tid in ids]


@pytest.fixture
def source(new_desk: Callable[[str], str], sk: Run) -> str:
    db = new_desk("odin")
    fill(sk, db, 5)
    return db


@pytest.fixture
def target(tmp_path: Path, sk: Run) -> str:
    db = str(tmp_path / "target.db")
    assert sk("--db", db, "init", "--preset", "odin")[0] == 0
    return db


def test_export_then_import_round_trips(source: str, target: str, sk: Run,
                                        tmp_path: Path) -> None:
    code, out, err = sk("--db", source, "export")
    assert (code, err) == (0, "") and len(out.splitlines()) == 5
    dump = tmp_path / "tickets.jsonl"
    dump.write_text(out)
    code, out, err = sk("--db", target, "import", str(dump))
    assert (code, out, err) == (0, f"imported 5 ticket(s) from {dump}\n", "")
    before, after = tickets(sk, source), tickets(sk, target)
    assert before[0].version > 1, "the reply changed ticket 1"
    assert after == [attrs.evolve(t, version=1) for t in before]
    # The id counter moved past the imported ids: the next ticket does not collide.
    code, out, _ = sk("--db", target, "--json", "open", "--as", "customer:new",
                      "--subject", "s", "--body", "b")
    assert code == 0 and json.loads(out)["id"] == "6"
    # and the imported tickets go on living: the solved one is confirmed
    assert sk("--db", target, "confirm", "2", "--as", "customer:c2@acme")[0] == 0


def test_an_imported_huge_id_moves_the_counter_in_one_step(source: str, target: str, sk: Run,
                                                           tmp_path: Path) -> None:
    # The store passes the id on add; counting up to it one id at a time would never finish.
    line = json.loads(sk("--db", source, "export")[1].splitlines()[0])
    dump = tmp_path / "huge.jsonl"
    dump.write_text(json.dumps({**line, "id": "900000000000000000"}) + "\n")
    assert sk("--db", target, "import", str(dump))[0] == 0
    code, out, _ = sk("--db", target, "--json", "open", "--as", "customer:new",
                      "--subject", "s", "--body", "b")
    assert code == 0 and json.loads(out)["id"] == "900000000000000001"


def test_show_json_imports_too_list_json_is_summaries(source: str, target: str, sk: Run,
                                                      tmp_path: Path) -> None:
    array = tmp_path / "list.json"
    array.write_text(sk("--db", source, "--json", "list", "--status", "open")[1])
    single = tmp_path / "one.json"
    single.write_text(sk("--db", source, "--json", "show", "2")[1])
    code, _, err = sk("--db", target, "import", str(array))
    assert code != 0 and "list.json" in err  # rows without histories: not importable
    assert sk("--db", target, "import", str(single))[0] == 0
    assert [t.id for t in tickets(sk, target)] == ["2"]


def test_import_from_stdin_reports_json(source: str, target: str, sk: Run,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(sk("--db", source, "export")[1]))
    code, out, _ = sk("--db", target, "--json", "import", "-")
    assert code == 0 and json.loads(out) == {"imported": 5, "missing_content": 0,
                                       "skipped": 0, "replaced": 0}


def bad_file(tmp_path: Path, source_lines: list[str], line: int, text: str) -> Path:
    lines = list(source_lines)
    lines[line - 1] = text
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(
    ("line", "mutate", "needle"),
    [
        (3, lambda rec: "{not json", "bad.jsonl line 3: not JSON"),
        (4, lambda rec: json.dumps({**rec, "created_at": "2026-03-02T09:00:00"}),
         "bad.jsonl line 4: cannot read Ticket"),
        (2, lambda rec: json.dumps({**rec, "severity": 9}), "bad.jsonl line 2: unknown severity"),
        (5, lambda rec: json.dumps({**rec, "id": "1"}), "bad.jsonl line 5: ticket 1 appears twice"),
        (5, lambda rec: "[1, 2]", "line 5 (array element 1): expected a ticket object"),
    ],
)
def test_a_bad_record_refuses_the_whole_file_naming_its_line(
    source: str, target: str, sk: Run, tmp_path: Path, line: int,
    mutate: Callable[[dict[str, object]], str], needle: str
) -> None:
    lines = sk("--db", source, "export")[1].splitlines()
    path = bad_file(tmp_path, lines, line, mutate(json.loads(lines[line - 1])))
    code, out, err = sk("--db", target, "import", str(path))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert needle in err and "nothing was imported" in err
    assert tickets(sk, target) == []


def test_a_failure_in_a_later_chunk_rolls_back_the_earlier_ones(
    source: str, target: str, sk: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer, "CHUNK", 2)  # chunks 1-2 and 3-4 are written first
    assert sk("--db", target, "open", "--as", "customer:x", "--subject", "s",
              "--body", "b")[0] == 0
    lines = sk("--db", source, "export")[1].splitlines()
    renumbered = [json.dumps({**json.loads(text), "id": str(10 + n)})
                  for n, text in enumerate(lines[:4])]
    path = tmp_path / "late.jsonl"
    path.write_text("\n".join([*renumbered, lines[0]]) + "\n")  # line 5: id 1 exists
    code, _, err = sk("--db", target, "import", str(path))
    assert code == 1 and "line 5: ticket 1 already exists in this database" in err
    assert [t.id for t in tickets(sk, target)] == ["1"], "chunks already written are undone"


def test_export_pages_and_filters(source: str, sk: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transfer, "PAGE", 2)
    out = sk("--db", source, "export")[1]
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["1", "2", "3", "4", "5"]
    out = sk("--db", source, "export", "--status", "solved")[1]
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["2"]
    out = sk("--db", source, "export", "--company", "nobody")[1]
    assert out == ""


def test_import_progress_on_a_terminal_only(
    source: str, target: str, sk: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("rich", "rich.console", "rich.progress"):
        monkeypatch.setitem(sys.modules, name, None)  # the plain line; rich is tested apart
    dump = tmp_path / "t.jsonl"
    dump.write_text(sk("--db", source, "export")[1])
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    assert sk("--db", target, "import", str(dump))[0] == 0
    assert screen.getvalue().endswith("\rimport: 5/5 ticket(s) handled\n")


def test_attachments_without_content_are_counted(
    new_desk: Callable[[str], str], target: str, sk: Run, tmp_path: Path
) -> None:
    db = new_desk("default")
    log = tmp_path / "log.txt"
    log.write_text("boom\n")
    assert sk("--db", db, "open", "--as", "customer:a", "--subject", "s", "--body", "b",
              "--attach", str(log))[0] == 0
    dump = tmp_path / "t.jsonl"
    dump.write_text(sk("--db", db, "export")[1])
    code, out, err = sk("--db", target, "import", str(dump))
    assert code == 0 and "imported 1 ticket(s)" in out
    assert "1 attachment(s) have no content in this desk's file store" in err


def test_each_reference_to_missing_content_counts_though_looked_up_once(
    new_desk: Callable[[str], str], target: str, sk: Run, tmp_path: Path
) -> None:
    db = new_desk("default")
    log = tmp_path / "log.txt"
    log.write_text("boom\n")
    for _ in range(2):  # two tickets holding the same content
        assert sk("--db", db, "open", "--as", "customer:a", "--subject", "s", "--body", "b",
                  "--attach", str(log))[0] == 0
    dump = tmp_path / "t.jsonl"
    dump.write_text(sk("--db", db, "export")[1])
    code, out, err = sk("--db", target, "import", str(dump))
    assert code == 0 and "imported 2 ticket(s)" in out
    assert "2 attachment(s) have no content in this desk's file store" in err


def test_json_lines_are_read_one_line_at_a_time() -> None:
    read: list[int] = []

    def lines() -> Iterator[str]:
        for n in range(1, 4):
            read.append(n)
            yield json.dumps({"n": n}) + "\n"

    records = transfer.read_records(lines(), "f")
    assert next(records) == ("f line 1", {"n": 1}) and read == [1], "nothing read ahead"
    assert list(records) == [("f line 2", {"n": 2}), ("f line 3", {"n": 3})]


def test_a_value_spread_over_lines_reads_the_rest_whole_and_still_names_lines() -> None:
    pretty = json.dumps({"n": 3, "tags": ["a", "b"]}, indent=2)  # lines 3-9
    text = '{"n": 1}\n\n' + pretty + ' {"n": 4}\n[\n  {"n": 5}\n]\n'
    assert list(transfer.read_records(iter(io.StringIO(text)), "f")) == [
        ("f line 1", {"n": 1}), ("f line 3", {"n": 3, "tags": ["a", "b"]}),
        ("f line 9", {"n": 4}), ("f line 10 (array element 1)", {"n": 5}),
    ]
    with pytest.raises(InvalidInput, match="f line 3: not JSON"):
        list(transfer.read_records('{"n": 1}\n{\n  "n": 2,,\n}\n', "f"))
    with pytest.raises(InvalidInput, match="f line 2: not JSON"):
        list(transfer.read_records('{"n": 1}\n{"n": 2,,\n{"n": 3}\n', "f"))


def test_a_line_that_is_not_utf8_is_named(source: str, target: str, sk: Run,
                                          tmp_path: Path) -> None:
    first = sk("--db", source, "export")[1].splitlines()[0]
    dump = tmp_path / "latin1.jsonl"
    dump.write_bytes(first.encode() + b'\n{"subject": "caf\xe9"}\n')
    code, out, err = sk("--db", target, "import", str(dump))
    assert (code, out) == (1, "")
    assert "latin1.jsonl line 2 is not UTF-8 text" in err and "nothing was imported" in err
    assert tickets(sk, target) == []
