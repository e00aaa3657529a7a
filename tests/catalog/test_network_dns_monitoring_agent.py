"""The Microsoft Monitoring Agent's (Log Analytics agent for Windows) DNS failure for its workspace
endpoint, "DNS resolution of the service name <host> failed." (quoted in
saleem-mirza/serilog-azure-log-analytics issue 31), and the same sentence for a host, name network-dns;
a setup note naming DNS resolution names nothing."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "DNS resolution of the service name 0000.oms.opinsights.azure.com failed.  Please check that"
        " the computer has Internet access or that a HTTP proxy has been configured for the system."
        "  The query will be retried later.",
        "DNS resolution of login.microsoftonline.com failed",
    ],
)
def test_dns_resolution_of_a_name_failed(text):
    assert family_of(text) == "network-dns"


def test_a_setup_note_names_nothing():
    text = "Ensure DNS resolution of the workspace endpoint works before onboarding the agent."
    assert family_of(text) is None
