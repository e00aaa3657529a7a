"""`orchestrate diagnose` from the user's side: real sample inputs give the right causes with
their evidence and commands; unknown input is said to be unknown; secrets are masked; bad
input is exit 2 without a traceback; JSON is one parseable document."""

from __future__ import annotations

import io
import json

import pytest

from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "diagnose"


def _json(orchestrate, *args):
    result = orchestrate("diagnose", *args, "--output", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def _causes(doc):
    return [c["id"] for c in doc["causes"]]


@pytest.mark.parametrize(
    ("fixture", "expected", "retryable"),
    [
        (
            "RegisterHCI_20261123-1014.log",
            ["hci-cert-generate-failed", "hci-cert-verify-failed", "hci-9110-certificates-failed"],
            False,
        ),
        (
            "hcisvc-debug-clock.txt",
            [
                "hci-token-fetch-retrying",
                "hci-token-fetch-exhausted",
                "aad-client-assertion-key-expired",
            ],
            False,
        ),
        (
            "hcisvc-debug-recovered.txt",
            ["hci-token-fetch-retrying", "hci-token-fetch-recovered"],
            True,
        ),
        (
            "admin-events.xml",
            [
                "event-585-license-renewal-failed",
                "event-591-failed-to-connect",
                "event-594-data-access-error",
            ],
            False,
        ),
        ("admin-events-wevtutil.txt", ["event-592-repair-initiated"], None),
        ("unregister-console.txt", ["hci-arc-disable-failed"], False),
        (
            "azcmagent-connect-spn.txt",
            ["aad-invalid-client-secret", "arc-spn-token-failed", "azcm0041-credentials-invalid"],
            False,
        ),
        ("azcmagent-show.json", ["arc-agent-disconnected"], False),
        ("azcmagent-connect-error.json", ["azcm0042-create-failed", "rbac-action-denied"], False),
        (
            "proxy-arc-agent.log",
            ["net-unreachable", "net-blocked-by-proxy-or-firewall", "dns-no-such-host"],
            False,
        ),
    ],
)
def test_sample_inputs_give_the_right_causes(orchestrate, fixture, expected, retryable):
    doc = _json(orchestrate, str(FIXTURES / fixture))
    assert doc["format_version"] == 1
    assert doc["command"] == "diagnose"
    assert doc["recognised"] is True
    assert doc["message"] is None
    assert _causes(doc) == expected
    assert doc["retryable"] is retryable


def test_register_log_names_nodes_lines_and_commands(orchestrate):
    doc = _json(orchestrate, str(FIXTURES / "RegisterHCI_20261123-1014.log"))
    generate, verify, code = doc["causes"]
    assert generate["evidence"][0]["line"] == 7
    assert generate["command"] == "orchestrate precheck -i INVENTORY --limit node2"
    assert verify["command"] == "orchestrate precheck -i INVENTORY --limit node3"
    assert generate["scenarios"] == ["A1"]
    assert verify["scenarios"] == ["A3"]
    assert "Start-Service hcisvc" in generate["remediation"]
    assert code["evidence"][0] == {
        "location": "line 8",
        "line": 8,
        "text": "2026/11/23 10:18:03 , INFO , WacErrorCode : 9110",
        "details": {"event_id": "9110"},
    }


def test_text_output_shows_evidence_class_remediation_and_command(orchestrate):
    result = orchestrate("diagnose", str(FIXTURES / "unregister-console.txt"))
    assert result.code == 0
    out = result.out
    assert "1 known cause(s) in 10 line(s)" in out
    assert "[1] hci-arc-disable-failed:" in out
    assert "class: state-conflict; not retryable; scenarios: B2, B3, C2" in out
    assert "evidence (line 3): Unregister-AzStackHCI : ERROR: Couldn't disable Azure Arc" in out
    assert "azcmagent.exe disconnect --force-local-only" in out
    assert "run: orchestrate arc-cleanup -i INVENTORY --limit node3" in out
    assert result.err == ""


def test_proxy_log_names_the_blocked_endpoints(orchestrate):
    doc = _json(orchestrate, str(FIXTURES / "proxy-arc-agent.log"))
    details = {c["id"]: c["details"] for c in doc["causes"]}
    assert details["net-unreachable"]["endpoint"] == ["login.windows.net"]
    assert details["net-blocked-by-proxy-or-firewall"]["endpoint"] == ["management.azure.com"]
    assert details["dns-no-such-host"]["endpoint"] == ["login.windows.net"]


def test_unrecognised_input_says_so_and_exits_0(orchestrate):
    result = orchestrate("diagnose", str(FIXTURES / "register-success.log"))
    assert result.code == 0
    assert "no known failure signature found in 6 line(s)" in result.out
    doc = _json(orchestrate, str(FIXTURES / "register-success.log"))
    assert doc["recognised"] is False
    assert doc["causes"] == []
    assert doc["message"] == "no known failure signature found"
    assert doc["retryable"] is None


SECRET = "Zx8Q~not.a.real.secret-ButStillSecret"
TOKEN_SIGNATURE = "c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_secrets_in_evidence_lines_are_masked(orchestrate, tmp_path, fmt):
    log = tmp_path / "console.txt"
    log.write_text(
        "PS> azcmagent connect --service-principal-id 0d3b --service-principal-secret "
        f'"{SECRET}" --tenant-id t  # AZCM0041: The credentials supplied are invalid\n'
        "2026/11/23 10:18:02 , ERROR , ExecuteWithRetry operation AADTokenFetch failed after "
        f"all retries; request had -ArmAccessToken eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.{TOKEN_SIGNATURE}\n"
    )
    result = orchestrate("diagnose", str(log), "--output", fmt)
    assert result.code == 0
    assert "AZCM0041" in result.out
    assert "failed after" in result.out
    assert "***" in result.out
    assert SECRET not in result.out + result.err
    assert TOKEN_SIGNATURE not in result.out + result.err


def test_fixture_secrets_never_reach_the_output(orchestrate):
    for name in ("azcmagent-connect-spn.txt", "RegisterHCI_20261123-1014.log"):
        for fmt in ("text", "json"):
            result = orchestrate("diagnose", str(FIXTURES / name), "--output", fmt)
            assert SECRET not in result.out
            assert TOKEN_SIGNATURE not in result.out


def test_stdin_is_read_with_dash(orchestrate, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"AZCM0067: already connected\n")))
    doc = _json(orchestrate, "-")
    assert doc["input"] == "<stdin>"
    assert _causes(doc) == ["azcm0067-already-connected"]


