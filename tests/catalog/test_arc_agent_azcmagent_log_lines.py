"""azcmagent's own log lines when connect / onboarding fails ("error connecting machine to Azure:
<cause>", "Failed to discover OS information for onboarding") name the agent (arc-agent), weakly:
a cause another family names still decides, and a connect that worked names nothing."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose


@pytest.mark.parametrize(
    "text",
    [
        'time="2024-02-01T10:00:00Z" level=fatal msg="error connecting machine to Azure: failed to '
        'send a heartbeat: [certStore] ClientAssertionCredential authentication failed."',
        'time="2024-02-01T10:00:00Z" level=fatal msg="error connecting machine to Azure: invalid '
        'change token"',
        'level=error msg="Failed to discover OS information for onboarding" Error="fork/exec '
        'C:\\\\tools\\\\cmd.exe: %1 is not a valid Win32 application."',
    ],
)
def test_the_agents_own_connect_and_onboarding_failures_are_arc_agent(text):
    assert diagnose(text).family == "arc-agent"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            'level=fatal msg="error connecting machine to Azure: Post \\"https://gbl.his.arc.azure.'
            'com/x\\": dial tcp: lookup gbl.his.arc.azure.com: no such host"',
            "network-dns",
        ),
        (
            'level=fatal msg="error connecting machine to Azure: AADSTS7000215: Invalid client '
            'secret provided."',
            "entra-client-credential",
        ),
        ('level=info msg="Connected machine to Azure"', None),
    ],
)
def test_a_cause_beside_the_agents_line_decides_and_a_success_names_nothing(text, family):
    assert diagnose(text).family == family
