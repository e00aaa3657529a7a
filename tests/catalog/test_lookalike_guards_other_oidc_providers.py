"""Look-alike guards: other OpenID Connect providers' answers with the OAuth / OIDC error fields
the Entra families read as weak wordings (OpenID Connect Core 1.0 3.1.2.6 login_required,
consent_required, interaction_required; RFC 6749 5.2 invalid_client, unauthorized_client). Okta's
and Auth0's texts below are that provider's session, consent or client, which no Entra action
fixes: a text naming Okta, Auth0 or Keycloak (or carrying Okta's own descriptions) and no mark of
Entra ID names none of the five families (families.yaml `&other-oidc-provider`). Each text is
quoted from the public thread beside it. The same fields beside an AADSTS code or another Entra
mark keep their family (the development set's texts below)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

OTHER_PROVIDERS = [
    # https://github.com/okta/okta-oidc-js/issues/567 (okta-angular; silent renew with prompt=none
    # after the Okta session ended: Okta's authorize endpoint answers login_required)
    "error.errorCode: login_required, error.description: The client specified not to prompt, but the user is not"
    " logged in.\nonWindowLoadHandler @ thewarehousegroup.okta.com/oauth2/v1/authorize?client_id=dgfgdgfd****&"
    "nonce=fdgdgdggdgd**&prompt=none&redirect_uri=http%3A%2F%2Flocalhost%3A4200%2Fff-ui%2Fauthorization-code%2F"
    "callback&response_mode=okta_post_message&response_type=id_token&state=****&scope=openid:42",
    # https://github.com/auth0/auth0-spa-js/issues/402 (the title, quoting the SDK's error:
    # Auth0's silent authentication needs consent for a localhost app)
    "createAuth0Client throws without returning client instance when silent auth fails with 'consent_required'.",
    # https://github.com/okta/okta-oidc-ios/issues/29 (Okta's token endpoint refusing the client;
    # the description is Okta's own)
    'UserInfo={NSLocalizedDescription={"error":"invalid_client","error_description":"Client authentication failed.'
    ' Either the client or the client credentials are invalid."}}}}',
    # https://github.com/okta/samples-js-react/issues/242 (a Web app's client ID used from a SPA)
    '{"error":"invalid_client","error_description":"Client authentication failed. Either the client or the client'
    ' credentials are invalid."}',
    # https://github.com/instipod/DuoUniversalKeycloakAuthenticator/issues/18 (Duo's Universal Prompt
    # SDK refusing the integration's client id / secret: Duo's OAuth answer, not an Entra app's)
    "2023-10-18 12:56:26,813 WARN  [com.instipod.duouniversal.DuoUniversalAuthenticator] (executor-thread-28)"
    " Authentication against Duo failed with exception: com.duosecurity.exception.DuoException: invalid_client",
]


@pytest.mark.parametrize("text", OTHER_PROVIDERS)
def test_another_oidc_providers_answer_names_no_entra_family(text):
    assert family_of(text) is None


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # development.yaml, https://github.com/MartinIngesen/MSOLSpray/issues/5
        (
            '{"error":"interaction_required","error_description":"AADSTS53003: Access has been blocked by'
            " Conditional Access policies. The access policy does not allow token issuance.\\r\\nTrace ID: \n"
            "36a9bfd2-0233-4b3b-b947-5ed41fa7a600\\r\\nCorrelation ID: 85b60f58-62ff-4d26-b249-6a0229ba280e\\r\\n"
            'Timestamp: 2023-05-29 05:46:34Z","error_codes":[53003]',
            "entra-interaction-required",
        ),
        # development.yaml, https://github.com/ahaenggli/AzureAD-LDAP-wrapper/issues/45
        (
            "ERROR: 2023-03-05T22:32:07.978Z:  graph_azuread.js checkToken { | stdout\nerrorCode: 'invalid_client', |"
            ' stdout\nerrorMessage: "7000215 - [2023-03-05 22:32:01Z]: AADSTS7000215: Invalid client secret provided.'
            " Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a"
            " secret added to app 'appid'.\\r\\n\" + | stdout",
            "entra-client-credential",
        ),
        # Okta federated to Entra ID: the AADSTS code decides, Okta's name beside it does not
        # (the MSOLSpray text above with an Okta sign-in host in front of it)
        (
            "POST https://contoso.okta.com/app/office365/sso/wsfed/passive -> login.microsoftonline.com\n"
            '{"error":"interaction_required","error_description":"AADSTS53003: Access has been blocked by'
            ' Conditional Access policies. The access policy does not allow token issuance."}',
            "entra-interaction-required",
        ),
    ],
)
def test_the_same_fields_with_an_entra_mark_keep_their_family(text, family):
    assert family_of(text) == family
