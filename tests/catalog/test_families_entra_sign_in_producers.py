"""Entra ID sign-in refusals as their producers print them: SharePoint Online's client runtime
(IDCRL, behind Connect-PnPOnline / Connect-SPOService / CSOM), the Kubernetes Azure cloud
provider's service principal sign-in through go-autorest, and the AADSTS codes whose text alone
cannot name a family (AADSTS900561, AADSTS70000). Each rule's producer is cited beside it in
orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # PPCRL_REQUEST_E_PARTNER_BAD_MEMBER_NAME_OR_PASSWORD: the federation server (AD FS)
        # refused the user name or password
        (
            "Connect-PnPOnline : The partner returned a bad sign-in name or password error. For more"
            " information, see Federation Error-handling Scenarios.",
            "entra-user-credential",
        ),
        (
            "Microsoft.SharePoint.Client.IdcrlException: The partner returned a bad sign-in name or"
            " password error. For more information, see Federation Error-handling Scenarios.\n   at"
            " Microsoft.SharePoint.Client.Idcrl.IdcrlAuth.GetServiceToken(String securityXml,"
            " String serviceTarget, String servicePolicy)",
            "entra-user-credential",
        ),
        # the kubelet's Azure cloud provider signing in with the cluster's service principal at
        # the v1 token endpoint (go-autorest before adal), as aks-engine's troubleshooting page
        # quotes it, and the 401 form
        (
            "docker[3177]: E1110 16:35:22.840688    3201 kubelet_node_status.go:69] Unable to"
            " construct api.Node object for kubelet: failed to get external ID from cloud provider:"
            " autorest#WithErrorUnlessStatusCode: POST"
            " https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/token"
            "?api-version=1.0 failed with 400 Bad Request: StatusCode=400",
            "entra-client-credential",
        ),
        (
            "E0301 09:12:44.123456 1 azure_backoff.go:99] GetVirtualMachineWithRetry(node-1):"
            " backoff failure, will retry, err=autorest#WithErrorUnlessStatusCode: POST"
            " https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token?api-version=1.0"
            " failed with 401 Unauthorized: StatusCode=401",
            "entra-client-credential",
        ),
    ],
)
def test_entra_sign_in_refusals_name_their_family_in_the_producers_forms(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # PPCRL_REQUEST_E_BAD_MEMBER_NAME_OR_PASSWORD: one sentence for a wrong password and for an
        # account that must do MFA (pnp/powershell#397, pnp/PnP-PowerShell#146): the text cannot say
        # which of entra-user-credential and entra-interaction-required
        "Connect-PnPOnline : The sign-in name or password does not match one in the\nMicrosoft"
        " account system.\n+ CategoryInfo : NotSpecified: (:) [Connect-PnPOnline], IdcrlException",
        "Exception             : Microsoft.SharePoint.Client.IdcrlException: The sign-in name or"
        " password does not match one in \n                        the Microsoft account system.",
        # the runtime's other IDCRL sentences: realm discovery, no answer, a name format
        "Connect-PnPOnline : Identity Client Runtime Library (IDCRL) could not look up the realm"
        " information for a federated sign-in.",
        "Microsoft.SharePoint.Client.IdcrlException: 'Identity Client Runtime Library (IDCRL) did"
        " not get a response from the Login server.'",
        "Microsoft.SharePoint.Client.IdcrlException\nThe user ID is not formatted correctly to"
        " correspond to a Microsoft account.",
        # AADSTS900561 (BadResourceRequestInvalidRequest): a request with the wrong HTTP verb, a
        # browser's back button or a developer error, "It can be ignored"; a Conditional Access
        # cause behind it is not in the text
        "AADSTS900561: This endpoint only accepts POST requests. Received a GET request.",
        "Message: AADSTS900561: The endpoint only accepts POST, OPTIONS requests. Received a GET"
        " request.",
        # AADSTS70000 (InvalidGrant): a refresh token without its binding, or the service's
        # catch-all for a refused grant (an authorisation code altered or reused): no sign-in aged
        # out
        "AADSTS70000: The provided value for the 'code' parameter is not valid",
        '{"error":"invalid_grant","error_description":"AADSTS70000: Provided grant is invalid or'
        ' malformed.","error_codes":[70000]}',
    ],
)
def test_entra_texts_that_cannot_show_their_family_are_not_named(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # a body with the token endpoint's code decides over the bare status
        (
            "autorest#WithErrorUnlessStatusCode: POST https://login.microsoftonline.com/t/oauth2/"
            "token?api-version=1.0 failed with 400 Bad Request: StatusCode=400"
            ' {"error":"unauthorized_client","error_description":"AADSTS700016: Application with'
            " identifier 'x' was not found in the directory 'y'.\"}",
            "entra-app-not-found",
        ),
        # the session codes beside 70000 keep their family
        (
            '{"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has'
            ' expired due to inactivity."}',
            "entra-session-expired",
        ),
        (
            "AADSTS70008: The provided authorization code or refresh token has expired due to"
            " inactivity.",
            "entra-session-expired",
        ),
    ],
)
def test_the_neighbours_of_the_entra_sign_in_wordings_keep_their_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family
