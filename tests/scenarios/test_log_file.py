"""--log-file PATH keeps the full DEBUG log of a real flow, timestamped, with no secret in it
(issue 15.8): the arc-onboard flow hands a service principal secret to every node."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.scenarios.support import ScenarioLab

STAMPED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00 (DEBUG|INFO|WARNING|ERROR) ")


def test_the_log_file_has_every_debug_line_stamped_and_no_secret(
    scenario_lab: Callable[..., ScenarioLab],
) -> None:
    lab = scenario_lab("D1")
    app_id, secret = lab.onboarding_secret()
    log = lab.tmp / "orchestrate.log"
    result = lab.cli(
        "--log-file", str(log), "arc-onboard", "-i", str(lab.inventory),
        "--service-principal-id", app_id,
    )  # fmt: skip
    assert result.code == 0, result.err
    text = log.read_text()
    lines = text.splitlines()
    assert all(STAMPED.match(line) for line in lines if not line.startswith((" ", "\t")))
    levels = {line.split()[1] for line in lines if STAMPED.match(line)}
    assert "DEBUG" in levels  # the whole log, though stderr showed warnings only
    assert "DEBUG" not in result.err
    assert "arc_connect" in text  # the flow's own records are in it, not only the libraries'
    assert secret not in text
    assert secret not in result.out + result.err
    assert oct(log.stat().st_mode & 0o777) == "0o600"
