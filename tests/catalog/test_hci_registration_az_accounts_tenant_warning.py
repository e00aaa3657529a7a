"""Az.Accounts' generic cross-tenant warning ("WARNING: Unable to acquire token for tenant '<id>'
with error '<inner error>'", printed by Connect-AzAccount and any Az cmdlet for each tenant of the
account it could not get a token for; MicrosoftDocs/azure-docs-powershell
docs-conceptual/azps-16.2.0/troubleshooting.md @94a1a08364, "Cross-tenant warning") names no HCI
registration failure by itself: the exact signature hci-tenant-not-explicit keeps the registration
failure of seeds/000 (A6 / B4), whose inner error is the MFA requirement."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose
from orchestrator.lab.texts import MULTI_TENANT


def _exact_ids(text: str) -> set[str]:
    return {m.signature.id for m in diagnose(text).exact}


@pytest.mark.parametrize(
    "text",
    [
        "WARNING: Unable to acquire token for tenant '9188040d-6c67-4c5b-b112-36a304b66dad'",
        "WARNING: Unable to acquire token for tenant '72f988bf-86f1-41af-91ab-2d7cd011db47' with "
        "error 'SharedTokenCacheCredential authentication unavailable. Token acquisition failed for "
        "user someone@contoso.com. Ensure that you have authenticated with a developer tool that "
        "supports Azure single sign on.'",
        "PS C:\\> Get-AzSubscription\nWARNING: Unable to acquire token for tenant "
        "'00000000-0000-0000-0000-000000000000' with error 'Object reference not set to an instance "
        "of an object.'",
    ],
)
def test_the_bare_az_accounts_tenant_warning_names_no_hci_registration(text):
    diagnosis = diagnose(text)
    assert "hci-tenant-not-explicit" not in _exact_ids(text)
    assert diagnosis.family != "hci-registration"


@pytest.mark.parametrize(
    "text",
    [
        MULTI_TENANT,
        "Unable to acquire token for tenant 'a1b2c3d4-0000-1111-2222-333344445555' with error 'You "
        "must use multi-factor authentication to access tenant a1b2c3d4-0000-1111-2222-"
        "333344445555, please rerun 'Connect-AzAccount' with additional parameter '-TenantId'.'",
        "Register-AzStackHCI : AADSTS50076: Due to a configuration change made by your "
        "administrator, or because you moved to a new location, you must use multi-factor "
        "authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'.",
    ],
)
def test_the_registration_failure_with_its_mfa_inner_error_keeps_the_signature(text):
    assert "hci-tenant-not-explicit" in _exact_ids(text)
