"""The solution builder extension's Cluster-Aware Updating plug-in (Microsoft.HardwareUpdatePlugin)
failing in CAU's words is an Azure Local update / deployment step (azure-local-lifecycle); a
Windows Server cluster's own CAU plug-ins saying the same are not."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose


@pytest.mark.parametrize(
    "text",
    [
        "The Microsoft.HardwareUpdatePlugin plug-in reported a failure while attempting to scan for "
        'applicable updates on node "NODE1". Additional information reported by the plug-in: '
        "(ClusterUpdateException) Failed to get the inventory.",
        "Microsoft.ClusterAwareUpdating.ClusterUpdateException: The Microsoft.HardwareUpdatePlugin "
        "(2) plug-in reported a failure while attempting to scan for applicable updates on node "
        '"node2"',
    ],
)
def test_the_sbe_plug_ins_failure_is_azure_local_lifecycle(text):
    assert diagnose(text).family == "azure-local-lifecycle"


def test_a_windows_server_clusters_own_cau_plug_in_is_not_azure_local_lifecycle():
    text = (
        "Invoke-CauScan : The Microsoft.WindowsUpdatePlugin plug-in reported a failure while "
        'attempting to scan for applicable updates on node "NODE1".'
    )
    assert diagnose(text).family != "azure-local-lifecycle"
