"""Failed name lookups in other producers' words: Ruby's resolv ("no address for <host>
(Resolv::ResolvError)"), Overbyte ICS (Delphi) Winsock ("Cannot convert host address", "Host not found
(#11001)") and Windows' WSAHOST_NOT_FOUND in Dutch ("Host is onbekend") are network-dns."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "/app/vendor/ruby/2.7.0/gems/excon-0.92.4/lib/excon/socket.rb:155:in `connect': no address for"
        " registry.contoso.com (Resolv::ResolvError) (Excon::Error::Socket)",
        "Resolv::ResolvError: no address for management.azure.com",
        "Resolv::ResolvError: DNS result has no information for _ldap._tcp.contoso.com",
        "Failed to open TCP connection to management.azure.com:443 (getaddrinfo: Name or service not"
        " known)",
        "connect: Winsock Resolve Host: Cannot convert host address 'node1.contoso.com' - Host not found"
        " (#11001).",
        "WSocketResolveHost: Cannot convert host address 'node1.contoso.com'",
        "ClientConnect. Error: Host not found (#11001)",
        "System.Net.Sockets.SocketException (0x80004005): Host is onbekend\n"
        "   bij System.Net.Dns.GetAddrInfo(String name)",
        "System.Net.Http.HttpRequestException: Host is onbekend. (login.microsoftonline.com:443)",
        "SqlException.Number = 11001, Bericht: Deze host is onbekend",
    ],
)
def test_name_lookups_in_ruby_ics_and_dutch_windows_words_are_network_dns(text):
    assert family_of(text) == "network-dns"


@pytest.mark.parametrize(
    "text",
    [
        "Warning: no address for interface eth1, skipping",
        "ssh: Host not found in known_hosts, adding it",
        "WSocket error: Connection refused (#10061)",
    ],
)
def test_look_alikes_of_the_lookup_wordings_are_not_network_dns(text):
    assert family_of(text) != "network-dns"
