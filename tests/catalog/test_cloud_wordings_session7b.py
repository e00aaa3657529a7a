"""Session 7, second cycle: wordings of the Entra ID, token-time, ARM, network, TLS and proxy
families for the classes the thirteenth measure set missed, taken from the references
families.yaml cites (Microsoft's error references and troubleshooting pages, the SDK, runtime and
tool source that produces the text), and the look-alikes that must not name them. Written as the
references and other tools word them, not copied from the evaluation corpus. (The first cycle's
are in test_cloud_wordings_session7.py.)"""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose
from tests.catalog.wordings import family_of

_SUBNET = "/subscriptions/0000/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v1/subnets/app"
_NIC = "/subscriptions/0000/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/nic1"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # request-limits-and-throttling.md: a 429 whose details name another operation holding the
        # target, or (Microsoft.Network) a referenced resource still being updated, is a conflict
        (
            "RESPONSE 429: 429 Too Many Requests\nERROR CODE: RetryableError\n"
            '{"error": {"code": "RetryableError", "message": "A retryable error occurred.", '
            '"details": [{"code": "ReferencedResourceNotProvisioned", "message": "Cannot proceed '
            f"with operation because resource {_SUBNET} used by resource {_NIC} is not in "
            "Succeeded state. Resource is in Updating state and the last operation that "
            'updated/is updating the resource is PutSubnetOperation."}]}}',
            "arm-conflict",
        ),
        (
            "(RetryableError) A retryable error occurred.\nCode: RetryableError\nMessage: A "
            "retryable error occurred.\nException Details:\t(RetryableErrorDueToAnotherOperation) "
            "Operation PutNetworkInterfaceOperation (0a1b) is updating resource nic1. The call can "
            "be retried in 13 seconds.",
            "arm-conflict",
        ),
        # the message alone, as a 400 from the same provider
        (
            'Code="ReferencedResourceNotProvisioned" Message="Cannot proceed with operation '
            f"because resource {_SUBNET} used by resource {_NIC} is not in Succeeded state. "
            "Resource is in Updating state and the last operation that updated/is updating the "
            'resource is PutVirtualNetworkOperation."',
            "arm-conflict",
        ),
        # AKS's ServicePrincipalNotFound as az aks create prints it (kubernetes-service-principal.md)
        (
            "Operation failed with status: 'Bad Request'. Details: Service principal clientID: "
            "11111111-1111-1111-1111-111111111111 not found in Active Directory tenant "
            "22222222-2222-2222-2222-222222222222, Please see https://aka.ms/aks-sp-help for more "
            "details.",
            "entra-app-not-found",
        ),
        (
            'Original Error: Code="ServicePrincipalNotFound" Message="Service principal clientID: '
            '00000000-0000-0000-0000-000000000000 not found"',
            "entra-app-not-found",
        ),
        # passport-azure-ad's nbf check (lib/jsonWebToken.js)
        ("authentication failed due to: In validateIdToken: jwt is not active", "token-time"),
        # Azure Storage's SAS window (SupportArticles-docs "Troubleshoot 403 errors in Azure Blob
        # Storage"), as the REST error body carries it
        (
            "<Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the "
            "request. Make sure the value of Authorization header is formed correctly including the "
            "signature.</Message><AuthenticationErrorDetail>Signed expiry time [Tue, 01 Oct 2024 "
            "10:00:00 GMT] has to be after signed start time [Tue, 01 Oct 2024 10:05:00 "
            "GMT]</AuthenticationErrorDetail></Error>",
            "token-time",
        ),
        # azure-cli _profile.py: --subscription / az account set with a subscription the account
        # does not have
        (
            "$ az account set --subscription Contoso-Prod\nSubscription 'Contoso-Prod' not found. "
            "Check the spelling and casing and try again.",
            "arm-not-found",
        ),
        # .NET Framework's WebExceptionStatus as callers print it
        (
            "RestRequest failed: WebException.Status: NameResolutionFailure. Url: "
            "https://login.microsoftonline.com/",
            "network-dns",
        ),
        ("System.Net.WebException: Status=NameResolutionFailure", "network-dns"),
        # chromium's net errors as Electron apps and browsers print them (net_error_list.h)
        ('{"name": "Electron Net Error", "message": "net::ERR_CONNECTION_RESET"}', "network-reset"),
        ("Failed to load resource: net::ERR_CONNECTION_REFUSED", "network-refused"),
        ("GET https://management.azure.com/ net::ERR_CONNECTION_TIMED_OUT", "network-timeout"),
        ("Error: net::ERR_NAME_NOT_RESOLVED", "network-dns"),
        ("Error: net::ERR_ADDRESS_UNREACHABLE", "network-unreachable"),
        ("Error: net::ERR_INTERNET_DISCONNECTED", "network-unreachable"),
        # the runner's and the Azure Pipelines agent's VSS client timeout (CommonResources.HttpRequestTimeout)
        (
            "2023-06-06 14:36:14Z: Agent connect error: The HTTP request timed out after "
            "00:01:00.. Retrying until reconnected.",
            "network-timeout",
        ),
        # mssql-jdbc's connect wrapper: the reason after it decides, else the wrapper
        (
            "com.microsoft.sqlserver.jdbc.SQLServerException: The TCP/IP connection to the host "
            'db1.contoso.com, port 1433 has failed. Error: "Connection refused: connect. Verify '
            "the connection properties. Make sure that an instance of SQL Server is running on the "
            'host and accepting TCP/IP connections at the port."',
            "network-refused",
        ),
        (
            "com.microsoft.sqlserver.jdbc.SQLServerException: The TCP/IP connection to the host "
            'db1.contoso.com, port 1433 has failed. Error: "connect timed out. Verify the '
            'connection properties."',
            "network-timeout",
        ),
        (
            "com.microsoft.sqlserver.jdbc.SQLServerException: The TCP/IP connection to the host "
            "db1.contoso.com, port 11002 has failed.",
            "network-unreachable",
        ),
        # Schannel event 36888 (generated and sent) with protocol_version, event 36887 still
        (
            "Source: Schannel\nEvent ID: 36888\nA fatal alert was generated and sent to the remote "
            "endpoint. This may result in termination of the connection. The TLS protocol defined "
            "fatal error code is 70. The Windows SChannel error state is 105.",
            "tls-protocol",
        ),
        # SqlClient's SNI error 31 (sqlclient-troubleshooting-guide.md, login-phase errors)
        (
            "Microsoft.Data.SqlClient.SqlException (0x80131904): A connection was successfully "
            "established with the server, but then an error occurred during the pre-login "
            "handshake. (provider: SSL Provider, error: 31 - Encryption(ssl/tls) handshake failed)\n"
            " ---> System.IO.IOException: Received an unexpected EOF or 0 bytes from the transport "
            "stream.",
            "tls-protocol",
        ),
        # OpenJDK RevocationChecker: the OCSP/CRL fetch failed
        (
            "sun.security.validator.ValidatorException: PKIX path validation failed: "
            "java.security.cert.CertPathValidatorException: Unable to determine revocation status "
            "due to network error",
            "tls-revocation",
        ),
        # .NET's WinHttpHandler for WinHTTP 12175 (the agent's certificate page)
        (
            "System.Net.Http.HttpRequestException: An error occurred while sending the request. ---> "
            "System.Net.Http.WinHttpException (0x80072F8F): A security error occurred",
            "tls-untrusted",
        ),
        # the Arc ESU licensing check (troubleshoot-extended-security-updates.md), either code
        ("ESU: Trying to Check IMDS Again LastError=HRESULT_FROM_WIN32(12002)", "tls-untrusted"),
        # Squid's access.log (native format and a custom logformat)
        (
            "1515734740.494      1 10.0.0.5 TCP_DENIED/407 3922 CONNECT login.microsoftonline.com:443 "
            "- HIER_NONE/- text/html",
            "proxy",
        ),
        ("management.azure.com:443 CONNECT 403 TCP_DENIED:HIER_NONE", "proxy"),
        # a gateway page Zscaler generated, and MSAL's HTML body starting at <head>
        (
            "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>Server "
            "error - server 10.1.2.3 is unreachable at this moment.</p></body></html><!-- "
            "Zscaler/6.2 -->",
            "proxy",
        ),
        (
            "Get Token request returned http error: 403 and server response: <head><title>Access "
            "restricted</title></head>",
            "proxy",
        ),
    ],
)
def test_a_wording_of_set_thirteens_miss_classes_names_its_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "not_family"),
    [
        # AADSTS7000112 (the table: UnauthorizedClientApplicationDisabled): the app exists
        (
            "AADSTS7000112: Application '2980deeb-0000-0000-0000-f9b0f10cd992'(Contoso Sync) is "
            "disabled.",
            "entra-app-not-found",
        ),
        # an OCSP response the JDK cannot parse behind the same wrapper: not the network
        (
            "java.security.cert.CertPathValidatorException: Unable to determine revocation status "
            "due to network error\nCaused by: java.io.IOException: Unsupported OCSP critical "
            "extension: 1.3.6.1.5.5.7.48.1.9",
            "tls-revocation",
        ),
        # SNI error 31 beside the certificate's own reason: that reason, not the protocol
        (
            "(provider: SSL Provider, error: 31 - Encryption(ssl/tls) handshake failed) ---> "
            "System.ComponentModel.Win32Exception (0x80090325): The certificate chain was issued by "
            "an authority that is not trusted.",
            "tls-protocol",
        ),
        # a real throttling 429 stays throttling
        (
            "RetryableErrorDueToTooManyCallsToThisOperation: Operation GetServiceTagsOperation "
            "exceeded throttling limit of 5 calls within last 5 minutes.",
            "arm-conflict",
        ),
    ],
)
def test_a_look_alike_of_set_thirteens_classes_names_another_answer(
    wording: str, not_family: str
) -> None:
    assert family_of(wording) != not_family


