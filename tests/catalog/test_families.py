"""Error families: reference-table codes and runtime wordings recognised however the text is
rendered, ranked answers with confidence and entities, retries and flow messages decided by
the same knowledge, and broken family data refused at load."""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

import pytest
import yaml

from orchestrator.catalog.classify import diagnose, is_retryable
from orchestrator.catalog.families import load_families, parse_families
from orchestrator.catalog.models import CatalogError
from orchestrator.engine.retry import is_transient
from orchestrator.errors import RemoteCommandError, TransientTransportError
from tests.catalog.wordings import family_of

# Entra ID's answer to a wrong client secret, in the wording of the AADSTS reference.
SECRET = (
    "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request "
    "is the client secret value, not the client secret ID, for a secret added to app "
    "'4d856d1f-8648-456c-9bb2-f36273bbe4e3'."
)


# --- reference tables ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "family"),
    [
        ("AADSTS50076", "entra-interaction-required"),
        ("AADSTS53003", "entra-interaction-required"),
        ("AADSTS90002", "entra-tenant"),
        ("AADSTS700016", "entra-app-not-found"),
        ("AADSTS7000222", "entra-client-credential"),
        ("AADSTS50126", "entra-user-credential"),
        ("AADSTS65001", "entra-consent"),
        ("AADSTS700082", "entra-session-expired"),
        ("AADSTS700024", "token-time"),
        ("AZCM0026", "arc-agent"),
        ("AZCM0157", "arc-agent"),
        ("AZCM0133", "arc-agent"),  # inside the table's AZCM0127-AZCM0146 Linux install range
        ("MissingSubscriptionRegistration", "arm-provider-registration"),
        ("LinkedAuthorizationFailed", "arm-authorization"),
        ("RequestDisallowedByPolicy", "arm-policy"),
        ("ScopeLocked", "arm-conflict"),
        ("SubscriptionRequestsThrottled", "arm-throttling"),
        ("ExpiredAuthenticationToken", "token-time"),
    ],
)
def test_a_code_from_a_reference_table_names_its_family(code, family):
    assert family_of(f"ERROR: {code}: the operation failed") == family


def test_the_complete_azcm_table_of_todays_docs_is_known():
    # MicrosoftDocs/azure-docs troubleshoot-agent-onboard.md @ b110c3104272 (the agent error codes)
    # (every row but AZCM0000, success; session 6 found the earlier list short of 36 of its rows)
    table = {
        "0001", "0002", "0003", "0004", "0005", "0006", "0011", "0012", "0016", "0018", "0019",
        "0020", "0023", "0026", "0027", "0028", "0041", "0042", "0043", "0044", "0045", "0061",
        "0062", "0063", "0064", "0065", "0066", "0067", "0068", "0069", "0070", "0072", "0073",
        "0074", "0075", "0076", "0081", "0082", "0083", "0101", "0102", "0103", "0105", "0107",
        "0108", "0130", "0131", "0132", "0133", "0141", "0143", "0145", "0146", "0147", "0148",
        "0149", "0150", "0151", "0152", "0153", "0154", "0155", "0156", "0157", "0158", "0159",
        "0160", "0171",
    }  # fmt: skip
    codes = load_families().get("arc-agent").codes
    assert {f"AZCM{n}" for n in table} <= set(codes)
    assert all(codes[f"AZCM{n}"] for n in table)


def test_aadsts_codes_in_the_error_codes_array_count_too():
    body = '{"error":"invalid_grant","error_codes":[700082],"timestamp":"2020-07-06 22:31:52Z"}'
    assert family_of(body) == "entra-session-expired"


# --- tolerance: one meaning, every rendering -------------------------------------------------

WINRM = (
    "Connecting to remote server node2 failed with the following error message : WinRM cannot "
    "complete the operation. Verify that the specified computer name is valid, that the computer "
    "is accessible over the network, and that a firewall exception for the WinRM service is enabled"
)


def _wrapped(text: str, width: int) -> str:
    """As a console of `width` columns prints it: broken anywhere, even inside a word."""
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


