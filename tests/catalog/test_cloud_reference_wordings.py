"""Session 6 wordings of the Entra ID, ARM, network, TLS, proxy and token-time families, taken
from the references families.yaml cites (Microsoft's error references and troubleshooting pages,
the SDK and runtime source that produces the text): each names its family, and the look-alikes
beside them do not. Written as the references word them, not copied from the evaluation corpus.
(The remoting and Azure Local families' wordings are in test_reference_wordings.py.)"""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Foundry Agent Service private networking, troubleshooting: a provider's own registration
        # error without ARM's MissingSubscriptionRegistration
        (
            '{"code":"SubscriptionIsNotRegistered","message":"Subscripton '
            "'00000000-0000-0000-0000-000000000000' is not registered with the required resource "
            "providers, please register with the resource providers Microsoft.App and "
            'Microsoft.ContainerService."}',
            "arm-provider-registration",
        ),
        # the same sentence as a deployment's inner error, without the code
        (
            "Deployment failed. Subscription is not registered with the required resource "
            "providers, please register with the resource providers Microsoft.App.",
            "arm-provider-registration",
        ),
        # Azure Monitor diagnostic settings (azure-docs monitoring troubleshooting)
        (
            'Failed to update diagnostics for \'vm01\'. {"code":"Forbidden","message":"Please '
            "register the subscription '00000000-0000-0000-0000-000000000000' with "
            'Microsoft.Insights."}',
            "arm-provider-registration",
        ),
        # the network provider's wording, as a PowerShell cmdlet prints it
        (
            "New-AzVirtualNetwork : Subscription 00000000-0000-0000-0000-000000000000 is not "
            "registered with NRP.",
            "arm-provider-registration",
        ),
        # Entra ID's runtime reason for a client assertion signed with a key the app lacks
        # (reference-error-codes AADSTS900384 / AADSTS700027)
        (
            "AADSTS900384: JWT token failed signature validation [Reason - The key was not found., "
            "Thumbprint of key used by client: '0A1B2C3D4E5F60718293A4B5C6D7E8F901234567']",
            "entra-client-credential",
        ),
        (
            "AADSTS50013: Assertion failed signature validation. [Reason - The key was not found., "
            "Thumbprint of key used by client: '0A1B2C3D4E5F60718293A4B5C6D7E8F901234567', Please "
            "visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys "
            "for app Id '00000000-0000-0000-0000-000000000000']",
            "entra-client-credential",
        ),
        # the network provider's throttling in its own words (AKS toomanyrequestsreceived-error),
        # as the .NET SDK logs an operation's limit
        (
            "Operation GetServiceTagsOperation exceeded throttling limit of "
            "00000000-0000-0000-0000-000000000000 calls within last 5 minutes. The number of calls "
            "exceeds Microsoft.Network throttling limit. The call can be retried in 446 seconds.",
            "arm-throttling",
        ),
        (
            "Message=\"Subscription '00000000-0000-0000-0000-000000000000' retrieved a very large "
            "amount of data within last 5 minutes. The size of the data exceeds Microsoft.Network "
            'throttling limit. The call can be retried in 61 seconds." '
            'innerErrorCode="RetryableErrorDueTooHighReadDataSize"',
            "arm-throttling",
        ),
        # the AKS provider's own handler limit
        (
            'Status=429 Code="Throttled" Message="The PutManagedClusterHandler.PUT request limit '
            "has been exceeded for SubID='00000000-0000-0000-0000-000000000000', please retry "
            'again in 5 seconds. For more information, please visit aka.ms/aks/throttling"',
            "arm-throttling",
        ),
        # Go's net/http returns a refused CONNECT's reason phrase as the error: an NTLM proxy's 407
        (
            "Put https://account.blob.core.windows.net/container/file.csv?timeout=901: "
            "authenticationrequired",
            "proxy",
        ),
        (
            'Get "https://management.azure.com/subscriptions?api-version=2020-01-01": '
            "**authenticationrequired**",
            "proxy",
        ),
        # azure-sdk-for-go azcore's ResponseError and aiohttp's ClientResponseError carry the 407
        (
            "GET https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration"
            "\n------------------------------------------------------------\n"
            "RESPONSE 407: 407 authenticationrequired\nERROR CODE UNAVAILABLE",
            "proxy",
        ),
        (
            "aiohttp.client_exceptions.ClientResponseError: 407, message='Proxy Authentication "
            "Required', url=URL('http://proxy.contoso.com:8080')",
            "proxy",
        ),
    ],
)
def test_a_wording_of_set_elevens_miss_classes_names_its_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "not_family"),
    [
        # az's own notice: it registers the provider and goes on; the error after it is another's
        (
            "Resource provider 'Microsoft.CognitiveServices' used by this operation is not "
            "registered. We are registering for you.\nRegistration succeeded.\n(InvalidApiSetId) "
            "The account type 'IoTHub' is either invalid or unavailable in given region.",
            "arm-provider-registration",
        ),
        # a device, not a subscription, that is not registered
        ("The device is not registered with Azure AD.", "arm-provider-registration"),
        # Entra ID's other reason: the key used is expired (the node's clock or the certificate),
        # not a key the app lacks; and AADSTS900384 alone (a national cloud's authority, among
        # others)
        (
            "AADSTS900384: JWT token failed signature validation. Actual message content is "
            "runtime specific, there are a variety of causes for this error.",
            "entra-client-credential",
        ),
        # a registry's own 401 says "authentication required" in words, not a proxy's 407
        (
            'unauthorized: {"errors":[{"code":"UNAUTHORIZED","message":"authentication required, '
            'visit https://aka.ms/acr/authorization for more information."}]}',
            "proxy",
        ),
        (
            "AuthenticationRequiredError: Automatic authentication has been disabled. You may call "
            "the authentication() method.",
            "proxy",
        ),
        # a service's rate limit that is not ARM's: a count without throttling or a retry interval
        (
            "Operation exceeded the maximum number of retries (3) while polling deployment status.",
            "arm-throttling",
        ),
    ],
)
def test_near_misses_of_set_elevens_classes_are_not_that_family(wording, not_family):
    assert family_of(wording) != not_family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Windows Sockets 10061 as a localized Windows prints it (MSSQLSERVER_10061 localized pages,
        # the runtime's own wording where a doc's translation differs)
        (
            "urllib.error.URLError: <urlopen error 由于目标计算机积极拒绝，无法连接。>",
            "network-refused",
        ),
        (
            "mysqli::__construct(): (HY000/2002): 無法連線，因為目標電腦拒絕連線。",
            "network-refused",
        ),
        (
            "Invoke-RestMethod : 対象のコンピューターによって拒否されたため、接続できませんでした。 "
            "(localhost:8080)",
            "network-refused",
        ),
        (
            "System.Net.Http.HttpRequestException: Es konnte keine Verbindung hergestellt werden, "
            "da der Zielcomputer die Verbindung verweigerte. (node1.contoso.com:443)",
            "network-refused",
        ),
        (
            "SQLSTATE[HY000] [2002] Aucune connexion n’a pu être établie car l’ordinateur cible l’a "
            "expressément refusée.",
            "network-refused",
        ),
        (
            "tcp connect error: Nenhuma conexão pôde ser feita porque a máquina de destino as recusou "
            "ativamente. (os error 10061)",
            "network-refused",
        ),
        (
            "(provider: provider TCP, errore: 0 - Impossibile stabilire la connessione. Rifiuto "
            "persistente del computer di destinazione.)",
            "network-refused",
        ),
        # 10060 and 10054
        (
            "socket_connect(): unable to connect [0]: 接続済みの呼び出し先が一定の時間を過ぎても正しく"
            "応答しなかったため、接続できませんでした。",
            "network-timeout",
        ),
        (
            "dial tcp 10.0.0.4:443: connectex: Une tentative de connexion a échoué car le parti "
            "connecté n’a pas répondu convenablement au-delà d’une certaine durée ou une connexion "
            "établie a échoué car l’hôte de connexion n’a pas répondu.",
            "network-timeout",
        ),
        (
            "httpx.ConnectTimeout: Se produjo un error durante el intento de conexión ya que la parte "
            "conectada no respondió adecuadamente tras un periodo de tiempo",
            "network-timeout",
        ),
        (
            "('Connection aborted.', ConnectionResetError('远程主机强迫关闭了一个现有的连接。'))",
            "network-reset",
        ),
        (
            "httpcore.ReadError: Eine vorhandene Verbindung wurde vom Remotehost geschlossen",
            "network-reset",
        ),
        # 11001 and .NET's remote name, localized
        (
            "Invoke-WebRequest : 未能解析此远程名称: 'login.microsoftonline.com'",
            "network-dns",
        ),
        (
            'Grpc.Core.RpcException: Status(StatusCode=Unavailable, Detail="そのようなホストは'
            '不明です。")',
            "network-dns",
        ),
        # .NET's trust and secure-channel failures, localized (Azure Data Factory, Intune connector,
        # PowerShell Gallery notices in those languages)
        (
            "Invoke-RestMethod : 基础连接已经关闭: 未能为 SSL/TLS 安全通道建立信任关系。",
            "tls-untrusted",
        ),
        (
            "Message: ErrorCode=UserErrorFailedFileOperation, Die zugrunde liegende Verbindung wurde "
            "geschlossen: Es konnte keine Vertrauensstellung für den sicheren SSL/TLS-Kanal "
            "eingerichtet werden.",
            "tls-untrusted",
        ),
        (
            "Исключение: Базовое соединение закрыто: Не удалось установить доверительные отношения "
            "для защищенного канала SSL/TLS.",
            "tls-untrusted",
        ),
        (
            "Invoke-WebRequest : 要求は中止されました: SSL/TLS のセキュリティで保護されているチャネルを"
            "作成できませんでした。",
            "tls-protocol",
        ),
        (
            'Exception lors de l\'appel de "DownloadFile" : La demande a été abandonnée : '
            "Impossible de créer un canal sécurisé SSL/TLS.",
            "tls-protocol",
        ),
    ],
)
def test_a_windows_network_or_tls_message_in_another_language_names_its_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # WinRM's own refusal of the user, in German, is not a refused connection
        'New-PSSession : [node1] Beim Verbinden mit dem Remoteserver "node1" ist folgender Fehler '
        "aufgetreten: Zugriff verweigert",
        # a destination named in Spanish/Portuguese prose without a refusal
        "El equipo de destino está en línea y responde correctamente.",
        # a secure channel that was created and trusted
        "Se ha establecido una relación de confianza con el dominio.",
    ],
)
def test_localized_look_alikes_are_not_a_network_failure(wording):
    assert family_of(wording) not in {
        "network-refused",
        "network-timeout",
        "network-reset",
        "network-dns",
        "tls-untrusted",
        "tls-protocol",
    }


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # LinkedAuthorizationFailed's messages without the code (common-deployment-errors.md)
        (
            "The client 'user@contoso.com' with object id '00000000-0000-0000-0000-000000000000' has "
            "permission to perform action 'Microsoft.Compute/virtualMachines/write' on scope "
            "'/subscriptions/x/resourceGroups/rg'; however, it does not have permission to perform "
            "action(s) 'Microsoft.Network/virtualNetworks/subnets/join/action' on the linked "
            "scope(s) '/subscriptions/y/resourceGroups/net' or the linked scope(s) are invalid.",
            "arm-authorization",
        ),
        (
            "The client has permission to perform action 'Microsoft.Compute/virtualMachines/write' "
            "on scope '/subscriptions/x', however the current tenant 'y' is not authorized to "
            "access linked subscription 'z'.",
            "arm-authorization",
        ),
        # Azure Storage Shared Key: the request's date is over 15 minutes old (the client's clock)
        (
            "<Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the "
            "request.</Message><AuthenticationErrorDetail>Request date header too old: 'Fri, 31 "
            "Jan 2020 12:28:37 GMT'</AuthenticationErrorDetail></Error>",
            "token-time",
        ),
        # Windows ping's failed lookup; .NET on Linux's EAI_AGAIN with HttpClient's (host:port)
        (
            "Ping request could not find host management.azure.com. Please check the name and try "
            "again.",
            "network-dns",
        ),
        (
            "System.Net.Http.HttpRequestException: Resource temporarily unavailable "
            "(management.azure.com:443)\n ---> System.Net.Sockets.SocketException (11): Resource "
            "temporarily unavailable",
            "network-dns",
        ),
        # ICMP destination unreachable as ping prints it
        (
            "Pinging 10.20.0.4 with 32 bytes of data:\nReply from 10.0.0.1: Destination host "
            "unreachable.",
            "network-unreachable",
        ),
        ("From 10.0.0.1 icmp_seq=1 Destination Net Unreachable", "network-unreachable"),
        # OpenJDK: the connection closed during the TLS handshake
        (
            "Could not transfer artifact com.microsoft.azure:msal4j:pom:1.14.0: "
            "javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake: SSL peer "
            "shut down incorrectly",
            "network-reset",
        ),
        # az's own SSL error text, alone
        (
            "ERROR: Certificate verification failed. This typically happens when using Azure CLI "
            "behind a proxy that intercepts traffic with a self-signed certificate. Please add "
            "this certificate to the trusted CA bundle.",
            "tls-untrusted",
        ),
        # Go's net/http: the proxy itself failed ('proxyconnect tcp: ...'); npm's E407
        (
            'Post "https://gbl.his.arc.azure.com/agents": proxyconnect tcp: tls: first record does '
            "not look like a TLS handshake",
            "proxy",
        ),
        ('Get "https://mcr.microsoft.com/v2/": proxyconnect tcp: EOF', "proxy"),
        ("npm error code E407\nnpm error 407 Proxy Authorization Required", "proxy"),
    ],
)
def test_a_long_tail_rendering_of_the_cloud_families_names_its_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # az prints its SSL text for any SSLError: the specific reason beside it is named
        (
            "(Caused by SSLError(SSLEOFError(8, 'EOF occurred in violation of protocol "
            "(_ssl.c:2396)')))\nCertificate verification failed. This typically happens when "
            "using Azure CLI behind a proxy that intercepts traffic with a self-signed "
            "certificate. Please add this certificate to the trusted CA bundle.",
            "network-reset",
        ),
        (
            "(Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] "
            "certificate verify failed: certificate is not yet valid (_ssl.c:1010)')))\n"
            "Certificate verification failed. This typically happens when using Azure CLI behind "
            "a proxy that intercepts traffic with a self-signed certificate. Please add this "
            "certificate to the trusted CA bundle.",
            # session 7, third cycle: a certificate not yet valid is the certificate's dates (the
            # tls-certificate-validity condition, shown in a partial answer) unless the clock's
            # words are there; the wrapper's interception hint still names nothing
            None,
        ),
        # a proxy whose own name does not resolve is the name
        (
            'Get "https://management.azure.com/": proxyconnect tcp: dial tcp: lookup '
            "proxy.contoso.com on 127.0.0.53:53: no such host",
            "network-dns",
        ),
    ],
)
def test_a_specific_reason_beside_a_generic_wrapper_is_named(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # EAGAIN from a non-blocking read is not a name lookup
        "BlockingIOError: [Errno 11] Resource temporarily unavailable",
        # npm's other HTTP statuses are not a proxy's
        "npm ERR! code E404\nnpm ERR! 404 Not Found - GET https://registry.npmjs.org/@x%2fy",
    ],
)
def test_look_alikes_of_the_long_tail_name_no_family(wording):
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # WSAECONNABORTED 10053, in English and as localized Windows words it
        (
            "ConnectionAbortedError: [WinError 10053] An established connection was aborted by the "
            "software in your host machine",
            "network-reset",
        ),
        (
            "Failed to send request: Eine bestehende Verbindung wurde softwaregesteuert durch den "
            "Hostcomputer abgebrochen. (os error 10053)",
            "network-reset",
        ),
        (
            "java.io.IOException: 確立された接続がホスト コンピューターのソフトウェアによって"
            "中止されました。",
            "network-reset",
        ),
        (
            "Unable to write data to the transport connection: 你的主机中的软件中止了一个已建立的连接。",
            "network-reset",
        ),
        # Java NIO: the socket address never resolved
        (
            "java.nio.channels.UnresolvedAddressException\n\tat "
            "java.base/sun.nio.ch.Net.checkAddress(Net.java:149)",
            "network-dns",
        ),
        # curl's Schannel chain trust errors (schannel_verify.c)
        (
            "fatal: unable to access 'https://dev.azure.com/org/_git/repo/': schannel: "
            "CertGetCertificateChain trust error CERT_TRUST_IS_PARTIAL_CHAIN",
            "tls-untrusted",
        ),
        (
            "curl: (60) schannel: CertGetCertificateChain trust error CERT_TRUST_REVOCATION_STATUS_UNKNOWN",
            "tls-revocation",
        ),
        # SEC_E_CERT_EXPIRED's message with a failure around it; SEC_E_ILLEGAL_MESSAGE (weak)
        # session 7: a certificate outside its validity period is no trust failure; it is the
        # tls-certificate-validity condition, shown in a partial answer (no family)
        (
            "System.Security.Authentication.AuthenticationException: A call to SSPI failed, see "
            "inner exception. ---> System.ComponentModel.Win32Exception: The certificate received "
            "from the remote server has either expired or is not yet valid",
            None,
        ),
        (
            "curl: (35) schannel: next InitializeSecurityContext failed: SEC_E_ILLEGAL_MESSAGE "
            "(0x80090326) - This error usually occurs when a fatal SSL/TLS alert is received (e.g. "
            "handshake failed).",
            "tls-protocol",
        ),
    ],
)
def test_more_windows_socket_and_schannel_renderings_name_their_family(wording, family):
    assert family_of(wording) == family