@pytest.mark.parametrize(
    "wording",
    [
        # the disabled app: the code is named in a partial answer, no family
        "AADSTS7000112: Application '2980deeb-0000-0000-0000-f9b0f10cd992'(Contoso Sync) is disabled.",
        # another CLI's lookup in az's words (falu-dotnet: "Workspace '...' not found. Check the
        # spelling and casing and try again.")
        "Workspace 'wksp_123' not found. Check the spelling and casing and try again.",
        # Squid's successful requests, and the word as a variable name
        "1515734741.100      5 10.0.0.5 TCP_MISS/200 15234 GET http://www.contoso.com/ - "
        "HIER_DIRECT/203.0.113.5 text/html",
        "tcp_denied = True  # the sandbox blocked the probe",
        # passport-azure-ad's expiry check: the token's age, not the clock
        "authentication failed due to: In validateIdToken: jwt is expired",
        # a Zscaler page that is a product mention in prose, no page marker
        "We route traffic through Zscaler 6.2 and want to know which ports to open.",
        # MSAL's error with the service's JSON body: Entra ID's answer, not a filter's page
        'Get Token request returned http error: 400 and server response: {"error": '
        '"invalid_grant"}',
    ],
)
def test_look_alikes_of_set_thirteens_classes_name_no_family(wording: str) -> None:
    assert family_of(wording) is None


