"""Sets are dumped as sorted lists: the same JSON whatever the process's hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from supportkit import Actor
from supportkit.serialization import unstructure

SCRIPT = """
import json
from supportkit import Actor, presets
from supportkit.serialization import unstructure
print(json.dumps([unstructure(Actor.support("a", roles=["x", "y", "z", "w", "v"])),
                  unstructure(presets.get("opensvc"))["channels"]]))
"""


def test_sets_are_sorted_lists() -> None:
    assert unstructure(Actor.support("a", roles=["x", "y", "z", "w"]))["roles"] == [
        "w", "x", "y", "z"]
    assert unstructure(frozenset({3, 1, 2})) == [1, 2, 3]
    assert unstructure({"b", 1}) in (["b", 1], [1, "b"])  # mixed: still a fixed order
    assert unstructure({"b", 1}) == sorted([1, "b"], key=json.dumps)


def test_dumps_do_not_depend_on_the_hash_seed() -> None:
    outputs = {
        subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                       check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(outputs) == 1
    roles, channels = json.loads(outputs.pop())
    assert roles["roles"] == ["v", "w", "x", "y", "z"]
    assert channels == ["callback", "email", "slack", "web"]