RENDERINGS = {
    "plain": lambda t: t,
    "console wrap inside words": lambda t: _wrapped(t, 37),
    "json escaped once": lambda t: json.dumps({"message": t}),
    "json escaped twice": lambda t: json.dumps({"message": json.dumps({"error": t})}),
    "html entities": lambda t: "<p>" + t.replace("'", "&#39;").replace(":", "&#58;") + "</p>",
    "log prefix": lambda t: f'time="2024-05-28T06:01:42Z" level=error msg="{t}"',
    "warning prefix": lambda t: f"[WARNING] {t}",
    "verbose prefix": lambda t: f"VERBOSE: [11/03/2025 19:38:18] {t}",
    "powershell error record": lambda t: (
        f"New-PSSession : {t}\nAt line:1 char:1\n+ New-PSSession -ComputerName node2\n"
        "+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
        "    + CategoryInfo          : OpenError: (node2:String) [], PSRemotingTransportException\n"
        "    + FullyQualifiedErrorId : WinRMOperationTimeout,PSSessionStateBroken"
    ),
    "typographic apostrophes and extra spaces": lambda t: t.replace("'", "\u2019").replace(
        " ", "   "
    ),
}


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
@pytest.mark.parametrize(
    ("text", "family"),
    [
        (SECRET, "entra-client-credential"),
        (WINRM, "remoting-unreachable"),
        ("dial tcp: lookup management.azure.com on 10.0.0.10:53: no such host", "network-dns"),
        (
            "HTTPSConnectionPool(host='login.microsoftonline.com', port=443): Max retries exceeded "
            "(Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] "
            "certificate verify failed: self signed certificate in certificate chain')))",
            "tls-untrusted",
        ),
    ],
)
def test_the_meaning_survives_every_rendering(text, family, rendering):
    assert family_of(RENDERINGS[rendering](text)) == family


def test_evidence_quotes_the_users_lines_exactly_even_when_matched_across_a_wrap():
    text = "header\n" + _wrapped(WINRM, 40) + "\ntrailer"
    (top, *_) = diagnose(text).families
    quoted = {e.text for e in top.evidence}
    raw = {line.strip() for line in text.splitlines()}
    assert quoted <= raw
    assert {e.line_number for e in top.evidence} <= set(range(2, len(text.splitlines())))


def test_a_json_escaped_message_quotes_the_raw_line():
    line = json.dumps({"error_description": SECRET})
    (top, *_) = diagnose(f"request failed\n{line}").families
    assert top.evidence[0].line_number == 2
    assert top.evidence[0].text == line


def test_the_seed_headline_with_an_empty_list_and_no_braces_is_still_recognised():
    # the seed's sentence as WAC and Register-AzStackHCI print it when a node list is empty and
    # the other is given without braces
    text = (
        "Error: RemoteException: Failed to register. Couldn't generate self-signed certificate "
        "on node(s) . Couldn't set and verify registration certificate on node(s) "
        "AzSHOST1,AzSHOST2. Make sure every clustered node is up and has Internet connectivity "
        "(at least outbound to Azure)."
    )
    result = diagnose(text)
    assert [m.signature.id for m in result.exact] == ["hci-cert-verify-failed"]
    assert result.exact[0].details() == {"nodes": ["AzSHOST1", "AzSHOST2"]}
    assert result.family == "hci-registration"
    assert result.entities.nodes == ("AzSHOST1", "AzSHOST2")


# --- ranking --------------------------------------------------------------------------------


def test_a_cause_in_the_text_comes_before_the_operation_that_failed():
    text = (
        "AZCM0026: Network Error\n"
        "Error occurred while sending request for Device Authorization Code: Post "
        "https://login.windows.net/x/oauth2/devicecode: dial tcp: lookup login.windows.net: "
        "no such host"
    )
    result = diagnose(text)
    assert [m.family.id for m in result.families][:2] == ["network-dns", "arc-agent"]
    assert result.summary().startswith("network-dns: DNS resolution failed for login.windows.net")