def test_the_disabled_application_is_a_partial_answer_naming_its_code() -> None:
    result = diagnose(
        "AADSTS7000112: Application '2980deeb-0000-0000-0000-f9b0f10cd992'(Contoso Sync) is disabled."
    )
    assert result.family is None
    assert result.confidence == "partial"
    assert "AADSTS7000112" in result.entities.codes


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # the peer closed the connection without (all of) a response, as other clients word it
        (
            "org.apache.http.NoHttpResponseException: management.azure.com:443 failed to respond",
            "network-reset",
        ),
        (
            "aiohttp.client_exceptions.ServerDisconnectedError: Server disconnected",
            "network-reset",
        ),
        (
            "httpx.RemoteProtocolError: Server disconnected without sending a response.",
            "network-reset",
        ),
        (
            "System.Net.Http.HttpIOException: The response ended prematurely. (ResponseEnded)",
            "network-reset",
        ),
        (
            "fatal: unable to access 'https://dev.azure.com/org/_git/repo/': gnutls_handshake() "
            "failed: The TLS connection was non-properly terminated.",
            "network-reset",
        ),
        # Node's autoSelectFamily connect timeout (doc/api/errors.md)
        (
            "Error: connect ETIMEDOUT\n  code: 'ERR_SOCKET_CONNECTION_TIMEOUT'",
            "network-timeout",
        ),
        ("code: 'ERR_SOCKET_CONNECTION_TIMEOUT'", "network-timeout"),
        # libcurl's pre-7.62 text of error 60 (yum/dnf), GnuTLS's reasons (apt, git)
        (
            "Curl error (60): Peer certificate cannot be authenticated with given CA certificates "
            "for https://packages.microsoft.com/rhel/8/prod/repodata/repomd.xml",
            "tls-untrusted",
        ),
        (
            "Certificate verification failed: The certificate is NOT trusted. The certificate "
            "issuer is unknown.  Could not handshake: Error in the certificate verification. "
            "[IP: 13.107.4.50 443]",
            "tls-untrusted",
        ),
        (
            "Certificate verification failed: The certificate is NOT trusted. The name in the "
            "certificate does not match the expected.",
            "tls-untrusted",
        ),
        (
            "x509: certificate relies on legacy Common Name field, use SANs instead",
            "tls-untrusted",
        ),
        # the localized .NET Framework trust failure (de-DE, second rendering)
        (
            "Die zugrunde liegende Verbindung wurde geschlossen: Für den geschützten SSL/TLS-Kanal "
            "konnte keine Vertrauensstellung hergestellt werden.",
            "tls-untrusted",
        ),
        # a clear-text reply to a TLS client (OpenJDK, .NET)
        (
            "javax.net.ssl.SSLException: Unrecognized SSL message, plaintext connection?",
            "tls-protocol",
        ),
        (
            "System.IO.IOException: Cannot determine the frame size or a corrupted frame was "
            "received.",
            "tls-protocol",
        ),
        # Squid's authentication page, FortiGate's URL block page
        (
            "ERROR\nCache Access Denied.\nSorry, you are not currently allowed to request "
            "https://login.microsoftonline.com/ from this cache until you have authenticated "
            "yourself.",
            "proxy",
        ),
        ("ERROR: Cache Access Denied (ERR_CACHE_ACCESS_DENIED)", "proxy"),
        (
            "<h1>The URL you requested has been blocked</h1><p>The page you have requested has "
            "been blocked, because the URL is banned.</p>",
            "proxy",
        ),
        # Key Vault's token from another tenant (the SDK troubleshooting guides)
        (
            "(Unauthorized) AKV10032: Invalid issuer. Expected one of "
            "https://sts.windows.net/11111111-1111-1111-1111-111111111111/, found "
            "https://sts.windows.net/22222222-2222-2222-2222-222222222222/.",
            "entra-tenant",
        ),
        # the Entra table's client-credentials grant without any credential (AADSTS7000216), as
        # a token request's error description carries it
        (
            "Token request failed: AADSTS7000216: 'client_assertion', 'client_secret' or "
            "'request' is required for the 'client_credentials' grant type.",
            "entra-client-credential",
        ),
        # Node's fetch through undici's ProxyAgent: the proxy refused the CONNECT
        (
            "npm error RequestAbortedError: Proxy response (403) !== 200 when HTTP Tunneling",
            "proxy",
        ),
        # gRPC's resolver
        (
            'Grpc.Core.RpcException: Status(StatusCode="Unavailable", Detail="DNS resolution '
            'failed for service: api.contoso.com")',
            "network-dns",
        ),
    ],
)
def test_a_long_tail_rendering_of_the_second_cycle_names_its_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # the word in another sense: a game or chat server, no HTTP client
        "The server disconnected you for idling too long.",
        # GnuTLS's expiry reason behind its generic "NOT trusted": the condition, not a trust failure
        "Certificate verification failed: The certificate is NOT trusted. The certificate chain "
        "uses expired certificate.",
        # a Fortinet product page that blocks nothing
        "FortiGate URL filtering lets you block pages by category.",
    ],
)
def test_look_alikes_of_the_second_cycles_long_tail_name_no_family(wording: str) -> None:
    assert family_of(wording) is None
