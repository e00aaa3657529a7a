"""Entra ID sign-in refusals by producer: AD FS's WS-Trust fault ID3242 relayed by MSAL / ADAL
(entra-user-credential), MSAL for iOS/macOS's MSALErrorDomain -50002 (MSALErrorInteractionRequired,
entra-interaction-required), AADSTS650056 / 650057's sentences without their codes
(entra-consent), AADSTS70000's older "grant is expired" sentence (entra-session-expired), and Log
Analytics' region mapping refusal under ARM's Conflict (arm-location). Each rule's source is cited
beside it in orchestrator/catalog/families.yaml; the guards are the same producers' other causes."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            "Connect-PnPOnline : There was an error parsing WS-Trust response from the endpoint."
            " This may occur if there is an issue with your ADFS configuration. Error Message:"
            " Federated service at https://sts.contoso.com/adfs/services/trust/2005/usernamemixed"
            " returned error: ID3242: The security token could not be authenticated or authorized.",
            "entra-user-credential",
        ),
        (
            "AdalException: federated_service_returned_error: Federated service at"
            " https://fs.contoso.com/adfs/services/trust/13/usernamemixed returned error: ID3242:"
            " The security token could not be authenticated or authorized.",
            "entra-user-credential",
        ),
        (
            "[MSAL] acquireTokenSilent returning with error: (MSALErrorDomain, -50002)"
            " Masked(not-null)",
            "entra-interaction-required",
        ),
        (
            'Error Domain=MSALErrorDomain Code=-50002 "(null)" UserInfo={MSALErrorDescriptionKey=User'
            " interaction is required}",
            "entra-interaction-required",
        ),
        (
            "This could be due to one of the following: The client has not listed any permissions for"
            " 'AAD Graph' in the requested permissions in the client's application registration. Or,"
            " The admin has not consented in the tenant. Or, Check the application identifier in the"
            " request to ensure it matches the configured client application identifier.",
            "entra-consent",
        ),
        (
            "Invalid resource. The client has requested access to a resource which isn't listed in"
            " the requested permissions in the client's application registration.",
            "entra-consent",
        ),
        (
            '"error_description": "AADSTS70000: The user could not be authenticated or the grant is'
            " expired. The user must first sign in and if needed grant the client application access"
            ' to the requested scope.\\r\\nTrace ID: 1"',
            "entra-session-expired",
        ),
        (
            "operationalinsights.LinkedServicesClient#CreateOrUpdate: Failure sending request:"
            " StatusCode=0 -- Original Error: autorest/azure: Service returned an error. Status=<nil>"
            ' Code="Conflict" Message="The regions of the resources do not match the expected'
            " mapping. See https://aka.ms/regionmappings for more information on supported region"
            ' mappings."',
            "arm-location",
        ),
    ],
)
def test_a_producers_wording_names_its_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # WIF's ID3242 from a WCF service with no Microsoft sign-in in sight: its own accounts
        "System.ServiceModel.FaultException: ID3242: The security token could not be authenticated"
        " or authorized.\n   at System.ServiceModel.Channels.ServiceChannel.HandleReply()",
        # MSAL objc's other codes: the user cancelled
        'Error Domain=MSALErrorDomain Code=-50005 "(null)" UserInfo={MSALErrorDescriptionKey=User'
        " cancelled the authorization session.}",
        # AADSTS70000's other wordings stay unnamed
        "AADSTS70000: The provided value for the 'code' parameter is not valid",
    ],
)
def test_the_producers_other_causes_name_no_family(wording: str) -> None:
    assert family_of(wording) is None