def test_an_azure_local_step_names_its_step_and_yields_to_the_tls_cause():
    text = (
        "Type 'DeployPreRequisites' of Role 'MocArb' raised an exception:\n"
        "ERROR: Pip failed: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable "
        "to get local issuer certificate"
    )
    result = diagnose(text)
    assert result.family == "tls-untrusted"
    context = next(m for m in result.families if m.family.id == "azure-local-lifecycle")
    assert dict(context.details) == {"step": "DeployPreRequisites", "role": "MocArb"}


def test_a_generic_wrapper_yields_to_the_specific_reason():
    text = (
        "Azure.RequestFailedException: The SSL connection could not be established, see inner "
        "exception.\n ---> System.Security.Authentication.AuthenticationException: The remote "
        "certificate is invalid because of errors in the certificate chain: UntrustedRoot"
    )
    (top, *_) = diagnose(text).families
    assert top.family.id == "tls-untrusted"
    assert top.strong


def test_a_weak_wording_alone_still_answers_but_says_so():
    # (a remote session's: a local program's "Access is denied" names no family, see
    # test_reference_wordings.py::test_near_misses_of_set_eights_classes_name_no_family)
    (top,) = diagnose("New-PSSession : System.Exception: Access is denied.").families
    assert top.family.id == "remoting-access-denied"
    assert not top.strong


# --- partial and nothing ----------------------------------------------------------------------


def test_an_unknown_code_gets_a_partial_answer_naming_it_and_the_check():
    result = diagnose(
        "Connect-AzAccount : AADSTS99999: something new happened on login.microsoftonline.com"
    )
    assert result.confidence == "partial"
    assert result.family is None
    assert "AADSTS99999" in result.summary()
    assert "login.microsoftonline.com" in result.summary()


def test_text_without_a_failure_or_anything_recognisable_has_no_known_cause():
    assert diagnose(
        "Registration succeeded. See https://portal.azure.com/#resource"
    ).confidence == ("none")
    assert diagnose("the weather is fine today").summary() == "no known cause"


# --- retries and flows --------------------------------------------------------------------------


def test_families_decide_retries_where_no_exact_signature_does():
    reset = RemoteCommandError("node2", "Invoke-RestMethod", "read: connection reset by peer")
    throttled = RemoteCommandError(
        "node2", "New-AzResource", "Status: 429 (Too Many Requests) TooManyRequests"
    )
    secret = RemoteCommandError("node2", "Connect-AzAccount", SECRET)
    assert is_retryable(reset) is True
    assert is_retryable(throttled) is True
    assert is_retryable(secret) is False
    assert is_transient(reset)
    assert not is_transient(secret)


def test_an_exact_signature_still_decides_before_a_family():
    # psrp-session-broken classifies every TransientTransportError by type (retryable); the DNS
    # wording in its text does not overrule the exact signature
    error = TransientTransportError("node2", "getaddrinfo ENOTFOUND management.azure.com")
    assert is_retryable(error) is True
    assert diagnose(error).confidence == "exact"


def test_a_failed_steps_message_carries_the_family_diagnosis(tmp_path):
    from orchestrator.engine.spec import StepSpec, Workflow
    from tests.engine.fakes import SetValue, Store
    from tests.engine.test_runner import run

    store = Store()
    store.fail_next("node2", "a", RemoteCommandError("node2", "Connect-AzAccount", SECRET))
    workflow = Workflow("t", 1, "x", steps=[StepSpec(SetValue(store, "a"))])
    outcome, _journal, _ = run(workflow, tmp_path)
    (failed,) = [n for n in outcome.nodes if n.name == "node2"]
    assert "[diagnosis: entra-client-credential:" in (failed.error or "")
    assert "AADSTS7000215" in (failed.reports["a"].error or "")


# --- the CLI ----------------------------------------------------------------------------------


