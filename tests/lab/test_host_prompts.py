"""The lab's Register-/Unregister-AzStackHCI and the caller's host: prompts per module version
and OS build, ShouldProcess, and what a client without a host sees (issue 11, issue 12 item 5)."""

from __future__ import annotations

import attrs
import pytest

from orchestrator.lab import texts
from orchestrator.lab.host import PROMPT_NOT_INTERACTIVE, RecordingHost
from orchestrator.lab.surface import dispatch
from orchestrator.transport.base import Command, CommandResult
from orchestrator.transport.formatting import read_formatted
from tests.lab.helpers import credentials, make_world, register


def call(world, name: str, host: RecordingHost | None = None, **parameters) -> CommandResult:
    result = dispatch(world, world.node("node1"), Command.cmdlet(name, **parameters), host)
    return attrs.evolve(result, output=read_formatted(result.output))


def register_params(world, **extra):
    params = credentials(
        world, Region=world.target.region, ResourceGroupName=world.target.resource_group
    )
    params.update(extra)
    kept = {k: v for k, v in params.items() if v is not None}
    if "Confirm" in extra:  # Confirm=None: no -Confirm at all (Command.cmdlet adds none)
        kept["Confirm"] = extra["Confirm"]
    return kept


def test_os_upgrade_acknowledgement_asks_on_22h2_with_module_2_6_0() -> None:
    world = make_world(2)  # build 20348, Az.StackHCI 2.6.0
    host = RecordingHost(answers=[2])  # "No"
    result = call(world, "Register-AzStackHCI", host, **register_params(world, Confirm=None))
    assert host.prompts == [(texts.UPGRADE_OS, "Are you sure you want to perform this action?\n")]
    # "No" throws "Aborting based on user input": caught, written by the catch, nothing done
    assert result.output == ()
    assert "Aborting based on user input" in host.lines[0].text
    assert world.cluster.registration is None

    yes = RecordingHost(answers=[0])
    assert (
        call(world, "Register-AzStackHCI", yes, **register_params(world, Confirm=None)).first[
            "Result"
        ]
        == "Success"
    )


@pytest.mark.parametrize(
    ("module", "build"),
    [("2.5.0", "20348"), ("2.6.0", "20350")],
    ids=["module-before-2.6.0", "23H2-build"],
)
def test_no_os_upgrade_prompt_before_2_6_0_or_after_22h2(module: str, build: str) -> None:
    world = make_world(2)
    for node in world.ordered_nodes():
        node.modules["Az.StackHCI"] = module
        node.os_build = build
    host = RecordingHost()
    result = call(world, "Register-AzStackHCI", host, **register_params(world, Confirm=None))
    assert host.prompts == []
    assert result.first["Result"] == "Success"


def test_confirm_false_answers_the_os_prompt_without_asking() -> None:
    world = make_world(2)
    host = RecordingHost()
    assert (
        call(world, "Register-AzStackHCI", host, **register_params(world)).first["Result"]
        == "Success"
    )
    assert host.prompts == []


def test_without_a_host_a_prompt_throws_not_interactive_and_nothing_is_visible() -> None:
    world = make_world(2)
    result = call(world, "Register-AzStackHCI", None, **register_params(world, Confirm=None))
    assert result == CommandResult()
    application = [e for e in world.node("node1").events if e.event_id == 9114]
    assert application, "the catch still writes event 9114"
    # with a host that refuses to answer, the same prompt stops the pipeline instead
    assert PROMPT_NOT_INTERACTIVE.startswith("A command that prompts the user failed")


def test_module_1_4_x_asks_for_the_default_region_when_region_is_omitted() -> None:
    world = make_world(2)
    for node in world.ordered_nodes():
        node.modules["Az.StackHCI"] = "1.4.1"
    host = RecordingHost(answers=[0])
    result = call(world, "Register-AzStackHCI", host, **register_params(world, Region=None))
    assert host.prompts[0][0] == texts.DEFAULT_REGION_PROMPT.format(region="eastus")
    assert result.first["Result"] == "Success"
    # with -Region, as the tool always passes it, nothing is asked
    other = make_world(2)
    for node in other.ordered_nodes():
        node.modules["Az.StackHCI"] = "1.4.1"
    quiet = RecordingHost()
    call(other, "Register-AzStackHCI", quiet, **register_params(other))
    assert quiet.prompts == []


def test_module_2_x_requires_region() -> None:
    world = make_world(2)
    result = call(world, "Register-AzStackHCI", None, **register_params(world, Region=None))
    assert result.errors[0].fully_qualified_error_id == (
        "MissingMandatoryParameter,Register-AzStackHCI"
    )


def test_unregister_should_process_no_is_cancelled_and_changes_nothing() -> None:
    world = make_world(2)
    assert register(world).first["Result"] == "Success"
    for node in world.ordered_nodes():
        node.os_build = "20350"
    host = RecordingHost(answers=[2])  # "&No"
    result = call(world, "Unregister-AzStackHCI", host, **{**credentials(world), "Confirm": None})
    assert result.first == {"Result": "Cancelled"}
    caption, message = host.prompts[0]
    assert caption == "Confirm"
    assert message.startswith(
        'Are you sure you want to perform this action?\nPerforming the operation "Unregister-AzStackHCI" on target "/subscriptions/'
    )
    assert world.cluster.registration is not None
