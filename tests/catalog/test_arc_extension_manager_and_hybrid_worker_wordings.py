"""The Connected Machine agent's extension manager wording of a handler's non-zero exit ("Extension
returned non-zero exit code for <operation>: <n>. Extension error output | Extension Message: ...",
MicrosoftDocs/azure-management-docs articles/azure-arc/servers/troubleshoot-vm-extensions.md) and
Azure Automation's Hybrid Worker extension failing "for non-Azure VM" name arc-extension by
themselves; the Azure VM guest agents' wordings of the same event stay unnamed."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose


@pytest.mark.parametrize(
    "text",
    [
        # an OMS agent enable failure reported by the Arc extension manager (omsconfig's exit 33;
        # microsoft/OMS-Agent-for-Linux issue 1509)
        "Extension type: Microsoft.EnterpriseCloud.Monitoring.OmsAgentForLinux\nVersion: 1.14.19\n"
        "Status: Failed\nError message:\nExtension returned non-zero exit code for Enable: 33.  "
        "Extension Message: Enable failed with exit code 33 Azure Resource ID updated.",
        "Extension failed to install. Extension must be removed before any further requests on "
        "this extension will be accepted. Extension returned non-zero exit code for Install: 52. "
        "Extension error output: No Python interpreter found, which is an MDC-MDE extension "
        "dependency. Please install either Python 2 or 3.",
        "Extension returned non-zero exit code for Update: 1. Extension error output: std error: .",
        "Unable to retrieve IMDS identity endpoint for non-Azure VM. Ensure that the Azure "
        "connected machine agent is installed and System-assigned identity is enabled.",
        "Hybrid worker extension failed: Unable to retrieve IMDS identity endpoint for non-Azure VM.",
    ],
)
def test_the_arc_extension_managers_own_failures_are_arc_extension(text):
    assert diagnose(text).family == "arc-extension"


@pytest.mark.parametrize(
    "text",
    [
        # the Linux guest agent on an Azure VM (WALinuxAgent extensionprocessutil.py)
        "VM has reported a failure when processing extension 'OmsAgentForLinux'. Error message: "
        "'[ExtensionError] Non-zero exit code: 33, omsagent.py -enable'",
        # the Windows Custom Script Extension on an Azure VM
        "Error message: 'Command execution finished, but failed because it returned a non-zero "
        "exit code of: '1''.",
        # the Arc wording copied into an Azure VM's guest agent log still names the Azure VM
        "/var/lib/waagent/Microsoft.EnterpriseCloud.Monitoring.OmsAgentForLinux-1.14.19/omsagent.py"
        " -enable: Extension returned non-zero exit code for Enable: 33.",
        # an Azure VM's managed identity endpoint missing is no Arc extension
        "ManagedIdentityCredential authentication unavailable. No Managed Identity endpoint found.",
        # the handler's own line without the extension manager's wording
        "Enable failed with exit code 33",
        # a success
        "Extension Message: Successfully enabled extension.",
    ],
)
def test_azure_vm_extension_wordings_and_look_alikes_name_no_arc_extension(text):
    assert diagnose(text).family != "arc-extension"
