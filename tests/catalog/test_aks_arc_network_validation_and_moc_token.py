"""AKS Arc on Azure Local, by producer:

* the cluster-create network pre-checks (MicrosoftDocs/azure-stack-docs AKS-Arc/
  network-validation-errors.md): VMNotReachableError ("VM IP : <ip> is not reachable from
  management cluster") is network-unreachable, DNSResolutionError network-dns; the
  CloudAgentConnectivityError / InternetConnectivityError messages are named by the dial error
  inside them (a lookup failure stays network-dns);
* MOC's gRPC "Unauthenticated desc = Valid Token Required" on a MOC client's session login
  (kvactl, wssd, cluster-api-provider-azurestackhci) is token-time (the client tokens expire and
  are rotated: Update-AksHciCertificates); the same words from any other web service name nothing.
"""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose

_PRECHECK = "Error: Network validation failed during cluster creation.\nDetailed message: "


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (f"{_PRECHECK}VM IP : <> is not reachable from management cluster", "network-unreachable"),
        (
            f"{_PRECHECK}VM IP : 10.20.0.31 is not reachable from management cluster",
            "network-unreachable",
        ),
        (
            "VMNotReachableError: Network validation failed during cluster creation.",
            "network-unreachable",
        ),
        ("DNSResolutionError: Network validation failed during cluster creation.", "network-dns"),
        (
            f"{_PRECHECK}Not able to connect to http://cloudagent.contoso.local:50000. Error returned: "
            'action failed after 5 attempts: Get "http://cloudagent.contoso.local:50000": dial tcp: '
            "lookup http://cloudagent.contoso.local: Temporary failure in name resolution",
            "network-dns",
        ),
    ],
)
def test_aks_arc_network_validation_codes(text, family):
    assert diagnose(text).family == family


@pytest.mark.parametrize(
    "text",
    [
        # Azure/aksArc issue 169 (kvactl)
        'C:\\Program Files\\AksHci\\kvactl.exe cluster get --clustername=c1\n--kubeconfig="C:\\'
        'kubeconfig-mgmt"\nSystem.Collections.Hashtable.generic_non_zero 1 [Error: failed to get '
        "new provider: failed to create azurestackhci\nsession: rpc error: code = Unauthenticated "
        "desc = Valid Token Required.]",
        # Azure/aksArc issue 107 (cluster-api-provider-azurestackhci)
        '"error"="failed to create scope: rpc error: code = Unauthenticated desc = Valid Token '
        "Required.\\nfailed to create wssd session: login failed\\ngithub.com/microsoft/"
        "cluster-api-provider-azurestackhci/pkg/auth.login",
    ],
)
def test_moc_valid_token_required_is_token_time(text):
    assert diagnose(text).family == "token-time"


@pytest.mark.parametrize(
    "text",
    [
        '{"error": "Unauthorized", "message": "Valid token required"}',
        "rpc error: code = Unauthenticated desc = Valid Token Required",
        "HTTP 401: Unauthorized: Valid token required to access this resource.",
    ],
)
def test_valid_token_required_outside_moc_names_nothing(text):
    assert diagnose(text).family is None