def test_an_expired_or_not_yet_valid_certificate_with_the_clocks_words_is_the_clock():
    # SEC_E_CERT_EXPIRED says "expired or not yet valid"; Go's "current time ... is before" decides
    text = (
        "The certificate received from the remote server has either expired or is not yet valid. "
        "x509: certificate has expired or is not yet valid: current time 2023-01-01T00:00:00Z is "
        "before 2024-01-01T00:00:00Z"
    )
    assert family_of(text) == "token-time"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # the region optimization policy, as ARM reports it (RequestDisallowedByAzure)
        (
            'Failed to create cognitive services account, HTTP Code 403, Error {"error":{"code":'
            '"RequestDisallowedByAzure","target":"hci-resource","message":"Resource '
            "'hci-resource' was disallowed by Azure: This policy maintains a set of best available "
            "regions where your subscription can deploy resources. Should you need additional or "
            'different regions, contact support."}}',
            "arm-location",
        ),
        # the rest of the Entra reference table's codes for these families
        (
            "AADSTS900432: Confidential Client isn't supported in Cross Cloud request.",
            "entra-tenant",
        ),
        (
            "AADSTS1000104: XCB2BResourceCloudNotAllowedOnIdentityTenant - Resource cloud "
            "AzureUSGovernment isn't allowed on identity tenant contoso.",
            "entra-tenant",
        ),
        ("AADSTS50049: Unknown or invalid instance.", "entra-tenant"),
        (
            "AADSTS16003: SsoUserAccountNotFoundInResourceTenant - Indicates that the user hasn't "
            "been explicitly added to the tenant.",
            "entra-user-credential",
        ),
        (
            "AADSTS50187: DeviceInformationNotProvided - The service failed to perform device "
            "authentication.",
            "entra-interaction-required",
        ),
        (
            "AADSTS700229: ForbiddenTokenType- Only app-only tokens can be used as Federated "
            "Identity Credentials for Microsoft Entra issuer.",
            "entra-client-credential",
        ),
    ],
)
def test_more_reference_codes_name_their_family(wording, family):
    assert family_of(wording) == family


