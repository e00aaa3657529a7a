"""AKS's node provisioning failure to reach the API server and Defender's proxy test.

MicrosoftDocs/SupportArticles-docs error-code-k8sapiserverconnfailvmextensionerror.md: CSE exit 51,
"Unable to establish connection from agents to Kubernetes API server, please see
https://aka.ms/aks-required-ports-and-addresses" (network-unreachable, beside exit 50's outbound
wording). Microsoft Defender for Endpoint's client analyzer connectivity test: "Expected a 200 Response
from Proxy, received: 407", the configured proxy wants credentials (a 407 is only a proxy's)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "Unable to establish connection from agents to Kubernetes API server, please see "
            "<https://aka.ms/aks-required-ports-and-addresses> for more information.\n\nDetails: "
            'Code="VMExtensionProvisioningError"',
            "network-unreachable",
        ),
        (
            "Testing connection with https://nf.smartscreen.microsoft.com/api/network/mac... [Error]\n"
            "Expected a 200 Response from Proxy, received: 407",
            "proxy",
        ),
    ],
)
def test_producer_wordings_name_their_family(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # the connectivity test passing, and a reached server's answer that is no proxy's
        "Testing connection with https://winatp-gw-cus.microsoft.com/test... [OK]",
        "Expected a 200 Response from Proxy, received: 200",
        # the API server reached, the request refused by RBAC
        'Error from server (Forbidden): pods is forbidden: User "dev" cannot list resource "pods" in '
        'API group "" in the namespace "default"',
    ],
)
def test_near_misses_name_no_network_or_proxy_family(text):
    family = family_of(text)
    assert family is None or not family.startswith(("network-", "proxy")), family
