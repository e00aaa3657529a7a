"""Session 8, cycle B: wordings of the Entra ID, token-time, ARM, network, TLS and proxy families
for the classes the sixteenth measure set missed or answered wrongly, taken from the references
families.yaml cites (the Entra error-code table, RFC 4120 / MIT krb5's error table, msrestazure's
CloudError, azcore's ResponseError, Go's net/http and url.Error, paho-mqtt's CONNACK strings,
PowerShellGet, the Azure Pipelines agent's SslPolicyErrors texts, Apigee's runtime errors), and
the look-alikes that must not name them. Written as the references and other tools word them, not
copied from the evaluation corpus."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # AADSTS50078 ExpiredMultiFactorAuthentication: the MFA claim the sign-in presents aged
        # out; an MFA requirement like 50076 / 50079, answered by an interactive sign-in with MFA
        # (session 10, cycle H, decided from the reference's wording with its neighbours; it
        # asserted entra-session-expired from session 8 to session 10 cycle G)
        (
            "MsalUiRequiredException: AADSTS50078: Presented multifactor authentication has "
            "expired due to policies configured by your administrator, you must refresh your "
            "multifactor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'.",
            "entra-interaction-required",
        ),
        (
            '{"error":"invalid_grant","error_description":"AADSTS50078: Presented multi-factor '
            'authentication has expired.","error_codes":[50078]}',
            "entra-interaction-required",
        ),
        # KRB_AP_ERR_TKT_NYV (RFC 4120 error 33), by code, by MIT krb5's name, in an audit event
        ("KRB_AP_ERR_TKT_NYV", "token-time"),
        (
            "kinit: KRB5KRB_AP_ERR_TKT_NYV while getting initial credentials",
            "token-time",
        ),
        (
            "GSSAPI Error: Unspecified GSS failure. Minor code may provide more information "
            "(Ticket not yet valid) krb5_rd_req failed",
            "token-time",
        ),
        (
            "A Kerberos service ticket was requested. Account Information: Account Name: "
            "node1$ Service Information: Service Name: HTTP/node2 Failure Information: "
            "Failure Code: 0x21",
            "token-time",
        ),
        # msrestazure's CloudError for a 409 from ARM (az aks and other msrest-era commands)
        (
            "ERROR: Operation failed with status: 'Conflict'. Details: Another operation "
            "(Upgrading) is in progress on the cluster, please wait for it to finish.",
            "arm-conflict",
        ),
        (
            "msrestazure.azure_exceptions.CloudError: Operation failed with status: 'Conflict'. "
            "Details: Scaling the node pool and deleting it are mutually exclusive operations.",
            "arm-conflict",
        ),
        # azcore's ResponseError for an ARM resource path that returned 404
        (
            "GET https://management.azure.com/subscriptions/0000/resourceGroups/rg1/providers/"
            "Microsoft.Network/virtualNetworks/vnet1\n"
            "--------------------------------------------------------------------------------\n"
            "RESPONSE 404: 404 Not Found\nERROR CODE: NotFound\n"
            "--------------------------------------------------------------------------------\n",
            "arm-not-found",
        ),
        # a masked host name in Go's DNS lookup error is still a lookup that failed
        (
            'Error: Get "https://***.vault.azure.net/": dial tcp: lookup ***.vault.azure.net on '
            "10.0.0.2:53: read udp 10.0.0.4:51234->10.0.0.2:53: i/o timeout",
            "network-dns",
        ),
        (
            "dial tcp: lookup xxx-dns-xxx.hcp.westeurope.azmk8s.io on 127.0.0.53:53: read udp "
            "127.0.0.1:40000->127.0.0.53:53: i/o timeout",
            "network-dns",
        ),
        # Go's response-header timeout (net/http and x/net/http2)
        (
            'Post "https://10.0.0.5:5986/wsman": net/http: timeout awaiting response headers',
            "network-timeout",
        ),
        ("http2: timeout awaiting response headers", "network-timeout"),
        # Go's url.Error wrapping io.EOF: the connection closed before any response
        (
            'Error response from daemon: Get "https://myregistry.azurecr.io/v2/": EOF',
            "network-reset",
        ),
        (
            'Error: Head "https://mcr.microsoft.com/v2/azurelinux/base/manifests/3.0": EOF',
            "network-reset",
        ),
        # PowerShellGet's probe of the gallery found neither endpoint
        (
            "PackageManagement\\Install-Package : Get-PSGalleryApiAvailability : PowerShell Gallery "
            "is currently unavailable.  Please try again later.",
            "network-unreachable",
        ),
        # .NET's RemoteCertificateNameMismatch as tools describe it
        ("SSL policy errors: Certificate name mismatch", "tls-untrusted"),
        # Internet Explorer's / WinINet's page for a failed TLS handshake
        (
            "Can't connect securely to this page. This might be because the site uses outdated or "
            "unsafe TLS security settings. If this keeps happening, try contacting the website's "
            "owner. Your TLS security settings aren't set to the defaults, which could also be "
            "causing this error. Try this: Go back to the last page. Turn on TLS 1.0, TLS 1.1, and "
            "TLS 1.2 in Advanced settings and try connecting to https://portal.contoso.com again.",
            "tls-protocol",
        ),
        # Apigee's ProxyTunnelCreationFailed
        (
            '{"fault":{"faultstring":"Proxy refused to create tunnel with response status 407",'
            '"detail":{"errorcode":"protocol.http.ProxyTunnelCreationFailed"}}}',
            "proxy",
        ),
    ],
)
def test_the_sixteenth_sets_classes_name_their_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # AADSTS50011 (reply address) behind the token endpoint's AADSTS70002 wrapper
        "AADSTS70002: Error validating credentials. AADSTS50011: The redirect URI "
        "'https://app.contoso.com/signin' specified in the request does not match the redirect "
        "URIs configured for the application '0000'.",
        # AADSTS500011: the resource (scope) named in the request, not the app
        "AADSTS500011: The resource principal named api://contoso-api/.default was not found in "
        "the tenant named Contoso. This can happen if the application has not been installed by "
        "the administrator of the tenant or consented to by any user in the tenant. You might have "
        "sent your authentication request to the wrong tenant.",
        # (moved here from test_reference_wordings.py, which asserted entra-app-not-found for it
        # before this cycle: the name is ARM's resource, typical of a wrong tenant or cloud)
        "The resource principal named https://management.core.windows.net was not found in the "
        "tenant named contoso.",
        # MQTT CONNACK refusals (paho-mqtt's connack_string): the server refused the CONNECT
        "azure.iot.device.common.transport_exceptions.UnauthorizedError: Connection Refused: not "
        "authorised.",
        "paho: Connection Refused: bad user name or password. The connection was refused.",
        # Kerberos look-alikes that are not the clock
        "KDC_ERR_CLIENT_NOTYV: Client not yet valid - try again later",
        # an ordinary 409 that is a quota, not another operation
        "Operation failed with status: 'Conflict'. Details: Operation results in exceeding quota "
        "limits of Core. Maximum allowed: 10, Current in use: 8, Additional requested: 4.",
        # a body cut short is not a closed connection before the response
        'Get "https://example.com/file": unexpected EOF',
    ],
)
def test_look_alikes_of_the_sixteenth_sets_classes_are_not_named(wording: str) -> None:
    assert family_of(wording) is None


def test_an_invalid_secret_behind_70002_is_still_the_client_credential() -> None:
    assert (
        family_of(
            "AADSTS70002: Error validating credentials. AADSTS7000215: Invalid client secret is "
            "provided."
        )
        == "entra-client-credential"
    )


def test_a_missing_client_app_is_still_app_not_found() -> None:
    assert (
        family_of(
            "AADSTS700016: Application with identifier '0000' was not found in the directory "
            "'contoso'."
        )
        == "entra-app-not-found"
    )


def test_the_gallery_inside_an_azure_local_validator_stays_that_steps() -> None:
    assert (
        family_of(
            "Validator failed. Can't retrieve the dynamic parameters for the cmdlet. PowerShell "
            "Gallery is currently unavailable.  Please try again later."
        )
        == "azure-local-lifecycle"
    )
