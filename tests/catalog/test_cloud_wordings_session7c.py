"""Session 7, third cycle: wordings of the Entra ID, token-time, ARM, TLS and proxy families for
the classes the fourteenth measure set missed or answered wrongly, taken from the references
families.yaml cites (the Entra error-code table, WinHTTP's callback flags, go-autorest's adal,
Azure Resource Graph's throttling guidance, Microsoft's TLS guidance for .NET Framework, OpenSSL's
X.509 verification reasons), and the look-alikes that must not name them. Written as the
references and other tools word them, not copied from the evaluation corpus."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose
from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # AADSTS50055's own sentence (reference-error-codes.md), without the code
        (
            "Sign-in failed: The user's password is expired, and therefore their login or "
            "session was ended. They will be offered the opportunity to reset it.",
            "entra-user-credential",
        ),
        # pam_aad logs Entra's error_codes list as bare numbers
        (
            "pam_aad(sshd:auth): Unknown error code(s) from server: [50126]",
            "entra-user-credential",
        ),
        (
            "pam_aad(login:auth): Unknown error code(s) from server: [50057 50058]",
            "entra-user-credential",
        ),
        (
            "pam_aad(sudo:auth): Unknown error code(s) from server: [7000215]",
            "entra-client-credential",
        ),
        # go-autorest adal: a service principal's refresh refused with 401, no body
        (
            "Error: building account: getting authenticated object ID: azure.BearerAuthorizer#"
            "WithAuthorization: Failed to refresh the Token for request to https://management."
            "azure.com/subscriptions/0000/providers?api-version=2016-02-01: StatusCode=0 -- "
            "Original Error: adal: Refresh request failed. Status Code = '401'",
            "entra-client-credential",
        ),
        # Resource Graph's throttling as the portal and the SDKs name its code
        (
            "Please see https://aka.ms/resourcegraph-throttling for help. (Code:RateLimiting)",
            "arm-throttling",
        ),
        (
            '{"error":{"code":"RateLimiting","message":"Please provide below info when asking for '
            'support: timestamp = 2024-01-01T00:00:00Z, correlationId = 0000."}}',
            "arm-throttling",
        ),
        # WinHTTP's revocation flag as SDKs built on it print it
        (
            "WinHttpException: WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED",
            "tls-revocation",
        ),
        (
            "SSL error: failed to check revocation status from endpoint login.microsoftonline.com",
            "tls-revocation",
        ),
        # .NET Framework's SendFailure with nothing after it: TLS 1.2 not offered
        (
            "Invoke-WebRequest : The underlying connection was closed: An unexpected error "
            "occurred on a send.\nAt line:1 char:1\n+ Invoke-WebRequest -Uri https://contoso.com",
            "tls-protocol",
        ),
        (
            "System.Net.WebException: The underlying connection was closed: An unexpected error "
            "occurred on a send. ---> System.IO.IOException: Authentication failed because the "
            "remote party has closed the transport stream.",
            "tls-protocol",
        ),
        (
            'Exception calling "DownloadString" with "1" argument(s): "The underlying '
            'connection was closed: An unexpected error occurred on a send."',
            "tls-protocol",
        ),
        # a certificate not yet valid with the clock's words beside it is the clock
        (
            "SSL certificate problem: certificate is not yet valid. Check that your system clock "
            "is set correctly.",
            "token-time",
        ),
    ],
)
def test_a_wording_of_set_fourteens_miss_classes_names_its_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # the send failure with the network's reason after it stays the reset
        (
            "System.Net.WebException: The underlying connection was closed: An unexpected error "
            "occurred on a send. ---> System.IO.IOException: Unable to read data from the "
            "transport connection: An existing connection was forcibly closed by the remote host.",
            "network-reset",
        ),
        # Azure Local's connectivity check after TCP connected: a TLS session torn down with no
        # reason shown (a TLS-inspecting device, the development label of its one text says:
        # tls-untrusted), no reset shown either: nothing named (cycle P, i14-network; it was
        # network-reset before, a wrong answer against that label)
        (
            '"ExceptionMessage": "The underlying connection was closed: An unexpected error '
            'occurred on a send.", "Detail": "TestIsSuccess: False\\r\\nTCPNetConnection: True"',
            None,
        ),
        # a token refresh refused with a code in the body: the code decides
        (
            "adal: Refresh request failed. Status Code = '401'. Response body: {\"error\":"
            '"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due '
            'to inactivity."}',
            "entra-session-expired",
        ),
    ],
)
def test_a_look_alike_of_set_fourteens_classes_keeps_its_own_family(
    wording: str, family: str | None
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # a certificate not yet valid is its own dates (a condition), without the clock's words
        "Error type: CERT_NOT_YET_VALID\nError Message: request to https://management.azure.com/ "
        "failed, reason: certificate is not yet valid",
        "curl: (60) SSL certificate problem: certificate is not yet valid",
        "javax.net.ssl.SSLHandshakeException: PKIX path validation failed: "
        "java.security.cert.CertPathValidatorException: validity check failed\nCaused by: "
        "java.security.cert.CertificateNotYetValidException: NotBefore: Mon Jan 01 00:00:00 UTC "
        "2035",
        # the expired-password sentence of another product, no Microsoft sign-in beside it
        "Your password is expired. Please contact the administrator.",
        # another PAM module's unknown code
        "pam_sss(sshd:auth): received for user bob: 17 (Failure setting user credentials)",
        # ASP.NET Core's rate limiting middleware is a namespace, not Resource Graph's code
        "   at Microsoft.AspNetCore.RateLimiting.RateLimitingMiddleware.InvokeInternal(HttpContext "
        "context)",
        # "send" in another sentence
        "An unexpected error occurred on a sender thread; see the log.",
    ],
)
def test_look_alikes_of_set_fourteens_classes_name_no_family(wording: str) -> None:
    assert family_of(wording) is None


def test_a_certificate_not_yet_valid_is_shown_as_a_condition_in_a_partial_answer() -> None:
    result = diagnose("Error type: CERT_NOT_YET_VALID\nreason: certificate is not yet valid")
    assert result.family is None
    assert result.confidence == "partial"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # the Ruby WinRM client (Vagrant, Packer, knife-windows) printing a proxy's reply headers
        (
            "WinRM::WinRMHTTPTransportError: Unable to parse authorization header. Headers: "
            '{"Via"=>"1.1 squid01 (squid/4.10)", "X-Squid-Error"=>"ERR_CONNECT_FAIL 111", '
            '"Content-Type"=>"text/html"}\r\nBody: <html>',
            "proxy",
        ),
        (
            'Message: Unable to parse authorization header. Headers: {"Connection"=>"close", '
            '"Proxy-Connection"=>"close", "Content-Length"=>"0"}',
            "proxy",
        ),
        # a secure web gateway's notification page in place of the server
        (
            "This Page Cannot Be Displayed\nBased on your organization's access policies, access "
            "to this web site has been blocked.\nIf you have questions, please contact your "
            "organization's network administrator and provide the codes shown below.",
            "proxy",
        ),
        # API Management's management endpoint in a virtual network
        (
            "Failed to connect to management endpoint contoso.management.azure-api.net:3443 for a "
            "service deployed in a Virtual Network. Make sure to follow guidance at "
            "https://aka.ms/apim-vnet-common-issues for Inbound connectivity to Management endpoint.",
            "network-unreachable",
        ),
    ],
)
def test_a_wording_of_set_fourteens_proxy_and_network_classes_names_its_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # the WinRM service's own reply without the Negotiate header: no proxy in the headers
        'Unable to parse authorization header. Headers: {"Server"=>"Microsoft-HTTPAPI/2.0", '
        '"Date"=>"Tue, 15 Mar 2022 12:35:15 GMT", "Content-Length"=>"0"}',
        # IE's own navigation failure page has the heading without the gateway's codes
        "This page can't be displayed\nMake sure the web address http://contoso is correct.",
        # another product's management endpoint
        "Failed to connect to management endpoint at 10.0.0.4:8443: the appliance is rebooting",
    ],
)
def test_look_alikes_of_set_fourteens_proxy_and_network_classes_name_no_family(
    wording: str,
) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        ("Базовое соединение закрыто: Непредвиденная ошибка при передаче.", "tls-protocol"),
        (
            "Базовое соединение закрыто: Непредвиденная ошибка при передаче. ---> "
            "System.IO.IOException: Удаленный хост принудительно разорвал существующее подключение.",
            "network-reset",
        ),
    ],
)
def test_the_localized_send_failure_is_tls_unless_a_reset_follows(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # chromium's net errors as Electron apps print them
        ("Error: net::ERR_PROXY_AUTH_REQUESTED", "proxy"),
        ("Electron Net Error: net::ERR_CERT_AUTHORITY_INVALID", "tls-untrusted"),
        ("request failed: net::ERR_CERT_COMMON_NAME_INVALID", "tls-untrusted"),
        # ISA Server / Forefront TMG reason phrases
        (
            "The remote server returned an error: (403) Forbidden ( The ISA Server denied the "
            "specified Uniform Resource Locator (URL). )",
            "proxy",
        ),
        (
            "HTTP/1.1 502 Proxy Error ( Forefront TMG denied the specified Uniform Resource "
            "Locator (URL). )",
            "proxy",
        ),
        (
            "502 Proxy Error ( The specified Secure Sockets Layer (SSL) port is not allowed. ISA "
            "Server is not configured to allow SSL requests from this port. )",
            "proxy",
        ),
    ],
)
def test_a_long_tail_rendering_of_the_third_cycle_names_its_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


def test_chromiums_certificate_date_error_is_the_certificate_condition() -> None:
    result = diagnose("Error: net::ERR_CERT_DATE_INVALID")
    assert result.family is None
    assert result.confidence == "partial"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        ("net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH", "tls-protocol"),
        ("Electron Net Error: net::ERR_CERT_REVOKED", "tls-untrusted"),
        ("Failed to load resource: net::ERR_NAME_RESOLUTION_FAILED", "network-dns"),
        ("Error: net::ERR_CONNECTION_CLOSED", "network-reset"),
        ("Error: net::ERR_EMPTY_RESPONSE", "network-reset"),
    ],
)
def test_more_of_chromiums_net_errors_name_their_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


def test_chromiums_generic_timeout_names_no_family() -> None:
    # ERR_TIMED_OUT (-7) is any operation's timeout, not the connection's (ERR_CONNECTION_TIMED_OUT)
    assert family_of("Error: net::ERR_TIMED_OUT") is None


@pytest.mark.parametrize(
    "wording",
    [
        "winrm.exceptions.WinRMTransportError: ('http', 'Bad HTTP response returned from server. "
        "Code 407')",
        "pypsrp.exceptions.WinRMTransportError: Bad HTTP response returned from the server. Code: "
        "407, Content: ''",
        "==> windows: [ERROR] WinRM connection err: http response error: 407 - invalid content type",
    ],
)
def test_a_winrm_clients_http_407_is_the_proxy(wording: str) -> None:
    assert family_of(wording) == "proxy"


@pytest.mark.parametrize(
    "wording",
    [
        # another status from the same clients, and a 407 number that is no status
        "winrm.exceptions.WinRMTransportError: ('http', 'Bad HTTP response returned from server. "
        "Code 503')",
        "[ERROR] WinRM connection err: http response error: 4070 bytes read",
    ],
)
def test_a_winrm_clients_other_status_is_not_the_proxy(wording: str) -> None:
    assert family_of(wording) != "proxy"


@pytest.mark.parametrize(
    "wording",
    [
        # Azure's mandatory MFA for create/update operations, as az words it before and after 2.76
        "Resource was disallowed by policy. Reasons: MFA is required. See error details for policy "
        "resource IDs. RequestDisallowedByPolicy Message: Resource policy resource IDs was "
        "disallowed by policy. Reasons: MFA is required.",
        "(RequestDisallowedByPolicy) Resource was disallowed by policy. Policy identifiers. Users "
        "must use MFA for Create/Update operations. Users must authenticate with multi-factor "
        "authentication to create or update resources.",
        "Due to a configuration change made by your administrator, or because you moved to a new "
        "location, you must enroll in multi-factor authentication. Interactive authentication is "
        "needed.",
    ],
)
def test_mandatory_mfa_for_resource_operations_is_the_sign_in(wording: str) -> None:
    assert family_of(wording) == "entra-interaction-required"


def test_a_policy_refusal_without_mfa_stays_the_policy() -> None:
    assert (
        family_of(
            "RequestDisallowedByPolicy: Resource 'sa1' was disallowed by policy. Policy "
            'identifiers: \'[{"policyAssignment":{"name":"Allowed locations"}}]\'.'
        )
        == "arm-policy"
    )
