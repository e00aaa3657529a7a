"""The Azure Local deployment validation's refusal of the node's OS build ("Unsupported Azure Stack
HCI OS Version. The version of Azure Stack HCI OS currently installed on your system is not
supported for new deployments.", as the portal's ARM deployment ValidationFailed detail and the
deployment report it: microsoft/azure_arc issue 3380, Azure/AzureLocal-Supportability issue 351)
is an Azure Local deployment step (azure-local-lifecycle); other products' unsupported-OS words are
not."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose


@pytest.mark.parametrize(
    "text",
    [
        '{"code": "ValidationFailed", "target": "providers/Microsoft.HybridCompute/machines/NODE2", '
        '"message": "Unsupported Azure Stack HCI OS Version. The version of Azure Stack HCI OS '
        "currently installed on your system is not supported for new deployments. Please download "
        'and install the latest version from the Microsoft Azure portal."}',
        # the sentence alone, wrapped as a console prints it
        "The version of Azure Stack HCI OS\ncurrently installed on your system is not supported "
        "for new deployments.",
        # the product's current name in the same sentence
        "Unsupported Azure Local OS Version. The version of Azure Local OS currently installed on "
        "your system is not supported for new deployments.",
    ],
)
def test_the_deployment_validations_os_version_refusal_is_azure_local_lifecycle(text):
    assert diagnose(text).family == "azure-local-lifecycle"


@pytest.mark.parametrize(
    "text",
    [
        # Windows Setup / other installers' own unsupported-OS words name no Azure Local step
        "This version of Windows is not supported for new deployments of Exchange Server.",
        "Unsupported OS version: Windows Server 2012 R2 is not supported.",
    ],
)
def test_other_unsupported_os_words_are_not_azure_local_lifecycle(text):
    assert diagnose(text).family != "azure-local-lifecycle"
