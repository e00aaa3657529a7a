"""classify / is_retryable: what the engine's retry decision and diagnose see, for texts,
error records and the project's exceptions."""

from __future__ import annotations

import pytest
import tenacity

from orchestrator.catalog import classify, is_retryable, text_lines
from orchestrator.catalog.classify import MAX_EVIDENCE_CHARS
from orchestrator.engine.retry import is_transient
from orchestrator.errors import (
    AuthenticationFailed,
    NodeUnreachable,
    RemoteCommandError,
    TransientTransportError,
    WSManFault,
)
from orchestrator.transport.base import ErrorRecord

WINRM_DOWN = (
    "Connecting to remote server node4.contoso.local failed with the following error message : "
    "WinRM cannot complete the operation. Verify that the specified computer name is valid, "
    "that the computer is accessible over the network, and that a firewall exception for the "
    "WinRM service is enabled and allows access from this computer."
)


def _ids(source) -> list[str]:
    return [m.signature.id for m in classify(source)]


def test_unreachable_node_from_the_transport_names_the_node_and_is_not_retried():
    error = NodeUnreachable("node4", WINRM_DOWN)
    (match,) = classify(error)
    assert match.signature.id == "psrp-node-unreachable"
    # the inventory names nodes by their short name; the message gives the FQDN
    assert match.command() == "orchestrate precheck -i INVENTORY --limit node4"
    assert "A2" in match.signature.scenarios
    assert is_retryable(error) is False


def test_transport_errors_are_classified_by_type_when_the_text_is_unknown():
    assert _ids(NodeUnreachable("n1", "connection refused")) == ["psrp-node-unreachable"]
    assert _ids(AuthenticationFailed("n1", "HTTP 401")) == ["psrp-access-denied"]
    assert _ids(TransientTransportError("n1", "connection reset by peer")) == [
        "psrp-session-broken"
    ]
    assert is_retryable(TransientTransportError("n1", "read timed out")) is True


def test_a_known_permanent_cause_inside_a_transient_transport_error_wins():
    error = TransientTransportError("n1", "AADSTS80013: OnPremisesPasswordValidationTimeSkew")
    assert set(_ids(error)) == {"aad-time-skew", "psrp-session-broken"}
    assert is_retryable(error) is False


def test_unknown_transport_error_falls_back_to_its_transient_flag():
    assert (
        classify(WSManFault("n1", "The WS-Management service cannot process", "2150858770")) == []
    )
    assert is_retryable(WSManFault("n1", "The WS-Management service cannot process")) is False


def test_remote_command_error_is_classified_by_message_and_fully_qualified_error_id():
    by_message = RemoteCommandError(
        "node1",
        "Register-AzStackHCI",
        "The subscription is not registered to use namespace 'Microsoft.HybridCompute'",
    )
    (match,) = classify(by_message)
    assert match.signature.id == "rp-not-registered"
    assert match.details() == {"namespace": ["Microsoft.HybridCompute"]}
    by_id = RemoteCommandError(
        "node1",
        "Unregister-AzStackHCI",
        "Failed to delete extension",
        fully_qualified_error_id="ArcExtensionCleanupFailedError,Unregister-AzStackHCI",
    )
    assert _ids(by_id) == ["hci-arc-extension-cleanup-failed"]


def test_the_cause_chain_of_an_exception_is_read():
    inner = RemoteCommandError("node2", "azcmagent connect", "AZCM0064: not responding")
    outer = RuntimeError("step arc-connect failed")
    outer.__cause__ = inner
    assert _ids(outer) == ["azcm0064-agent-not-responding"]
    assert is_retryable(outer) is True


def test_error_records_from_the_transport_are_classifiable():
    record = ErrorRecord(
        "Couldn't disable Azure Arc integration on Node node3. Try running the "
        "Disable-AzureStackHCIArcIntegration cmdlet on the node.",
        "Microsoft.PowerShell.Commands.WriteErrorException,Unregister-AzStackHCI",
    )
    (match,) = classify(record)
    assert match.command() == "orchestrate arc-cleanup -i INVENTORY --limit node3"


def test_unknown_text_is_unknown_not_a_guess():
    assert classify("Everything went fine.") == []
    assert is_retryable("Everything went fine.") is None
    assert is_retryable(ValueError("what")) is None


def test_one_permanent_cause_makes_the_failure_permanent():
    text = (
        "ExecuteWithRetry operation AADTokenFetch failed with retryable error\n"
        "ExecuteWithRetry operation AADTokenFetch failed after all retries\n"
    )
    assert is_retryable(text) is False
    assert is_retryable("ExecuteWithRetry operation AADTokenFetch failed with retryable error")


def test_informational_lines_never_decide_a_retry():
    assert is_retryable("ExecuteWithRetry operation AADTokenFetch succeeded in retry") is None
    assert is_retryable("AZCM0000: Success") is None


def test_evidence_keeps_line_numbers_and_order_of_first_appearance():
    text = "ok\nAZCM0064 once\nfine\nAADSTS80013 skew\nAZCM0064 twice\n"
    matches = classify(text)
    assert [m.signature.id for m in matches] == ["azcm0064-agent-not-responding", "aad-time-skew"]
    assert [e.line_number for e in matches[0].evidence] == [2, 5]
    assert matches[1].evidence[0].location == "line 4"


