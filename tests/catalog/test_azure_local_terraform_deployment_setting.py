"""Terraform's azurerm_stack_hci_deployment_setting failing its validate or deploy phase
("validating|deploying Deployment Setting (Subscription: ...): <polling error>") is the Azure Local
deployment run (azure-local-lifecycle), weakly: a cause in the polling error decides, and the
resource's other operations (retrieving a missing one) are not a deployment failure."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose

_ID = (
    'Deployment Setting (Subscription: "00000000-0000-0000-0000-000000000000"\nResource Group '
    'Name: "rg-hci"\nCluster Name: "hci01"\nDeployment Setting Name: "default")'
)
_POLL = (
    "polling after CreateOrUpdate: polling failed: the Azure API returned the following error:"
    '\n\nStatus: "Failed"\nCode: ""\nMessage: ""'
)


@pytest.mark.parametrize("phase", ["validating", "deploying"])
def test_the_deployment_settings_validate_or_deploy_phase_failing_is_azure_local_lifecycle(phase):
    assert diagnose(f"Error: {phase} {_ID}: {_POLL}").family == "azure-local-lifecycle"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            f'Error: validating {_ID}: polling after CreateOrUpdate: Get "https://management.'
            'azure.com/x": dial tcp: lookup management.azure.com: no such host',
            "network-dns",
        ),
        (
            f"Error: retrieving {_ID}: unexpected status 404 (404 Not Found) with error: "
            "ResourceNotFound: The Resource 'Microsoft.AzureStackHCI/clusters/hci01/"
            "deploymentSettings/default' under resource group 'rg-hci' was not found.",
            "arm-not-found",
        ),
    ],
)
def test_a_cause_in_the_polling_error_or_another_operation_names_its_own_family(text, family):
    assert diagnose(text).family == family
