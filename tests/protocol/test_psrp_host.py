"""Issue 11 over the real wire: the psrp transport gives every runspace pool a host, reads
Format-List records, keeps every stream, never answers a prompt, and the registration steps
fail loudly where a real cluster would (pypsrp client <-> the lab's WinRM/PSRP emulator)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from pypsrp.powershell import PowerShell, RunspacePool
from pypsrp.wsman import WSMan

from orchestrator.catalog import classify
from orchestrator.engine.api import start_run
from orchestrator.engine.runner import RunOutcome, RunSettings
from orchestrator.engine.spec import Workflow
from orchestrator.errors import UnexpectedPrompt
from orchestrator.exitcodes import ExitCode
from orchestrator.lab import LabWorld
from orchestrator.lab import texts as lab_texts
from orchestrator.lab.emulator import LabEmulator
from orchestrator.lab.handlers import HANDLERS
from orchestrator.transport import base
from orchestrator.transport import psrp as psrp_module
from orchestrator.transport.base import Command, CommandResult
from orchestrator.transport.factory import connect
from orchestrator.transport.psrp import PsrpTransport
from tests.lab.helpers import make_world
from tests.protocol.conftest import PASSWORD_ENV, inventory
from tests.protocol.wire_lab import WireLab
from workflows import load_workflow

Make = Callable[..., WireLab]


def register_command(world: LabWorld, **extra: Any) -> Command:
    parameters: dict[str, Any] = {
        "SubscriptionId": world.target.subscription_id,
        "Region": world.target.region,
        "TenantId": world.target.tenant_id,
        "ResourceGroupName": world.target.resource_group,
        "EnvironmentName": world.target.cloud,
        "ArmAccessToken": world.caller_token(),
        "AccountId": world.target.caller_upn,
    }
    parameters.update(extra)
    return Command.cmdlet("Register-AzStackHCI", **parameters)


def session(emulator: LabEmulator, node: str = "node1", *, with_host: bool = True) -> Any:
    transport = PsrpTransport(inventory(emulator), warn=lambda _m: None, with_host=with_host)
    return transport.open(node)


def test_register_answers_with_formatting_records_which_the_transport_reads(
    serve: Callable[..., LabEmulator],
) -> None:
    world = make_world(2)
    emulator = serve(world)
    # What crosses the wire, seen with pypsrp alone: Format-List's records, not an object.
    options = {"port": emulator.endpoint("node1").port, "ssl": True, "auth": "basic"}
    wsman = WSMan(
        "127.0.0.1",
        username=emulator.credentials.username,
        password=os.environ[PASSWORD_ENV],
        cert_validation=str(emulator.ca_pem),
        **options,
    )
    with RunspacePool(wsman) as pool:
        ps = PowerShell(pool)
        command = register_command(world)
        ps.add_cmdlet(command.name)
        for name, value in command.parameters:
            ps.add_parameter(name, value)
        ps.invoke()
    kinds = [o.types[0].rsplit(".", 1)[-1] for o in ps.output]
    assert kinds == [
        "FormatStartData",
        "GroupStartData",
        "FormatEntryData",
        "GroupEndData",
        "FormatEndData",
    ]

    # The transport reads them as the user would: label -> value.
    world2 = make_world(2)
    emulator2 = serve(world2)
    result = session(emulator2).run(register_command(world2))
    assert result.first["Result"] == "Success"
    assert result.first["AzureResourceId"].endswith("/clusters/hci01")
    assert result.first["Details"] == lab_texts.REGISTER_SUCCESS
    # Write-InfoLog's record arrives on the information stream.
    assert result.information == ("Registration completed with status: Result : Success",)


def test_a_module_failure_reaches_the_caller_only_as_host_error_lines(
    serve: Callable[..., LabEmulator],
) -> None:
    world = make_world(2)
    emulator = serve(world)
    with_host = session(emulator)
    assert with_host.run(register_command(world)).first["Result"] == "Success"

    failed = with_host.run(register_command(world, ResourceName="other"))

    # 9127: Write-ErrorLog (no category) + Result Failed + throw; the catch logs it again.
    assert failed.errors == ()
    assert failed.first == {"Result": "Failed"}
    assert failed.host_errors[0] == lab_texts.NAME_DIFFERS.format(existing="hci01")
    assert failed.host_errors[1].startswith("Exception occurred in Register-AzStackHCI\n")
    assert failed.host_errors[1].endswith("CategoryInfo: OperationStopped")

    # The same call from a client without a host: the lines vanish, nothing says why.
    bare = session(emulator, "node2", with_host=False).run(
        register_command(world, ResourceName="other")
    )
    assert bare.first == {"Result": "Failed"}
    assert bare.host_errors == ()
    assert bare.errors == ()


def test_a_prompt_is_never_answered_the_pipeline_stops_and_nothing_changes(
    serve: Callable[..., LabEmulator],
) -> None:
    world = make_world(2)  # build 20348 <= 20349 with Az.StackHCI 2.6.0: the OS-upgrade prompt
    emulator = serve(world)
    node = session(emulator)

    with pytest.raises(UnexpectedPrompt) as raised:
        node.run(register_command(world, Confirm=None))  # no -Confirm:$false

    assert raised.value.caption == lab_texts.UPGRADE_OS
    assert raised.value.prompt_message == "Are you sure you want to perform this action?\n"
    assert "22H2" in str(raised.value)
    assert world.cluster.registration is None
    assert world.node("node1").mutations.get("register", 0) == 0
    # The session is still usable after the stopped pipeline.
    assert node.run(register_command(world)).first["Result"] == "Success"


def test_without_a_host_the_prompt_throws_inside_the_module_and_nothing_is_said(
    serve: Callable[..., LabEmulator],
) -> None:
    world = make_world(2)
    emulator = serve(world)

    result = session(emulator, with_host=False).run(register_command(world, Confirm=None))

    # HostFunctionNotImplemented is caught by the module's catch: no output, no error record,
    # the error line is dropped: a silent no-op.
    assert result == CommandResult()
    assert world.cluster.registration is None
    events = [e.event_id for e in world.node("node1").events if e.log == "Application"]
    assert 9114 in events


def test_unregister_always_calls_should_process(serve: Callable[..., LabEmulator]) -> None:
    world = make_world(2)
    for lab_node in world.ordered_nodes():
        lab_node.os_build = "20350"  # 23H2: no OS-upgrade prompt, only ShouldProcess
    emulator = serve(world)
    node = session(emulator)
    assert node.run(register_command(world)).first["Result"] == "Success"
    unregister = Command.cmdlet(
        "Unregister-AzStackHCI",
        SubscriptionId=world.target.subscription_id,
        TenantId=world.target.tenant_id,
        ArmAccessToken=world.caller_token(),
        AccountId=world.target.caller_upn,
        Confirm=None,
    )

    with pytest.raises(UnexpectedPrompt) as raised:
        node.run(unregister)

    rid = world.cluster.registration.resource_id if world.cluster.registration else ""
    assert raised.value.caption == "Confirm"
    assert raised.value.prompt_message == (
        "Are you sure you want to perform this action?\n"
        f'Performing the operation "Unregister-AzStackHCI" on target "{rid}".'
    )
    assert world.cluster.registration is not None


def test_warnings_and_the_arc_failure_lines_arrive(serve: Callable[..., LabEmulator]) -> None:
    world = make_world(2, "A8")  # the Arc providers cannot be registered by this account
    emulator = serve(world)
    result = session(emulator).run(register_command(world))
    assert result.first["Result"] == "RegisterSucceededButArcFailed"
    assert result.first["ErrorDetail"] == "ArcIntegrationFailedOnNodes"
    assert [w.split(":")[0] for w in result.warnings] == [
        "Couldn't register resource provider Microsoft.HybridCompute",
        "Couldn't register resource provider Microsoft.GuestConfiguration",
    ]
    assert result.host_errors[0].startswith(lab_texts.ARC_NODES_FAILED)


# --- flows over the wire ---------------------------------------------------------------------


def test_register_from_a_client_without_a_host_fails_loudly_not_falsely(
    wire_lab: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = wire_lab()
    original = psrp_module.PsrpTransport

    def hostless(*args: Any, **kwargs: Any) -> PsrpTransport:
        return original(*args, **{**kwargs, "with_host": False})

    monkeypatch.setattr(psrp_module, "PsrpTransport", hostless)
    monkeypatch.setattr(
        base, "SHOULD_PROCESS_CMDLETS", base.SHOULD_PROCESS_CMDLETS - {"register-azstackhci"}
    )

    outcome = lab.run("register")

    # A one-shot step that failed after its call: the run stops for a person (exit 5), with
    # the cause; never "done".
    assert outcome.exit_code is ExitCode.REFUSED
    assert outcome.nodes[0].state == "needs_operator"
    error = outcome.nodes[0].error or ""
    assert "Register-AzStackHCI reported no result" in error
    assert "wrote no error line" in error
    assert lab.world.cluster.registration is None


def test_register_without_confirm_false_fails_the_step_with_the_prompt(
    wire_lab: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = wire_lab()
    monkeypatch.setattr(
        base, "SHOULD_PROCESS_CMDLETS", base.SHOULD_PROCESS_CMDLETS - {"register-azstackhci"}
    )

    outcome = lab.run("register")

    assert outcome.exit_code is ExitCode.REFUSED
    assert outcome.nodes[0].state == "needs_operator"
    error = outcome.nodes[0].error or ""
    assert "UnexpectedPrompt" in error
    assert "asked a question nobody can answer" in error
    assert "22H2" in error
    assert lab.world.cluster.registration is None


def test_a_success_that_get_azurestackhci_contradicts_is_a_failure_naming_both(
    wire_lab: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = wire_lab()
    real = HANDLERS["get-azurestackhci"]
    calls: list[int] = []

    def stale_after_register(world: Any, node: Any, command: Command) -> CommandResult:
        # The cluster keeps saying NotYet after the cmdlet reported Success.
        result = real(world, node, command)
        calls.append(1)
        if node.mutations.get("register"):
            view = dict(result.first, RegistrationStatus="NotYet", AzureResourceUri=None)
            return CommandResult(output=[view])
        return result

    monkeypatch.setitem(HANDLERS, "get-azurestackhci", stale_after_register)

    outcome = lab.run("register")

    assert outcome.exit_code is ExitCode.REFUSED
    assert outcome.nodes[0].state == "needs_operator"
    error = outcome.nodes[0].error or ""
    assert "Register-AzStackHCI reported Result Success" in error
    assert "Get-AzureStackHCI on node1 says RegistrationStatus NotYet" in error
    assert "did not converge" not in error


def run_steps_only(lab: WireLab, flow: str) -> RunOutcome:
    """The flow's steps without its pre-checks: what happens when a fault appears after them."""
    workflow = load_workflow(flow)
    steps_only = Workflow(flow, 1, "steps only", steps=workflow.steps, scope="cluster")
    inventory = lab.inventory
    connector = connect(inventory)
    try:
        return start_run(
            steps_only,
            inventory,
            inventory.cluster.nodes,
            RunSettings(parallel=4, sleep=lab.slept.append),
            state_dir=lab.state_dir,
            argv=[flow],
            connector=connector,
        )
    finally:
        connector.close()


