"""Entra ID refusals in their producers' words: Conditional Access's end-user error pages and grant
controls (managed / compliant device, approved client app, app protection policy, device-code
sign-in on an unmanaged device), AADSTS50078's expired MFA decided as an MFA requirement with its
neighbours 50072 / 50074 / 50076 / 50079, and the consent-error page's codes and sentences
(900941, 900981, 90093, the tenant policy sentence with the app's name cut). Each rule's source is
cited beside it in orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "wording",
    [
        # the managed-device page, with and without its title
        "Help us keep your device secure Your sign-in was successful but your admin requires the"
        " device requesting access to be managed by 'Contoso' to access this resource.",
        "Your sign-in was successful but your admin requires the device requesting access to be"
        " managed by Fabrikam to access this resource.",
        # the block page (a policy's conditions met, no grant)
        "You don't have access to this. Your sign-in was successful but does not meet the criteria"
        " to access this resource. For example, you might be signing in from a browser, app or"
        " location that is restricted by your admin.",
        # the compliance page
        "You can't get there from here. This application contains sensitive information and can"
        " only be accessed from: Devices or client applications that meet Contoso management"
        " compliance policy.",
        "AADSTS530003: Your device is required to be managed to access this resource.",
        # grant controls by their sign-in error codes and sentences
        "Sign-in error code 530021: Application doesn't meet the conditional access approved app"
        " requirements.",
        "AADSTS53009: Application needs to enforce Intune protection policies.",
        "530033 Remote device flow blocked due to a device based conditional access rule.",
    ],
)
def test_conditional_access_pages_and_grant_controls_name_interaction_required(
    wording: str,
) -> None:
    assert family_of(wording) == "entra-interaction-required"


@pytest.mark.parametrize(
    "wording",
    [
        "AADSTS50078: Presented multi-factor authentication has expired due to policies configured"
        " by your administrator, you must refresh your multi-factor authentication to access"
        " '022907d3-0f1b-48f7-badc-1ba6abab6d66'.",
        'oauth2: "invalid_grant" "AADSTS50078: Presented multi-factor authentication has expired'
        ' due to policies configured by your administrator"',
        "Presented multifactor authentication has expired due to policies configured by your"
        " administrator, you must refresh your multifactor authentication to access 'x'.",
        # its neighbours stay where they were
        "AADSTS50076: Due to a configuration change made by your administrator, or because you"
        " moved to a new location, you must use multi-factor authentication to access 'x'.",
        "AADSTS50079: Due to a configuration change made by your administrator, or because you"
        " moved to a new location, you must enroll in multi-factor authentication to access 'x'.",
        "AADSTS50072: User needs to enroll for second factor authentication.",
        "AADSTS50074: Strong Authentication is required.",
    ],
)
def test_expired_mfa_and_its_neighbours_are_mfa_requirements(wording: str) -> None:
    assert family_of(wording) == "entra-interaction-required"


def test_a_sign_in_aged_out_stays_session_expired() -> None:
    assert (
        family_of(
            "AADSTS700082: The refresh token has expired due to inactivity. The token was issued"
            " on 2024-01-01 and was inactive for 90.00:00:00."
        )
        == "entra-session-expired"
    )


@pytest.mark.parametrize(
    "wording",
    [
        "AADSTS900941: An administrator of Microsoft has set a policy that prevents you from"
        " granting ... he permissions it is requesting. Contact an administrator of .... who can"
        " grant permissions to this application on your behalf.",
        "AADSTS900941: Administrator consent is required. App is considered risky."
        " (AdminConsentRequiredDueToRiskyApp)",
        "This app may be risky. If you trust this app, ask your admin to grant you access.",
        "AADSTS900981: An admin consent request was received for a risky app.",
        "AADSTS90093: Inventory App is requesting one or more permissions that you aren't"
        " authorized to grant. Contact an administrator, who can consent to this application on"
        " your behalf.",
    ],
)
def test_consent_policy_refusals_name_entra_consent(wording: str) -> None:
    assert family_of(wording) == "entra-consent"


@pytest.mark.parametrize(
    "wording",
    [
        # the same page title for a missing app role assignment: the text cannot show a policy
        "You don't have access to this. Your sign-in was successful but you don't have the"
        " permissions to access this resource.",
        # the risky-app warning an administrator continues past
        "This app may be risky. Only continue if you trust this app.",
        # a sign-in that succeeded, in a tool's log
        "Your sign-in was successful. You can close this window.",
    ],
)
def test_look_alikes_of_the_conditional_access_and_consent_pages_are_not_named(
    wording: str,
) -> None:
    assert family_of(wording) is None
