"""No secret (WinRM password, ARM token, Arc service-principal secret) reaches any artefact a
flow leaves behind: stdout, stderr at -vv, every log record at DEBUG (pypsrp, urllib3, spnego
and azure-core included), journals, plan files, archives, anything under the state dir."""

from __future__ import annotations

import logging
import os
import re
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from orchestrator.lab.emulator import LabEmulator
from orchestrator.transport.base import Command
from tests.conftest import EXAMPLES, CliResult
from tests.protocol.conftest import PASSWORD_ENV, transport
from tests.protocol.wire_lab import SECRET_ENV, TOKEN_ENV, WireLab

Make = Callable[..., WireLab]


def _secrets() -> dict[str, str]:
    """The values the flows were given, read back from the variables that hold them."""
    names = {"password": PASSWORD_ENV, "arm token": TOKEN_ENV, "sp secret": SECRET_ENV}
    values = {label: os.environ.get(name, "") for label, name in names.items()}
    assert values["password"]
    assert values["arm token"]
    return {label: value for label, value in values.items() if value}


def _squash(text: str) -> str:
    # Rich folds long log lines at the terminal width: compare without whitespace.
    return re.sub(r"\s+", "", text)


def _file_texts(root: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    yield f"{path}!{name}", archive.read(name).decode("utf-8", "replace")
        elif tarfile.is_tarfile(path):
            with tarfile.open(path) as archive:
                for member in archive.getmembers():
                    handle = archive.extractfile(member)
                    if handle is not None:
                        yield f"{path}!{member.name}", handle.read().decode("utf-8", "replace")
        else:
            yield str(path), path.read_bytes().decode("utf-8", "replace")


def _records(caplog: pytest.LogCaptureFixture) -> Iterator[tuple[str, str]]:
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        if record.exc_info and record.exc_info[1] is not None:
            text += repr(record.exc_info[1])
        yield f"log {record.name}", text


def _leaks(secrets: dict[str, str], artefacts: list[tuple[str, str]]) -> list[str]:
    found = []
    for where, text in artefacts:
        squashed = _squash(text)
        for label, value in secrets.items():
            if value in text or _squash(value) in squashed:
                found.append(f"{label} in {where}")
    return found


# (scenario, registered, verb, extra arguments); "SP" is replaced by the onboarding app's id.
CLI_FLOWS = [
    (None, False, "register", ()),
    (None, True, "unregister", ()),
    (None, True, "arc-offboard", ()),
    ("D2", False, "arc-onboard", ("--service-principal-id", "SP")),
]


@pytest.mark.parametrize(("scenario", "registered", "verb", "extra"), CLI_FLOWS)
def test_a_flow_at_debug_leaves_no_secret_in_any_artefact(
    wire_lab: Make,
    tmp_path: Path,
    scenario: str | None,
    registered: bool,
    verb: str,
    extra: tuple[str, ...],
) -> None:
    lab = wire_lab(scenario, is_registered=registered)
    if "SP" in extra:
        extra = tuple(lab.onboarding_secret() if a == "SP" else a for a in extra)
    plan = tmp_path / "plan.json"
    base = ("-vv", "--state-dir", str(lab.state_dir))
    inventory = ("-i", str(lab.inventory_path), "--output", "json", *extra)
    planned = lab.cli(*base, verb, *inventory, "--dry-run", "--plan-out", str(plan))
    applied = lab.cli(*base, verb, *inventory, "--yes")
    again = lab.cli(*base, verb, *inventory, "--yes")  # the no-op path reads everything back

    assert applied.code == 0, applied.err
    assert plan.is_file()
    assert "DEBUG" in applied.err  # -vv was in effect: the check below saw the debug lines
    streams = [
        (f"{name} {stream}", getattr(result, stream))
        for name, result in (("plan", planned), ("apply", applied), ("again", again))
        for stream in ("out", "err")
    ]
    assert _leaks(_secrets(), streams + list(_file_texts(tmp_path))) == []


@pytest.mark.parametrize(
    ("scenario", "registered", "flow"),
    [(None, False, "register"), (None, True, "unregister"), ("D2", False, "arc_onboard")],
)
def test_every_log_record_at_debug_is_free_of_secrets(
    wire_lab: Make,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
    scenario: str | None,
    registered: bool,
    flow: str,
) -> None:
    """Through the engine API with the root logger at DEBUG and nobody taming pypsrp, urllib3,
    spnego or azure-core: the logging setup of a program that embeds the orchestrator."""
    for name in ("", "pypsrp", "psrpcore", "urllib3", "spnego", "azure"):
        caplog.set_level(logging.DEBUG, logger=name)  # whatever a CLI run set before
    lab = wire_lab(scenario, is_registered=registered)
    options = {}
    if flow == "arc_onboard":
        options = {"service_principal_id": lab.onboarding_secret()}

    outcome = lab.run(flow.replace("_", "-"), **options)

    assert {run.state for run in outcome.nodes} == {"done"}
    loggers = {record.name.split(".")[0] for record in caplog.records}
    assert {"pypsrp", "urllib3", "orchestrator"} <= loggers  # they did speak at DEBUG
    assert _leaks(_secrets(), list(_records(caplog)) + list(_file_texts(tmp_path))) == []


def test_a_failed_sign_in_names_the_problem_without_the_password(
    wire_lab: Make, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    lab = wire_lab()
    wrong = "Wr0ng-but-still-a-Secret-7731"
    monkeypatch.setenv(PASSWORD_ENV, wrong)

    result = lab.cli(
        "-vv",
        "--state-dir",
        str(lab.state_dir),
        "register",
        "-i",
        str(lab.inventory_path),
        "--yes",
        "--output",
        "json",
    )

    assert result.code != 0
    assert "credentials" in result.out + result.err  # the failure is named (-vv: with traces)
    assert _leaks({"wrong password": wrong}, [("out", result.out), ("err", result.err)]) == []
    assert _leaks({"wrong password": wrong}, list(_file_texts(tmp_path))) == []


def test_pypsrp_payload_records_are_withheld_whatever_the_level() -> None:
    from orchestrator.transport import psrp  # noqa: F401  (installs the filters)
    from orchestrator.transport.wire_log import WITHHELD

    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("pypsrp.messages")
    handler, level = Keep(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        # pypsrp formats before logging; a lazily formatted one is caught the same way
        logger.debug("Packing PSRP message: %s", '<S N="V">tok-SECRET</S>')
        logger.debug("Received RunspacePoolState with state: %d", 2)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)

    assert [r.getMessage() for r in records] == [
        f"Packing PSRP message: {WITHHELD}",
        "Received RunspacePoolState with state: 2",
    ]


@pytest.mark.parametrize("check_mode", [True, False])
def test_the_ansible_task_result_and_state_hold_no_secret(
    wire_lab: Make,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
    check_mode: bool,
) -> None:
    """The module's secrets arrive as parameters (no_log), not in the environment."""
    import json

    from orchestrator.task import Secrets, TaskRequest, run_task

    caplog.set_level(logging.DEBUG)
    lab = wire_lab()
    secrets = _secrets()
    monkeypatch.delenv(PASSWORD_ENV)
    monkeypatch.delenv(TOKEN_ENV)
    request = TaskRequest(
        flow="register",
        state_dir=tmp_path / "ansible-state",
        inventory_path=str(lab.inventory_path),
        check_mode=check_mode,
        secrets=Secrets(password=secrets["password"], azure_token=secrets["arm token"]),
    )

    result = run_task(request, argv=["register"])

    assert result.get("failed") is not True, result
    assert result["changed"] is True
    artefacts = [("result", json.dumps(result)), ("request", repr(request))]
    artefacts += list(_records(caplog)) + list(_file_texts(tmp_path))
    assert _leaks(secrets, artefacts) == []
    assert PASSWORD_ENV not in os.environ  # the overlay is gone once the task is done


def test_collect_logs_archive_and_streams_hold_no_secret(wire_lab: Make, tmp_path: Path) -> None:
    lab = wire_lab("E1")
    result = lab.cli(
        "-vv", "--state-dir", str(lab.state_dir), "collect-logs", "-i", str(lab.inventory_path),
        "--output", "json", "--out", str(tmp_path / "evidence"),
    )  # fmt: skip

    assert result.code == 0, result.err
    archives = [p for p in (tmp_path / "evidence").rglob("*") if p.is_file()]
    assert archives  # the archive is there and was read below
    artefacts = [("out", result.out), ("err", result.err), *_file_texts(tmp_path)]
    assert _leaks(_secrets(), artefacts) == []


def test_a_lab_snapshot_keeps_no_token(
    orchestrate: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The lab transport saves its world after every command (ORCHESTRATE_LAB_STATE): the
    ARM tokens the flow handed to Register-AzStackHCI must not be in it."""
    snapshot = tmp_path / "world.json"
    monkeypatch.setenv("ORCHESTRATE_LAB_STATE", str(snapshot))
    inventory = str(EXAMPLES / "lab-cluster.yaml")

    result = orchestrate(
        "--state-dir", str(tmp_path / "state"), "register", "-i", inventory, "--yes",
    )  # fmt: skip

    assert result.code == 0, result.err
    assert snapshot.is_file()
    texts = [result.out, result.err, *(text for _, text in _file_texts(tmp_path))]
    assert not [t for t in texts if JWT.search(t)]


# A bearer token (JWT): three base64url parts, the first a JSON header ("eyJ...").
JWT = re.compile(r"eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*")


def test_ntlm_authentication_tokens_stay_out_of_debug_logs(
    serve: Callable[..., LabEmulator], caplog: pytest.LogCaptureFixture
) -> None:
    """An NTLM challenge with its response is enough to crack the password offline."""
    for name in ("", "spnego", "pypsrp"):
        caplog.set_level(logging.DEBUG, logger=name)
    emulator = serve(auth="negotiate", tls=False)

    session = transport(emulator, auth="ntlm").open("node1")
    session.run(Command.cmdlet("Get-Service", Name="hcisvc"))

    assert any(r.name.startswith("spnego") for r in caplog.records)  # it did speak
    # base64 of "NTLMSSP\0" followed by message type 2 (challenge) or 3 (response)
    logged = " ".join(text for _, text in _records(caplog))
    assert "TlRMTVNTUAAC" not in logged
    assert "TlRMTVNTUAAD" not in logged
