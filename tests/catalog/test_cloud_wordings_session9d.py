"""Session 9, cycle D: a producer-by-producer sweep of the cloud families (Entra ID, ARM, network,
TLS, proxy). Each wording is the producer's own (its source or error reference, cited beside the
rule in families.yaml); the look-alikes are other products' texts with the same words for
another cause."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Az.Accounts: a tenant's MFA / Conditional Access stops the silent sign-in
        (
            "Connect-AzAccount: Authentication failed against tenant organizations. User interaction"
            " is required. This may be due to the conditional access policy settings such as"
            " multi-factor authentication (MFA). If you need to access subscriptions in that"
            " tenant, please rerun 'Connect-AzAccount' with additional parameter '-TenantId"
            " organizations'.",
            "entra-interaction-required",
        ),
        (
            "Authentication failed against resource https://graph.microsoft.com. User interaction is"
            " required. This may be due to the conditional access policy settings such as\n"
            "multi-factor authentication (MFA). Please rerun 'Connect-AzAccount' with additional"
            " parameter '-AuthScope https://graph.microsoft.com'.",
            "entra-interaction-required",
        ),
        # kubectl: the API server's port refused the connection
        (
            "The connection to the server localhost:8080 was refused - did you specify the right"
            " host or port?",
            "network-refused",
        ),
        (
            "E1207 14:02:11.123456   812 memcache.go:265] couldn't get current server API group list\n"
            "The connection to the server 10.0.0.10:6443 was refused - did you specify the right"
            " host or port?",
            "network-refused",
        ),
        # hyper / reqwest: the peer closed before the response was complete
        (
            'reqwest::Error { kind: Request, url: "https://management.azure.com/", source:'
            " hyper::Error(IncompleteMessage) }",
            "network-reset",
        ),
        (
            "Error: error sending request for url (https://login.microsoftonline.com/contoso/oauth2/"
            "v2.0/token): connection closed before message completed",
            "network-reset",
        ),
        # undici (Node.js fetch): the peer ended the socket mid-request
        (
            "TypeError: fetch failed\n    at node:internal/deps/undici/undici:13502:13\n"
            "  [cause]: SocketError: other side closed",
            "network-reset",
        ),
        # Ansible's SSLValidationError, alone (the exception text cut off)
        (
            'fatal: [node1]: FAILED! => {"changed": false, "msg": "Failed to validate the SSL'
            " certificate for packages.contoso.com:443. Make sure your managed systems have a valid"
            ' CA certificate installed."}',
            "tls-untrusted",
        ),
        (
            "msg: Failed to validate the SSL certificate for download.contoso.com:443. Use"
            " validate_certs=no or make sure your managed systems have a valid CA certificate"
            " installed.",
            "tls-untrusted",
        ),
        # az connectedk8s: the region is not among the provider's locations
        (
            "ERROR: Connected cluster resource creation is supported only in the following"
            " locations: eastus, westeurope. Use the --location flag to specify one of these"
            " locations.",
            "arm-location",
        ),
    ],
)
def test_a_producers_own_wording_names_its_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Ansible's wrapper is weak: the reason it appends decides
        (
            "Failed to validate the SSL certificate for old.contoso.com:443. Make sure your managed"
            " systems have a valid CA certificate installed. The exception msg was: [SSL:"
            " UNSUPPORTED_PROTOCOL] unsupported protocol (_ssl.c:1129).",
            "tls-protocol",
        ),
    ],
)
def test_a_producers_generic_wrapper_yields_to_the_reason_beside_it(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # a server runtime (Deno / Supabase edge functions) logs hyper's words when its client left
        "Http: connection closed before message completed",
        "[Error] Http: connection closed before message completed at async Server.#respond",
        # "other side closed" as a sentence, not undici's error
        "The ticket was reassigned after the other side closed the conversation.",
        # "User interaction is required" from an installer, no sign-in
        "Error 1603: User interaction is required to complete the installation.",
    ],
)
def test_look_alikes_of_the_producers_wordings_are_not_named(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        # GNU make's file-time warning and Ceph's monitor clock check: clocks, but no token
        "make[2]: Warning: File 'Makefile' has modification time 3.2 s in the future\n"
        "make[2]: warning:  Clock skew detected.  Your build may be incomplete.",
        "HEALTH_WARN clock skew detected on mon.b, mon.c",
        # a file, not an Entra application, not found in a directory
        "Error: the file 'config.json' was not found in the directory '/etc/app'",
        # Helm's release lock, not an Azure resource's operation
        "Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress",
        # GitHub's REST API rate limit, not Azure Resource Manager's
        "429 Too Many Requests: API rate limit exceeded for installation ID 123456."
        " (https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting)",
        "gh: You have exceeded a secondary rate limit. Please wait a few minutes before you try"
        " again. (HTTP 429 Too Many Requests)",
    ],
)
def test_other_products_texts_with_the_cloud_families_words_are_not_named(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # the neighbours the guards above must keep
        ("KRB_AP_ERR_SKEW: Clock skew too great", "token-time"),
        (
            "Application with identifier '6a1c4b4c-0000-0000-0000-000000000000' was not found in the"
            " directory 'contoso'.",
            "entra-app-not-found",
        ),
        (
            "ClientCertificateCredential authentication failed: The specified application wasn't"
            " found in the specified tenant.",
            "entra-app-not-found",
        ),
        (
            "(OperationNotAllowed) Operation is not allowed: Another operation (Upgrading) is in"
            " progress, please wait for it to finish before starting a new operation.",
            "arm-conflict",
        ),
        (
            "Status: 429 (Too Many Requests) ErrorCode: SubscriptionRequestsThrottled",
            "arm-throttling",
        ),
    ],
)
def test_the_guarded_families_keep_their_own_wordings(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        "ERROR: The specified location 'france-central' is"
        " invalid. A location must consist of characters, whitespace, digit, or following symbols"
        " '(,)'.",
        "##[error]The specified location 'resourceGroup().location' is invalid.",
        "Status Message: Supplied location uaenorth is not valid. (Code:LocationNotValid)",
    ],
)
def test_arms_refusal_of_a_location_that_is_no_region_names_arm_location(wording: str) -> None:
    assert family_of(wording) == "arm-location"


@pytest.mark.parametrize(
    "wording",
    [
        # OpenJDK: no trust anchor ends the chain
        "java.security.cert.CertPathValidatorException: Path does not chain with any of the trust"
        " anchors",
        "javax.net.ssl.SSLHandshakeException: sun.security.validator.ValidatorException: No trusted"
        " certificate found",
        # Go: the certificate is not for server authentication
        'Get "https://node1.contoso.com:9440/": x509: certificate specifies an incompatible key usage',
        # rustls in its Debug form (reqwest / hyper-util source chains)
        'reqwest::Error { kind: Request, url: "https://management.azure.com/", source:'
        " hyper_util::client::legacy::Error(Connect, Custom { kind: Other, error: Custom { kind:"
        " InvalidData, error: InvalidCertificate(UnknownIssuer) } }) }",
        "invalid peer certificate: InvalidPurpose",
        # Node.js: OpenSSL's verify texts as the message, without the code
        "FetchError: request to https://registry.npmjs.org/x failed, reason: self signed certificate",
        "Error: unable to get issuer certificate\n    at TLSSocket.onConnectSecure"
        " (node:_tls_wrap:1530:34)",
        # CERT_E_CHAINING's text
        "Error 0x800B010A: A certificate chain could not be built to a trusted root authority.",
    ],
)
def test_the_tls_stacks_untrusted_certificate_wordings_name_tls_untrusted(wording: str) -> None:
    assert family_of(wording) == "tls-untrusted"


@pytest.mark.parametrize(
    "wording",
    [
        # the same words where no certificate failed verification
        "Generated a self signed certificate for the test listener (valid 365 days).",
        "No trusted certificate found in the store matching thumbprint; creating one.",
    ],
)
def test_look_alikes_of_the_tls_stacks_wordings_are_not_named(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # reqwest / hyper-util: the proxy answered the CONNECT with something other than 200
        (
            'reqwest::Error { kind: Request, url: "https://management.azure.com/", source:'
            ' hyper_util::client::legacy::Error(Connect, "unsuccessful tunnel") }',
            "proxy",
        ),
        ("error trying to connect: unexpected eof while tunneling", "proxy"),
        # Google's token endpoint: the assertion's iat/exp outside its window (a clock off)
        (
            "google.auth.exceptions.RefreshError: ('invalid_grant: Invalid JWT: Token must be a"
            " short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp"
            " values in the JWT claim.', {'error': 'invalid_grant'})",
            "token-time",
        ),
        # ASP.NET Core JwtBearer's error_description
        (
            'HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error="invalid_token",'
            " error_description=\"The token expired at '08/11/2026 07:20:53'\"",
            "token-time",
        ),
        (
            'WWW-Authenticate: Bearer error="invalid_token", error_description="The token is not'
            " valid before '01/01/2027 00:00:00'\"",
            "token-time",
        ),
        # go-oidc as the Kubernetes API server logs it
        (
            "Unable to authenticate the request: [invalid bearer token, oidc: verify token: oidc:"
            " token is expired (Token Expiry: 2026-10-02 19:35:14 +0000 UTC)]",
            "token-time",
        ),
    ],
)
def test_more_producers_wordings_name_their_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # Dart (Flutter, dio, package:http): the lookup failed
        "ClientException with SocketException: Failed host lookup: 'login.microsoftonline.com'",
        "DioException [connection error]: Failed host lookup: 'management.azure.com'",
        # WSAHOST_NOT_FOUND 11001 in a de-DE Windows
        "System.Net.Http.HttpRequestException: Es ist kein solcher Host bekannt."
        " (management.azure.com:443)",
    ],
)
def test_more_runtimes_lookup_failures_name_network_dns(wording: str) -> None:
    assert family_of(wording) == "network-dns"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # .NET's WebExceptionStatus.ProxyNameResolutionFailure
        (
            "System.Net.WebException: The proxy name could not be resolved: 'proxy.contoso.com'",
            "proxy",
        ),
        ("The underlying connection was closed: The proxy name could not be resolved.", "proxy"),
        # .NET Framework's SslStream: no TLS record where one was expected
        (
            "An error occurred WebClient reported an error during download. The handshake failed due"
            " to an unexpected packet format.",
            "tls-protocol",
        ),
        (
            "System.IO.IOException: The stream is corrupted due to an invalid SSL version number in"
            " the SSL protocol header.",
            "tls-protocol",
        ),
        # .NET Framework's SslStream: the peer closed before replying to the handshake
        (
            "System.IO.IOException: The handshake failed. The remote side has dropped the stream.",
            "network-reset",
        ),
    ],
)
def test_dotnets_remaining_web_and_ssl_stream_messages_name_their_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # the Azure SDK for Java's Netty client and Netty's TLS handshake timer
        (
            "reactor.core.Exceptions$ReactiveException: java.util.concurrent.TimeoutException:"
            " Channel response timed out after 60000 milliseconds.",
            "network-timeout",
        ),
        (
            "io.netty.handler.ssl.SslHandshakeTimeoutException: handshake timed out after 10000ms",
            "network-timeout",
        ),
        # OkHttp: the server closed before the response headers
        (
            "java.io.IOException: unexpected end of stream on https://login.microsoftonline.com/...",
            "network-reset",
        ),
        # OpenJDK: a write to a socket the peer closed
        ("java.net.SocketException: Broken pipe (Write failed)", "network-reset"),
    ],
)
def test_the_jvm_clients_timeouts_and_closures_name_their_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # a WebSocket handshake's own timer, and zlib's truncated stream: no socket failure named
        "APP_LOG: Handshake timed out after 5000ms, received: ''",
        "zlib.error: Error -5 while decompressing data: unexpected end of stream",
    ],
)
def test_look_alikes_of_the_jvm_clients_wordings_are_not_named(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # urllib3's 'Connection aborted.' wrapper: the error inside decides
        (
            "requests.exceptions.ConnectionError: ('Connection aborted.', TimeoutError('The write"
            " operation timed out'))",
            "network-timeout",
        ),
        (
            "requests.exceptions.ConnectionError: ('Connection aborted.', BrokenPipeError(32,"
            " 'Broken pipe'))",
            "network-reset",
        ),
        (
            "('Connection aborted.', OSError(107, 'Transport endpoint is not connected'))",
            "network-reset",
        ),
        # CPython's bare socket timeout, and azure-core's timeout errors by name
        ("socket.timeout: timed out", "network-timeout"),
        ("urllib.error.URLError: <urlopen error timed out>", "network-timeout"),
        (
            "azure.core.exceptions.ServiceResponseTimeoutError: Timeout on reading data from socket",
            "network-timeout",
        ),
        ("azure.core.exceptions.ServiceRequestTimeoutError: <urllib3 ...>", "network-timeout"),
    ],
)
def test_pythons_wrappers_and_timeouts_name_their_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # WinHTTP 12057's message text as dotnet's WinHttpHandler prints it
        "System.Net.Http.HttpRequestException: Error 12057 calling WINHTTP_CALLBACK_STATUS_REQUEST_ERROR,"
        " 'Revocation information for the security certificate for this site is not available.'.",
        # Chromium's net error, the CryptoAPI chain status flag, OpenSSL's verify constant
        "net::ERR_CERT_UNABLE_TO_CHECK_REVOCATION",
        "schannel: CertGetCertificateChain trust error CERT_TRUST_IS_OFFLINE_REVOCATION",
        "verify error: X509_V_ERR_UNABLE_TO_GET_CRL",
    ],
)
def test_more_producers_revocation_failures_name_tls_revocation(wording: str) -> None:
    assert family_of(wording) == "tls-revocation"


@pytest.mark.parametrize(
    "wording",
    [
        # 'Connection aborted' outside urllib3's tuple keeps naming the closure (regression cases
        # for the weak wrapper phrase)
        "java.net.SocketException: Connection aborted",
        "java.io.IOException: Connection aborted by peer",
    ],
)
def test_connection_aborted_outside_urllib3s_wrapper_stays_network_reset(wording: str) -> None:
    assert family_of(wording) == "network-reset"
