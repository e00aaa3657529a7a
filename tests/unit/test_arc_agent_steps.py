"""The Arc agent steps' building blocks: secrets kept out of displayed commands, failures
explained from the catalog, tags validated and written the way azcmagent reads them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from orchestrator.catalog import classify
from orchestrator.checks.arc_agent import ArcAgentInstalledCheck
from orchestrator.checks.base import NodeCheckContext, Status
from orchestrator.cli.arc_options import parse_tags, tags_text
from orchestrator.errors import InputError
from orchestrator.steps.arc_agent import AgentCommandError, explain
from orchestrator.transport.base import Command, CommandResult, ErrorRecord


def test_a_sensitive_command_never_shows_its_values() -> None:
    command = Command.secret_cmdlet("Set-Content", Path="C:\\x.json", Value='{"s": "Hunter2!"}')
    assert "Hunter2" not in command.render()
    assert "Hunter2" not in repr(command)
    assert command.param("Value") == '{"s": "Hunter2!"}'  # the transport still gets the value


def test_an_agent_failure_keeps_the_raw_lines_for_retry_and_explains_them() -> None:
    result = CommandResult(
        output=[
            "FATAL   Failed to AzcmagentConnect ARM resource: Get https://management.azure.com/"
            "subscriptions/x/resourcegroups/rg/providers/Microsoft.HybridCompute/machines/n1"
            "?api-version=2019-03-18-preview:  Forbidden",
            "FATAL   AZCM0026: Network Error",
        ],
        exit_code=26,
    )
    error = AgentCommandError("node1", "connect", result)
    assert "AZCM0026" in error.message  # what the engine's retry decision classifies
    text = str(error)
    assert text.startswith("node1: azcmagent connect failed: Endpoint blocked by a proxy")
    assert "(endpoint management.azure.com)" in text
    assert text.index("proxy-firewall") < text.index("AZCM0026")  # the specific cause first
    assert "Fix: Allow HTTPS (443)" in text


def test_an_unknown_failure_says_so() -> None:
    text = explain("node1", "azcmagent connect", "FATAL   something new", classify("x y z"))
    assert "not in the failure catalog" in text


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("env=prod", "env=prod"),
        ("Location='West Wing',env=prod", "Location='West Wing',env=prod"),
        ("'Cost Center'=42", "'Cost Center'=42"),
    ],
)
def test_tags_round_trip_in_azcmagent_syntax(given: str, written: str) -> None:
    assert tags_text(parse_tags(given)) == written


@pytest.mark.parametrize("bad", ["env", "Cost Center=1", "a<b=1", "=x"])
def test_bad_tags_name_the_flag_and_the_agent_code(bad: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_tags(bad)
    assert refused.value.field == "--tags"
    assert "AZCM0013" in str(refused.value)


class _NoAgent:
    node = "node1"

    def run(self, command: Command) -> CommandResult:
        return CommandResult(
            errors=[
                ErrorRecord(
                    "The term 'azcmagent' is not recognized as the name of a cmdlet",
                    "CommandNotFoundException",
                )
            ]
        )

    def close(self) -> None:
        pass


def test_a_node_without_the_agent_is_blocked_with_the_fix() -> None:
    ctx = NodeCheckContext("node1", _NoAgent(), lambda: datetime.now(UTC))
    result = ArcAgentInstalledCheck().evaluate(ctx)
    assert result.status is Status.FAIL
    assert "not recognized" in result.observed
    assert result.remediation is not None
    assert "Install the Azure Connected Machine agent" in result.remediation
