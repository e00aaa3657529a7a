"""Failed DNS lookups in Node.js's query errors and c-ares's words (aiodns, aiohttp).

Node.js (nodejs/node lib/internal/errors.js DNSException, "<syscall> <code> <hostname>"; doc/api/dns.md
"Error codes") gives its DNS query failures c-ares codes, some named like socket errors: "querySrv
ECONNREFUSED <name>" is "Could not contact DNS servers", "queryTxt ETIMEOUT <name>" "Timeout while
contacting DNS servers". The MongoDB driver's mongodb+srv seed list lookup prints exactly these, and
they are network-dns, not a refused or timed-out connection to the database. aiohttp
(aio-libs/aiohttp aiohttp/connector.py, client_exceptions.py ClientConnectorDNSError) and aiodns print
c-ares's ares_strerror text in brackets or a tuple."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "MongoServerSelectionError: querySrv ECONNREFUSED _mongodb._tcp.cluster0.abcde.mongodb.net",
        "Error: querySrv ECONNREFUSED _mongodb._tcp.cluster0.abcde.mongodb.net\n"
        "    at QueryReqWrap.onresolve [as oncomplete] (node:internal/dns/promises:291:17)",
        "Error: queryA ECONNREFUSED management.azure.com",
        "Error: querySrv ETIMEOUT _mongodb._tcp.cluster0.abcde.mongodb.net",
        "Error: queryTxt ETIMEOUT cluster0.abcde.mongodb.net",
        "Error: queryA ESERVFAIL login.microsoftonline.com",
        "Error: queryAaaa ENODATA management.azure.com",
        "Error: querySrv EREFUSED _ldap._tcp.contoso.com",
        # aiohttp's ClientConnectorDNSError and aiodns
        "aiohttp.client_exceptions.ClientConnectorDNSError: Cannot connect to host api.contoso.com:443 "
        "ssl:default [Could not contact DNS servers]",
        "Cannot connect to host api.contoso.com:443 ssl:default [Timeout while contacting DNS servers]",
        "Cannot connect to host api.contoso.com:443 ssl:default [Domain name not found]",
        "Cannot connect to host api.contoso.com:443 ssl:default [DNS server returned general failure]",
        "Cannot connect to host api.contoso.com:443 ssl:default [DNS server returned answer with no data]",
        "aiodns.error.DNSError: (11, 'Could not contact DNS servers')",
        "aiodns.error.DNSError: (4, 'Domain name not found')",
        "aiohttp.client_exceptions.ClientConnectorDNSError: Cannot connect to host api.contoso.com:443 "
        "ssl:default [Name or service not known]",
    ],
)
def test_dns_query_failures_are_network_dns(text):
    assert family_of(text) == "network-dns"


@pytest.mark.parametrize(
    "text",
    [
        # a refused connection to the database itself stays network-refused
        ("MongoServerSelectionError: connect ECONNREFUSED 127.0.0.1:27017", "network-refused"),
        ("Error: connect ECONNREFUSED 10.0.0.4:443", "network-refused"),
        # a registrar's or whois answer, not a failed lookup
        ("whois: Domain name not found", None),
        # aiohttp's refusal (no DNS words) stays network-refused
        (
            "aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host api.contoso.com:443 "
            "ssl:default [Connection refused]",
            "network-refused",
        ),
    ],
)
def test_near_misses_keep_their_answer(text):
    wording, family = text
    assert family_of(wording) == family