def test_a_coded_failure_9110_reaches_the_user_and_diagnose(wire_lab: Make) -> None:
    lab = wire_lab("A1")  # node2's hcisvc stopped: Setup-Certificates fails on it

    outcome = run_steps_only(lab, "register")

    assert outcome.exit_code is not ExitCode.OK
    error = outcome.nodes[0].error or ""
    assert "Register-AzStackHCI reported Result Failed" in error
    assert "Couldn't generate self-signed certificate on node(s) node2" in error
    assert "hci-cert-generate-failed" in {m.signature.id for m in classify(error)}
    assert "diagnosis: " in error


def test_a_failure_from_deeper_written_by_the_catch_reaches_the_user_and_diagnose(
    wire_lab: Make,
) -> None:
    lab = wire_lab()
    # Azure-Login cannot reach ARM from the node the cmdlet runs on: an exception, no code.
    lab.world.node("node1").endpoints["management.azure.com"] = "dns_failure"

    outcome = run_steps_only(lab, "register")

    assert outcome.exit_code is not ExitCode.OK
    error = outcome.nodes[0].error or ""
    assert "Register-AzStackHCI reported no result" in error
    assert "Exception occurred in Register-AzStackHCI" in error
    assert "management.azure.com" in error
    assert classify(error), error


def test_unregister_b2_host_lines_reach_the_remediation_over_the_wire(wire_lab: Make) -> None:
    lab = wire_lab("B2", is_registered=True)

    outcome = lab.run("unregister")

    assert outcome.exit_code is ExitCode.OK, [n.error for n in outcome.nodes]
    assert lab.world.cluster.registration is None


def test_a_pipeline_parked_on_a_prompt_ends_when_its_shell_is_lost() -> None:
    """A reboot while a pipeline waits for a prompt's answer ends that pipeline at once (it
    must not hold the lab world until its answer timeout)."""
    import threading
    import uuid

    from orchestrator.lab.emulator.runspace import Shell
    from orchestrator.lab.host import PipelineStopped

    shell = Shell("S", "uri", [])
    pipeline_id = uuid.uuid4()
    outcome: list[str] = []

    def wait() -> None:
        try:
            shell.await_answer(pipeline_id, 1)
            outcome.append("answered")
        except PipelineStopped:
            outcome.append("stopped")

    worker = threading.Thread(target=wait)
    worker.start()
    with shell.changed:
        assert shell.changed.wait_for(lambda: pipeline_id in shell.waiting, timeout=10)
    shell.abandon()
    worker.join(timeout=10)  # the answer timeout is 30 s: only abandon() ends it this soon
    assert not worker.is_alive()
    assert outcome == ["stopped"]