def test_aadsts16000_is_decided_by_its_words_not_its_code():
    # the service returned 16000 for an ended session before the table gave it 50020's meaning
    assert (
        family_of("AADSTS16000: Session is invalid due to expiration or recent password change.")
        == "entra-session-expired"
    )
    assert family_of("AADSTS16000") != "entra-tenant"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # ARM's DeploymentActive, as Go autorest and the SDKs carry it
        (
            'Code="DeploymentActive" Message="Unable to edit or replace deployment \'hci\': '
            "previous deployment from '4/4/2024 2:17:07 AM' is still active (expiration time is "
            "'4/11/2024 2:17:01 AM'). Please see https://aka.ms/arm-deploy for usage details.\"",
            "arm-conflict",
        ),
        # tunnel-agent: the proxy hung up on the CONNECT
        (
            "npm ERR! request to https://registry.npmjs.org/@azure%2fidentity failed, reason: "
            "tunneling socket could not be established, cause=socket hang up",
            "proxy",
        ),
    ],
)
def test_a_deployment_still_active_and_a_proxy_hanging_up_name_their_family(wording, family):
    assert family_of(wording) == family


def test_a_socket_hang_up_without_a_proxy_is_the_connection():
    assert family_of(
        "Error: socket hang up\n    at connResetException (node:internal/errors:720:14)"
    ) == ("network-reset")


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Go's DNSError from the system resolver (no ' on <server>'): the lookup timed out
        (
            'Post "https://login.microsoftonline.com/x/oauth2/v2.0/token": dial tcp: lookup '
            "login.microsoftonline.com: i/o timeout",
            "network-dns",
        ),
        # Ruby net/http's read timeout
        ("Net::ReadTimeout with #<TCPSocket:(closed)>", "network-timeout"),
        # OpenSSL: the server's DH group is below the client's security level
        (
            "curl: (35) error:0A00018A:SSL routines::dh key too small",
            "tls-protocol",
        ),
        # Java: the server's certificate is past its NotAfter
        # session 7: a certificate outside its validity period is no trust failure; it is the
        # tls-certificate-validity condition, shown in a partial answer (no family)
        (
            "sun.security.validator.ValidatorException: PKIX path validation failed: "
            "java.security.cert.CertPathValidatorException: validity check failed; caused by "
            "java.security.cert.CertificateExpiredException: NotAfter: Mon Jan 01 00:00:00 UTC 2024",
            None,
        ),
    ],
)
def test_other_runtimes_timeouts_and_certificate_states_name_their_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # Key Vault RBAC's 403 as Azure.Core prints it (rbac-guide)
        "Azure.RequestFailedException: Caller is not authorized to perform action on resource.\n"
        "Caller: appid=00000000-0000-0000-0000-000000000000;oid=11111111-1111-1111-1111-111111111111\n"
        "Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\nStatus: 403 (Forbidden)\n"
        'Content: {"error":{"code":"Forbidden","message":"Caller is not authorized to perform '
        'action on resource.","innererror":{"code":"ForbiddenByRbac"}}}',
        # (Key Vault access policies' 403 is not an Azure role's: session 11, cycle K,
        # test_families_arm_authorization_key_vault_access_policy.py)
    ],
)
def test_key_vaults_authorization_failures_are_authorization(wording):
    assert family_of(wording) == "arm-authorization"


