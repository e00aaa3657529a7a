"""The environment validators' result record (TargetResourceID / TargetResourceName fields) names
azure-local-lifecycle; a script that builds such a record from PowerShell variables, as the
validators' functions quoted in Azure/AzureLocal-Supportability TSGs do, is no record."""

from __future__ import annotations

from orchestrator.catalog.classify import diagnose

_SCRIPT = """function Test-MOCStackNetworkPort {
    param ($PsSession)
    foreach ($port in $ports) {
        $result = Test-NetConnection -ComputerName $targetComputerName -Port $port
        if (-not $result.TcpTestSucceeded) { $status = 'FAILURE' } else { $status = 'SUCCESS' }
        $params = @{
            Name               = 'AzStackHci_MOCStack_NetworkPort'
            TargetResourceID   = $targetComputerName
            TargetResourceName = $targetComputerName
            TargetResourceType = 'MOCStackNetworkPort'
            Status             = $status
        }
        New-AzStackHciResultObject @params
    }
}"""


def test_a_script_that_builds_a_validator_record_names_no_family():
    assert diagnose(_SCRIPT).family is None


def test_a_printed_validator_record_keeps_azure_local_lifecycle():
    text = (
        "TargetResourceID   : node1\nTargetResourceName : node1\n"
        "TargetResourceType : MOCStackNetworkPort\nStatus             : FAILURE"
    )
    assert diagnose(text).family == "azure-local-lifecycle"
