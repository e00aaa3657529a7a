"""Wordings taken from the families' public references (families.yaml cites each one): every
one names its family, and the near misses around them do not. The texts are written as the
reference words them (message tables, resource strings, source code), not copied from the
evaluation corpus."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose
from orchestrator.catalog.families import parse_families
from tests.catalog.wordings import family_entry, family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # urllib3 connection.py _match_hostname / util/ssl_match_hostname.py
        (
            "urllib3.connection - ERROR - Certificate did not match expected hostname: "
            "node1.contoso.com. Certificate: {'subject': ((('commonName', 'proxy'),),)}",
            "tls-untrusted",
        ),
        (
            "ssl.CertificateError: hostname 'node1' doesn't match 'proxy.contoso.com'",
            "tls-untrusted",
        ),
        # Node.js ERR_TLS_CERT_ALTNAME_INVALID and the X509 error code table
        (
            "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's "
            "altnames: Host: login.microsoftonline.com. is not in the cert's altnames: DNS:fw.local",
            "tls-untrusted",
        ),
        ("Error: unable to verify the first certificate", "tls-untrusted"),
        ("code: 'DEPTH_ZERO_SELF_SIGNED_CERT'", "tls-untrusted"),
        # curl verifyhost, Go crypto/x509 HostnameError, OpenJDK PKIX, Windows SEC_E_UNTRUSTED_ROOT
        (
            "curl: (60) SSL: no alternative certificate subject name matches target host name "
            "'management.azure.com'",
            "tls-untrusted",
        ),
        (
            "x509: cannot validate certificate for 10.0.0.5 because it doesn't contain any IP SANs",
            "tls-untrusted",
        ),
        (
            "javax.net.ssl.SSLHandshakeException: PKIX path building failed: "
            "unable to find valid certification path to requested target",
            "tls-untrusted",
        ),
        (
            "(0x80090325): The certificate chain was issued by an authority that is not trusted.",
            "tls-untrusted",
        ),
        ("routines:ssl3_read_bytes:tlsv1 alert protocol version", "tls-protocol"),
        # WinRM message table (wsmerror.h) and about_Remote_Troubleshooting
        (
            "The WinRM client cannot process the request. The certificate CN and the hostname "
            "that were provided do not match.",
            "remoting-certificate",
        ),
        (
            "ERROR: The connection to the remote host was refused. Verify that the WS-Management "
            "service is running on the remote host and configured to listen for requests on the "
            "correct port and HTTP URL.",
            "remoting-unreachable",
        ),
        (
            "WinRM firewall exception will not work since one of the network connection types on "
            "this machine is set to Public.",
            "remoting-unreachable",
        ),
        (
            "The WinRM client cannot process the request. Kerberos authentication cannot be used "
            "when the destination is an IP address.",
            "remoting-trustedhosts",
        ),
        (
            "The WS-Management service cannot process the request. The maximum number of "
            "concurrent operations for this user has been exceeded.",
            "remoting-quota",
        ),
        (
            "ERROR: The total data received from the remote client exceeded allowed maximum.",
            "remoting-quota",
        ),
        (
            "The WinRM client cannot process the request. A computer policy does not allow the "
            "delegation of the user credentials to the target computer.",
            "remoting-credssp",
        ),
        (
            "Connecting to remote server node1 failed with the following error message : "
            "The user name or password is incorrect.",
            "remoting-access-denied",
        ),
        (
            "There are currently no logon servers available to service the logon request.",
            "remoting-kerberos",
        ),
        ("The clocks on the client and server machines are skewed.", "token-time"),
        # network: Go resolver, WinHTTP, Winsock, .NET HttpClient, curl, Test-NetConnection
        ("lookup management.azure.com on 10.0.0.1:53: server misbehaving", "network-dns"),
        (
            "WinHttpSendRequest failed: The server name or address could not be resolved",
            "network-dns",
        ),
        (
            "This is usually a temporary error during hostname resolution and means that the local "
            "server did not receive a response from an authoritative server.",
            "network-dns",
        ),
        ("WARNING: Name resolution of login.microsoftonline.com failed", "network-dns"),
        # (session 9 cycle E: HttpClient.Timeout alone is the client's whole-request deadline and
        # names no family, tests/catalog/test_network_wordings_s9e.py; with the connect timeout
        # inside it, the network is shown)
        (
            "The request was canceled due to the configured HttpClient.Timeout of 100 seconds "
            "elapsing. ---> System.TimeoutException: A connection attempt failed because the "
            "connected party did not properly respond after a period of time",
            "network-timeout",
        ),
        ("The connection with the server was terminated abnormally", "network-reset"),
        ("A connection with the server could not be established", "network-unreachable"),
        ("WARNING: TCP connect to (13.107.42.16 : 443) failed", "network-unreachable"),
        # proxies: .NET SocketsHttpHandler tunnel, curl
        (
            "The proxy tunnel request to proxy 'http://proxy.contoso.com:3128/' failed with "
            "status code '407'.",
            "proxy",
        ),
        ("curl: (5) Could not resolve proxy: proxy.contoso.com", "proxy"),
        # Entra ID reference table and the sign-in prompts of az and Az.Accounts
        # AADSTS50078 ExpiredMultiFactorAuthentication: the MFA claim of the sign-in aged out under
        # the tenant's policy; the reference's remedy ("you must refresh your multi-factor
        # authentication") is an MFA challenge, as for 50076 / 50079 (session 10, cycle H; session 8
        # cycle B to session 10 cycle G asserted entra-session-expired, before that
        # entra-interaction-required)
        (
            "AADSTS50078: Presented multifactor authentication has expired.",
            "entra-interaction-required",
        ),
        (
            "AADSTS530035: Access has been blocked by security defaults.",
            "entra-interaction-required",
        ),
        ("AADSTS51004: The user account doesn't exist in the directory.", "entra-user-credential"),
        ("AADSTS50089: Authentication failed due to flow token expired.", "entra-session-expired"),
        # az's 'to setup account' and Az.Accounts' 'Run Connect-AzAccount to login'
        # never signed in, no family: test_families_entra_session_expired_not_signed_in.py
        # The request-limits doc says RetryableErrorDueToAnotherOperation is "the target resource is
        # locked by another operation" and to "view the error details" to tell it from throttling:
        # a conflict (changed in session 7's second cycle; it used to assert arm-throttling)
        ('{"error":{"code":"RetryableErrorDueToAnotherOperation"}}', "arm-conflict"),
        # ARM throttling: request-limits doc and the Java SDK's throttling policy
        (
            "Azure Resource Manager read/write per hour limit reached. Will retry in: 1200 seconds",
            "arm-throttling",
        ),
        # the azcmagent troubleshooting table: the agent's own messages, and a Go client's
        # "<method> <url>: Forbidden" from a proxy or firewall
        ("Failed to AzcmagentConnect ARM resource", "arc-agent"),
        (
            "Failed to execute the refresh request. Error = 'Post https://login.windows.net/"
            "00000000-0000-0000-0000-000000000000/oauth2/token?api-version=1.0: Forbidden'",
            "proxy",
        ),
        # Azure Local health check results rendered by Format-List
        ("Name   : AzStackHci_Connectivity_Test\nStatus : FAILURE", "azure-local-lifecycle"),
        # token time claims as JWT libraries word them: firebase/php-jwt BeforeValidException,
        # jose4j NumericDateValidator, golang-jwt ErrTokenNotValidYet/ErrTokenUsedBeforeIssued
        (
            "PHP Fatal error:  Uncaught Firebase\\JWT\\BeforeValidException: Cannot handle token "
            "prior to 2026-12-07T00:10:00+0000",
            "token-time",
        ),
        (
            "JWT rejected due to invalid claims. Additional details: [[6] The JWT is not yet valid "
            "as the evaluation time NumericDate{1796601000} is before the Not Before "
            "(nbf=NumericDate{1796601300}) claim time.]",
            "token-time",
        ),
        ("token has invalid claims: token is not valid yet", "token-time"),
        ("token has invalid claims: token used before issued", "token-time"),
        # Go net.DNSError: "lookup <name> on <server>: <err>", whatever the inner error
        (
            'Get "https://management.azure.com/": dial tcp: lookup management.azure.com on '
            "10.0.0.10:53: read udp 10.0.0.5:53124->10.0.0.10:53: i/o timeout",
            "network-dns",
        ),
        # provider registration worded without "namespace" (Azure docs quote both)
        (
            "The subscription is not registered to use Microsoft.ServiceLinker",
            "arm-provider-registration",
        ),
        # Register-AzStackHCI's $RegionNotSupported (stackhci.ps1)
        (
            "Azure Stack HCI is not yet available in region eastus2euap. Please choose one of these "
            "regions: eastus, westeurope.",
            "arm-location",
        ),
        # the resource bridge's own ScopeLocked code (Azure Local TSG)
        (
            "ERROR: (ApplianceResourceScopeLocked) A ReadOnly or CanNotDelete lock exists on "
            "Microsoft.ResourceConnector/appliances/arb1",
            "arm-conflict",
        ),
        # AZCM0141 as a sentence
        ("The agent can't be installed on an Azure virtual machine", "arc-agent"),
        # the Azure Local environment validator's infra-IP connection test (TSG)
        (
            "[FAILED] Connection from 192.168.1.50 (vSMB1) to https://management.azure.com failed "
            "after 3 attempts",
            "network-unreachable",
        ),
        # the pre-update mandatory resource provider check, failed
        (
            "Name    : AzStackHci_ArcIntegration_MandatoryRPRegistration_Check\nStatus  : FAILURE",
            "arm-provider-registration",
        ),
        (
            "Failed precheck: HCI cluster and node registration validity failed due to Azure Stack "
            "HCI Subscription Status not in expected status Active",
            "hci-registration",
        ),
        # lessons of the third measure set, each from the reference families.yaml cites:
        # Python's URLError prints its reason in angle brackets (CPython Lib/urllib/error.py):
        # not an HTML tag, its words count
        (
            "<urlopen error [SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version "
            "(_ssl.c:1129)>",
            "tls-protocol",
        ),
        (
            "<urlopen error Tunnel connection failed: 407 Proxy Authentication Required>",
            "proxy",
        ),
        # OpenSSL's reason codes as CPython's ssl module and pyOpenSSL render them
        (
            "ssl.SSLError: [SSL: UNSUPPORTED_PROTOCOL] unsupported protocol (_ssl.c:1108)",
            "tls-protocol",
        ),
        (
            "OpenSSL.SSL.Error: [('SSL routines', 'ssl_choose_client_version', "
            "'unsupported protocol')]",
            "tls-protocol",
        ),
        (
            "ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:852)",
            "tls-protocol",
        ),
        # glibc EAI_NODATA
        ("socket.gaierror: [Errno -5] No address associated with hostname", "network-dns"),
        # Go's DNS error printed by azcmagent is DNS, not the agent (golang/go net.DNSError)
        ("dial tcp: lookup gbl.his.arc.azure.com: no such host", "network-dns"),
        ("dial tcp 20.50.1.1:443: connect: network is unreachable", "network-unreachable"),
        # a refused connection at the WinRM endpoint is the listener (about_Remote_Troubleshooting)
        (
            "ssl: HTTPSConnectionPool(host='node1', port=5986): Max retries exceeded with url: "
            "/wsman (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at "
            "0x7f>: Failed to establish a new connection: [Errno 111] Connection refused'))",
            "remoting-unreachable",
        ),
        # a VM extension failure on an Arc machine (Microsoft.HybridCompute) is an Arc extension's
        (
            "Microsoft.HybridCompute/machines/node1/extensions/AzureMonitorWindowsAgent: VM has "
            "reported a failure when processing extension 'AzureMonitorWindowsAgent'.",
            "arc-extension",
        ),
        # CredSSP with WinRM in the text stays WinRM's CredSSP (session 7: with a CredSSP failure
        # wording; the bare word "CredSSP" after a cut-off message no longer names the family,
        # because texts that enable or describe CredSSP name it too: see
        # test_remoting_wordings.py test_a_text_that_enables_or_describes_credssp_is_no_credssp_failure)
        (
            "Enter-PSSession : Connecting to remote server node1 failed with the following error "
            "message : The WinRM client cannot process the request. CredSSP authentication is "
            "currently disabled in the client configuration.",
            "remoting-credssp",
        ),
        # Azure Local TSG wordings: the environment validator and the solution update
        (
            "ARB is locked, 1 locks found. Please remove all the locks for the ARB "
            "(cluster-0-arcbridge) to proceed with the operation.",
            "arm-conflict",
        ),
        (
            "Error executing Get-AzureStackHCISubscriptionStatus: Azure Stack HCI is not "
            "registered with Azure.",
            "hci-registration",
        ),
        (
            "NTP server is configured on 'NODE2' as '10.0.0.1'. Expected '10.0.0.2'",
            "azure-local-lifecycle",
        ),
        (
            "CAU Run failed. The latest cluster update status is 'Failed'.",
            "azure-local-lifecycle",
        ),
    ],
)
def test_a_reference_wording_names_its_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # AADSTS70002/50012 are generic wrappers ("for one of the following reasons"): the
        # specific reason after them decides.
        (
            "AADSTS70002: Error validating credentials. AADSTS500133: Assertion is not within its "
            "valid time range.",
            "token-time",
        ),
        (
            "AADSTS50012: Authentication failed. AADSTS7000215: Invalid client secret provided.",
            "entra-client-credential",
        ),
        # urllib3's generic NewConnectionError and curl's generic connect failure yield to the
        # errno text that follows them.
        (
            "Failed to establish a new connection: [Errno -2] Name or service not known",
            "network-dns",
        ),
        (
            "Failed to establish a new connection: [Errno 111] Connection refused",
            "network-refused",
        ),
        (
            "curl: (7) Failed to connect to localhost port 3128 after 0 ms: Connection refused",
            "network-refused",
        ),
        # the agent's operation message yields to the cause the same table gives beside it
        (
            "Failed to AzcmagentConnect ARM resource: The subscription is not registered to use "
            "namespace 'Microsoft.HybridCompute'",
            "arm-provider-registration",
        ),
        # The WinRM Kerberos wordings about IP addresses and workgroups are not SPN problems.
        (
            "The WinRM client cannot process the request. Kerberos authentication cannot be used "
            "when the destination is an IP address. Specify a DNS or NetBIOS destination.",
            "remoting-trustedhosts",
        ),
    ],
)
def test_a_generic_wording_yields_to_the_specific_reason_beside_it(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # a TLS trust failure talking to a WinRM HTTPS listener is the listener's certificate
        (
            "ntlm: HTTPSConnectionPool(host='node1', port=5986): Max retries exceeded with url: "
            "/wsman (Caused by SSLError(SSLCertVerificationError(1, '[SSL: "
            "CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer "
            "certificate (_ssl.c:1006)')))",
            "remoting-certificate",
        ),
        (
            "winrm connection error: WinRMTransport. [SSL: CERTIFICATE_VERIFY_FAILED] certificate "
            "verify failed",
            "remoting-certificate",
        ),
        # .NET wraps a TLS handshake failure in "The underlying connection was closed"
        (
            "System.Net.WebException: The underlying connection was closed: An unexpected error "
            "occurred on a send. ---> System.ComponentModel.Win32Exception: The client and server "
            "can't communicate, because they do not possess a common algorithm",
            "tls-protocol",
        ),
        (
            "The underlying connection was closed: Could not establish trust relationship for the "
            "SSL/TLS secure channel.",
            "tls-untrusted",
        ),
        # an Arc extension that failed is why the Azure Local action-plan step failed
        (
            "Type 'InstallAgentExtension' of Role 'ObservabilityConfig' raised an exception: "
            "Extension installation found failed. AzureEdgeTelemetryAndDiagnostics "
            "ProvisioningState: Failed",
            "arc-extension",
        ),
    ],
)
def test_the_reason_is_named_before_the_symptom_it_explains(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # a TLS failure to Entra ID, printed by New-PSSession's error record (WinRM wording
        # elsewhere in the text): still the TLS trust family, not the WinRM listener's
        (
            "New-PSSession : HTTPSConnectionPool(host='login.microsoftonline.com', port=443): "
            "(Caused by SSLError('[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed'))\n"
            "    + FullyQualifiedErrorId : WinRMOperationTimeout,PSSessionStateBroken",
            "tls-untrusted",
        ),
        (
            "pywinrm 0.4.3: GET https://management.azure.com: certificate verify failed",
            "tls-untrusted",
        ),
        # the symptom alone stays the symptom
        (
            "The underlying connection was closed: An unexpected error occurred on a receive.",
            "network-reset",
        ),
        # an action-plan step with no extension failure named stays the step
        (
            "Type 'InstallAgentExtension' of Role 'ObservabilityConfig' raised an exception: "
            "timeout",
            "azure-local-lifecycle",
        ),
    ],
)
def test_a_reason_rule_does_not_fire_without_its_context(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # an extension failure on an ordinary Azure VM (Compute's wording, no Arc machine)
        "VM has reported a failure when processing extension 'CustomScriptExtension'. Error "
        'message: "Command execution finished, but failed because it returned a non-zero exit '
        "code of: '1'\"",
        "Code: VMExtensionProvisioningError. Message: VM has reported a failure when processing "
        "extension 'MicrosoftMonitoringAgent'.",
        # Remote Desktop's CredSSP (CVE-2018-0886), not WinRM's delegation
        "An authentication error has occurred.\nThe function requested is not supported.\n"
        "Remote computer: host1\nThis could be due to CredSSP encryption oracle remediation.",
        "mstsc: CredSSP",
        # a managed identity used where there is none: the IMDS endpoint exists only on Azure
        "HTTPConnectionPool(host='169.254.169.254', port=80): Max retries exceeded with url: "
        "/metadata/identity/oauth2/token (Caused by NewConnectionError('<urllib3.connection."
        "HTTPConnection object at 0x7f>: Failed to establish a new connection: [Errno 111] "
        "Connection refused'))",
        "ManagedIdentityCredential authentication unavailable. The Azure Instance Metadata "
        "Service (IMDS) that runs on VMs was not detected: A connection attempt failed because "
        "the connected party did not properly respond after a period of time (169.254.169.254:80)",
        "Failed to connect to MSI. Please make sure MSI is configured correctly and check the "
        "network connection.\nError detail: A socket operation was attempted to an unreachable "
        "network",
    ],
)
def test_a_shared_wording_names_no_family_outside_its_context(text):
    """Precision first: a wording that other products share names the family only in its
    context (families.yaml `requires` / `unless`, each with its reference)."""
    assert family_of(text) is None


def test_the_context_rules_keep_the_ordinary_answers_beside_them():
    # the Arc agent's own identity endpoint exists on an Arc machine: a refusal there is real
    assert (
        family_of(
            "No connection could be made because the target machine actively refused it. "
            "(localhost:40342)"
        )
        == "network-refused"
    )
    # a refusal at another URL than the WS-Management endpoint stays the network's, even on
    # WinRM's port
    assert (
        family_of(
            "HTTPConnectionPool(host='node1', port=5985): Max retries exceeded with url: /api "
            "(Caused by NewConnectionError('x: Failed to establish a new connection: [Errno 111] "
            "Connection refused'))"
        )
        == "network-refused"
    )
    # /wsman is the WS-Management endpoint on whatever port it listens (the compatibility
    # listener on 443, a custom port): a refusal there is the listener's
    assert (
        family_of(
            "HTTPSConnectionPool(host='node1', port=443): Max retries exceeded with url: /wsman "
            "(Caused by NewConnectionError('x: Failed to establish a new connection: [Errno 111] "
            "Connection refused'))"
        )
        == "remoting-unreachable"
    )
    # a name that does not resolve at the WinRM endpoint is DNS, not the listener
    assert (
        family_of(
            "HTTPSConnectionPool(host='win', port=5986): Max retries exceeded with url: /wsman "
            "(Caused by NewConnectionError('x: Failed to establish a new connection: [Errno -2] Name "
            "or service not known'))"
        )
        == "network-dns"
    )
    # HTML tags still go: a block page's title is read as text
    assert family_of("<html><head><title>Access Denied</title></head></html>") == "proxy"


def test_requires_and_unless_are_checked_at_load():
    from orchestrator.catalog.models import CatalogError

    entry = family_entry()
    with pytest.raises(CatalogError, match=r"family arc-extension: pattern 'Arc\(' does not"):
        parse_families({"families": [{**entry, "requires": ["Arc("]}]})
    # an example outside the family's own context fails the load: the data proves its rules
    with pytest.raises(CatalogError, match="is answered as nothing"):
        parse_families({"families": [{**entry, "requires": ["HybridCompute"]}]})
    with pytest.raises(CatalogError, match="is answered as nothing"):
        parse_families({"families": [{**entry, "unless": ["processing extension 'X'"]}]})
    table = parse_families({"families": [{**entry, "requires": ["VM has"], "unless": ["RDP"]}]})
    family = table.get("arc-extension")
    assert [p.pattern for p in family.requires] == ["VM has"]
    assert [p.pattern for p in family.unless] == ["RDP"]


def test_a_family_can_only_explain_another_known_family():
    from orchestrator.catalog.models import CatalogError

    entry = family_entry(
        id="tls-protocol",
        area="tls",
        layer="cause",
        phrases=["do not possess a common algorithm"],
        examples=["they do not possess a common algorithm"],
        **{"class": "proxy-firewall"},
    )
    with pytest.raises(CatalogError, match="explains \\['network-rest'\\]"):
        parse_families({"families": [{**entry, "explains": ["network-rest"]}]})
    with pytest.raises(CatalogError, match="explains \\['tls-protocol'\\]"):
        parse_families({"families": [{**entry, "explains": ["tls-protocol"]}]})


@pytest.mark.parametrize(
    "text",
    [
        "Name   : AzStackHci_Connectivity_Test\nStatus : Failure rate 0%",
        "TcpTestSucceeded : True",
        "Name resolution of management.azure.com succeeded",
        "The request was canceled by the user.",
        "Certificate matched expected hostname node1.contoso.com",
        "The WS-Management service is running on the remote host.",
        "Run Get-AzContext to see the current subscription.",
        "Connected through the proxy tunnel to management.azure.com",
        # a 403 that ARM itself returns is not a proxy's
        "GET https://management.azure.com/subscriptions/0 returned 403 Forbidden",
        # around the wordings added from the second measure set's lessons
        "lookup management.azure.com on 10.0.0.10:53 succeeded in 3 ms",
        "The subscription is registered to use microsoft.insights.",
        "Azure Stack HCI is available in region eastus.",
        "Name    : AzStackHci_ArcIntegration_MandatoryRPRegistration_Check\nStatus  : SUCCESS",
        "[SUCCESS] Connection from 192.168.1.50 (vSMB1) to https://management.azure.com",
        "Extension installation completed. AzureEdgeRemoteSupport ProvisioningState: Succeeded",
        "Azure Stack HCI Subscription Status is in expected status Active",
        "The JWT is valid until 2026-12-08T00:00:00Z; the token is valid now",
        "Listener on port 5986 uses certificate thumbprint 0123ABCD for /wsman",
        # around the wordings added from the third measure set's lessons
        'Get "https://management.azure.com": unsupported protocol scheme ""',
        "ARB is locked: no",
        "NTP server is configured on 'NODE1' as 'ntp.contoso.com'",
        "CAU Run succeeded.",
        "Azure Stack HCI is registered with Azure.",
        "Run Get-AzConnectedMachineExtension to list the extensions of an Arc machine",
        "<urlopen error timed out waiting for the user>",
    ],
)
def test_near_misses_name_no_family(text):
    assert family_of(text) is None


def test_a_weak_code_is_marked_with_a_tilde_and_kept_without_it():
    table = parse_families(
        {
            "families": [
                {
                    "id": "demo",
                    "area": "entra-id",
                    "title": "Demo",
                    "class": "credential",
                    "retryable": False,
                    "layer": "cause",
                    "reference": "entra",
                    "action": "Do it.",
                    "codes": {"~AADSTS70002": "generic", "AADSTS7000215": "specific"},
                    "examples": ["AADSTS7000215: Invalid client secret provided."],
                }
            ]
        }
    )
    family = table.get("demo")
    assert set(family.codes) == {"AADSTS70002", "AADSTS7000215"}
    assert family.weak_codes == {"AADSTS70002"}
    assert "AADSTS70002" in table.code_owner


# Session 4: each family's reference table worked through class by class (families.yaml cites
# every source). The texts are written as the reference words them.
@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Entra ID reference (reference-error-codes.md) and the clients' sign-in messages
        (
            "AADSTS50005: User tried to log in to a device from a platform that's currently not "
            "supported through Conditional Access policy.",
            "entra-interaction-required",
        ),
        ("aadsts90094: The grant requires admin permission.", "entra-consent"),
        (
            "AADSTS90093: Graph returned with a forbidden error code for the request.",
            "entra-consent",
        ),
        (
            "Contoso Tool needs permission to access resources in your organization that only an "
            "admin can grant. Ask an admin to grant permission to this app before you can use it.",
            "entra-consent",
        ),
        (
            "AADSTS50194: Application 'x'(y) isn't configured as a multitenant application. Usage of "
            "the /common endpoint isn't supported for such applications.",
            "entra-tenant",
        ),
        (
            "User account 'a@fabrikam.com' from identity provider 'live.com' does not exist in "
            "tenant 'Contoso' and cannot access the application 'x'.",
            "entra-tenant",
        ),
        (
            "AADSTS70021: No matching federated identity record found for presented assertion. "
            "Assertion Issuer: 'https://token.actions.githubusercontent.com'.",
            "entra-client-credential",
        ),
        (
            "AADSTS700213: No matching federated identity record found for presented assertion "
            "subject 'repo:org/repo:ref:refs/heads/dev'.",
            "entra-client-credential",
        ),
        (
            "AADSTS50013: Assertion failed signature validation. [Reason - The key was not found.]",
            "entra-client-credential",
        ),
        (
            "AADSTS50132: The session isn't valid due to password expiration or recent password "
            "change.",
            "entra-session-expired",
        ),
        (
            "ERROR: Interactive authentication is needed. Please run:\naz login",
            "entra-session-expired",
        ),
        (
            "ERROR: User 'ops@contoso.com' does not exist in MSAL token cache. Run `az login`.",
            "entra-session-expired",
        ),
        (
            "Your Azure credentials have not been set up or have expired, please run "
            "Connect-AzAccount to set up your Azure credentials.",
            "entra-session-expired",
        ),
        # token time claims, as each JWT library words them
        ("RPError: JWT not active yet, now 1700000000, nbf 1700000001", "token-time"),
        ("JsonWebTokenError: NotBeforeError: jwt not active", "token-time"),
        ("TokenExpiredError: jwt expired", "token-time"),
        ('JWTExpired: "exp" claim timestamp check failed', "token-time"),
        ("jwt.exceptions.ExpiredSignatureError: Signature has expired", "token-time"),
        (
            "io.jsonwebtoken.PrematureJwtException: JWT must not be accepted before "
            "2026-12-07T02:00:00Z.",
            "token-time",
        ),
        (
            "com.auth0.jwt.exceptions.TokenExpiredException: The Token has expired on "
            "2026-12-07T01:00:00Z.",
            "token-time",
        ),
        ("token has invalid claims: token is expired", "token-time"),
        (
            "AuthenticationFailed: Signature not valid in the specified time frame: Start [Mon, 07 "
            "Dec 2026 02:00:00 GMT] - Expiry [Mon, 07 Dec 2026 03:00:00 GMT] - Current [Mon, 07 Dec "
            "2026 01:50:00 GMT]",
            "token-time",
        ),
        # ARM common deployment errors
        (
            "(InvalidResourceGroupLocation) Invalid resource group location 'westus'. The Resource "
            "group already exists in location 'eastus'.",
            "arm-location",
        ),
        (
            "The requested size for resource '/subscriptions/0/resourceGroups/rg/providers/"
            "Microsoft.Compute/virtualMachines/vm1' is currently not available in location 'westus' "
            "zones '1' for subscription '0'.",
            "arm-location",
        ),
        (
            "Allocation failed. We do not have sufficient capacity for the requested VM size in this "
            "region.",
            "arm-location",
        ),
        ("Code: ZonalAllocationFailed", "arm-location"),
        (
            "Code=MissingRegistrationForLocation Message=The subscription is not registered for the "
            "resource type in the location.",
            "arm-provider-registration",
        ),
        (
            "The subscription '00000000-0000-0000-0000-000000000000' could not be found.",
            "arm-not-found",
        ),
        # network wordings per runtime
        (
            "urllib3.exceptions.ConnectTimeoutError: (<urllib3.connection.HTTPSConnection object "
            "at 0x7f>, 'Connection to login.microsoftonline.com timed out. (connect timeout=30)')",
            "network-timeout",
        ),
        (
            'Get "https://management.azure.com/": net/http: request canceled (Client.Timeout '
            "exceeded while awaiting headers)",
            "network-timeout",
        ),
        ("curl: (6) Couldn't resolve host name", "network-dns"),
        (
            'NameResolutionError("<urllib3.connection.HTTPSConnection object>: Failed to resolve '
            "'management.azure.com' ([Errno -3] Temporary failure)\")",
            "network-dns",
        ),
        ("status: NXDOMAIN", "network-dns"),
        # TLS protocol and revocation wordings of other clients
        (
            "System.Security.Authentication.AuthenticationException: Authentication failed because "
            "the remote party sent a TLS alert: 'ProtocolVersion'.",
            "tls-protocol",
        ),
        (
            "javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version",
            "tls-protocol",
        ),
        (
            "javax.net.ssl.SSLHandshakeException: No appropriate protocol (protocol is disabled or "
            "cipher suites are inappropriate)",
            "tls-protocol",
        ),
        ("remote error: tls: server selected unsupported protocol version 301", "tls-protocol"),
        (
            "error:1425F102:SSL routines:ssl_choose_client_version:unsupported protocol",
            "tls-protocol",
        ),
        (
            "The TLS version of the connection is not permitted on this storage account.",
            "tls-protocol",
        ),
        (
            "The SSL certificate could not be checked for revocation. The server used to check for "
            "revocation might be unreachable.",
            "tls-revocation",
        ),
        (
            "java.security.cert.CertPathValidatorException: Could not determine revocation status",
            "tls-revocation",
        ),
        (
            "CERT_E_REVOCATION_FAILURE (0x800B010E): The revocation process could not continue - the "
            "certificate(s) could not be checked.",
            "tls-revocation",
        ),
        # proxies
        (
            "Response status code does not indicate success: 407 (Proxy Authentication Required).",
            "proxy",
        ),
        ("HTTP/1.1 407 authenticationrequired", "proxy"),
        ("Error: tunneling socket could not be established, statusCode=403", "proxy"),
        # WinRM / PowerShell Remoting
        (
            "New-PSSession : HTTPS on Unix does not support CA or CN checks. Use the PSSessionOption "
            "-SkipCACheck and -SkipCNCheck if you are certain of the server you are connecting to.",
            "remoting-certificate",
        ),
        (
            "The WinRM client sent a request to the remote WS-Management service and was notified "
            "that the request size exceeded the configured",
            "remoting-quota",
        ),
        # Azure Local deployment and update
        (
            '[{"Code":"AnswerFileValidationFailed","Message":"Errors in Value Validation"}]',
            "azure-local-lifecycle",
        ),
        (
            '{"code":"UpdateDeploymentSettingsDataFailed","message":"Deployment Settings validation '
            'failed."}',
            "azure-local-lifecycle",
        ),
        (
            "[ERROR] [Invoke-AzStackHciConnectivityValidation] Exception calling Invoke-Command",
            "azure-local-lifecycle",
        ),
        (
            "Exception occurred (Test-AzStackHciHardware): Cannot bind argument",
            "azure-local-lifecycle",
        ),
        (
            "SBE CAU Scan failed. The Microsoft.HardwareUpdatePlugin plug-in reported a failure",
            "azure-local-lifecycle",
        ),
        (
            "Status : ConnectionFailure\nDescription : There was an exception reading the discovery "
            "manifest",
            "azure-local-lifecycle",
        ),
    ],
)
def test_a_wording_from_each_familys_reference_table_names_it(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # a name that did not resolve is why Node's request reported ECONNRESET
        (
            "Error type: ECONNRESET\nreason: tunneling socket could not be established, "
            "cause=getaddrinfo ENOTFOUND proxy.contoso.com",
            "network-dns",
        ),
        # an HTTPS listener's certificate whose revocation could not be checked: the CRL path
        (
            "[node1] Connecting to remote server node1 failed with the following error message : "
            "The server certificate on the destination computer (node1:5986) has the following "
            "errors: The SSL certificate could not be checked for revocation.",
            "tls-revocation",
        ),
        # a connection to the WS-Management endpoint that timed out: the listener / firewall
        (
            "HTTPConnectionPool(host='node1', port=5985): Max retries exceeded with url: /wsman "
            "(Caused by ConnectTimeoutError(<x>, 'Connection to node1 timed out. "
            "(connect timeout=30)'))",
            "remoting-unreachable",
        ),
    ],
)
def test_the_reason_is_named_before_the_wrapper_that_reported_it(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        "JWT expiry set to 3600 seconds",
        "The token is expiring in 5 minutes; refreshing",
        "Response status code does not indicate success: 408 (Request Timeout).",
        "Resource group 'rg1' created in location 'uksouth'",
        "[INFO] [Invoke-AzStackHciUpgradeValidation] All validators completed",
        "Deployment Settings validation succeeded.",
        "CAU Scan succeeded on all nodes",
        "Certificate revocation check succeeded for node1:5986",
        # the managed identity endpoint's own rate limit is not ARM's
        "ManagedIdentityCredential: failed to request token from metadata endpoint: received "
        "HTTP status 429 with body: Too Many Requests",
        "The session is valid until 2026-12-08T00:00:00Z",
        "Received alert: close_notify",
    ],
)
def test_near_misses_of_the_reference_tables_name_no_family(text):
    assert family_of(text) is None


# Classes the development batches showed (session 4), each written in its reference's wording.
@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            "AADSTS530084: Access has been blocked by conditional access token protection policy.",
            "entra-interaction-required",
        ),
        # az's remedy under an interaction error yields to the error it is printed under
        (
            "AADSTS50076: Due to a configuration change made by your administrator, you must use "
            "multi-factor authentication.\nInteractive authentication is needed. Please run:\naz login",
            "entra-interaction-required",
        ),
        (
            "AADSTS650052: The app needs access to a service that your organization hasn't "
            "subscribed to or enabled.",
            "entra-consent",
        ),
        # azd's 'not logged in'
        # never signed in, no family: test_families_entra_session_expired_not_signed_in.py
        (
            "Cannot modify this subscription as there is another operation in progress.",
            "arm-conflict",
        ),
        (
            "ERROR: The subscription of 'contoso-prod' doesn't exist in cloud 'AzureCloud'.",
            "arm-not-found",
        ),
        ("Code: LinkedAccessCheckFailed", "arm-authorization"),
        (
            "no_network_connectivity: No network connectivity. Check your internet connection.",
            "network-unreachable",
        ),
        (
            "System.Net.Http.HttpRequestException: An error occurred while sending the request.",
            "network-unreachable",
        ),
        (
            "<p>Access control configuration prevents your request from being allowed at this time.</p>",
            "proxy",
        ),
        (
            "Get Token request returned http error: 403 and server response: <html><head><title>Web "
            "filter</title></head></html>",
            "proxy",
        ),
        (
            'node1 | UNREACHABLE! => {"msg": "ntlm: the specified credentials were rejected by the '
            'server"}',
            "remoting-access-denied",
        ),
        (
            'node1 | UNREACHABLE! => {"msg": "kerberos: the specified credentials were rejected by '
            'the server"}',
            "remoting-kerberos",
        ),
        (
            "The Windows Remote Shell cannot process the request. The server exceeded the maximum "
            "number of users concurrently performing remote operations on the same system.",
            "remoting-quota",
        ),
        (
            'Post "https://node1.contoso.com:5986/wsman": x509: certificate signed by unknown '
            "authority",
            "remoting-certificate",
        ),
        (
            "Cluster is already registered to subscription id : 0000. Skip '-SubscriptionId' or "
            "provide '-SubscriptionId' as 0000 in Register-AzStackHCI to perform registration.",
            "hci-registration",
        ),
        (
            "Failed to create the clustered role 'vm1' because Azure Stack HCI is out of policy.",
            "hci-registration",
        ),
        (
            "Could not complete the operation. 200: OperationTimeout , No updates received from "
            "device for operation (x) beyond timeout of [600000] ms",
            "azure-local-lifecycle",
        ),
        (
            '"ErrorMessage": "Diagnostics failed for the test category: ImageRecipeValidation."',
            "azure-local-lifecycle",
        ),
        (
            "at Invoke-Step, C:\\NugetStore\\Microsoft.AzureStack.Role.Deployment.Service\\content\\"
            "Step.psm1: line 12\nCannot bind argument to parameter 'Path' because it is null.",
            "azure-local-lifecycle",
        ),
    ],
)
def test_a_class_the_development_batches_showed_names_its_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "text",
    [
        # extensions that Azure's own VM agent runs are not Arc extensions
        "The handler for VM extension type 'Microsoft.GuestConfiguration.ConfigurationforLinux' "
        "has reported terminal failure for VM extension 'AzurePolicyforLinux'\n"
        "/var/lib/waagent/Microsoft.GuestConfiguration.ConfigurationforLinux-1.26.96/gc_extension.py",
        "Cluster registration is complete; the cluster is registered with Azure.",
        "No updates are available for this device.",
        "Extracting C:\\NugetStore\\Microsoft.AzureStack.Role.Deployment.Service completed",
        # CPython's JSONDecodeError at char 0 shows no proxy by itself (an empty body raises it too:
        # azure/login's empty token response); this row asserted proxy until session 10 cycle H,
        # decided in tests/diagnose_corpus/README.md "Decided classes"
        "JSON is invalid: Expecting value: line 1 column 1 (char 0)",
    ],
)
def test_near_misses_of_the_development_batches_name_no_family(text):
    assert family_of(text) is None


def test_unicode_spaces_copied_from_a_page_do_not_hide_what_the_text_says():
    # no-break spaces between the words, as text copied from a web page or a document keeps them
    answer = diagnose("The server answered HTTP\u00a0403 to the request")
    assert answer.entities.statuses == ("403",)
    assert answer.confidence == "partial"
    text = (
        "Could\u00a0not\u00a0find\u00a0a\u00a0part\u00a0of\u00a0the\u00a0path "
        "'C:\\ClusterStorage\\Infrastructure_1\\Shares\\SU1\\Updates\\x.xml'"
    )
    assert family_of(text) == "azure-local-lifecycle"


def test_a_generic_wording_alone_in_a_text_that_reports_no_failure_is_no_diagnosis():
    assert family_of("Copied C:\\ClusterStorage\\Infrastructure_1\\Shares\\x.zip") is None
    assert family_of("Copy to C:\\ClusterStorage\\Infrastructure_1\\Shares\\x.zip failed") == (
        "azure-local-lifecycle"
    )


# ARM's common-deployment-errors table, the WinRM client's timeout, more proxy wordings (session 4).
@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            "Number of requests for subscription '0000' and operation 'POST/SUBSCRIPTIONS/X' exceeded "
            "the backend storage limit. Please try again after '6' seconds.",
            "arm-throttling",
        ),
        ("Code: RegionDoesNotAllowProvisioning", "arm-location"),
        ("Code: InvalidDeploymentLocation", "arm-location"),
        ("Code: InvalidSubscriptionRegistrationState", "arm-provider-registration"),
        ("(StorageAccountNotFound) The storage account 'st1' was not found.", "arm-not-found"),
        (
            "Access to the web page you were trying to visit has been blocked in accordance with "
            "company policy.",
            "proxy",
        ),
        ("urllib.error.HTTPError: HTTP Error 407: Proxy Authentication Required", "proxy"),
        (
            # (was "Processing data from remote server node1 failed ...": inside an open session's
            # wrapper the same timeout is a network drop or a long operation, no family; families.yaml
            # remoting-unreachable `unless`, test_remoting_unreachable_winrm_network_timeout.py)
            "Connecting to remote server node1 failed with the following error message : The "
            "WinRM client cannot complete the operation within the time specified. Check if the "
            "machine name is valid and is reachable over the network and firewall exception for "
            "Windows Remote Management service is enabled.",
            "remoting-unreachable",
        ),
        ("Error number:  -2144108250 0x80338126", "remoting-unreachable"),
    ],
)
def test_a_wording_of_the_arm_table_winrm_and_proxies_names_its_family(wording, family):
    assert family_of(wording) == family


# pypsrp (this tool's own transport), more runtimes' timeout / reset / trust / proxy wordings.
@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            "pypsrp.exceptions.AuthenticationError: Failed to authenticate the user CONTOSO\\ops with "
            "negotiate",
            "remoting-access-denied",
        ),
        (
            "pypsrp.exceptions.AuthenticationError: Failed to authenticate the user ops@CONTOSO.COM "
            "with kerberos",
            "remoting-kerberos",
        ),
        ('Get "https://management.azure.com/": net/http: TLS handshake timeout', "network-timeout"),
        (
            "TypeError: fetch failed\n  cause: ConnectTimeoutError: Connect Timeout Error (attempted "
            "address: login.microsoftonline.com:443, timeout: 10000ms)",
            "network-timeout",
        ),
        ("AxiosError: timeout of 15000ms exceeded", "network-timeout"),
        (
            "curl: (28) Failed to connect to login.microsoftonline.com port 443 after 21003 ms: "
            "Timed out",
            "network-timeout",
        ),
        ("java.net.SocketException: Connection reset", "network-reset"),
        (
            "schannel: SNI or certificate check failed: SEC_E_WRONG_PRINCIPAL (0x80090322) - The "
            "target principal name is incorrect.",
            "tls-untrusted",
        ),
        # session 7: an expired certificate is the tls-certificate-validity condition (no family)
        (
            "SEC_E_CERT_EXPIRED (0x80090328) - The received certificate has expired.",
            None,
        ),
        ("net::ERR_PROXY_CONNECTION_FAILED", "proxy"),
        (
            'java.io.IOException: Unable to tunnel through proxy. Proxy returns "HTTP/1.1 407 Proxy '
            'Authentication Required"',
            "proxy",
        ),
    ],
)
def test_a_wording_of_the_transports_and_runtimes_names_its_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "text",
    [
        "Failed to authenticate the user interface theme",
        "timeout of 15000ms configured",
        "Connection reset counters cleared",
        "Connected to login.microsoftonline.com port 443 after 21 ms",
    ],
)
def test_near_misses_of_the_transports_and_runtimes_name_no_family(text):
    assert family_of(text) is None


def test_the_oauth_error_field_names_its_family_only_when_no_code_says_more():
    # the Entra reference's "Handling error codes" table: unauthorized_client / invalid_resource
    assert (
        family_of(
            '{"error":"unauthorized_client","error_description":"The client does not '
            'exist or is not enabled."}'
        )
        == "entra-app-not-found"
    )
    # invalid_resource is the field of AADSTS500011 (the resource, not the client application):
    # no family names it since session 9, cycle E (entra-app-not-found's comment says why)
    assert (
        family_of(
            '{"error":"invalid_resource","error_description":"The resource is not configured."}'
        )
        is None
    )
    # a code of another family is more specific than the field
    assert (
        family_of(
            '{"error":"unauthorized_client","error_description":"AADSTS7000215: Invalid '
            'client secret provided."}'
        )
        == "entra-client-credential"
    )


def test_a_network_intent_status_alone_is_no_azure_local_lifecycle_failure():
    # Session 7 reversed this test's first version (which asserted azure-local-lifecycle for a bare
    # Get-NetIntentStatus record): the family is "an Azure Local deployment, update or scale-out
    # action-plan step failed", and Network ATC's own intent status says no such step failed; the
    # twelfth measure set labelled such a record (Azure/AzureStackHCI-Supportability TSG/Upgrade,
    # PhysicalAdapterNotFound after an OS upgrade) no family and the lead's brief counted the old
    # answer as a false one. The environment validator's record of a failed intent still is the
    # family (test_remoting_wordings.py).
    assert family_of("Error : PhysicalAdapterNotFound") is None
    assert family_of("IntentName : compute\nConfigurationStatus : Failed") is None
    assert family_of("IntentName : compute\nConfigurationStatus : Success") is None


def test_a_failed_solution_update_health_check_is_an_azure_local_failure():
    # update-troubleshooting-23h2.md: Get-SolutionUpdateEnvironment / Get-SolutionUpdate
    assert family_of("State       : AppliedSuccessfully\nHealthState : Failure") == (
        "azure-local-lifecycle"
    )
    assert family_of("Version     State\n10.2405.2.7 HealthCheckFailed {Storage Pool Summary}") == (
        "azure-local-lifecycle"
    )
    assert family_of("State       : AppliedSuccessfully\nHealthState : Success") is None


def test_an_expired_refresh_token_with_a_sign_in_remedy_is_a_sign_in_not_a_clock():
    assert family_of("token has invalid claims: token is expired") == "token-time"
    # az's remedy for a signed-in account whose cached token is gone (az's "to setup account" is
    # for a tool never signed in, no family since session 11, cycle K)
    assert family_of(
        "Error: the refresh token is expired. Could not retrieve token from local cache. Please run"
        " 'az login'."
    ) == ("entra-session-expired")


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # .NET's ConnectFailure wrapper names no reason; the socket error inside it does
        (
            "System.Net.WebException: Unable to connect to the remote server ---> "
            "System.Net.Sockets.SocketException: No connection could be made because the target "
            "machine actively refused it 127.0.0.1:8888",
            "network-refused",
        ),
        (
            "Unable to connect to the remote server ---> The remote name could not be resolved: "
            "'login.microsoftonline.com'",
            "network-dns",
        ),
        ("Unable to connect to the remote server", "network-unreachable"),
        # ARM's InvalidAuthenticationTokenTenant message
        (
            "The access token is from the wrong issuer 'https://sts.windows.net/0/'. It must match "
            "the tenant 'https://sts.windows.net/1/' associated with this subscription.",
            "entra-tenant",
        ),
    ],
)
def test_the_socket_error_inside_dotnets_connect_failure_is_the_reason(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # azcore ResponseError's rendering of ARM's 409 Conflict, azure-core's, and the RPs' codes
        (
            "PUT https://management.azure.com/subscriptions/0/resourceGroups/rg1/providers/"
            "Microsoft.Network/virtualNetworks/vnet1\nRESPONSE 409: 409 Conflict\n"
            "ERROR CODE: Conflict\nThe resource is being updated by another operation.",
            "arm-conflict",
        ),
        (
            "(Conflict) Operation is in progress.\nCode: Conflict\nMessage: Operation is in progress.",
            "arm-conflict",
        ),
        (
            'Status=409 Code="ConflictingConcurrentWriteNotAllowed" Message="The operation was '
            'interrupted by a conflicting concurrent write on the same entity. Please retry later."',
            "arm-conflict",
        ),
        (
            '{"error":{"code":"PessimisticConcurrencyConflict","message":"Operation on the API is in progress"}}',
            "arm-conflict",
        ),
        # request-limits-and-throttling.md: the throttled scope's request count
        (
            "Number of 'read' requests for subscription '00000000-0000-0000-0000-000000000000' "
            "exceeded the limit of '12000' for time interval '01:00:00'.",
            "arm-throttling",
        ),
        ("Number of write requests for subscription 'sub1' exceeded the limit", "arm-throttling"),
        # psf/requests raise_for_status at ARM's endpoint (and a sovereign cloud's)
        (
            "requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: "
            "https://management.azure.com/subscriptions/0/resourcegroups/rg1?api-version=2021-04-01",
            "arm-authorization",
        ),
        (
            "403 Client Error: Forbidden for url: https://management.usgovcloudapi.net/subscriptions/0",
            "arm-authorization",
        ),
        # the JDK's Kerberos under a Java WinRM client
        (
            "WinRM Error: Login failure sending message on http://node1.contoso.com:5985/wsman "
            "error: KrbException: Cannot locate default realm",
            "remoting-kerberos",
        ),
        (
            "javax.security.auth.login.LoginException: Pre-authentication information was invalid (24) "
            "while sending message on https://node1:5986/wsman",
            "remoting-kerberos",
        ),
        (
            "Connecting to remote server node1 failed with the following error message : WinRM cannot "
            "process the request. The trust relationship between this workstation and the primary "
            "domain failed.",
            "remoting-kerberos",
        ),
        # pywinrm's WinRMTransportError for a refusal
        (
            "winrm.exceptions.WinRMTransportError: 500 WinRMTransport. [Errno 111] Connection refused",
            "remoting-unreachable",
        ),
        (
            "WinRMTransportError: 500 WinRMTransport. [Errno 10061] No connection could be made",
            "remoting-unreachable",
        ),
        # SQL Server drivers' TCP provider (Winsock 10061 / 10060 in hex); curl 7.29's wording
        (
            "[Microsoft][ODBC Driver 18 for SQL Server]TCP Provider: Error code 0x274D",
            "network-refused",
        ),
        (
            "SQLSTATE[08001]: [Microsoft][ODBC Driver 17 for SQL Server]TCP Provider: Error code 0x274C",
            "network-timeout",
        ),
        (
            "curl: (7) Failed connect to packages.contoso.com:443; Connection refused",
            "network-refused",
        ),
        # a CONNECT tunnel the proxy would not open
        (
            "Could not open CONNECT tunnel with proxy proxy.contoso.com:8080 [{'status': 403}]",
            "proxy",
        ),
        ("Error: unable to establish CONNECT tunnel: 403 Forbidden", "proxy"),
    ],
)
def test_a_wording_of_set_fives_miss_classes_names_its_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # a deployment's HTTP status word beside its inner code is no conflict
        "Status Code: Conflict\nStatus Message: status=Failed, code=ResourceDeploymentFailure",
        # a 403 from a service that is not ARM
        "403 Client Error: Forbidden for url: https://vault1.vault.azure.net/secrets/s1?api-version=7.4",
        # the JDK's Kerberos outside WinRM (Hadoop, an LDAP bind)
        "Caused by: KrbException: Cannot locate default realm\n\tat sun.security.krb5.Config.getDefaultRealm(Config.java:1000)",
        # a local cmdlet on a machine whose secure channel broke: domain membership, not remoting
        "Unable to retrieve the session properties. The trust relationship between this workstation "
        "and the primary domain failed.\n    + FullyQualifiedErrorId : JobStateFailed",
        # a SQL Server error that is not a socket failure
        "[Microsoft][ODBC Driver 17 for SQL Server][SQL Server]Login failed for user 'sa'. (18456)",
    ],
)
def test_near_misses_of_set_fives_miss_classes_name_no_family(wording):
    assert family_of(wording) is None


def test_pywinrms_route_failure_stays_the_networks():
    """Only a refusal at the WinRM transport is the listener's; no route is the path's."""
    assert family_of(
        "WINRM CONNECTION ERROR: 500 WinRMTransport. [Errno 113] No route to host"
    ) == ("network-unreachable")


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # OpenSSL's version-too-low/high and no-protocols reasons (colon form and CPython's);
        # NSS's and GnuTLS's protocol-version errors
        (
            "SSL_do_handshake() failed (SSL: error:1417D18C:SSL routines:"
            "tls_process_client_hello:version too low) while SSL handshaking",
            "tls-protocol",
        ),
        ("ssl.SSLError: [SSL: VERSION_TOO_LOW] version too low (_ssl.c:1131)", "tls-protocol"),
        ("error:0A0000BF:SSL routines::no protocols available", "tls-protocol"),
        (
            "curl: (35) Peer reports incompatible or unsupported protocol version.",
            "tls-protocol",
        ),
        (
            "NSS error -12286 (SSL_ERROR_NO_CYPHER_OVERLAP)\n"
            "Cannot communicate securely with peer: no common encryption algorithm(s).",
            "tls-protocol",
        ),
        (
            "gnutls_handshake() failed: A packet with illegal or unsupported version was received.",
            "tls-protocol",
        ),
        # the errno/Winsock texts of an unreachable network or host
        ("TCP socket connecting error: Network unreachable[101].", "network-unreachable"),
        (
            "dial tcp 10.0.0.4:443: ConnectEx tcp: A socket operation was attempted to an "
            "unreachable host.",
            "network-unreachable",
        ),
        # ARM 409s as the resource providers word a concurrent operation
        (
            "The request for the resource 'appconf1' conflicted with an ongoing operation.",
            "arm-conflict",
        ),
        (
            "Operation is not allowed: Another operation (Updating) is in progress, please wait for "
            "it to finish before starting a new operation.",
            "arm-conflict",
        ),
        (
            "Another operation is pending for requested object. Operation group 'x' already has "
            "1 operations queued.",
            "arm-conflict",
        ),
        (
            "Conflicting changes were detected when processing the request. Please retry your request.",
            "arm-conflict",
        ),
        # the WinRM client's connect failure carrying ERROR_NO_SUCH_LOGON_SESSION
        (
            "[node1] Connecting to remote server node1 failed with the following error message : A\n"
            "    specified logon session does not exist. It may already have been terminated.",
            "remoting-kerberos",
        ),
        # a certificate check that failed on a WinRM connection the client named in words
        (
            "Attempting WinRM connection to host 10.0.0.5 on port 5986\n"
            "[ERROR] [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed (_ssl.c:590)",
            "remoting-certificate",
        ),
        # Bolt's connect timeout at the WinRM HTTPS endpoint
        (
            "Timeout after 10 seconds connecting to https://node1.contoso.com:5986/wsman\n"
            "Verify that required WinRM ports are open, or use --no-ssl if this host isn't "
            "configured to use SSL for WinRM.",
            "remoting-unreachable",
        ),
        ("Timeout after 30 seconds connecting to http://node1:5985/wsman", "remoting-unreachable"),
        # the Arc agent where there is no systemd (WSL, a container)
        (
            "Setting up azcmagent (1.2.20314.002) ...\n"
            "System has not been booted with systemd as init system (PID 1). Can't operate.",
            "arc-agent",
        ),
        (
            "install_linux_azcmagent.sh: Azure Connected Machine Agent requires systemd, and that the "
            "command 'systemctl' be found in your PATH",
            "arc-agent",
        ),
    ],
)
def test_a_wording_of_set_sixs_miss_classes_names_its_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # systemd missing with no Arc agent in sight is not the agent's
        "System has not been booted with systemd as init system (PID 1). Can't operate.\n"
        "Failed to connect to bus: Host is down",
        # the logon-session error outside a remote connection (a local credential store)
        "Get-StoredCredential : A specified logon session does not exist. It may already have "
        "been terminated.",
        # a certificate check with no WinRM in the text stays the TLS trust family, not WinRM's
        # (asserted below); an ECE action-plan failure on Azure Stack Hub is not Azure Local's
        "Azure Stack Hub update failed: Task: Invocation of interface 'Update' of role "
        "'Cloud\\Fabric\\SQL' failed.",
        "ASDK deployment: Invocation of interface 'Configure' of role 'Cloud\\Fabric\\NC' failed. "
        "Step 60.62.101 on AzS-ERCS01",
    ],
)
def test_near_misses_of_set_sixs_miss_classes_name_no_family(wording):
    assert family_of(wording) is None


def test_an_action_plan_failure_without_azure_stack_hub_context_stays_azure_locals():
    assert (
        family_of("Task: Invocation of interface 'Configure' of role 'Cloud\\Fabric\\SQL' failed.")
        == "azure-local-lifecycle"
    )


def test_a_certificate_check_without_winrm_stays_a_tls_trust_failure():
    assert (
        family_of(
            "Attempting connection to host 10.0.0.5 on port 443\n"
            "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed (_ssl.c:765)"
        )
        == "tls-untrusted"
    )


# Set 7's miss classes (session 4d), each wording from the reference cited in families.yaml, not
# the corpus text: the WinRM clients of the automation tools (Packer's Go client, the WinRM Ruby
# gem, requests-credssp), the JWT/assertion libraries' issued-in-the-future wordings, the classic
# Service Management API's ConflictError, .NET's SocketException with its native code, and
# Register-AzStackHCI's role assignment warning.
@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            "[ERROR] WinRM connection err: unknown error Post https://node1:5986/wsman: "
            "dial tcp 10.0.0.5:5986: i/o timeout",
            "remoting-unreachable",
        ),
        (
            "Post http://node1:5985/wsman: dial tcp 10.0.0.5:5985: connect: connection refused",
            "remoting-unreachable",
        ),
        ("WinRM::WinRMAuthorizationError", "remoting-access-denied"),
        (
            "requests_credssp.exceptions.AuthenticationException: The server did not response "
            "CredSSP being an available authentication method - actual: 'Negotiate, Kerberos'",
            "remoting-credssp",
        ),
        (
            "Lcobucci\\JWT\\Validation\\ConstraintViolation: The token was issued in the future",
            "token-time",
        ),
        ("go-jose/go-jose/jwt: validation failed, token issued in the future (iat)", "token-time"),
        ("assertion issued later than verification date", "token-time"),
        # the time wording beats the OAuth error field beside it (invalid_client)
        (
            '{"error":"invalid_client","error_description":"Client assertion was issued in the future"}',
            "token-time",
        ),
        ("<Error><Code>ConflictError</Code><Message>Conflict.</Message></Error>", "arm-conflict"),
        (
            "Windows Azure is currently performing an operation on this deployment that requires "
            "exclusive access.",
            "arm-conflict",
        ),
        (
            "Another operation on extension with namespace Microsoft.Compute, type "
            "CustomScriptExtension is already in progress.",
            "arm-conflict",
        ),
        # the native code says it in any language
        (
            "System.Net.Sockets.SocketException (10061): Es konnte keine Verbindung hergestellt "
            "werden, da der Zielcomputer die Verbindung verweigerte.",
            "network-refused",
        ),
        ("System.Net.Sockets.SocketException (111): Connection refused", "network-refused"),
        ("System.Net.Sockets.SocketException (10060): Zeitüberschreitung", "network-timeout"),
        (
            "WARNING: Failed to assign roles to service principal with object Id 0000. ErrorMessage: "
            "Operation returned an invalid status code 'Forbidden'",
            "hci-registration",
        ),
    ],
)
def test_a_wording_of_set_sevens_miss_classes_names_its_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # (a socket error code other than a refusal or timeout, SocketException (10054), is
        # network-reset, not refused/timeout: test_cloud_reference_wordings.py)
        # "issued in the future" about something that is no token and no failure
        "The invoice was issued in the future tense of the contract.",
        # a dial failure at a URL that is not the WinRM endpoint is the network's (asserted below)
        # Arc-enabled Kubernetes onboarding refusing at the kubeconfig's endpoint is not a node's path
        "Unable to verify connectivity to the Kubernetes cluster.\n"
        "Error: HTTPConnectionPool(host='localhost', port=80): Max retries exceeded with url: /api "
        "(Caused by NewConnectionError('Failed to establish a new connection: [Errno 111] "
        "Connection refused'))",
        # a ConflictError of another system (a ZODB write conflict) is no Azure conflict
        "ZODB.POSException.ConflictError: database conflict error (oid 0x01, class Foo)",
    ],
)
def test_near_misses_of_set_sevens_miss_classes_name_no_family(wording):
    assert family_of(wording) is None


def test_a_go_dial_timeout_outside_the_winrm_endpoint_stays_the_networks():
    assert (
        family_of(
            "Post https://management.azure.com/subscriptions: dial tcp 20.0.0.1:443: i/o timeout"
        )
        == "network-timeout"
    )


# Set 8's miss classes (session 5), each wording from the reference cited in families.yaml, not the
# corpus text: Az.Resources' "Provided resource group does not exist.", a program out of memory in a
# WinRM shell (MaxMemoryPerShellMB), Chef's `knife ssl check` against the HTTPS listener; and, kept
# beside them, what still names its family after the precision fixes below.
@pytest.mark.parametrize(
    ("wording", "family"),
    [
        ("Get-AzResourceGroup : Provided resource group does not exist.", "arm-not-found"),
        ("Get-AzResource : Provided resource does not exist.", "arm-not-found"),
        (
            "C:\\> winrs -r:node1 java -Xmx512m -version\n"
            "# There is insufficient memory for the Java Runtime Environment to continue.\n"
            "# Native memory allocation (malloc) failed to allocate 1048576 bytes for AllocateHeap",
            "remoting-quota",
        ),
        (
            "Invoke-Command -ComputerName node1 -ScriptBlock { .\\setup.exe }\n"
            "Exception of type 'System.OutOfMemoryException' was thrown.",
            "remoting-quota",
        ),
        (
            "[node1] Connecting to remote server node1 failed: Not enough memory resources are "
            "available to process this command. (WinRM)",
            "remoting-quota",
        ),
        (
            "$ knife ssl check https://node1.contoso.com:5986\n"
            "Connecting to host node1.contoso.com:5986\n"
            "ERROR: The SSL certificate of node1.contoso.com could not be verified",
            "remoting-certificate",
        ),
        (
            "Connecting to host node1:5986\nERROR: The SSL cert is signed by a trusted authority "
            "but is not valid for the given hostname",
            "remoting-certificate",
        ),
        # the same check against another server is a TLS trust failure, not the WinRM listener
        (
            "Connecting to host chef.contoso.com:443\n"
            "ERROR: The SSL certificate of chef.contoso.com could not be verified",
            "tls-untrusted",
        ),
        # ARM's own denial still names an Azure role
        (
            "AuthorizationFailed: The client 'sp' with object id '0000' does not have authorization "
            "to perform action 'Microsoft.AzureStackHCI/clusters/write' over scope '/subscriptions/0'",
            "arm-authorization",
        ),
        # AADSTS7000218 in a confidential client's request is its missing secret
        (
            "ClientSecretCredential authentication failed: AADSTS7000218: The request body must "
            "contain the following parameter: 'client_assertion' or 'client_secret'.",
            "entra-client-credential",
        ),
        (
            "az login --service-principal -u 0000 --tenant contoso\nAADSTS7000218: The request "
            "body must contain the following parameter: 'client_assertion' or 'client_secret'.",
            "entra-client-credential",
        ),
        # a remote session's Access is denied (the WinRM client's wording)
        (
            "[node1] Connecting to remote server node1 failed with the following error message : "
            "Access is denied. For more information, see the about_Remote_Troubleshooting Help topic.",
            "remoting-access-denied",
        ),
        # CredSSP that is not enabled is still the family
        (
            "The WinRM client cannot process the request. CredSSP authentication is currently "
            "disabled in the client configuration.",
            "remoting-credssp",
        ),
    ],
)
def test_a_wording_of_set_eights_miss_classes_names_its_family(wording, family):
    assert family_of(wording) == family


# Set 8's precision classes: look-alikes whose fix is elsewhere (families.yaml cites why).
@pytest.mark.parametrize(
    "wording",
    [
        # Microsoft Graph's directory denial: an Entra role or Graph permission, not an Azure role
        # (azure-docs role-based-access-control/troubleshooting.md; entra-docs quickstart)
        '{"error": {"code": "Authorization_RequestDenied", "message": "Insufficient privileges '
        'to complete the operation.", "innerError": {"request-id": "0000"}}}',
        "ERROR: Insufficient privileges to complete the operation.",
        "Microsoft.Graph.ServiceException: Code: Authorization_RequestDenied\n"
        "Message: Insufficient privileges to complete the operation.",
        # AADSTS7000218 from a public-client flow (device code, password, a browser app): the app
        # registration's client type (Allow public client flows / platform), not a secret
        'msal4j.AuthenticationException: {"error_description":"AADSTS7000218: The request body '
        "must contain the following parameter: 'client_assertion' or 'client_secret'.\","
        '"error":"invalid_client"}',
        "PublicClientApplication device code flow: invalid_client: AADSTS7000218: The request "
        "body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        # a CredSSP call made without a credential (0x803381A1): the caller's -Credential
        "Invoke-Command : The WinRM client cannot process the request. Requests must include user "
        "name and password when CredSSP authentication mechanism is used. Add the user name and "
        "password or change the authentication mechanism and try the request again.",
        # a local program's Access is denied, with no remote connection in the text
        "Add-WindowsCapability : Access is denied.",
        "Set-Content : Access to the path 'C:\\Windows\\x.txt' is denied.\nAccess is denied.",
        # a program out of memory with no WinRM shell around it is the machine's memory
        "# There is insufficient memory for the Java Runtime Environment to continue.\n"
        "# Native memory allocation (mmap) failed to map 1073741824 bytes",
    ],
)
def test_near_misses_of_set_eights_classes_name_no_family(wording):
    assert family_of(wording) is None


# The long tail (session 5): other renderings of each family's failures, from the references cited
# in families.yaml (not from corpus texts): WinINet/WinHTTP and Winsock errors as HRESULTs (Windows
# Update, BITS, device registration), CPython's "[WinError N]" and .NET's "SocketException (N)"
# before a localised message, Ruby's net/http timeouts, the JDK's, OkHttp's, Apache HttpClient's,
# NSS's, GnuTLS's and rustls's certificate errors, proxies' 407 in any language and tunnel-agent's
# refused CONNECT, WinRM's ports and client libraries' HTTP status errors, the WS-Management codes
# in hex, signed and unsigned decimal.
@pytest.mark.parametrize(
    ("wording", "family"),
    [
        ("Device registration failed: WININET_E_NAME_NOT_RESOLVED", "network-dns"),
        ("Windows Update encountered an error. Error code: 0x80072EE7", "network-dns"),
        ("socket.gaierror: [Errno 11001] getaddrinfo a échoué", "network-dns"),
        (
            "System.Net.Sockets.SocketException (11001): Der angegebene Host ist unbekannt.",
            "network-dns",
        ),
        ("The request failed with HRESULT -2147012894.", "network-timeout"),
        (
            "TimeoutError: [WinError 10060] Ein Verbindungsversuch ist fehlgeschlagen",
            "network-timeout",
        ),
        ("Net::OpenTimeout: Net::OpenTimeout", "network-timeout"),
        ("HTTPClient::ConnectTimeoutError: execution expired", "network-timeout"),
        (
            "Faraday::ConnectionFailed: Failed to open TCP connection to management.azure.com:443 "
            "(execution expired)",
            "network-timeout",
        ),
        ("Download failed: 0x8007274D", "network-refused"),
        ("Device registration failed: WININET_E_CONNECTION_ABORTED (0x80072efe)", "network-reset"),
        ("BITS job failed with error 0x80072EFD.", "network-unreachable"),
        (
            "OSError: [WinError 10051] Socket-Vorgang in einem unerreichbaren Netzwerk",
            "network-unreachable",
        ),
        ("curl: (60) Peer's Certificate issuer is not recognized.", "tls-untrusted"),
        (
            "fatal: unable to access 'https://dev.azure.com/x/': server certificate verification "
            "failed. CAfile: /etc/ssl/certs/ca-certificates.crt CRLfile: none",
            "tls-untrusted",
        ),
        (
            "java.security.cert.CertificateException: No subject alternative names matching IP "
            "address 10.0.0.5 found",
            "tls-untrusted",
        ),
        (
            "java.security.cert.CertificateException: No name matching management.azure.com found",
            "tls-untrusted",
        ),
        (
            "javax.net.ssl.SSLPeerUnverifiedException: Hostname management.azure.com not verified:",
            "tls-untrusted",
        ),
        (
            "javax.net.ssl.SSLPeerUnverifiedException: Certificate for <management.azure.com> "
            "doesn't match any of the subject alternative names: [proxy.contoso.com]",
            "tls-untrusted",
        ),
        ("error sending request: invalid peer certificate: UnknownIssuer", "tls-untrusted"),
        # OpenJDK BasicChecker's "validity check failed" is BasicReason.EXPIRED / NOT_YET_VALID:
        # the tls-certificate-validity condition (a partial answer), not a trust failure
        (
            "sun.security.validator.ValidatorException: PKIX path validation failed: "
            "java.security.cert.CertPathValidatorException: validity check failed",
            None,
        ),
        (
            "java.security.cert.CertPathValidatorException: Certificate has been revoked, reason: "
            "KEY_COMPROMISE",
            "tls-untrusted",
        ),
        ("The download failed with error 0x80072F0D.", "tls-untrusted"),
        ("Windows Update failed with error 0x80072F19.", "tls-revocation"),
        (
            "Der Remoteserver hat einen Fehler zurückgegeben: (407) Proxyauthentifizierung erforderlich.",
            "proxy",
        ),
        (
            "npm ERR! network tunneling socket could not be established, cause=connect ECONNREFUSED "
            "10.0.0.1:8080",
            "network-refused",
        ),
        (
            "npm ERR! network tunneling socket could not be established, cause=socket hang up",
            "proxy",
        ),
        ("curl: (56) Proxy CONNECT aborted", "proxy"),
        ("BITS transfer failed with error 0x80190197.", "proxy"),
        (
            "Errno::ECONNREFUSED: Failed to open TCP connection to node1:5985 (Connection refused - "
            'connect(2) for "node1" port 5985)',
            "remoting-unreachable",
        ),
        (
            "org.apache.http.conn.HttpHostConnectException: Connect to node1:5986 [node1/10.0.0.5] "
            "failed: Connection timed out: connect",
            "remoting-unreachable",
        ),
        (
            "winrm.exceptions.WinRMTransportError: ('http', 'Bad HTTP response returned from "
            "server. Code 404')",
            "remoting-unreachable",
        ),
        (
            "pypsrp.exceptions.WSManFaultError: Received a WSManFault message. (Code: 2150858770, "
            "Machine: node1, Reason: ...)",
            "remoting-unreachable",
        ),
        ("ERROR_WSMAN_DESTINATION_UNREACHABLE", "remoting-unreachable"),
        (
            "WinRM::WinRMHTTPTransportError: Bad HTTP response returned from server (401).",
            "remoting-access-denied",
        ),
        ("Error number:  -2144108316 0x803380E4", "remoting-trustedhosts"),
        ("Error number:  -2144108126 0x803381A2", "remoting-credssp"),
        ('<f:WSManFault Code="2150859173" Machine="node1"> failed', "remoting-quota"),
        (
            "Processing data for a remote command failed with the following error message: Not "
            "enough quota is available to process this command.",
            "remoting-quota",
        ),
        ("KRB_AP_ERR_SKEW", "token-time"),
    ],
)
def test_a_long_tail_rendering_names_its_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # a 404 or 401 from another HTTP client than the WinRM libraries is not WinRM's
        "requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://contoso.com/x",
        # the WinRM ports named, but nothing refused or timed out
        "Listener: Address=* Transport=HTTP Port=5985 Enabled=true",
        # "No name matching" outside a certificate check
        "No name matching 'foo' found in the configuration.",
        # a (407) that is no proxy's (a page number)
        "See the appendix (407) for the table of contents.",
        # a Winsock code in another rendering than CPython's, .NET's or an HRESULT
        "Build 11001 completed.",
    ],
)
def test_near_misses_of_the_long_tail_name_no_family(wording):
    assert family_of(wording) is None


# Register-AzStackHCI's user-visible strings (stackhci.ps1 "User visible strings", cited in
# families.yaml) as its registration log (Write-Log: "<stamp> , <level> , <message>") and consoles
# carry them, cut where the exact signatures' full sentences do not reach: each names the
# registration.
@pytest.mark.parametrize(
    "message",
    [
        "Computer node1 is not part of an Azure Stack HCI cluster.",
        "The Azure resource with ID /subscriptions/0/x doesn't exist. Unregister the cluster using "
        "Unregister-AzStackHCI and then try again.",
        "Make sure the certificate has been added to the certificate store on every clustered node.",
        "Cluster resource has already been created in resource group : rg1.",
        "Certificates must be valid for at least 60 days.",
        "There is already an Azure Stack HCI resource with the same resource ID in region eastus",
        "Azure Arc integration isn't available for the version of Azure Stack HCI installed on "
        "node(s) node1 yet.",
        "Use a different Resource group for registration or specify a different Arc for Servers "
        "Resource Group.",
        "Resource Provider Object Id is Null. Failed to assign roles to HCI RP for ARC Onboarding",
        "Below mentioned cluster node(s) are already Arc enabled with a different ARM Resource Id",
        "Arc Resource Group needs to be configured for cloud based deployment scenarios",
        "Cluster Resource needs to be pre-configured for Cloud Based Deployment",
        "Arc for Servers registration failed. Unable to find the cluster nodes in Arc Settings "
        "resource.",
        "Couldn't delete Arc extension AzureEdgeTelemetryAndDiagnostics on cluster nodes.",
        "One or more servers in your cluster are offline. Check that all your servers are up and "
        "then try again.",
    ],
)
def test_register_azstackhcis_own_wordings_name_the_registration(message):
    assert family_of(f"2024/05/01 10:00:00 , ERROR , {message}") == "hci-registration"


@pytest.mark.parametrize(
    "wording",
    [
        "Number of 'read' requests for subscription '0000' actor '1111' exceeded. Please try again "
        "after '10' seconds after additional tokens are available.",
        "Please try again after '10' seconds after additional tokens are available. Refer to "
        "https://aka.ms/arm-throttling for additional information.",
    ],
)
def test_arms_token_bucket_throttling_message_is_throttling(wording):
    assert family_of(wording) == "arm-throttling"


def test_a_count_exceeded_without_a_retry_interval_is_no_throttling():
    assert (
        family_of("Number of requests for the pool exceeded. Please try again after lunch.") is None
    )


# A certificate not yet valid is the certificate's own dates (the tls-certificate-validity
# condition: no family, a partial answer) in OpenSSL's, CPython's, curl's, Node's and Java's words,
# unless the clock's words are beside it (session 7, third cycle: it was token-time, but a
# certificate issued with a future NotBefore and a clock behind read the same; VS Code's
# CERT_NOT_YET_VALID on a device whose clock was right answered the clock). Go's "current time
# <now> is before <NotBefore>" compares with the clock in its own words and stays token-time; its
# expiry on the other side of the window stays a certificate problem (no family).
@pytest.mark.parametrize(
    ("wording", "family"),
    [
        ("curl: (60) SSL certificate problem: certificate is not yet valid", None),
        (
            "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify "
            "failed: certificate is not yet valid (_ssl.c:1006)",
            None,
        ),
        ("Error: certificate is not yet valid\n  code: 'CERT_NOT_YET_VALID'", None),
        (
            "java.security.cert.CertificateNotYetValidException: NotBefore: Mon Jun 01 00:00:00 UTC "
            "2026",
            None,
        ),
        (
            "certificate is not yet valid; check that the date and time of this machine are right",
            "token-time",
        ),
        (
            "tls: failed to verify certificate: x509: certificate has expired or is not yet valid: "
            "current time 2024-01-01T00:00:00Z is before 2024-06-01T00:00:00Z",
            "token-time",
        ),
        (
            "tls: failed to verify certificate: x509: certificate has expired or is not yet valid: "
            "current time 2025-01-01T00:00:00Z is after 2024-06-01T00:00:00Z",
            None,
        ),
    ],
)
def test_a_certificate_not_yet_valid_is_its_dates_unless_the_clock_is_named(wording, family):
    assert family_of(wording) == family


# A TLS handshake the peer (or a middlebox) cut short is a closed connection (network-reset), in
# each TLS stack's words (families.yaml cites them).
@pytest.mark.parametrize(
    "wording",
    [
        "requests.exceptions.SSLError: HTTPSConnectionPool(host='management.azure.com', port=443): "
        "Max retries exceeded with url: / (Caused by SSLError(SSLEOFError(8, 'EOF occurred in "
        "violation of protocol (_ssl.c:1129)')))",
        "ssl.SSLEOFError: [SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol",
        "curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to management.azure.com:443",
        "curl: (35) schannel: failed to receive handshake, SSL/TLS connection failed",
        "Error: Client network socket disconnected before secure TLS connection was established",
        "The SSL connection could not be established, see inner exception. Authentication failed "
        "because the remote party has closed the transport stream.",
        "System.IO.IOException: Received an unexpected EOF or 0 bytes from the transport stream.",
    ],
)
def test_a_tls_handshake_cut_short_is_a_closed_connection(wording):
    assert family_of(wording) == "network-reset"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # The Azure Local environment validators' result records and Detail lines, as the
        # Azure/AzureLocal-Supportability TSG/EnvironmentValidator/Networking and SLB pages give them
        (
            '"Name": "AzureLocal_NetworkInfraConnection_Test_Infra_IP_Connection_HyperV_Readiness",\n'
            '"Remediation": "Install Hyper-V on SERVER02.",',
            "azure-local-lifecycle",
        ),
        (
            '  "TargetResourceID": "Infra_IP_Connection_VMSwitchReadiness",\n'
            '  "TargetResourceType": "Infra_IP_Connection_VMSwitchReadiness",',
            "azure-local-lifecycle",
        ),
        (
            "[FAILED] Cannot test connection for infra IP without Hyper-V on host SERVER02.",
            "azure-local-lifecycle",
        ),
        (
            "[FAIL] First management adapter [Ethernet 3] has [0] DNS Client Servers configured, "
            "but expected [1+].",
            "azure-local-lifecycle",
        ),
        (
            "[FAIL] VMSwitch [ConvergedSwitch(mgmt)] uses physical adapter [{0a1b}] defined in the "
            "management intent, but it does not use all physical adapters defined in the "
            "management intent.",
            "azure-local-lifecycle",
        ),
        (
            "Management IP [192.168.5.40] is in the infrastructure IP pool range "
            "[192.168.5.20-192.168.5.60]",
            "azure-local-lifecycle",
        ),
        (
            "Mgmt IP '192.168.5.9' was found on another Node. Found on 'HOST2'",
            "azure-local-lifecycle",
        ),
        (
            "Management IP is not found on expected adapter Ethernet 2 or vManagement(mgmt) on "
            "server HOST3.",
            "azure-local-lifecycle",
        ),
        ("Storage Intent is not configured on the cluster CLUS01.", "azure-local-lifecycle"),
        (
            "There are [ 2 ] management intent(s) on the cluster. Expecting [ 1 ].",
            "azure-local-lifecycle",
        ),
        (
            "Virtual adapter status on HOST1\n"
            "    ERROR: VMNetworkAdapter vManagement(mgmt) does NOT exist.",
            "azure-local-lifecycle",
        ),
        ("No default gateway defined on any adapter(s) on HOST4.", "azure-local-lifecycle"),
        (
            "IP Range: 10.96.4.10 - 10.96.4.30 overlaps with K8s Default Service CIDR: 10.96.0.0/12.",
            "azure-local-lifecycle",
        ),
        (
            "Start IP '10.244.3.10' and End IP '10.244.3.20' overlaps with the POD subnet: "
            "10.244.0.0/16.",
            "azure-local-lifecycle",
        ),
        (
            "    + FullyQualifiedErrorId : System.InvalidOperationException,"
            "Microsoft.AzureStack.Lcm.PowerShell.GetSolutionUpdateCmdlet",
            "azure-local-lifecycle",
        ),
        (
            'Switch port create failed, switch = "0F1E", port friendly name = '
            '"ConvergedSwitch(storage)": Class not registered (0x80040154)',
            "azure-local-lifecycle",
        ),
        # the SLB validator's name check is a name that did not resolve (a cause)
        (
            "Detail    : DNS resolution failed for 'mux-vm2'. Expected IP: '10.1.0.22', "
            "Resolved IP: '10.1.0.99'\nStatus    : FAILURE",
            "network-dns",
        ),
        # Compute's OperationNotAllowed for a resource being deleted or changed by another operation
        # (includes/virtual-machines-common-error-messages.md), ARO's non-terminal provisioning
        # state, the Hybrid Compute provider's HCRP409
        (
            'Code="OperationNotAllowed" Message="Operation \'Update\' is not allowed on Image '
            "'golden' since the Image is marked for deletion. You can only retry the Delete "
            'operation (or wait for an ongoing one to complete)."',
            "arm-conflict",
        ),
        (
            "OperationNotAllowed: An ongoing operation is changing power state of Virtual Machine "
            "vm7 to VM deallocated. Please perform operation Start after some time.",
            "arm-conflict",
        ),
        (
            "400: RequestNotAllowed: : Request is not allowed in provisioningState 'Updating'.",
            "arm-conflict",
        ),
        (
            "(HCRP409) An extension of type AzureMonitorWindowsAgent is still processing. Only one "
            "instance of an extension may be in progress at a time for the same resource.",
            "arm-conflict",
        ),
        # AADSTS90094's sentence as the consent page shows it, without the code
        (
            "An administrator of Fabrikam has set a policy that prevents you from granting Wiki "
            "Sync the permissions it is requesting. Contact an administrator of Fabrikam, who can "
            "grant permissions to this app on your behalf.",
            "entra-consent",
        ),
        # Azure Local's mandatory extension version check (known issues, 2503)
        (
            "Mandatory extension [Device Management] installed version [1.2.0] is not equal to the "
            "required version [1.3.0] for Arc machine [host5].",
            "arc-extension",
        ),
        # the Cloud Management clustered role of a registration made before it was required
        (
            "Clustered role 'Cloud Management' has exceeded its failover threshold.",
            "hci-registration",
        ),
        # requests-credssp: the server refused CredSSP's inner TLS handshake
        (
            "requests_credssp.exceptions.AuthenticationException: Server did not response with a "
            "CredSSP token after step TLS Handshake - actual ''",
            "tls-protocol",
        ),
    ],
)
def test_a_wording_of_set_nines_miss_classes_names_its_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # the Arc SSH proxy's relay errors: SSHD or the allowed port on the server (ssh-arc-troubleshoot.md)
        '{"level":"fatal","msg":"sshproxy: error copying information from the connection: read tcp '
        "10.2.0.4:51000->20.30.40.50:443: wsarecv: An existing connection was forcibly closed by "
        'the remote host.","time":"2024-05-01T10:00:00Z"}',
        # a first-party application's preauthorization, which no tenant's consent grants
        "AADSTS65002: Consent between first party application 'a' and first party resource 'b' "
        "must be configured via preauthorization - applications owned and operated by Microsoft "
        "must get approval from the API owner before requesting tokens for that API.",
        # a VM state, not another operation
        "Operation 'Capture' is not allowed on VM 'vm3' since the VM is generalized.",
        "Request is not allowed in provisioningState 'Failed'.",
        # other products' wordings near the validators'
        "[FAILED] Failed to start nginx.service - A high performance web server.",
        "An organization policy prevents you from granting the Editor role to the default service account.",
        "The pod CIDR 10.244.0.0/16 overlaps with the cluster's virtual network address space.",
    ],
)
def test_near_misses_of_set_nines_classes_name_no_family(wording):
    assert family_of(wording) not in {
        "azure-local-lifecycle",
        "arm-conflict",
        "entra-consent",
        "network-reset",
    }, wording


def test_a_validator_connection_to_azure_that_failed_is_still_the_network():
    """Cause before context: the infra IP's connection test that could not reach Azure names the
    network (the record's own wording), not only the validator's step."""
    text = (
        "[FAILED] Connection from 10.0.0.100 (Ethernet) to https://management.azure.com failed "
        "after 10 attempts"
    )
    assert family_of(text) == "network-unreachable"


@pytest.mark.parametrize(
    "detail",
    [
        # the other environment validators' Details in the same TSG folders
        # (Azure/AzureLocal-Supportability TSG/EnvironmentValidator: Networking, SLB, Hardware, Software)
        "No allocatable IPs found for management subnet",
        "Multiple management subnets found, unable to determine available IPs",
        "IP range 10.0.1.10 - 10.0.1.20 is not in the management subnet",
        "Ip Pools have duplicates or do not fall in subnet 10.0.1.0/24",
        "DefaultGateway 10.0.1.1 is included in IP pool [10.0.1.1, 10.0.1.30].",
        "Duplicate IPs found for Node Management IPs",
        "No storageNetworks section or valid storage VLANID info provided in the configuration.",
        "Switchless storage connectivity is used for Rack Aware cluster.",
        "[HNVPA] network does not have a valid [VlanId] defined.",
        "Not enough Management IPs to deploy SLB. There are [2] available management IPs but [4] "
        "are required.",
        "Failover Cluster Network Controller (FCNC) is not installed or not operational on host "
        "[10.0.1.5].",
        "Network Controller (NC) server provisioning and configuration state are not healthy.",
        "SecureBoot is 'False' on HOST2. Expected 'True'. Ensure SecureBoot is supported and "
        "enabled on HOST2.",
        "Checking Hostname HOST2 for free space on root folder path 'C:' 12 GB. Expected at least "
        "30 GB.",
    ],
)
def test_the_other_validators_details_name_azure_local(detail):
    assert family_of(detail) == "azure-local-lifecycle"


@pytest.mark.parametrize(
    "wording",
    [
        "Secure Boot is disabled on this machine.",
        "The subnet 10.0.1.0/24 is not in the address space of the virtual network.",
        "Please remove the computer from the domain and join it again.",
    ],
)
def test_near_misses_of_the_other_validators_details_name_no_family(wording):
    assert family_of(wording) is None


def test_a_proxy_whose_own_name_does_not_resolve_is_the_name():
    """urllib3 wraps the connection's error in ProxyError("Cannot connect to proxy.", ...): when
    that error is a failed name lookup, the fix is the name, as for tunnel-agent's."""
    text = (
        "requests.exceptions.ProxyError: HTTPSConnectionPool(host='management.azure.com', port=443): "
        "Max retries exceeded with url: / (Caused by ProxyError('Cannot connect to proxy.', "
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to "
        "establish a new connection: [Errno -2] Name or service not known')))"
    )
    assert family_of(text) == "network-dns"


def test_a_proxy_that_refuses_the_connection_stays_the_proxy():
    text = (
        "requests.exceptions.ProxyError: HTTPSConnectionPool(host='management.azure.com', port=443): "
        "Max retries exceeded with url: / (Caused by ProxyError('Cannot connect to proxy.', "
        "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to "
        "establish a new connection: [Errno 111] Connection refused')))"
    )
    assert family_of(text) == "proxy"


@pytest.mark.parametrize(
    "wording",
    [
        # Azure.Core for .NET's RequestFailedException message
        "Azure.RequestFailedException: Operation is in progress on the resource.\n"
        "Status: 409 (Conflict)\nErrorCode: Conflict\n\nContent:\n{}",
        # azure-core for Python's "(<code>) <message>", as the SDK and az print it
        "azure.core.exceptions.ResourceExistsError: (Conflict) The resource is being updated.",
        "ERROR: (Conflict) The resource is being updated.",
    ],
)
def test_arms_conflict_code_as_the_azure_sdks_render_it_is_a_conflict(wording):
    assert family_of(wording) == "arm-conflict"


@pytest.mark.parametrize(
    "wording",
    [
        # the 409 status line alone, or beside an inner code that says more
        "Status: 409 (Conflict)\nErrorCode: ResourceDeploymentFailure",
        "Response status code does not indicate success: 409 (Conflict).",
    ],
)
def test_a_409_status_without_the_conflict_code_is_not_the_conflict(wording):
    assert family_of(wording) != "arm-conflict"


@pytest.mark.parametrize(
    "wording",
    [
        # no protocol version or cipher suite in common, as the other TLS stacks word it
        "ssl.SSLError: [SSL: NO_CIPHERS_AVAILABLE] no ciphers available (_ssl.c:1129)",
        "error:0A000102:SSL routines::unsupported protocol",
        "Error: 140:error:0A0000C1:SSL routines::no shared cipher",
        "code: 'ERR_SSL_NO_SHARED_CIPHER'",
        "2024/05/01 http: TLS handshake error from 10.1.1.1:443: tls: no cipher suite supported by "
        "both client and server",
        "javax.net.ssl.SSLHandshakeException: Received fatal alert: insufficient_security",
        "A fatal alert was generated and sent to the remote endpoint. This may result in "
        "termination of the connection. The TLS protocol defined fatal alert code is 40. The "
        "Windows SChannel error state is 1205.",
        "An TLS 1.0 connection request was received from a remote client application, but none of "
        "the cipher suites supported by the client application are supported by the server. The "
        "TLS connection request has failed.",
    ],
)
def test_a_tls_protocol_or_cipher_mismatch_in_other_words_is_tls_protocol(wording):
    assert family_of(wording) == "tls-protocol"


@pytest.mark.parametrize(
    "wording",
    [
        # alerts about the certificate, not the protocol: unknown_ca (48), certificate_unknown (46)
        "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert "
        "code is 48.",
        "javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown",
    ],
)
def test_a_certificate_alert_is_not_a_protocol_mismatch(wording):
    assert family_of(wording) != "tls-protocol"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # WinRM's shells quota in the localized wordings of Microsoft's localized docs
        # (OfficeDocs-SkypeForBusiness de-DE, es-ES, it-IT, pt-BR, ja-JP; Lync Online Dn362832 fr-FR)
        (
            "New-PSSession : [admin.vdomain.com] Die Verbindung mit dem Remoteserver "
            "admin.vdomain.com mit der folgenden Fehlermeldung fehlgeschlagen: Der "
            "WS-Management-Dienst kann die Anforderung nicht verarbeiten. Die maximale Anzahl "
            "gleichzeitiger Shells für diesen Mandanten wurde überschritten. Schließen Sie "
            "vorhandene Shells, oder erhöhen Sie das Kontingent für diesen Mandanten.",
            "remoting-quota",
        ),
        (
            "New-PSSession : [admin.vdomain.com] Error al conectarse al servidor remoto "
            "admin.vdomain.com con el siguiente mensaje de error: el servicio WS-Management no "
            "puede procesar la solicitud. Se ha superado el número máximo de shells simultáneos "
            "para este usuario. Cierre los shells existentes o suba la cuota para este usuario.",
            "remoting-quota",
        ),
        (
            "New-PSSession: [admin.Vdomain.com] la connessione al server remoto admin.Vdomain.com "
            "non è riuscita con il messaggio di errore seguente: il servizio WS-Management non è in "
            "grado di elaborare la richiesta. Il numero massimo di shell simultanee per il tenant è "
            "stato superato. Chiudere le shell esistenti o aumentare la quota per il tenant.",
            "remoting-quota",
        ),
        (
            "New-PSSession: [admin.vdomain.com] conectando-se ao servidor remoto admin.vdomain.com "
            "falhou com a seguinte mensagem de erro: serviço o WS-Management não pode processar a "
            "solicitação. O número máximo de shells simultâneos para esse usuário foi excedido. "
            "Feche shells existentes ou aumentar a cota para esse usuário.",
            "remoting-quota",
        ),
        (
            "New-PSSession : [admin.vdomain.com] La connexion au serveur distant admin.vdomain.com "
            "a échoué avec le message d'erreur suivant : Le service Gestion des services Web ne "
            "peut pas traiter la demande. Le nombre maximal de shells simultanés pour ce client a "
            "été dépassé. Fermez les shells existants ou augmentez le quota pour ce client.",
            "remoting-quota",
        ),
        (
            "New-PSSession : [admin.vdomain.com] WS-Management サービスは要求を処理できません。"
            "このユーザーの同時シェルの最大数を超えました。",
            "remoting-quota",
        ),
        # AKS's OperationNotAllowed for a pending operation, in the troubleshooting page's forms
        # (create-upgrade-delete/operationnotallowed, https://aka.ms/aks-pending-operation)
        (
            "(OperationNotAllowed) Operation is not allowed: Another agentpool operation (pool2 - "
            "Upgrading) is in progress, please wait for it to finish before starting a new "
            "operation. See https://aka.ms/aks-pending-operation for more details",
            "arm-conflict",
        ),
        (
            "Operation is not allowed: Another operation (aks1 - Scaling) is in progress, please "
            "wait for it to finish before starting a new operation.",
            "arm-conflict",
        ),
        (
            "(OperationNotAllowed) managed cluster is in Provisioning State(Updating) and Power "
            "State(Running), starting cannot be performed The previous operation started at "
            "'2024-02-21T13:33:55Z' and elapsed time is: '00:00:00' (RFC3339 format)",
            "arm-conflict",
        ),
        (
            'Code: "AKSOperationPreempted" Message: "This operation has been preempted by another '
            'operation with ID 3f1c1d9e-0000-4000-8000-000000000001"',
            "arm-conflict",
        ),
    ],
)
def test_a_wording_of_set_tens_miss_classes_names_its_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "not_family"),
    [
        # the tenant's remote PowerShell switched off is a service policy, not a WinRM quota
        (
            "New-PSSession : [admin.vdomain.com] Das Verarbeiten von Daten von Remoteserver "
            "admin.vdomain.com ist mit der folgenden Fehlermeldung fehlgeschlagen: Die Möglichkeit "
            "zum Herstellen einer Verbindung mit diesem Mandanten mithilfe einer "
            "Remote-PowerShell-Sitzung wurde deaktiviert.",
            "remoting-quota",
        ),
        # a configuration listing names the quota settings without any limit passed
        (
            "winrm get winrm/config/winrs\nWinrs\n    AllowRemoteShellAccess = true\n    "
            "MaxConcurrentUsers = 2147483647\n    MaxShellRunTime = 2147483647\n    "
            "MaxProcessesPerShell = 2147483647\n    MaxShellsPerUser = 2147483647\n"
            "Kerberos authentication failed",
            "remoting-quota",
        ),
        # AKS refusing an operation the cluster's state already satisfies is not another operation
        (
            "(OperationNotAllowed) managed cluster is not currently running, stopping cannot be "
            "performed; The stop operation started at '2024-02-13T15:01:15Z'",
            "arm-conflict",
        ),
        (
            "(OperationNotAllowed) managed cluster is in Provisioning State(Failed) and Power "
            "State(Running), starting cannot be performed",
            "arm-conflict",
        ),
    ],
)
def test_near_misses_of_set_tens_classes_are_not_that_family(wording, not_family):
    assert family_of(wording) != not_family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # .NET's generic chain failure whose chain status is the revocation check (X509ChainStatusFlags)
        (
            "System.Security.Authentication.AuthenticationException: The remote certificate is "
            "invalid according to the validation procedure: RemoteCertificateChainErrors. "
            "RevocationStatusUnknown: The revocation function was unable to check revocation for "
            "the certificate. OfflineRevocation: The revocation function was unable to check "
            "revocation because the revocation server was offline.",
            "tls-revocation",
        ),
        # the same wrapper with an untrusted root and no revocation wording stays untrusted
        (
            "System.Security.Authentication.AuthenticationException: The remote certificate is "
            "invalid according to the validation procedure: RemoteCertificateChainErrors. "
            "UntrustedRoot: A certificate chain processed, but terminated in a root certificate "
            "which is not trusted by the trust provider.",
            "tls-untrusted",
        ),
        # the environment validator's subscription-state check (TSG AzStackHci_Subscription_State)
        (
            '{"Name":"AzStackHci_Subscription_State","Status":"FAILURE","AdditionalData":'
            '{"Detail":"Azure Stack HCI Subscription is inactive on computer HOST3."}}',
            "hci-registration",
        ),
        (
            "Error checking subscription status on HOST2: Error executing "
            "Get-AzureStackHCISubscriptionStatus: Azure Stack HCI is not registered with Azure.",
            "hci-registration",
        ),
        # ... whose reason, when it is a cause, is named first
        (
            "Error checking subscription status on HOST2: Error executing "
            "Get-AzureStackHCISubscriptionStatus: Unable to connect to service. The remote name "
            "could not be resolved: 'azurestackhci.azurefd.net'",
            "network-dns",
        ),
    ],
)
def test_set_tens_revocation_and_subscription_state_classes(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # entra reference-error-codes: AADSTS900382, a request to another cloud's authority
        (
            '{"error":"invalid_request","error_description":"AADSTS900382: Confidential Client is '
            'not supported in Cross Cloud request.","error_codes":[900382]}',
            "entra-tenant",
        ),
        # a bare 404 from ARM for a resource path (error-not-found), as clients print it
        (
            "autorest/azure: Service returned an error. StatusCode=404 -- Original Error: GET "
            "https://management.azure.com/subscriptions/0000/resourceGroups/hci-rg/providers/"
            "Microsoft.HybridCompute/machines/node1",
            "arm-not-found",
        ),
        (
            "request to /subscriptions/0000/resourceGroups/rg7/providers/Microsoft.Network/"
            "virtualNetworks failed with status code 404",
            "arm-not-found",
        ),
    ],
)
def test_set_tens_tenant_and_not_found_classes(wording, family):
    assert family_of(wording) == family