def test_a_key_vault_name_conflict_is_not_authorization():
    text = (
        "A vault with the same name already exists in deleted state. You need to either recover or "
        "purge existing key vault."
    )
    assert family_of(text) != "arm-authorization"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # the Entra reference table's sentences, quoted by a tool without their code
        (
            "Sign-in failed: The user account bob@contoso.com does not exist in the contoso.com "
            "directory. To sign into this application, the account must be added to the directory.",
            "entra-user-credential",
        ),
        (
            "Sign-in failed: User needs to enroll for second factor authentication.",
            "entra-interaction-required",
        ),
        (
            "Error: Strong authentication is required and the user did not pass the MFA challenge.",
            "entra-interaction-required",
        ),
        (
            "Login error: Device is not in required device state: compliant. Conditional Access "
            "policy requires a compliant device.",
            "entra-interaction-required",
        ),
        (
            "Token request failed: AdminConsentRequired - Administrator consent is required.",
            "entra-consent",
        ),
        (
            "Token request failed: The tenant name wasn't found in the data store. Check to make sure "
            "you have the correct tenant ID.",
            "entra-tenant",
        ),
        (
            "Error: The specified tenant 'contoso.onmicrosoft.us' belongs to the National Cloud "
            "'USGovernment'. Current cloud instance 'Prod' does not federate with USGovernment.",
            "entra-tenant",
        ),
        # AADSTS70025: an app with no federated credential at all (workload identity federation)
        (
            "Error: AADSTS70025: The client '00000000-0000-0000-0000-000000000000'(deployer) has no "
            "configured federated identity credentials.",
            "entra-client-credential",
        ),
        (
            "ClientAssertionCredential authentication failed: The client 'x'(csi) has no configured "
            "federated identity credentials.",
            "entra-client-credential",
        ),
    ],
)
def test_the_entra_tables_sentences_without_their_code_name_the_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # generic sentences the table shares with other products stay unanswered
        "Error: The password is expired.",
        "Error: The application is disabled.",
        "Error: Strong customer authentication is required for this payment.",
    ],
)
def test_generic_sentences_like_the_entra_tables_name_no_family(wording):
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # .NET Framework's ConnectFailure wrapper in a localized Windows (PowerShell 5.1)
        (
            "Invoke-RestMethod : Die Verbindung mit dem Remoteserver kann nicht hergestellt werden.\n"
            "In Zeile:1 Zeichen:1",
            "network-unreachable",
        ),
        ("Register-AzStackHCI : リモート サーバーに接続できません。", "network-unreachable"),
        (
            "curl : Невозможно соединиться с удаленным сервером\nстрока:1 знак:1",
            "network-unreachable",
        ),
        # the localized reason inside the wrapper is named first, as in English
        (
            "Invoke-WebRequest : Die Verbindung mit dem Remoteserver kann nicht hergestellt werden. "
            "---> System.Net.Sockets.SocketException: Ein Verbindungsversuch ist fehlgeschlagen, da "
            "die Gegenstelle nach einer bestimmten Zeitspanne nicht richtig reagiert hat",
            "network-timeout",
        ),
        (
            "Invoke-WebRequest : 无法连接到远程服务器 ---> 由于目标计算机积极拒绝，无法连接。 127.0.0.1:443",
            "network-refused",
        ),
        # .NET Framework's 'unexpected error occurred on a send', localized: with no network
        # reason after it, TLS 1.2 not offered (session 7, third cycle: Microsoft's TLS guidance for
        # .NET Framework; the pages that quote these wordings are TLS 1.2 pages), as in English
        (
            "Invoke-WebRequest : 基础连接已经关闭: 发送时发生错误。\n所在位置 行:1 字符: 1",
            "tls-protocol",
        ),
        (
            "SQL Server IaaS Agent: 基になる接続が閉じられました。送信時に、予期しないエラーが"
            "発生しました。",
            "tls-protocol",
        ),
        (
            "Exception lors de l'appel de « DownloadString » : « La connexion sous-jacente a été "
            "fermée : Une erreur inattendue s'est produite lors de l'envoi. »",
            "tls-protocol",
        ),
        # with the inner exception's reset after it, the reset
        (
            "Die zugrunde liegende Verbindung wurde geschlossen: Unerwarteter Fehler beim Senden. "
            "---> System.IO.IOException: Von der Übertragungsverbindung können keine Daten gelesen "
            "werden: Eine vorhandene Verbindung wurde vom Remotehost geschlossen.",
            "network-reset",
        ),
    ],
)
def test_net_frameworks_localized_connection_wrappers_name_their_family(wording, family):
    assert family_of(wording) == family


