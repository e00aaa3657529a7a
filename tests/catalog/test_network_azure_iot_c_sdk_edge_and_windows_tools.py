"""Network, TLS and proxy failures as the Azure IoT device stack, Windows tools and proxies print them.

Producers and sources (cited in orchestrator/catalog/families.yaml beside each pattern):
- the Azure IoT C SDK's socket adapter (Azure/azure-c-shared-utility @aff8697e adapters/socketio_berkeley.c,
  socketio_win32.c: "Failure: connect failure %d." with errno / WSAGetLastError(); src/dns_resolver_sync.c
  "Failed DNS lookup for %s: %d") and wolfSSL's verification trace ("No CA signer to verify with");
- IoT Edge: aziot-identityd (Azure/iot-identity-service f6a2f099 "Provisioning failed to communicate with DPS
  (attempt {} of {}): {}") and image pulls relaying Go's "net/http: request canceled while waiting for connection";
- the .NET device client's ExtendedSocketException (00000001, 11) under System.Net.Dns (EAI_AGAIN);
- Windows: nslookup's "No response from server" / "Server failed", the VPN client's RAS errors 809 and 868,
  the WebJobs SDK's "Please verify that the Azure Storage Emulator is running" (Azure/azure-webjobs-sdk
  @f79ea0bf DefaultStorageCredentialsValidator.cs, the development storage account);
- proxies: Power Automate's "The proxy server in your network requires authentication", a ProxySG access log's
  DENIED beside http.proxy.
Near misses from the same producers stay unnamed or keep their own family."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

C_SDK = "Error: Time:Tue Sep  4 12:42:35 2018 File:/usr/sdk/src/c/c-utility/adapters/"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # the C SDK's socket adapter, by errno (Linux, macOS, Winsock)
        (
            C_SDK
            + "socketio_berkeley.c Func:wait_for_connection Line:383 Failure: connect failure 111.",
            "network-refused",
        ),
        (
            C_SDK + "socketio_berkeley.c Func:socketio_open Line:612 Failure: connect failure 61.",
            "network-refused",
        ),
        (
            "Error: File:C:\\umqtt\\c-utility\\adapters\\socketio_win32.c Func:_socketio_open Line:306 "
            "Failure: connect failure 10061.",
            "network-refused",
        ),
        (
            "Error: File:C:\\umqtt\\c-utility\\adapters\\socketio_win32.c Func:_socketio_open Line:306 "
            "Failure: connect failure 10060.\nError: File:C:\\umqtt\\src\\mqtt_client.c Func:_mqtt_client_connect "
            "Line:906 Error: io_open failed",
            "network-timeout",
        ),
        (
            C_SDK
            + "socketio_berkeley.c Func:wait_for_connection Line:383 Failure: connect failure 110.",
            "network-timeout",
        ),
        (
            C_SDK
            + "socketio_berkeley.c Func:wait_for_connection Line:383 Failure: connect failure 113.",
            "network-unreachable",
        ),
        (
            C_SDK
            + "socketio_berkeley.c Func:wait_for_connection Line:383 Failure: connect failure 101.",
            "network-unreachable",
        ),
        (
            "Info: File:/usr/sdk/src/c/c-utility/src/dns_resolver_sync.c Func:dns_resolver_is_lookup_complete "
            "Line:165 Failed DNS lookup for myhub.azure-devices.net: -2",
            "network-dns",
        ),
        # wolfSSL's verification trace
        (
            "MSG: 1 No CA signer to verify with\nMSG: 1 Failed to verify Peer's cert\n"
            "MSG: 3 wolfSSL Leaving ProcessPeerCerts, return -188",
            "tls-untrusted",
        ),
        # IoT Edge
        (
            "May 29 02:11:14 edge1 aziot-identityd[1472]: 2022-05-29T02:11:14Z [WARN] - Provisioning failed to "
            "communicate with DPS (attempt 1 of 3): timed out",
            "network-timeout",
        ),
        (
            "Z [WARN] - Could not pull image mcr.microsoft.com/azureiotedge-agent:1.1\n"
            "Z [WARN] -         caused by: Get https://mcr.microsoft.com/v2/: net/http: request canceled while "
            "waiting for connection",
            "network-timeout",
        ),
        # the .NET device client
        (
            "Exception caught: System.Net.Internals.SocketExceptionFactory+ExtendedSocketException (00000001, 11): "
            "Resource temporarily unavailable\n   at System.Net.Dns.InternalGetHostByName(String hostName)\n"
            "   at System.Net.Dns.ResolveCallback(Object context)",
            "network-dns",
        ),
        # Windows tools
        (
            "Server:  UnKnown\nAddress:  2a02:1800:100::42:1\n\n*** UnKnown can't find kv.vault.azure.net: "
            "No response from server",
            "network-dns",
        ),
        (
            "*** dc01.contoso.local can't find st1.privatelink.blob.core.windows.net: Server failed",
            "network-dns",
        ),
        (
            "Can't connect to VPN1. The network connection between your computer and the VPN server could not be "
            "established because the remote server is not responding.",
            "network-timeout",
        ),
        (
            "Error 868: The remote connection was not made because the name of the remote access server did not "
            "resolve.",
            "network-dns",
        ),
        (
            "The listener for function 'Functions.test' was unable to start. Microsoft.Azure.WebJobs.Host: Please "
            "verify that the Azure Storage Emulator is running. Microsoft.WindowsAzure.Storage: An error occurred "
            "while sending the request.",
            "network-refused",
        ),
        # proxies in their own words
        (
            "During startup Power Automate couldn't sign you in. The proxy server in your network requires "
            "authentication.",
            "proxy",
        ),
        (
            '"Technology/Internet" DENIED - http.proxy "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0)"',
            "proxy",
        ),
    ],
)
def test_producer_wordings_name_their_family(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # the same adapter's local failures: no socket, no pending list (not the network)
        C_SDK
        + "socketio_berkeley.c Func:socketio_open Line:582 Failure: socket create failure 24.",
        C_SDK
        + "socketio_berkeley.c Func:socket_io_send Line:988 Failure: sending socket failed. errno=9 (Bad file descriptor).",
        # the Schannel adapter after its own chain engine failed (E_INVALIDARG): not a distrusted chain
        "b'CertCreateCertificateChainEngine failed with error 0x80070057' (x509_schannel.c)\n"
        "b'Failed to verify trusted certificate in chain' (tlsio_schannel.c)\n"
        "b'Unable to verify server certificate against custom server trusted certificate' (tlsio_schannel.c)",
        # DPS answered: the cause is its answer, not a timeout
        "[WARN] - Provisioning failed to communicate with DPS (attempt 1 of 1): 401 Unauthorized",
        # Go's resolver out of file descriptors (Prometheus' Azure discovery)
        'level=error caller=azure.go:275 component="discovery manager scrape" discovery=azure msg="Unable to get '
        'network interface" err="network.InterfacesClient#Get: Failure sending request: StatusCode=0 -- Original '
        "Error: Get https://management.azure.com/x: dial tcp: lookup management.azure.com on 10.0.0.2:53: dial udp "
        '10.0.0.2:53: socket: too many open files"',
        # docker-py's local Unix socket timing out (Azure Batch's ContainerInvalidSettings)
        '"code": "ContainerInvalidSettings",\n"message": "At least one value of specified task container settings '
        'is invalid",\n"value": "UnixHTTPConnectionPool(host=\'localhost\', port=None): Read timed out. (read '
        'timeout=60)"',
        # the VPN client's credential error, a server that refused by policy, a log line that was allowed
        "Error 691: The remote connection was denied because the user name and password combination you "
        "provided is not recognized, or the selected authentication protocol is not permitted on the remote "
        "access server.",
        '"Technology/Internet" OBSERVED - http.proxy "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0)"',
        # nslookup's refusal by the server's policy
        "*** dc01.contoso.local can't find contoso.com: Query refused",
    ],
)
def test_near_misses_name_no_network_tls_or_proxy_family(text):
    family = family_of(text)
    assert family is None or not family.startswith(("network-", "tls-", "proxy")), family


def test_lookup_timeout_keeps_dns_beside_the_descriptor_guard():
    # a plain lookup timeout from the same resolver is still a DNS failure
    text = "dial tcp: lookup management.azure.com on 10.0.0.2:53: read udp 10.0.0.5:41234->10.0.0.2:53: i/o timeout"
    assert family_of(text) == "network-dns"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # nslookup's own query timeout
        (
            "DNS request timed out.\n    timeout was 2 seconds.\n*** Request to UnKnown timed-out",
            "network-dns",
        ),
        ("*** Request to dc01.contoso.local timed-out", "network-dns"),
        # the server-name warning first, then the query that failed
        (
            "*** Can't find server name for address 10.0.0.2: Non-existent domain\nServer:  UnKnown\n"
            "Address:  10.0.0.2\n\n*** UnKnown can't find st1.blob.core.windows.net: Non-existent domain",
            "network-dns",
        ),
        # wolfSSL's ASN_NO_SIGNER_E as the C SDK's adapter and wolfSSL's trace print it
        (
            "Error: File:/sdk/c-utility/adapters/tlsio_wolfssl.c Func:decode_ssl_received_bytes Line:295 "
            "WolfSSL connect failed (-188)",
            "tls-untrusted",
        ),
        ("MSG: 0 wolfSSL error occurred, error = -188", "tls-untrusted"),
    ],
)
def test_nslookup_and_wolfssl_other_forms(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # nslookup answered: the warning is about the DNS server's own PTR record
        "*** Can't find server name for address 10.0.0.2: Non-existent domain\n*** Default servers are not "
        "available\nServer:  UnKnown\nAddress:  10.0.0.2\n\nNon-authoritative answer:\nName:    "
        "management.azure.com\nAddress:  20.1.2.3",
        # another wolfSSL code (not a missing signer), another adapter failure
        "Error: File:/sdk/c-utility/adapters/tlsio_wolfssl.c Func:decode_ssl_received_bytes Line:295 "
        "WolfSSL connect failed (-1880)",
        "Error: File:/sdk/c-utility/adapters/tlsio_wolfssl.c Func:create_wolfssl_instance Line:698 Cannot "
        "create the wolfSSL context",
    ],
)
def test_nslookup_and_wolfssl_near_misses(text):
    family = family_of(text)
    assert family is None or not family.startswith(("network-", "tls-")), family


MBEDTLS = "Error: File:/sdk/c-utility/adapters/tlsio_mbedtls.c Func:on_handshake_done Line:202 "


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # MBEDTLS_ERR_SSL_CA_CHAIN_REQUIRED: no CA to verify the server with
        (
            MBEDTLS + "Failure in ssl handshake has the server certificate been added?",
            "tls-untrusted",
        ),
        # MBEDTLS_ERR_X509_CERT_VERIFY_FAILED (-0x2700) in decimal
        (MBEDTLS + "Failure ssl handshake -9984", "tls-untrusted"),
    ],
)
def test_c_sdk_mbedtls_adapter_verification(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # other Mbed TLS codes from the same line: not a verification
        MBEDTLS + "Failure ssl handshake -30592",
        MBEDTLS + "Failure ssl handshake -99840",
    ],
)
def test_c_sdk_mbedtls_adapter_near_misses(text):
    family = family_of(text)
    assert family is None or not family.startswith("tls-"), family
