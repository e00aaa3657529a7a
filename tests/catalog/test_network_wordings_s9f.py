"""Session 9, cycle F (i14-network): set 19's miss classes in the network, TLS and proxy families,
each named as its producer prints it (the producer's source or reference is cited beside the rule
in orchestrator/catalog/families.yaml), with the look-alikes that must stay unnamed. The texts
below are renderings written from the producers' sources, not the corpus texts."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        # mssql-jdbc IOBuffer.java TDSChannel.enableSSL's warning, both versions it names
        "WARNING: TLSv1 was negotiated. Please update server and client to use TLSv1.2 at minimum.",
        "com.microsoft.sqlserver.jdbc.TDSChannel enableSSL\n"
        "WARNING: TLSv1.1 was negotiated. Please update server and client to use TLSv1.2 at minimum.",
        # as SQLWarning text in lower case (a log that lower-cases messages)
        "sqlwarning: tlsv1.1 was negotiated. please update server and client to use tlsv1.2 at minimum",
        # PackageManagement's warning for the PowerShell Gallery (TLS 1.2 required)
        "WARNING: Unable to resolve package source 'https://www.powershellgallery.com/api/v2'.",
        "WARNING: Unable to resolve package source 'https://www.powershellgallery.com/api/v2/'\n"
        "PackageManagement\\Install-Package : No match was found for the specified search criteria"
        " and module name 'Az.Accounts'. Try Get-PSRepository to see all available registered module"
        " repositories.",
        # the WinRM client's certificate list with WinHTTP's secure-channel failure only (HCW)
        "New-PSSession : [outlook.office365.com] Connecting to remote server outlook.office365.com"
        " failed with the following error message : The server certificate on the destination"
        " computer (outlook.office365.com:443) has the following errors:\n"
        "Encountered an internal error in the SSL library. For more information, see the"
        " about_Remote_Troubleshooting Help topic.",
    ],
)
def test_tls_version_refusals_in_the_producers_own_words_are_tls_protocol(text):
    assert family_of(text) == "tls-protocol"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # the Gallery's warning beside a specific network reason: the reason is the answer
        (
            "WARNING: Unable to resolve package source 'https://www.powershellgallery.com/api/v2'.\n"
            "The remote server returned an error: (407) Proxy Authentication Required.",
            "proxy",
        ),
        (
            "WARNING: Unable to resolve package source 'https://www.powershellgallery.com/api/v2'.\n"
            "The remote name could not be resolved: 'www.powershellgallery.com'",
            "network-dns",
        ),
        # the same warning for another source (a private feed, a file share) shows nothing of TLS
        ("WARNING: Unable to resolve package source 'https://pkgs.contoso.com/nuget/v2'.", None),
        ("WARNING: Unable to resolve package source '\\\\fileserver\\psrepo'.", None),
        # the HCW certificate list with a fault of the certificate stays the certificate's
        (
            "Connecting to remote server exch01 failed with the following error message : The server"
            " certificate on the destination computer (exch01:443) has the following errors: The SSL"
            " certificate is signed by an unknown certificate authority. Encountered an internal error"
            " in the SSL library.",
            "remoting-certificate",
        ),
    ],
)
def test_look_alikes_of_the_tls_version_wordings(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # musl's gai_strerror (Alpine images) in socket.gaierror's form, every name-resolution code
        "urllib3.exceptions.NewConnectionError: <urllib3.connection.HTTPSConnection object at"
        " 0x7f1f92433dd8>: Failed to establish a new connection: [Errno -3] Try again",
        "Error: Please ensure you have network connection. Error detail:"
        " HTTPSConnectionPool(host='login.microsoftonline.com', port=443): Max retries exceeded with"
        " url: /common/oauth2/token (Caused by NewConnectionError('<urllib3.connection."
        "HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno -3] Try"
        " again'))",
        "socket.gaierror: [Errno -5] Name has no usable address",
        "socket.gaierror: [Errno -4] Non-recoverable error",
        # glibc's EAI_FAIL
        "socket.gaierror: [Errno -4] Non-recoverable failure in name resolution",
        # WinRM's ERROR_WSMAN_NAME_NOT_RESOLVED relayed by VMM as a bare code
        "Error (2927)\nA Hardware Management error has occurred trying to contact server"
        " hv07.contoso.com.\nUnknown error (0x803381b9)\nRecommended Action: Check that WinRM is"
        " installed and running on server hv07.contoso.com.",
        "The WinRM client cannot process the request. Error number: -2144108103 0x803381B9",
    ],
)
def test_name_resolution_failures_by_code_are_network_dns(text):
    assert family_of(text) == "network-dns"


@pytest.mark.parametrize(
    "text",
    [
        # a positive errno with "Try again" is EAGAIN (a resource), not a lookup
        "BlockingIOError: [Errno 11] Resource temporarily unavailable. Try again",
        "OSError: [Errno 11] Try again",
        # the az wrapper alone names no family beyond its weak one
        "Please ensure you have network connection. Try again later.",
    ],
)
def test_try_again_outside_getaddrinfo_is_not_network_dns(text):
    assert family_of(text) != "network-dns"


@pytest.mark.parametrize(
    "text",
    [
        # pac-proxy-agent's failure over a PAC list that names proxies (JSON-quoted or not)
        "Action: updateSubscriptionsAndTenants\nError type: FetchError\nError Message: request to"
        " https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration"
        ' failed, reason: Failed to establish a socket connection to proxies: ["PROXY'
        ' proxy1.contoso.com:8080","PROXY proxy2.contoso.com:8080"]',
        'Error: Failed to establish a socket connection to proxies: ["HTTPS gw.contoso.com:443"]',
        "Error: Failed to establish a socket connection to proxies: [&quot;SOCKS5 10.1.1.1:1080&quot;]",
        # the Azure extensions' error report of a 407, whatever page the proxy returned
        "Action: appService.Deploy\nError type: 407\nError Message: <html>Access to this site requires"
        " a logon</html>",
        # a web gateway's authentication page
        "Authentication Required\nYou must be authenticated to access this URL.\nURL: https://"
        "management.azure.com/\nGenerated 2024-02-01 10:00:00 by gw-01 on 8080",
        # SafeSquid's quoted access-log fields
        '"10.0.0.7" "CONNECT" "management.azure.com:443" "TCP_DENIED" "DIRECT" "safesquid"'
        ' "BLOCKED"',
        # the WinRM client's refusal to send an HTTP session through the configured proxy
        "ERROR:Updating hybrid configuration failed with error 'System.Management.Automation."
        "Remoting.PSRemotingTransportException: Connecting to remote server failed with the"
        " following error message: The WSMan client cannot process the request. Proxy is not"
        " supported under HTTP transport. Change the transport to HTTPS and specify valid proxy"
        " information and try again.",
        "The WinRM client cannot process the request. Setting proxy information is not valid when"
        " the HTTP transport is specified. Remove the proxy information or change the transport and"
        " try the request again.",
    ],
)
def test_proxy_refusals_in_other_words_are_proxy(text):
    assert family_of(text) == "proxy"


@pytest.mark.parametrize(
    "text",
    [
        # a PAC result of DIRECT alone: the direct connection failed, no proxy was in the way
        'Error: Failed to establish a socket connection to proxies: ["DIRECT"]',
        # another status in the same report, and a 407 that is not a status
        "Action: appService.Deploy\nError type: 404\nError Message: Not Found",
        "Action: azureFunctions.deploy\nError type: Error\nError Message: Build 4070 failed",
        # an application's own sign-in requirement, not the gateway's page
        "You must be authenticated to access this resource. Sign in with your account.",
        # the Kerberos / CredSSP siblings name the logon, not the proxy
        "The WinRM client cannot process the request. Setting proxy information is not valid when"
        " the authentication mechanism with the remote machine is Kerberos. Remove the proxy"
        " information or change the authentication mechanism and try the request again.",
        # a SafeSquid log line that let the request through
        '"10.0.0.7" "CONNECT" "management.azure.com:443" "TCP_MISS" "DIRECT" "safesquid"',
    ],
)
def test_look_alikes_of_the_proxy_refusals_are_not_proxy(text):
    assert family_of(text) != "proxy"


@pytest.mark.parametrize(
    "text",
    [
        # NuGet's NU3028 as its Spanish documentation words it, and the Windows wording of the
        # function beside the offline server
        "error NU3028: La marca de tiempo de la firma del repositorio encontró un problema de"
        " creación de cadenas: la función de revocación no pudo comprobar la revocación porque no se"
        " pudo acceder al servidor de revocación.",
        "La función de revocación no puede comprobar la revocación porque el servidor de revocación"
        " estaba sin conexión.",
    ],
)
def test_a_spanish_revocation_offline_sentence_is_tls_revocation(text):
    assert family_of(text) == "tls-revocation"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # SqlClient's command timeout is the query's, not the network's
        (
            "System.Data.SqlClient.SqlException: Execution Timeout Expired.  The timeout period"
            " elapsed prior to completion of the operation or the server is not responding. --->"
            " System.ComponentModel.Win32Exception: The wait operation timed out",
            None,
        ),
        (
            "Microsoft.Data.SqlClient.SqlException (0x80131904): Execution Timeout Expired.  The"
            " timeout period elapsed prior to completion of the operation or the server is not"
            " responding.",
            None,
        ),
        # its connect-phase sibling with the network's own timeout inside stays network-timeout
        (
            "Microsoft.Data.SqlClient.SqlException (0x80131904): Connection Timeout Expired.  The"
            " timeout period elapsed while attempting to consume the pre-login handshake"
            " acknowledgement. ---> System.ComponentModel.Win32Exception (258): The wait operation"
            " timed out.",
            "network-timeout",
        ),
    ],
)
def test_a_sql_command_timeout_is_not_a_network_timeout(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # curl's SOCKS refusals (lib/socks.c), with the tool's CURLE_PROXY number and without it
        "curl: (97) cannot complete SOCKS5 connection to management.azure.com. (2)",
        "fatal: unable to access 'https://github.com/org/repo.git/': cannot complete SOCKS5"
        " connection to github.com. (1)",
        "curl: (97) [SOCKS] cannot complete SOCKS4 connection to 20.1.2.3:443. (91), request"
        " rejected or failed.",
        "fatal: unable to access 'https://dev.azure.com/org/_git/repo/': User was rejected by the"
        " SOCKS5 server (1 1).",
        "curl: (97) No authentication method was acceptable.",
        # RFC 1928's reply text as other SOCKS clients print it
        "socks.GeneralProxyError: Socket error: 0x02: Connection not allowed by ruleset",
    ],
)
def test_a_socks_proxys_refusal_is_proxy(text):
    assert family_of(text) == "proxy"


@pytest.mark.parametrize(
    "text",
    [
        # SOCKS5 replies 3-5: the destination unreachable or refusing as the proxy saw it
        "git: cannot complete SOCKS5 connection to node1.contoso.com. (5)",
        # another tool's number 97
        "Error (97): the node did not answer",
        "curl: (7) Failed to connect to 127.0.0.1 port 1080 after 0 ms: Couldn't connect to server",
    ],
)
def test_look_alikes_of_socks_refusals_are_not_proxy(text):
    assert family_of(text) != "proxy"


@pytest.mark.parametrize(
    "text",
    [
        # golang.org/x/net/internal/socks (Go's SOCKS5 dialer)
        'Get "https://management.azure.com/": socks connect tcp 10.0.0.9:1080->'
        "management.azure.com:443: unknown error general SOCKS server failure",
        "socks connect tcp 10.0.0.9:1080->management.azure.com:443: unknown error connection not"
        " allowed by ruleset",
        "socks connect tcp 10.0.0.9:1080->github.com:443: username/password authentication failed",
        "socks connect tcp 10.0.0.9:1080->github.com:443: no acceptable authentication methods",
        # the socks npm client (socks-proxy-agent)
        "SocksClientError: Socks5 proxy rejected connection - NotAllowed",
        "SocksClientError: Socks5 proxy rejected connection - Failure",
        "SocksClientError: Socks4 Proxy rejected connection - (Rejected)",
        "SocksClientError: Socks5 Authentication failed",
        "SocksClientError: Received invalid Socks5 initial handshake (no accepted authentication"
        " type)",
    ],
)
def test_go_and_node_socks_clients_refusals_are_proxy(text):
    assert family_of(text) == "proxy"


@pytest.mark.parametrize(
    "text",
    [
        # the destination's own replies, as the proxy saw them
        "socks connect tcp 10.0.0.9:1080->node1:5986: unknown error host unreachable",
        "SocksClientError: Socks5 proxy rejected connection - HostUnreachable",
        # a username/password failure that is not a SOCKS handshake
        "ssh: handshake failed: username/password authentication failed",
    ],
)
def test_look_alikes_of_go_and_node_socks_refusals_are_not_proxy(text):
    assert family_of(text) != "proxy"


@pytest.mark.parametrize(
    "text",
    [
        # BusyBox's applets (libbb/xconnect.c, networking/nslookup.c)
        "wget: bad address 'packages.microsoft.com'",
        "ping: bad address 'management.azure.com'",
        "nc: bad address 'node1.contoso.com'",
        "nslookup: can't resolve 'login.microsoftonline.com'",
        "nslookup: can't resolve 'login.microsoftonline.com': Name does not resolve",
        "** server can't find management.azure.com: SERVFAIL",
    ],
)
def test_busybox_name_resolution_failures_are_network_dns(text):
    assert family_of(text) == "network-dns"


@pytest.mark.parametrize(
    "text",
    [
        # EFAULT's strerror, and the same words for a malformed IPv6 literal
        "write: Bad address",
        "wget: bad address '[fe80::1'",
        # uClibc's dynamic linker
        "can't resolve symbol 'foo' in lib 'libbar.so'",
    ],
)
def test_look_alikes_of_busybox_name_resolution_failures(text):
    assert family_of(text) != "network-dns"
