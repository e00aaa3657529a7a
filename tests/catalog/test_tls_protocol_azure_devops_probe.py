"""The Azure DevOps TLS 1.2 probe (microsoft/azure-devops-tls12 AzureDevOpsTls12Analysis.ps1) connects
TCP first and reports a failed TLS 1.2 handshake as "Probe failed when TLS-negotiating to ...": the
handshake, not the network, whatever socket error it quotes; its TCP failure says it is not TLS."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "Probing: status.dev.azure.com\nISSUE FOUND: This may be TLS compatibility issue! Probe failed"
        " when TLS-negotiating to [::ffff:13.107.6.183]:443. Error: Unable to\n read data from the"
        " transport connection: An existing connection was forcibly cl\nosed by the remote host..",
        "ISSUE FOUND: This may be TLS compatibility issue! Probe failed when TLS-negotiating to"
        " status.dev.azure.com on 13.107.6.183:443.\nError: The client and server cannot communicate,"
        " because they do not possess a common algorithm.",
        "ISSUE FOUND: TLS 1.2 client usage disabled.",
        "ISSUE FOUND: None of TLS 1.2 cipher suites supported by Azure DevOps are enabled.",
        "ISSUE FOUND: None of the TLS 1.2 cipher suites supported by Azure DevOps are enabled.",
        "ISSUE FOUND: No TLS 1.2 cipher suites required by Azure DevOps remain enabled after"
        " applying Group Policy disablement.",
    ],
)
def test_the_azure_devops_tls_probes_findings_are_tls_protocol(text):
    assert family_of(text) == "tls-protocol"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # the probe's own TCP failure: it says it is not TLS
        (
            "Failed to reach status.dev.azure.com. This is connectivity or DNS problem, *not* TLS"
            " compatibility issue.",
            None,
        ),
        # the same socket error outside the probe stays the connection's
        (
            "System.IO.IOException: Unable to read data from the transport connection: An existing"
            " connection was forcibly closed by the remote host.",
            "network-reset",
        ),
    ],
)
def test_the_neighbours_of_the_probes_findings_keep_their_family(text, family):
    assert family_of(text) == family