def test_json_carries_family_confidence_and_entities(orchestrate, tmp_path):
    log = tmp_path / "fail.log"
    log.write_text(
        "[node2] Connecting to remote server node2 failed with the following error message : "
        "The client 'sp@contoso.com' with object id '00000000-0000-0000-0000-000000000000' does "
        "not have authorization to perform action 'Microsoft.HybridCompute/machines/write' over "
        "scope '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hci-rg' or "
        "the scope is invalid. (Code: AuthorizationFailed)\n",
        encoding="utf-8",
    )
    result = orchestrate("diagnose", str(log), "--output", "json")
    assert result.code == 0
    doc = json.loads(result.out)
    assert doc["confidence"] == "exact"  # the catalog's rbac-action-denied signature
    assert doc["family"] == "arm-authorization"
    assert doc["message"] is None
    assert doc["recognised"] is True
    assert doc["retryable"] is False
    assert doc["entities"]["nodes"] == ["node2"]
    assert doc["entities"]["actions"] == ["Microsoft.HybridCompute/machines/write"]
    assert doc["entities"]["scopes"] == [
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hci-rg"
    ]
    assert "AuthorizationFailed" in doc["entities"]["codes"]
    top = doc["families"][0]
    assert top["codes"][0]["code"] == "AuthorizationFailed"
    assert top["reference"].startswith("arm AuthorizationFailed")
    assert top["evidence"][0]["line"] == 1


def test_text_output_names_family_action_check_and_reference(orchestrate, tmp_path):
    log = tmp_path / "dns.log"
    log.write_text(
        "Get-AzAccessToken: No such host is known. (management.azure.com:443)\n", encoding="utf-8"
    )
    out = orchestrate("diagnose", str(log)).out
    assert "Diagnosis (exact): dns-no-such-host" in out or "network-dns" in out
    assert "[" in out
    assert "reference: .NET SocketError.HostNotFound" in out
    assert "check: orchestrate precheck -i INVENTORY --limit NODE" in out


def test_partial_answers_in_text_and_json(orchestrate, tmp_path):
    log = tmp_path / "odd.log"
    log.write_text("ERROR: (FancyNewFailure) The thing failed on node7.\n", encoding="utf-8")
    text = orchestrate("diagnose", str(log)).out
    assert "no known failure signature found" in text
    assert "FancyNewFailure: an Azure error code" in text
    doc = json.loads(orchestrate("diagnose", str(log), "--output", "json").out)
    assert doc["confidence"] == "partial"
    assert doc["recognised"] is False
    assert doc["message"] == "no known failure signature found"
    assert doc["summary"].startswith("no known cause, but the text names code(s) FancyNewFailure")
    assert doc["partial"]["codes"][0]["code"] == "FancyNewFailure"
    assert doc["partial"]["check"].startswith("orchestrate ")


def test_list_shows_families_with_references_and_signatures(orchestrate):
    out = orchestrate("diagnose", "--list").out
    assert "error families" in out
    assert "entra-interaction-required" in out
    assert "reference: entra (AADSTS50076" in out
    assert "exact signatures:" in out
    assert "hci-cert-generate-failed" in out
    doc = json.loads(orchestrate("diagnose", "--list", "--output", "json").out)
    assert {f["id"] for f in doc["families"]} == {f.id for f in load_families()}
    assert "AZCM0157" in next(f for f in doc["families"] if f["id"] == "arc-agent")["codes"]


# --- refusing broken family data ---------------------------------------------------------------


def _document() -> dict[str, Any]:
    """families.yaml as data, for a test to break one field of (a copy each time)."""
    return copy.deepcopy(_shipped_document())