def test_a_german_app_sentence_about_sending_is_not_a_reset():
    assert family_of("Fehler: Unerwarteter Fehler beim Senden der E-Mail an den Kunden.") is None


@pytest.mark.parametrize(
    "wording",
    [
        # ERROR_TIME_SKEW 1398's text inside a WinRM Kerberos error: the clock, not the SPN
        "Connecting to remote server node1 failed with the following error message : WinRM cannot "
        "process the request. The following error with errorcode 0x80090324 occurred while using "
        "Kerberos authentication: There is a time and/or date difference between the client and "
        "server.",
        "Add-Computer : Computer 'node1' failed to join domain 'contoso.com' from its current "
        "workgroup 'WORKGROUP' with following error message: There is a time and/or date "
        "difference between the client and server.",
        # STATUS_TIME_DIFFERENCE_AT_DC
        "Extended error 0xc0000133: The time at the Primary Domain Controller is different than the "
        "time at the Backup Domain Controller or member server by too large an amount.",
    ],
)
def test_windows_own_clock_skew_errors_are_token_time(wording):
    assert family_of(wording) == "token-time"


@pytest.mark.parametrize(
    "wording",
    [
        # .NET's WebException 407 in the languages whose reason phrase lacks the word 'proxy'
        "Invoke-WebRequest : 远程服务器返回错误: (407) 需要代理身份验证。",
        "リモート サーバーがエラーを返しました: (407) プロキシ認証が必要です。",
        "System.Net.WebException: Удаленный сервер возвратил ошибку: (407) Требуется проверка "
        "подлинности посредника.",
    ],
)
def test_a_localized_407_is_the_proxy(wording):
    assert family_of(wording) == "proxy"


