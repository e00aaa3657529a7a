"""Every stream kept (issue 11 item 4): what Register-AzStackHCI writes besides its output goes
into the journal (masked), is shown with -v, and its warnings are in the run result."""

from __future__ import annotations

import json

from orchestrator.lab import texts
from orchestrator.lab.world import LabWorld


def _22h2(world: LabWorld) -> None:
    for node in world.ordered_nodes():
        node.os_build = "20349"  # 22H2: the mandatory-extensions warning (module 2.6.0)


def test_warnings_information_and_host_lines_reach_the_journal_result_and_dash_v(
    scenario_lab,
) -> None:
    lab = scenario_lab(None, nodes=2)
    lab.edit(_22h2)
    issued = lab.world().caller_token()

    result = lab.cli("-v", "register", "-i", str(lab.inventory), "--yes", "--output", "json")

    assert result.code == 0, result.err
    document = json.loads(result.out)
    step = next(s for s in document["nodes"][0]["steps"] if s["step"] == "registration")
    assert step["warnings"] == [texts.MANDATORY_EXTENSIONS]
    # -v shows every stream of the step's commands on stderr (the console wraps long lines)
    shown = "".join(result.err.split())
    for line in (
        "warning: You agree that by registering Azure Stack HCI",
        "information: Registration completed with status: Result : Success",
    ):
        assert "".join(line.split()) in shown, result.err
    # the journal keeps them, with the command (its token masked)
    records = [
        json.loads(line)
        for path in (lab.tmp / "state").rglob("journal.jsonl")
        for line in path.read_text().splitlines()
    ]
    streams = [r for r in records if r["type"] == "step_streams" and r["step"] == "registration"]
    assert streams, [r["type"] for r in records]
    entries = streams[0]["entries"]
    kinds = {(e["stream"], e["text"][:30]) for e in entries}
    assert ("warning", texts.MANDATORY_EXTENSIONS[:30]) in kinds
    assert all("Register-AzStackHCI" in e["command"] for e in entries)
    assert all("-ArmAccessToken ***" in e["command"] for e in entries)
    assert issued not in json.dumps(records)


def test_a_clean_step_has_no_warnings_key(scenario_lab) -> None:
    lab = scenario_lab(None, nodes=2)
    code, document = lab.json("register", "--yes")
    assert code == 0
    for step in document["nodes"][0]["steps"]:
        assert "warnings" not in step


def test_the_plan_shows_the_calls_with_region_and_confirm_false(scenario_lab) -> None:
    """Issue 12.5: the prompts the module can raise are prevented by the parameters passed,
    and a reviewer sees them in the plan: -Region (1.4.x default-region confirmation) and
    -Confirm:$false (ShouldProcess, and the 2.6.0 OS-upgrade acknowledgement)."""
    lab = scenario_lab(None, nodes=2)
    code, plan = lab.json("register", "--dry-run")
    assert code == 0
    reasons = json.dumps(plan)
    assert "runs Register-AzStackHCI -SubscriptionId" in reasons
    assert "-Region eastus" in reasons
    assert "-Confirm:$false" in reasons
    assert "-ArmAccessToken ***" in reasons


def test_diagnose_finds_the_modules_host_error_line_in_the_run_journal(
    tmp_path, orchestrate
) -> None:
    """A1 after the pre-checks (hcisvc stopped on node2): Register-AzStackHCI's only word is a
    host error line; it is in the journal and `orchestrate diagnose` reads it there."""
    from orchestrator.engine.spec import Workflow
    from tests.scenarios.support import new_lab
    from workflows.register import WORKFLOW

    lab = new_lab(tmp_path, "A1")
    steps_only = Workflow("register", 1, "steps only", steps=WORKFLOW.steps, scope="cluster")
    outcome = lab.run(steps_only)
    assert outcome.exit_code != 0
    journal = next(lab.state_dir.rglob("journal.jsonl"))
    text = journal.read_text()
    assert "Couldn't generate self-signed certificate on node(s) node2" in text
    assert '"stream": "host-error"' in text

    found = orchestrate("diagnose", str(journal), "--output", "json")

    assert found.code == 0, found.err
    assert "hci-cert-generate-failed" in found.out
