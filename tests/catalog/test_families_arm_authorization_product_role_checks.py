"""Role checks that products run before they act, in their own words: AKS's
CustomPrivateDNSZoneMissingPermissionError (the cluster identity has no role on a custom private
DNS zone) and Azure Stack Hub's registration readiness check (the account is not an Owner of the
subscription). The registration check's other results name no family. Sources are cited beside
each rule in orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "wording",
    [
        "Code: CustomPrivateDNSZoneMissingPermissionError\nMessage: Service principal or"
        " user-assigned identity must be given permission to read and write to custom private dns"
        " zone <custom-private-dns-zone-resource-id>. Check access result not allowed for action"
        " Microsoft.Network/privateDnsZones/read.",
        "Checking Registration Requirements: Fail\nError Details for registration account"
        " admin@contoso.onmicrosoft.com:\nThe user admin@contoso.onmicrosoft.com is role(s) Reader"
        " for subscription 3f961d1c-d1fb-40c3-99ba-44524b56df2d. User must be an owner of the"
        " subscription to be used for registration.",
    ],
)
def test_product_role_checks_name_arm_authorization(wording: str) -> None:
    assert family_of(wording) == "arm-authorization"


def test_registration_readiness_success_names_no_family() -> None:
    wording = (
        "Invoke-AzsRegistrationValidation v1.1809.1005.1 started.\nChecking Registration"
        " Requirements: OK\nInvoke-AzsRegistrationValidation Completed"
    )
    assert family_of(wording) is None