def test_a_phone_number_with_the_407_area_code_is_no_proxy():
    assert family_of("Support line failed to answer: call (407) 555-1234 instead.") != "proxy"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            "curl : A ligação subjacente foi fechada: Não foi possível estabelecer uma relação de "
            "confiança para o canal seguro SSL/TLS.",
            "tls-untrusted",
        ),
        (
            "System.Net.WebException: Connessione sottostante chiusa: Impossibile stabilire una "
            "relazione di trust per il canale sicuro SSL/TLS.",
            "tls-untrusted",
        ),
        (
            "AuthenticationException\n원격 인증서가 잘못되었습니다.\nSSL/TLS 보안 채널에 대한 트러스트 관계를 설정할 수 없습니다.",
            "tls-untrusted",
        ),
        ("System.Net.WebException: No se puede crear un canal seguro SSL/TLS", "tls-protocol"),
        ("WebException: 要求已經中止: 無法建立 SSL/TLS 的安全通道", "tls-protocol"),
    ],
)
def test_more_languages_of_nets_tls_failures_name_their_family(wording, family):
    assert family_of(wording) == family


# Session 6, second round: a refusal or timeout at a WinRM port or /wsman URL, written as a code
# (CPython's [WinError 10061] / [Errno 111], Rust's (os error 10060), .NET's SocketException
# (10061), Node's ETIMEDOUT, the Winsock names) or as the localized Windows text, is the WinRM
# endpoint, as the same failure in English words already was
@pytest.mark.parametrize(
    "wording",
    [
        "requests.exceptions.ConnectionError: HTTPConnectionPool(host='node1', port=5985): Max "
        "retries exceeded with url: /wsman (Caused by NewConnectionError('<urllib3.connection."
        "HTTPConnection object at 0x0000021>: Failed to establish a new connection: [WinError "
        "10061] 由于目标计算机积极拒绝，无法连接。'))",
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='node1', port=5986): Max "
        "retries exceeded with url: /wsman (Caused by NewConnectionError('<urllib3.connection."
        "HTTPSConnection object at 0x0000021>: Failed to establish a new connection: [WinError "
        "10060] 由于连接方在一段时间后没有正确答复或连接的主机没有反应，连接尝试失败。'))",
        "winrm.exceptions.WinRMTransportError: Failed to connect to http://node1:5985/wsman: "
        "[WinError 10061] Es konnte keine Verbindung hergestellt werden, da der Zielcomputer die "
        "Verbindung verweigerte",
        "Error: connect ETIMEDOUT 10.0.0.5:5986",
        'Post "http://10.0.0.5:5985/wsman": dial tcp 10.0.0.5:5985: connectex: '
        "対象のコンピューターによって拒否されたため、接続できませんでした。",
        "System.Net.Sockets.SocketException (10061): "
        "対象のコンピューターによって拒否されたため、接続できませんでした。 10.0.0.5:5985",
        "Error connecting to node1:5986 (os error 10060)",
        "HTTPConnectionPool(host='node1', port=5985): Max retries exceeded with url: /wsman "
        "(Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f>: "
        "Failed to establish a new connection: [Errno 111] Verbindungsaufbau abgelehnt'))",
    ],
)
def test_a_refusal_code_at_a_winrm_port_is_the_winrm_endpoint(wording):
    assert family_of(wording) == "remoting-unreachable"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            "HTTPSConnectionPool(host='management.azure.com', port=443): Max retries exceeded with "
            "url: /subscriptions?api-version=2022-12-01 (Caused by NewConnectionError('<urllib3."
            "connection.HTTPSConnection object at 0x0000021>: Failed to establish a new connection: "
            "[WinError 10061] 由于目标计算机积极拒绝，无法连接。'))",
            "network-refused",
        ),
        (
            "HTTPSConnectionPool(host='login.microsoftonline.com', port=443): Max retries exceeded "
            "with url: /common/oauth2/token (Caused by NewConnectionError('<urllib3.connection."
            "HTTPSConnection object at 0x0000021>: Failed to establish a new connection: [WinError "
            "10060] 由于连接方在一段时间后没有正确答复或连接的主机没有反应，连接尝试失败。'))",
            "network-timeout",
        ),
        ("Error: connect ECONNREFUSED 20.50.1.1:443", "network-refused"),
        ("proxy 10.0.0.1:8080 - WSAECONNREFUSED", "network-refused"),
    ],
)
def test_the_same_codes_at_an_azure_endpoint_stay_the_network(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Rust's std::io::Error: "<localized text> (os error <code>)"
        (
            "Error: error sending request for url (https://management.azure.com/): error trying to "
            "connect: tcp connect error: 由于目标计算机积极拒绝，无法连接。 (os error 10061)",
            "network-refused",
        ),
        (
            "error trying to connect: tcp connect error: Ein Verbindungsversuch ist "
            "fehlgeschlagen. (os error 10060)",
            "network-timeout",
        ),
        # CPython's "[Errno 111] <text>" whatever the text's language
        ("urlopen error [Errno 111] Verbindungsaufbau abgelehnt", "network-refused"),
    ],
)
def test_rust_and_python_os_error_codes_name_the_network_family(wording, family):
    assert family_of(wording) == family