def test_a_404_outside_arms_resource_paths_is_not_arms_not_found():
    wording = (
        "azure.core.exceptions.HttpResponseError: Operation returned an invalid status code 404, "
        "url https://graph.microsoft.com/v1.0/users/abc"
    )
    assert family_of(wording) != "arm-not-found"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # simplesamlphp/saml2's NotBefore / NotOnOrAfter validators, as SAML service providers raise them
        (
            "SimpleSAML\\Error\\Exception: Received an assertion that is valid in the future. Check "
            "clock synchronization on IdP and SP.",
            "token-time",
        ),
        (
            "Saml2Exception: Received an assertion that has expired.Check clock synchronization on "
            "IdP and SP.",
            "token-time",
        ),
    ],
)
def test_a_saml_assertion_outside_its_window_is_token_time(wording, family):
    assert family_of(wording) == family


def test_another_saml_assertion_failure_is_not_token_time():
    wording = "SimpleSAML\\Error\\Exception: Received an assertion without a valid signature."
    assert family_of(wording) != "token-time"


def test_the_igvm_agents_failed_update_on_a_node_is_azure_local():
    # TSG/ArcVMs/cannot-update-IgvmAgent.md: the version folder _v<n> is any of _v1 to _v9
    wording = (
        "Could not update IgvmAgent on physical node Exception: Cannot remove item "
        "C:\\CloudContent\\IgvmAgent\\_v7\\AszIgvmAgent.exe: The process cannot access the file "
        "because it is being used by another process."
    )
    assert family_of(wording) == "azure-local-lifecycle"
