"""collect-logs with file names a node reports (issue 17, defect 10): `..`, `.`, a 300-byte
name, `CON`, and names that sanitise alike used to break the node's collection or overwrite
another file in the archive; `--log-dir` was split on `;` and passed to `-Path` (wildcards)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import PureWindowsPath
from typing import Any

import pytest

from orchestrator.facts.registration_log import REGISTRATION_LOG_DIR
from orchestrator.lab import LabWorld
from orchestrator.lab.handlers import HANDLERS
from orchestrator.lab.world import LabFile, LabNode
from orchestrator.transport.base import Command, CommandResult
from tests.scenarios.support import ScenarioLab

Make = Callable[..., ScenarioLab]

HOSTILE = [
    "..",
    ".",
    "x" * 300 + ".log",
    "CON",
    "C:\\R\\nul.log",
    "C:\\R\\a?b.log",  # this and the next three sanitise alike
    "C:\\R\\a b.log",
    "C:\\R\\a+b.log",
    "C:\\R\\a-b.log",
    "C:\\S\\A-B.LOG",  # the last name again, in another folder and case
]


def _collect(lab: ScenarioLab, *args: str) -> tuple[int, dict[str, Any], zipfile.ZipFile]:
    code, doc = lab.json("collect-logs", "--out", str(lab.tmp / "evidence"), *args)
    assert doc.get("archive"), doc
    return code, doc, zipfile.ZipFile(doc["archive"])


def _assert_safe_members(archive: zipfile.ZipFile) -> None:
    names = archive.namelist()
    assert len({n.lower() for n in names}) == len(names)  # nothing overwritten
    for name in names:
        for part in name.split("/"):
            assert part not in ("", ".", ".."), name
            assert len(part.encode()) <= 100, name
            assert not PureWindowsPath(part).is_reserved(), name


def test_hostile_names_from_a_node_are_all_collected_under_safe_unique_names(
    scenario_lab: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = scenario_lab("E1")
    listing = HANDLERS["get-childitem"]

    def hostile_listing(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
        answer = listing(world, node, command)
        if node.name != "node1" or command.param("Filter") != "RegisterHCI_*.log":
            return answer
        return CommandResult(output=[*answer.output, *({"FullName": n} for n in HOSTILE)])

    monkeypatch.setitem(HANDLERS, "get-childitem", hostile_listing)

    def plant(world: LabWorld) -> None:
        node = world.node("node1")
        for i, name in enumerate(HOSTILE):
            node.files[name] = LabFile(f"content {i}\n", world.node_time(node))

    lab.edit(plant)

    code, doc, archive = _collect(lab)

    assert code == 0, doc["nodes"]
    assert {n["state"] for n in doc["nodes"]} == {"done"}
    _assert_safe_members(archive)
    manifest = json.loads(archive.read("manifest.json"))
    by_path = {f["path"]: f for f in manifest["files"] if f["node"] == "node1"}
    for i, name in enumerate(HOSTILE):
        entry = by_path[name]
        assert entry["file"], entry
        assert archive.read(entry["file"]).decode() == f"content {i}\n"  # its own content


def test_a_log_dir_with_semicolons_and_brackets_is_read_literally(scenario_lab: Make) -> None:
    lab = scenario_lab(None)
    folder = "C:\\Logs;old[1]"

    def plant(world: LabWorld) -> None:
        node = world.node("node2")
        node.files[f"{folder}\\RegisterHCI_7.log"] = LabFile("attempt 7\n", world.node_time(node))
        # what `-Path C:\Logs;old[1]` would find instead: [1] is a wildcard for "1"
        node.files["C:\\Logs;old1\\RegisterHCI_8.log"] = LabFile("other\n", world.node_time(node))

    lab.edit(plant)

    code, doc, archive = _collect(lab, "--log-dir", folder)

    assert code == 0, doc["nodes"]
    paths = {f["path"] for f in json.loads(archive.read("manifest.json"))["files"]}
    assert f"{folder}\\RegisterHCI_7.log" in paths
    assert "C:\\Logs;old1\\RegisterHCI_8.log" not in paths
    assert REGISTRATION_LOG_DIR  # the default folder is still read (E1 covers its files)


@pytest.mark.parametrize("value", ["", "  ", "C:\\a|b", "C:\\Logs\\*", "x" * 300])
def test_an_unusable_log_dir_is_refused_before_contacting_nodes(
    scenario_lab: Make, value: str
) -> None:
    lab = scenario_lab(None)
    result = lab.run("collect-logs", "--out", str(lab.tmp / "evidence"), "--log-dir", value)
    assert result.code == 2, result.err
    assert result.err.startswith("error: --log-dir: ")
    assert not (lab.tmp / "evidence").exists()