# Go's "context deadline exceeded" is any deadline (golang/go context.DeadlineExceeded): the
# network's only on an HTTP request (net/url Error "<Method> <url>: ...") or a dial, or when
# go-autorest got no response at all (StatusCode=0)
@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            'Error: Get "https://management.azure.com/subscriptions?api-version=2020-01-01": '
            "context deadline exceeded",
            "network-timeout",
        ),
        (
            "Failure sending request: StatusCode=0 -- Original Error: context deadline exceeded",
            "network-timeout",
        ),
        (
            'Post "https://10.0.0.5:5986/wsman": dial tcp 10.0.0.5:5986: context deadline exceeded',
            "remoting-unreachable",
        ),
    ],
)
def test_a_deadline_on_a_request_or_dial_is_the_network(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # a Terraform resource's own timeouts block while the long-running operation goes on
        'Error: waiting for creation of Resource Group "rg1": context deadline exceeded',
        "polling after CreateOrUpdate: context deadline exceeded",
        "rpc error: code = DeadlineExceeded desc = context deadline exceeded",
        "NOTICE: file.bin: Removing partially written file on error: context deadline exceeded",
    ],
)
def test_an_applications_own_deadline_is_not_a_network_timeout(wording):
    assert family_of(wording) is None


# the Winsock / errno code of a reset, an unreachable host or network and an unknown host, as
# .NET's SocketException (<code>) and Rust's (os error <code>) print it beside a localized text
@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            "System.Net.Sockets.SocketException (10054): "
            "現在の接続はリモート ホストによって強制的に切断されました。",
            "network-reset",
        ),
        (
            "System.Net.Sockets.SocketException (10065): 套接字操作尝试一个无法连接的主机。",
            "network-unreachable",
        ),
        (
            "tcp connect error: 네트워크에 연결할 수 없습니다 (os error 10051)",
            "network-unreachable",
        ),
        (
            "error sending request: 그런 호스트는 알려져 있지 않습니다. (os error 11001)",
            "network-dns",
        ),
    ],
)
def test_a_socket_code_beside_a_localized_text_names_its_network_family(wording, family):
    assert family_of(wording) == family


