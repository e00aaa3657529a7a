"""Azure Container Registry's refusal of a service principal's docker login, ARM's
MissingRegistrationForLocation message without its code, and the look-alikes set 22 showed:
AADSTS700025 beside the OAuth error invalid_client (a public-client registration, not a wrong
secret) and az's "Subscription '...' not found" for a value wrapped in literal quotes (a caller's
quoting defect). Sources are cited beside each rule in orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "wording",
    [
        "unauthorized: Invalid clientid or client secret.\nError: Process completed with exit code 1.",
        'Error response from daemon: Get "https://contoso.azurecr.io/v2/": unauthorized: Invalid'
        " clientid or client secret.",
        # Entra ID's own refusal keeps the family
        "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request"
        " is the client secret value, not the client secret ID.",
    ],
)
def test_registry_login_refusals_name_entra_client_credential(wording: str) -> None:
    assert family_of(wording) == "entra-client-credential"


@pytest.mark.parametrize(
    "wording",
    [
        "The subscription is not registered for the resource type 'managedClusters' in the location"
        " 'westus'. Please re-register for this provider in order to have access to this location.",
        'Deployment failed. {\n  "error": {\n    "message": "The subscription is not registered for'
        " the resource type 'components' in the location 'westus'. Please re-register for this"
        ' provider in order to have access to this location."\n  }\n}',
    ],
)
def test_registration_for_location_names_arm_provider_registration(wording: str) -> None:
    assert family_of(wording) == "arm-provider-registration"


@pytest.mark.parametrize(
    "wording",
    [
        "ERROR: Subscription 'contoso-dev' not found. Check the spelling and casing and try again.",
        # a wrong value pasted whole (Azure/azure-cli#21384) is still a subscription not found
        "Subscription 'subscription_id  = \"ec5ed1c6...925444\"' not found. Check the spelling and"
        " casing and try again.",
    ],
)
def test_unknown_subscription_keeps_arm_not_found(wording: str) -> None:
    assert family_of(wording) == "arm-not-found"


@pytest.mark.parametrize(
    "wording",
    [
        "Unable to fetch auth token. Error: (invalid_client) AADSTS700025: Client is public so"
        " neither 'client_assertion' nor 'client_secret' should be presented.",
        '{"error":"invalid_client","error_description":"AADSTS700025: Client is public so neither'
        " 'client_assertion' nor 'client_secret' should be presented.\"}",
        "    <ref *1> Error: invocation of azure-native:authorization:getClientConfig returned an"
        " error: ERROR: Subscription '\"<omitted>\"' not found. Check the spelling and casing and"
        " try again.",
        # another product's client refusal in its own words
        "OAuth error: Invalid clientid or client secret",
    ],
)
def test_public_client_and_quoted_subscription_name_no_family(wording: str) -> None:
    assert family_of(wording) is None