@functools.cache
def _shipped_document() -> dict[str, Any]:
    """Read once: 180 KB of YAML takes PyYAML's pure-Python reader ~0.15 s, 9 tests break it."""
    from importlib import resources

    text = resources.files("orchestrator.catalog").joinpath("families.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "unknown field(s) ['colour']"),
        ({"area": "weather"}, "area 'weather' is not one of"),
        ({"layer": "middle"}, "layer must be cause, context or condition"),
        ({"retryable": "yes"}, "retryable must be true or false"),
        ({"check": "Get-Thing"}, "check must be an orchestrate command"),
        ({"phrases": ["abc"]}, "too short"),
        ({"codes": {"lowercase code": "x"}}, "is not an AADSTS/AZCM/IDX or ARM-style code"),
        # without its patterns: each pattern must match an example, checked before this
        ({"examples": ["nothing to see here"], "patterns": []}, "is answered as nothing"),
    ],
)
def test_broken_families_are_refused_naming_the_family_and_field(change, message):
    document = _document()
    document["families"][0].update(change)
    with pytest.raises(CatalogError, match="family entra-interaction-required") as raised:
        parse_families(document)
    assert message in str(raised.value)


def test_a_code_owned_by_two_families_is_refused():
    document = _document()
    document["families"][1]["codes"]["AADSTS50076"] = "again"
    with pytest.raises(CatalogError, match="already belongs to entra-interaction-required"):
        parse_families(document)


def test_the_ansible_result_brings_the_family_action_when_no_signature_explains_the_error():
    from orchestrator.engine.runner import Engine, RunSettings
    from orchestrator.engine.spec import StepSpec, Workflow
    from orchestrator.task import run_result
    from tests.engine.fakes import ScriptedError, SetValue, Store, lab

    store = Store()
    store.fail_next(
        "node3",
        "a",
        ScriptedError(
            "Post https://login.microsoftonline.com/x: dial tcp 20.190.151.8:443: i/o timeout"
        ),
    )
    workflow = Workflow("t", 1, "x", steps=[StepSpec(SetValue(store, "a"))])
    inventory, connector = lab()
    outcome = Engine(workflow, connector, inventory.cluster.nodes, RunSettings()).run()

    result = run_result(outcome, cluster="hci01")

    (fix,) = result["remediation"]
    assert (fix["node"], fix["source"]) == ("node3", "network-timeout")
    assert fix["remediation"].startswith("1. A firewall that drops")
    assert any("[diagnosis: network-timeout:" in (n["error"] or "") for n in result["nodes"])