def test_another_os_error_code_is_no_network_failure():
    # ENOENT: a file, not the network
    assert family_of("failed to read config.toml: 系统找不到指定的文件。 (os error 2)") is None


def test_a_reset_code_is_neither_a_refusal_nor_a_timeout():
    # set 7's near miss (a socket code other than a refusal or timeout): WSAECONNRESET 10054 is
    # the reset (Windows Sockets error codes), not network-refused or network-timeout
    wording = (
        "System.Net.Sockets.SocketException (10054): An existing connection was forcibly closed"
    )
    assert family_of(wording) == "network-reset"


@pytest.mark.parametrize(
    "wording",
    [
        # a storage account's firewall (AuthorizationFailure) and Key Vault's network rules
        # (ForbiddenByFirewall): the data plane's network rules, not a role assignment
        "Status: 403 (This request is not authorized to perform this operation.)\n"
        "ErrorCode: AuthorizationFailure",
        "(Forbidden) Client address is not authorized and caller is not a trusted service.\n"
        "Client address: 20.1.1.1\nCode: Forbidden\n"
        'Inner error: {"code": "ForbiddenByFirewall"}',
        # Entra's redirect-URI and malformed-request codes belong to no family here
        "AADSTS50011: The redirect URI 'http://localhost:8400' specified in the request does not "
        "match the redirect URIs configured for the application '1'.",
        "AADSTS900144: The request body must contain the following parameter: 'client_id'.",
        "AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page "
        "Application' client-type.",
        "AADSTS50148: The code_verifier does not match the code_challenge supplied in the "
        "authorization request for PKCE.",
        # an application's own certificate or time limit, not the server's TLS certificate or the
        # network path
        "The certificate 'CN=sp-app' has expired. Upload a new certificate to the app registration.",
        "Error: timeout while waiting for state to become 'Succeeded' (last state: 'Updating', "
        "timeout: 30m0s)",
    ],
)
def test_look_alikes_of_the_cloud_families_name_no_family(wording):
    assert family_of(wording) is None
