"""Session 7 wordings of the Entra ID, token-time, ARM, network, TLS and proxy families, taken from
the references families.yaml cites (Microsoft's error references and troubleshooting pages, the SDK
and runtime source that produces the text): each names its family, and the look-alikes beside them
do not. Written as the references and other tools word them, not copied from the evaluation corpus.
(Session 6's are in test_cloud_reference_wordings.py; the remoting and Azure Local families' in
test_reference_wordings.py and test_remoting_wordings.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from orchestrator.catalog.classify import diagnose
from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Entra ID refuses TLS 1.0/1.1 and 3DES (reference-error-codes AADSTS1002016), as MSAL
        # Python's JSON error and ADAL .NET's exception carry it
        (
            '{"error": "invalid_request", "error_description": "AADSTS1002016: You are using TLS '
            "version 1.0, 1.1 and/or 3DES cipher which are deprecated to improve the security "
            'posture of Azure AD. Your TenantID is: contoso.onmicrosoft.com.", "error_codes": '
            "[1002016]}",
            "tls-protocol",
        ),
        (
            "Microsoft.IdentityModel.Clients.ActiveDirectory.AdalServiceException: AADSTS1002016",
            "tls-protocol",
        ),
        # the same sentence without its code, in the table's wording
        (
            "Sign-in failed: You're using TLS version 1.0, 1.1, and/or 3DES cipher which are "
            "deprecated to improve the security posture of Azure AD",
            "tls-protocol",
        ),
        # OpenJDK's server side of a handshake with no shared cipher suite (ServerHello.java)
        (
            "io.netty.handler.codec.DecoderException: javax.net.ssl.SSLHandshakeException: no "
            "cipher suites in common",
            "tls-protocol",
        ),
        # az (ADAL era, azure-cli-core _profile.py), both of its renderings
        (
            "Could not retrieve token from local cache, please run 'az login'.",
            "entra-session-expired",
        ),
        (
            "az account get-access-token\nERROR: Could not retrieve token from local cache. Please "
            "run 'az login'.",
            "entra-session-expired",
        ),
        # Clerk's claim checks (clerk/javascript packages/backend/src/jwt/assertions.ts): the
        # verifier's clock is behind the token's nbf / iat
        (
            "TokenVerificationError: JWT cannot be used prior to not before date claim (nbf). Not "
            "before date: Mon, 28 Apr 2025 14:03:20 GMT; Current date: Mon, 28 Apr 2025 14:02:38 GMT;",
            "token-time",
        ),
        (
            "JWT issued at date claim (iat) is in the future. Issued at date: Mon, 28 Apr 2025 "
            "14:03:20 GMT; Current date: Mon, 28 Apr 2025 14:02:38 GMT;",
            "token-time",
        ),
        # gRPC's CONNECT handshaker (grpc-core http_connect_handshaker.cc) in a Python client
        (
            "grpc._channel._InactiveRpcError: <_InactiveRpcError of RPC that terminated with:\n"
            '\tstatus = StatusCode.UNAVAILABLE\n\tdetails = "failed to connect to all addresses; '
            'last error: UNKNOWN: HTTP proxy returned response code 407"',
            "proxy",
        ),
        # Zscaler Internet Access block notifications (help.zscaler.com block notifications)
        ("The package download was blocked by Zscaler (URL category: Uncategorized).", "proxy"),
        (
            "Location: https://gateway.zscalertwo.net/zscaler-block?url=https%3A%2F%2Fgallery."
            "example%2F&reason=Not+allowed&reasoncode=SECURITY_DENIED&timebound=0&action=block",
            "proxy",
        ),
        # AKS node bootstrap (SupportArticles-docs azure-kubernetes error codes 50, 51, 52)
        (
            'Code="VMExtensionProvisioningError" Message="CSE failed with '
            "'VMExtensionError_OutBoundConnFail', which means the agents are unable to establish "
            'outbound connection"',
            "network-unreachable",
        ),
        (
            "(K8SAPIServerConnFailVMExtensionError) VM has reported a failure when processing "
            "extension 'vmssCSE'. Enable failed: command terminated with exit status=51",
            "network-unreachable",
        ),
        (
            "Agents are unable to resolve Kubernetes API server name. It's likely custom DNS server "
            "is not correctly configured, please see https://aka.ms/aks/private-cluster for more "
            "information.",
            "network-dns",
        ),
        # the Cosmos DB .NET SDK's ClientUnavailable 503 (Microsoft.Azure.Cosmos.Direct RMResources)
        (
            "Microsoft.Azure.Cosmos.CosmosException : Response status code does not indicate "
            "success: ServiceUnavailable (503); Substatus: 20001; Reason: (The request failed "
            "because the client was unable to establish connections to 2 endpoints across 2 "
            "regions. Please check for client resource starvation issues and verify connectivity "
            "between client and server.",
            "network-unreachable",
        ),
        # the curl tool's own timeout to the managed identity endpoint (how-to-use-vm-token runs
        # curl on the resource): the path drops the packets
        (
            "curl: (28) Failed to connect to 169.254.169.254 port 80 after 21004 ms: Timed out",
            "network-timeout",
        ),
        (
            'root@aci:/# curl -s "http://169.254.169.254/metadata/identity/oauth2/token?api-version='
            '2018-02-01&resource=https://vault.azure.net" -H Metadata:true\n'
            "curl: (7) Failed to connect to 169.254.169.254 port 80: Connection timed out",
            "network-timeout",
        ),
        # the managed identity service's region refusal inside a resource provider's error, nested
        # in a deployment's DeploymentFailed
        (
            '{"code": "DeploymentFailed", "details": [{"code": "BadRequest", "message": "{\\"error\\":'
            ' {\\"code\\": \\"IdentityServiceUnavailable\\", \\"message\\": \\"The requested operation'
            " on resource 'Microsoft.Web/sites/app1' failed since identity is unavailable for "
            "location 'westus3'.\\\"}}\"}]}",
            "arm-location",
        ),
    ],
)
def test_a_wording_of_set_twelves_miss_classes_names_its_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # AADSTS50105: the user is not assigned to the app (EntitlementGrantsNotFound); an
        # administrator assigns the user, no consent grants it
        "AADSTS50105: Your administrator has configured the application Contoso Portal "
        "('00000000-0000-0000-0000-000000000000') to block users unless they are specifically "
        "granted ('assigned') access to the application.",
        # the Cosmos DB SDK's same opening with another cause: the client's CPU
        "The request failed because the client was unable to establish connections to 3 endpoints "
        "across 1 regions. The client CPU was overloaded during the attempted request.",
        # a Zscaler agent's own status line, no block
        "Zscaler Client Connector: tunnel status changed to ON; ZIA authenticated",
        # curl refused by the managed identity endpoint's address: no managed identity here
        "curl: (7) Failed to connect to 169.254.169.254 port 80: Connection refused",
        # a library's probe timing out there: the credential chain off Azure
        "ManagedIdentityCredential authentication unavailable. Connection to IMDS endpoint cannot "
        "be established: curl: (28) Failed to connect to 169.254.169.254 port 80 after 1001 ms: "
        "Timed out",
    ],
)
def test_look_alikes_of_set_twelves_classes_name_no_family(wording: str) -> None:
    assert family_of(wording) is None


def test_a_user_not_assigned_to_the_app_gets_a_partial_answer_naming_the_code() -> None:
    result = diagnose(
        "AADSTS50105: The signed in user 'user@contoso.com' is not assigned to a role for the "
        "application '00000000-0000-0000-0000-000000000000'(Contoso Portal)."
    )
    assert result.family is None
    assert result.confidence == "partial"
    assert "AADSTS50105" in result.entities.codes


# A server certificate outside its validity period is no trust failure (tls-untrusted's title:
# interception, a missing root, a name mismatch) and not by itself a clock: the
# tls-certificate-validity condition, shown in a partial answer with what to do, never the family.
# Each runtime's words (families.yaml cites them); the verifiers' generic wrappers beside it
# ("certificate verify failed", "SSL certificate problem") yield to it.
@pytest.mark.parametrize(
    "wording",
    [
        "java.security.cert.CertificateExpiredException: NotAfter: Sun Sep 05 12:14:37 IST 2021",
        "Unable to connect to the server: x509: certificate has expired or is not yet valid: "
        "current time 2025-03-01T10:00:00Z is after 2025-02-28T12:00:00Z",
        "Error: certificate has expired\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34)"
        " {\n  code: 'CERT_HAS_EXPIRED'\n}",
        "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify "
        "failed: certificate has expired (_ssl.c:1006)",
        "curl: (60) SSL certificate problem: certificate has expired",
        "System.Security.Authentication.AuthenticationException: The remote certificate is "
        "invalid according to the validation procedure: RemoteCertificateChainErrors ---> "
        "The certificate received from the remote server has either expired or is not yet valid",
        "schannel: SEC_E_CERT_EXPIRED (0x80090328) - The received certificate has expired.",
        "error sending request for url (https://management.azure.com/): invalid peer certificate: "
        "Expired",
        "Windows Update failed with error 0x80072F05.",
    ],
)
def test_an_expired_server_certificate_is_a_condition_not_a_trust_failure(wording: str) -> None:
    result = diagnose(wording)
    assert result.family is None
    assert result.confidence == "partial"
    assert [m.family.id for m in result.conditions] == ["tls-certificate-validity"]
    assert "tls-certificate-validity" not in [m.family.id for m in result.families]


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # a trust failure beside the expiry: the trust failure is named
        (
            "curl: (60) SSL certificate problem: unable to get local issuer certificate\n"
            "* Server certificate: expire date: Jan  1 00:00:00 2024 GMT (certificate has expired)",
            "tls-untrusted",
        ),
        (
            'x509: certificate signed by unknown authority (possibly because of "x509: certificate '
            'has expired or is not yet valid" while trying to verify candidate authority certificate)',
            "tls-untrusted",
        ),
        # the clock's words beside it: the clock
        (
            "x509: certificate has expired or is not yet valid: current time 2020-01-01T00:00:00Z "
            "is before 2024-06-01T00:00:00Z",
            "token-time",
        ),
        # a generic wrapper alone still answers, as a weak wording
        (
            "ssl.SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed",
            "tls-untrusted",
        ),
    ],
)
def test_an_expired_certificate_with_another_reason_names_that_reason(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


def test_the_condition_is_shown_with_its_action_in_text_and_json(orchestrate, tmp_path) -> None:
    log = tmp_path / "kubectl.log"
    log.write_text(
        "Unable to connect to the server: x509: certificate has expired or is not yet valid\n",
        encoding="utf-8",
    )
    text = orchestrate("diagnose", str(log)).out
    assert "Diagnosis (partial): no family names it, but the text shows" in text
    assert "the text shows: The server's TLS certificate is outside its validity period" in text
    assert "what to do: 1. Renew the server's certificate" in text
    doc = json.loads(orchestrate("diagnose", str(log), "--output", "json").out)
    assert doc["confidence"] == "partial"
    assert doc["family"] is None
    assert doc["families"] == []
    assert [c["id"] for c in doc["partial"]["conditions"]] == ["tls-certificate-validity"]
    assert doc["partial"]["conditions"][0]["layer"] == "condition"
    schema = json.loads(
        (Path(__file__).resolve().parents[2] / "docs/schemas/diagnose.schema.json").read_text(
            encoding="utf-8"
        )
    )
    assert not list(Draft202012Validator(schema).iter_errors(doc))


def test_the_conditions_check_names_the_node_the_text_names(orchestrate, tmp_path) -> None:
    # a family's check fills NODE with the nodes the text names; a condition's did not
    log = tmp_path / "curl.log"
    log.write_text(
        "curl: (60) SSL certificate problem: certificate has expired on node node2\n",
        encoding="utf-8",
    )
    text = orchestrate("diagnose", str(log)).out
    assert "the text shows: The server's TLS certificate is outside its validity period" in text
    assert "check: orchestrate precheck -i INVENTORY --limit node2" in text
    assert "--limit NODE" not in text


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # OpenSSL's trust reasons after its generic wrappers (x509_txt.c), now that the wrappers
        # are weak
        ("curl: (60) SSL certificate problem: self-signed certificate", "tls-untrusted"),
        (
            "[Microsoft][ODBC Driver 18 for SQL Server]SSL Provider: [error:0A000086:SSL routines::"
            "certificate verify failed:self-signed certificate]",
            "tls-untrusted",
        ),
        (
            "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify "
            "failed: Missing Authority Key Identifier (_ssl.c:1028)",
            "tls-untrusted",
        ),
        (
            "Error: unable to get issuer certificate\n  code: 'UNABLE_TO_GET_ISSUER_CERT'",
            "tls-untrusted",
        ),
        # SQL Server's drivers: the certificate is not issued to the name connected to
        (
            "Microsoft.Data.SqlClient.SqlException (0x80131904): A connection was successfully "
            "established with the server, but then an error occurred during the login process. "
            "(provider: SSL Provider, error: 0 - The target principal name is incorrect.)",
            "tls-untrusted",
        ),
        # pip's wrapper (weak) with OpenSSL's reason
        (
            "Could not fetch URL https://pypi.org/simple/pip/: There was a problem confirming the "
            "ssl certificate: HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded",
            "tls-untrusted",
        ),
        # OpenJDK, OpenSSL 3 and NSS handshakes that cannot agree
        (
            "javax.net.ssl.SSLHandshakeException: The server selected protocol version TLS10 is not "
            "accepted by client preferences [TLS13, TLS12]",
            "tls-protocol",
        ),
        (
            "ssl.SSLError: [SSL: UNSAFE_LEGACY_RENEGOTIATION_DISABLED] unsafe legacy renegotiation "
            "disabled (_ssl.c:1006)",
            "tls-protocol",
        ),
        (
            "curl: (35) OpenSSL/3.0.2: error:0A00014D:SSL routines::legacy sigalg disallowed or "
            "unsupported",
            "tls-protocol",
        ),
        ("SSL_ERROR_NO_CYPHER_OVERLAP", "tls-protocol"),
        # the peer closed the connection: OpenJDK's and curl's words
        ("java.io.EOFException: SSL peer shut down incorrectly", "network-reset"),
        ("javax.net.ssl.SSLException: Connection reset", "network-reset"),
        ("curl: (52) Empty reply from server", "network-reset"),
        # Azure.Core's per-try network timeout (ResponseBodyPolicy) with the connect timeout inside
        # it. (By itself it is no network family since session 10 cycle G: RetryOptions.NetworkTimeout
        # is the client's deadline for one try, like HttpClient.Timeout, and elapses for a slow
        # service too; tests/catalog/test_network_client_deadlines.py.)
        (
            "Azure.RequestFailedException: Retry failed after 6 tries. (The operation was cancelled "
            "because it exceeded the configured timeout of 0:01:40. Network timeout can be adjusted "
            "in ClientOptions.Retry.NetworkTimeout.) ---> System.Net.Sockets.SocketException (10060):"
            " A connection attempt failed because the connected party did not properly respond after"
            " a period of time",
            "network-timeout",
        ),
        # apt's EAI_AGAIN
        (
            "W: Failed to fetch http://archive.ubuntu.com/ubuntu/dists/jammy/InRelease  Temporary "
            "failure resolving 'archive.ubuntu.com'",
            "network-dns",
        ),
        # Conditional Access requiring a managed device
        (
            "ERROR: AADSTS530003: Your device is required to be managed to access this resource.",
            "entra-interaction-required",
        ),
        # Azure Storage's data-plane role missing (AuthorizationPermissionMismatch's message)
        (
            "Status: 403 (This request is not authorized to perform this operation using this "
            "permission.)",
            "arm-authorization",
        ),
        # ISA Server / Forefront TMG's 407 reason
        (
            "Err http://archive.ubuntu.com jammy InRelease\n  407  Proxy Authentication Required ( "
            "Forefront TMG requires authorization to fulfill the request. Access to the Web Proxy "
            "filter is denied.  )",
            "proxy",
        ),
    ],
)
def test_a_long_tail_rendering_of_the_cloud_families_names_its_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # Azure Storage AuthorizationFailure: a firewall or network rule, not a missing role
        "Status: 403 (This request is not authorized to perform this operation.) ErrorCode: "
        "AuthorizationFailure",
        # the same principal-name words without SQL's SSL Provider: Kerberos's SPN, no family here
        "Cannot generate SSPI context. The target principal name is incorrect.",
        # a self-signed certificate mentioned in an instruction, no failure
        "Use a self-signed certificate for the test listener; replace it before production.",
    ],
)
def test_look_alikes_of_the_long_tail_name_no_family(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # SEC_E_UNTRUSTED_ROOT's message in a localized Windows (the localized sql-docs pages, the
        # ja-JP troubleshooting article; curl's schannel and SqlClient print the runtime's words)
        (
            "Es konnte eine Verbindung mit dem Server hergestellt werden, doch während des "
            "Anmeldevorgangs trat ein Fehler auf. (provider: SSL Provider, error: 0 - Die "
            "Zertifikatkette wurde von einer nicht vertrauenswürdigen Zertifizierungsstelle "
            "ausgestellt.)",
            "tls-untrusted",
        ),
        (
            "Die Zertifikatkette wurde von einer Zertifizierungsstelle ausgestellt, die nicht "
            "vertrauenswürdig ist.",
            "tls-untrusted",
        ),
        (
            "Une connexion a été établie avec le serveur, mais une erreur s'est ensuite produite "
            "pendant le processus d'ouverture de session. (provider: SSL Provider, error: 0 - La "
            "chaîne de certificats a été émise par une autorité qui n'est pas approuvée.)",
            "tls-untrusted",
        ),
        (
            "SqlException: (provider: SSL Provider, error: 0 - La cadena de certificación fue "
            "emitida por una entidad que no es de confianza.)",
            "tls-untrusted",
        ),
        (
            "A cadeia de certificado foi emitida por uma autoridade que não é confiável.",
            "tls-untrusted",
        ),
        (
            "La catena di certificati è stata emessa da un'autorità non attendibile.",
            "tls-untrusted",
        ),
        (
            "curl: (60) schannel: SEC_E_UNTRUSTED_ROOT (0x80090325) - Цепочка сертификатов выпущена "
            "центром сертификации, не имеющим доверия.",
            "tls-untrusted",
        ),
        (
            "已成功与服务器建立连接，但是在登录过程中发生错误。 (provider: SSL 提供程序, error: 0 - "
            "证书链是由不受信任的颁发机构颁发的。)",
            "tls-untrusted",
        ),
        (
            "サーバーとの接続を正常に確立しましたが、ログイン中にエラーが発生しました。 (provider: SSL "
            "プロバイダー, error: 0 - 信頼されていない機関によって証明書チェーンが発行されました。)",
            "tls-untrusted",
        ),
        # ARM's deployment validation: a policy denies it, a role is missing for a template resource
        (
            "New-AzResourceGroupDeployment: Error: Code=InvalidTemplateDeployment; Message=The "
            "template deployment failed because of policy violation. Please see details for more "
            "information.",
            "arm-policy",
        ),
        (
            'ERROR: {"code": "InvalidTemplateDeployment", "message": "Deployment failed with '
            "multiple errors: 'Authorization failed for template resource 'kv1' of type "
            "'Microsoft.KeyVault/vaults'.\"}",
            "arm-authorization",
        ),
    ],
)
def test_a_localized_trust_failure_and_arms_validation_wordings_name_their_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


# An OAuth error field the references give as an identifier (invalid_resource, invalid_client,
# consent_required, login_required, ...) names its family only as a whole word: its letters are
# also inside longer identifiers of other services (ARM's InvalidResourceName, AWS's
# InvalidClientTokenId), which the canonical comparison would otherwise find.
@pytest.mark.parametrize(
    "wording",
    [
        "InvalidResourceName: Resource name 'my_rg!' is invalid.",
        "(InvalidResourceReference) Resource /subscriptions/x/resourceGroups/rg/providers/"
        "Microsoft.Network/virtualNetworks/vnet1 referenced by resource nic1 was not found.",
        'Code="InvalidClientTokenId" The security token included in the request is invalid.',
        "ConsentRequiredException thrown by the plugin: the dialog was closed, error",
    ],
)
def test_an_identifier_inside_a_longer_identifier_names_no_family(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # (invalid_resource was here: since session 9, cycle E no family names it, it is the
        # resource's field (AADSTS500011), not the client application's)
        (
            '{"error":"unauthorized_client","error_description":"the request failed"}',
            "entra-app-not-found",
        ),
        (
            "error=login_required&error_description=the+silent+request+failed",
            "entra-session-expired",
        ),
    ],
)
def test_the_oauth_error_field_as_a_whole_word_still_names_its_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # other products' sign-in failures in the Entra table's words, no Microsoft sign-in beside
        "Login failed for user 'sa'. Reason: The account is locked out.",
        "Jenkins: Invalid username or password",
        # Docker Hub's pull rate limit: a 429 of Docker's registry
        "Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may "
        "increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit",
    ],
)
def test_other_products_sign_in_and_rate_limits_name_no_family(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        "Connect-AzAccount : UsernamePasswordCredential authentication failed: invalid username or "
        "password",
        "AADSTS50053: The account is locked, you've tried to sign in too many times with an "
        "incorrect user ID or password.",
    ],
)
def test_the_entra_sentences_beside_a_microsoft_sign_in_still_name_the_family(wording: str) -> None:
    assert family_of(wording) == "entra-user-credential"


@pytest.mark.parametrize(
    "wording",
    [
        # google-auth's iat check (google/auth/jwt.py), as firebase-admin raises it
        "firebase_admin._auth_utils.InvalidIdTokenError: Token used too early, 1748085066 < "
        "1748085067. Check that your computer's clock is set correctly.",
        # Microsoft Graph's 401 for a token outside its window
        '{"error": {"code": "InvalidAuthenticationToken", "message": "Access token has expired or '
        'is not yet valid.", "innerError": {"date": "2024-05-01T10:00:00"}}}',
    ],
)
def test_other_token_window_checks_are_token_time(wording: str) -> None:
    assert family_of(wording) == "token-time"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Node's fetch (undici): the peer closed the socket mid-request
        (
            "TypeError: fetch failed\n    at node:internal/deps/undici/undici:13502:13\n  [cause]: "
            "SocketError: other side closed\n    code: 'UND_ERR_SOCKET'",
            "network-reset",
        ),
        # httpx / httpcore's connect timeout
        ("httpx.ConnectTimeout: timed out", "network-timeout"),
        # https-proxy-agent: the proxy closed the socket before answering the CONNECT
        (
            "FetchError: request to https://management.azure.com/ failed, reason: Proxy connection "
            "ended before receiving CONNECT response",
            "proxy",
        ),
    ],
)
def test_node_and_python_client_wordings_name_their_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


def test_a_read_timeout_class_name_alone_is_not_a_connect_timeout() -> None:
    # httpx's ReadTimeout is a slow answer, not a path that drops packets (no family names it)
    assert family_of("httpx.ReadTimeout") is None


def test_chromiums_access_denied_is_not_a_proxys_error_page() -> None:
    # net::ERR_ACCESS_DENIED (chromium net_error_list.h ACCESS_DENIED) is a local permission; Squid's
    # page of the same name is the proxy's
    assert (
        family_of("Failed to load resource: net::ERR_ACCESS_DENIED (file:///C:/app/index.html)")
        is None
    )
    assert (
        family_of("ERROR: The requested URL could not be retrieved (ERR_ACCESS_DENIED)") == "proxy"
    )


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # the Entra reference table's sentences quoted without the code (reference-error-codes.md)
        (
            "Error validating credentials due to invalid username or password.",
            "entra-user-credential",
        ),
        ("Confidential Client is not supported in Cross Cloud request.", "entra-tenant"),
        (
            "Sign-in failed: the user is required to use multi-factor authentication. Either a managed "
            "user needs to register security info to complete multi-factor authentication",
            "entra-interaction-required",
        ),
    ],
)
def test_more_entra_table_sentences_without_their_code_name_the_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # .NET Framework's NameResolutionFailure in fr-FR and es-ES (localized azure-docs), and the
        # ru-RU Windows Sockets 11001 text without its code
        "Exception lors de l'appel de « DownloadString » avec « 1 » argument(s) : « Le nom distant "
        "n'a pas pu être résolu: 'management.azure.com' »",
        "Invoke-WebRequest : No se puede resolver el nombre remoto: 'login.microsoftonline.com'",
        "Invoke-WebRequest : Этот хост неизвестен. (management.azure.com:443)",
    ],
)
def test_a_localized_name_resolution_failure_is_dns(wording: str) -> None:
    assert family_of(wording) == "network-dns"