def test_utf16_files_from_powershell_are_read(orchestrate, tmp_path):
    text = (FIXTURES / "unregister-console.txt").read_text()
    with_bom = tmp_path / "with-bom.txt"
    with_bom.write_bytes(text.encode("utf-16"))
    without_bom = tmp_path / "no-bom.txt"
    without_bom.write_bytes(text.encode("utf-16-le"))
    for path in (with_bom, without_bom):
        assert _causes(_json(orchestrate, str(path))) == ["hci-arc-disable-failed"]


def test_missing_file_is_exit_2_with_a_precise_message(orchestrate, tmp_path):
    missing = tmp_path / "RegisterHCI_nope.log"
    result = orchestrate("diagnose", str(missing))
    assert result.code == 2
    assert result.out == ""
    assert f"FILE: {missing} does not exist" in result.err
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_directory_is_exit_2(orchestrate, tmp_path):
    result = orchestrate("diagnose", str(tmp_path))
    assert result.code == 2
    assert "is a directory; give one file" in result.err
    assert "Traceback" not in result.err


def test_no_file_and_a_terminal_on_stdin_is_exit_2(orchestrate, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    result = orchestrate("diagnose")
    assert result.code == 2
    assert "nothing to read" in result.err


def test_json_is_the_only_thing_on_stdout_even_when_verbose(orchestrate):
    result = orchestrate("-vv", "diagnose", str(FIXTURES / "admin-events.xml"), "--output", "json")
    assert result.code == 0
    json.loads(result.out)


def test_diagnose_is_listed_in_help(orchestrate):
    result = orchestrate("--help")
    assert "diagnose" in result.out


@pytest.mark.parametrize(
    ("magic", "advice"),
    [
        (b"PK\x03\x04rest-of-zip", "is a zip archive"),
        (b"ElfFile\x00\x00\x01", "Get-WinEvent -Path FILE.evtx | Format-List > events.txt"),
    ],
)
def test_binary_inputs_are_refused_with_the_way_to_text(orchestrate, tmp_path, magic, advice):
    path = tmp_path / "input.bin"
    path.write_bytes(magic)
    result = orchestrate("diagnose", str(path))
    assert result.code == 2
    assert advice in result.err
    assert result.out == ""


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 16,  # arbitrary binary: control codes and undecodable bytes
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 64,  # NUL-heavy (.exe)
    ],
    ids=["bytes", "nul-heavy"],
)
def test_binary_data_without_a_known_magic_is_refused(orchestrate, tmp_path, data):
    path = tmp_path / "capture.dat"
    path.write_bytes(data)
    result = orchestrate("diagnose", str(path))
    assert result.code == 2
    assert result.err.strip() == (
        f"error: FILE: {path} is binary data, not text; give a log, console capture, event "
        "export (Get-WinEvent | Format-List) or azcmagent output"
    )
    assert result.out == ""


def test_text_with_colours_and_a_stray_byte_is_still_read(orchestrate, tmp_path):
    path = tmp_path / "console.txt"
    path.write_bytes(
        b"\x1b[31mRegister-AzStackHCI : Couldn't generate self-signed certificate on node(s) "
        b"{node2}\x1b[0m\n\xff trailing noise\n"
    )
    result = orchestrate("diagnose", str(path))
    assert result.code == 0, result.err
    assert "hci-cert-generate-failed" in result.out


def test_utf16_big_endian_without_a_bom_is_read(orchestrate, tmp_path):
    path = tmp_path / "be.txt"
    path.write_bytes(
        "Couldn't generate self-signed certificate on node(s) {node2}\n".encode("utf-16-be")
    )
    result = orchestrate("diagnose", str(path))
    assert result.code == 0, result.err
    assert "hci-cert-generate-failed" in result.out
