"""Node.js tls.checkServerIdentity's name mismatch in every Node version: the old "Hostname/IP doesn't
match certificate's altnames: "<reason>"" (before ERR_TLS_CERT_ALTNAME_INVALID), the current "does not
match" form, and the reasons alone ("Host: <h>. is not in the cert's altnames: ...", "is not cert's
CN", "IP: <ip> is not in the cert's list: ...") are tls-untrusted."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        # Node 8 and before: new Error("Hostname/IP doesn't match certificate's altnames: " + JSON reason)
        "Error: Hostname/IP doesn't match certificate's altnames: \"Host: api.contoso.com. is not in"
        " the cert's altnames: DNS:*.azurewebsites.net, DNS:*.scm.azurewebsites.net\"\n"
        "    at Object.checkServerIdentity (tls.js:223:17)",
        "Error: Hostname/IP doesn't match certificate's altnames: \"Host: localhost. is not cert's CN:"
        ' tlsca.contoso.com"',
        "Error: Hostname/IP doesn't match certificate's altnames: \"IP: 127.0.0.1 is not in the cert's"
        ' list: "',
        # Node 4 / 5 (no dot after the host)
        "Error: Hostname/IP doesn't match certificate's altnames: \"Host: node1 is not cert's CN: node2\"",
        # the current code and message
        "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames:"
        " Host: management.azure.com. is not in the cert's altnames: DNS:proxy.contoso.com",
        # a library that prints err.reason alone
        "TLS error: Host: login.microsoftonline.com. is not in the cert's altnames: DNS:*.contoso.com",
        "request failed: IP: 10.0.0.5 is not in the cert's list: 10.0.0.6",
    ],
)
def test_nodes_name_mismatch_is_tls_untrusted_in_every_node_version(text):
    assert family_of(text) == "tls-untrusted"


@pytest.mark.parametrize(
    "text",
    [
        "Access denied: IP: 10.0.0.5 is not in the allow list.",
        "Host: node1 is not in the inventory",
    ],
)
def test_look_alikes_of_nodes_reasons_name_no_family(text):
    assert family_of(text) is None