@pytest.mark.parametrize(
    ("text", "expected", "reading"),
    [
        (  # ISO 8601 with 7-digit fractions, as Entra ID writes them
            "AADSTS700024: Client assertion is not within its valid time range. Current time: "
            "2024-10-02T22:05:03.6755165Z, assertion valid from 1970-01-01T00:00:00.0000000Z, "
            "expiry time of assertion 2024-10-02T21:30:53.0000000Z.",
            ("expired_by", "34m 10s"),
            "over 30 minutes",
        ),
        (  # en-US month/day with AM/PM, as ARM writes them
            "The access token expiry UTC time '6/15/2026 8:22:51 AM' is earlier than current UTC "
            "time '6/15/2026 9:27:25 AM'.",
            ("expired_by", "1h 4m 34s"),
            "over 30 minutes",
        ),
        (  # de-DE day.month.year with a decimal comma
            "The access token expiry UTC time '15.06.2026 09:22:51,123' is earlier than current "
            "UTC time '15.06.2026 09:27:25,456'.",
            ("expired_by", "4m 34s"),
            "minutes",
        ),
        (  # day/month when the day cannot be a month
            "IDX10222: Lifetime validation failed. The token is not yet valid. ValidFrom: "
            "'25/01/2018 19:20:00', Current time: '25/01/2018 19:17:34'.",
            ("not_yet_valid_by", "2m 26s"),
            "minutes",
        ),
    ],
)
def test_the_token_window_is_read_in_every_culture(text, expected, reading):
    (top, *_) = diagnose(text).families
    assert top.family.id == "token-time"
    assert expected in top.details
    assert dict(top.details)["reading"].startswith(reading)


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # DNS, as each runtime says it
        ("System.Net.Http.HttpRequestException: No such host is known.", "network-dns"),
        ("dial tcp: lookup login.microsoftonline.com: no such host", "network-dns"),
        ("curl: (6) Could not resolve host: login.microsoftonline.com", "network-dns"),
        ("socket.gaierror: [Errno -2] Name or service not known", "network-dns"),
        ("Invoke-WebRequest : The remote name could not be resolved: 'x.azure.com'", "network-dns"),
        (
            "The WinRM client cannot process the request because the server name cannot be resolved.",
            "network-dns",
        ),
        # refused
        (
            "No connection could be made because the target machine actively refused it.",
            "network-refused",
        ),
        ("dial tcp 10.0.0.5:443: connect: connection refused", "network-refused"),
        ("curl: (7) Failed to connect to x port 443: Connection refused", "network-refused"),
        ("ConnectionRefusedError: [Errno 111] Connection refused", "network-refused"),
        # timed out
        ("dial tcp 20.190.151.8:443: i/o timeout", "network-timeout"),
        ("curl: (28) Connection timed out after 10001 milliseconds", "network-timeout"),
        ("Invoke-RestMethod : The operation has timed out.", "network-timeout"),
        ("requests.exceptions.ReadTimeout: Read timed out. (read timeout=30)", "network-timeout"),
        # reset
        ("read tcp 10.0.0.4:5000->20.1.1.1:443: read: connection reset by peer", "network-reset"),
        ("An existing connection was forcibly closed by the remote host.", "network-reset"),
        ("curl: (56) Recv failure: Connection reset by peer", "network-reset"),
        (
            "urllib3.exceptions.ProtocolError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))",
            "network-reset",
        ),
        # unreachable
        ("dial tcp 40.126.9.7:443: connect: network is unreachable", "network-unreachable"),
        ("OSError: [Errno 113] No route to host", "network-unreachable"),
        ("System.Net.WebException: Unable to connect to the remote server", "network-unreachable"),
        # TLS
        ("x509: certificate signed by unknown authority", "tls-untrusted"),
        # session 7: an expired certificate is the tls-certificate-validity condition (no family)
        ("x509: certificate has expired or is not yet valid", None),
        (
            "curl: (60) SSL certificate problem: self signed certificate in certificate chain",
            "tls-untrusted",
        ),
        (
            "The remote certificate is invalid according to the validation procedure.",
            "tls-untrusted",
        ),
        ("CRYPT_E_REVOCATION_OFFLINE (0x80092013)", "tls-revocation"),
        ("The request was aborted: Could not create SSL/TLS secure channel.", "tls-protocol"),
        # proxies
        ("curl: (56) Received HTTP code 407 from proxy after CONNECT", "proxy"),
        ("proxyconnect tcp: dial tcp 10.0.0.1:8080: connect: connection refused", "proxy"),
        ("The remote server returned an error: (407) Proxy Authentication Required.", "proxy"),
    ],
)
def test_each_runtime_wording_names_its_family(wording, family):
    assert family_of(wording) == family


def test_every_signature_source_group_maps_to_a_family():
    from orchestrator.catalog import load_catalog
    from orchestrator.catalog.diagnose import signature_family
    from orchestrator.catalog.models import Match

    known = {f.id for f in load_families()}
    for signature in load_catalog():
        assert signature_family(Match(signature, ())) in known, signature.id


def test_an_exact_signature_can_say_which_family_its_failure_is():
    # AADSTS700027 belongs to the client-credential table, but with "The key used is expired"
    # and a key window starting in the node's future it is the node's clock (seed fixture)
    from tests.conftest import REPO

    text = (REPO / "tests/fixtures/diagnose/hcisvc-debug-clock.txt").read_text("utf-8")
    result = diagnose(text)
    assert "aad-client-assertion-key-expired" in {m.signature.id for m in result.exact}
    assert result.family == "token-time"
    assert result.summary().startswith("token-time: ")


def test_an_error_family_naming_no_family_is_refused():
    from orchestrator.catalog.loader import parse_catalog
    from tests.unit.test_catalog import _entry

    with pytest.raises(CatalogError, match="error_family 'weather' is not a family"):
        parse_catalog({"entries": [_entry(error_family="weather")]})