def test_long_lines_are_cut_to_a_window_around_the_match():
    line = "x" * 2000 + " AZCM0043: Deletion failed " + "y" * 2000
    (match,) = classify(line)
    evidence = match.evidence[0].text
    assert "AZCM0043" in evidence
    assert len(evidence) <= MAX_EVIDENCE_CHARS
    assert evidence.startswith("...")
    assert evidence.endswith("...")


def test_command_placeholders_are_filled_from_all_evidence_or_left_visible():
    text = (
        "Couldn't generate self-signed certificate on node(s) {node2}\n"
        "Couldn't generate self-signed certificate on node(s) {node2,node4}\n"
    )
    (match,) = classify(text)
    assert match.command() == "orchestrate precheck -i INVENTORY --limit node2,node4"
    (unnamed,) = classify("AZCM0043: Deletion of the Arc-enabled server resource failed")
    assert unnamed.command() == "orchestrate arc-cleanup -i INVENTORY --limit NODES"


def test_json_is_flattened_so_escaped_quotes_do_not_hide_a_message():
    text = '{"error": {"message": "Couldn\\u0027t disable Azure Arc integration on Node n7."}}'
    lines = text_lines(text)
    assert any(
        line.text == "message: Couldn't disable Azure Arc integration on Node n7." for line in lines
    )
    (match,) = classify(text)
    assert match.evidence[0].location == "$.error.message"
    assert match.details() == {"nodes": ["n7"]}


def test_event_xml_entities_are_decoded():
    text = (
        "<Event><System><EventID>9999</EventID></System><RenderingInfo><Message>Couldn&apos;t "
        "disable Azure Arc integration on Node n2.</Message></RenderingInfo></Event>"
    )
    assert _ids(text) == ["hci-arc-disable-failed"]


# --- the engine's use: tenacity decides from the catalog ----------------------------------


def _retrying() -> tenacity.Retrying:
    return tenacity.Retrying(
        retry=tenacity.retry_if_exception(is_transient),  # the engine's retry decision
        stop=tenacity.stop_after_attempt(4),
        sleep=lambda _seconds: None,  # never really sleep in tests
        reraise=True,
    )


def test_tenacity_retries_a_retryable_failure_until_it_succeeds():
    calls = []

    def step() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise RemoteCommandError("node1", "azcmagent connect", "AZCM0064: not responding")
        return "connected"

    assert _retrying()(step) == "connected"
    assert len(calls) == 3


@pytest.mark.parametrize(
    "error",
    [
        RemoteCommandError("node1", "Register-AzStackHCI", "AADSTS80013: time skew"),
        NodeUnreachable("node4", WINRM_DOWN),
        ValueError("unknown failure"),
    ],
    ids=["permanent", "unreachable", "unknown"],
)
def test_tenacity_does_not_retry_permanent_or_unknown_failures(error):
    calls = []

    def step() -> None:
        calls.append(1)
        raise error

    with pytest.raises(type(error)):
        _retrying()(step)
    assert len(calls) == 1


def test_format_list_values_wrapped_onto_indented_lines_are_rejoined():
    text = (
        "TimeCreated  : 11/23/2026 10:18:02 AM\n"
        "Id           : 1\n"
        "Message      : exception: AADSTS700027: Client assertion contains an invalid signature.\n"
        "               [Reason - The key used is expired. Thumbprint of key used by client:\n"
        "               '9F3A1C77', Found key 'Start=11/23/2026 10:24:00, End=11/23/2028']\n"
        "\n"
        "TimeCreated  : 11/23/2026 10:18:09 AM\n"
    )
    (match,) = classify(text)
    assert match.signature.id == "aad-client-assertion-key-expired"
    assert match.evidence[0].line_number == 3
    assert "key used is expired" in match.evidence[0].text


def test_indented_lines_after_ordinary_text_stay_separate():
    lines = text_lines("ERROR something\n               AZCM0043: deletion failed\n")
    assert [line.number for line in lines] == [1, 2]


def test_node_names_are_collected_case_insensitively():
    text = (
        "Couldn't disable Azure Arc integration on Node node2. Try running it on the node.\n"
        "Couldn't disable Azure Arc integration on Node NODE2. Try running it on the node.\n"
    )
    (match,) = classify(text)
    assert match.command() == "orchestrate arc-cleanup -i INVENTORY --limit node2"


def test_command_results_are_classified_from_output_text_and_error_records():
    from orchestrator.transport.base import CommandResult

    result = CommandResult(
        output=["INFO connecting", "AZCM0067: The agent is already connected to Azure"],
        errors=[ErrorRecord("AADSTS80013: time skew", "AADError")],
        exit_code=1,
    )
    assert _ids(result) == ["azcm0067-already-connected", "aad-time-skew"]
    assert is_retryable(result) is False
    assert classify(CommandResult(output=[{"Status": "Running"}])) == []
