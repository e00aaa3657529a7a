"""PowerShell's OMI WSMan client (Linux, macOS) refuses to send non-GSS credentials over plain
HTTP with "Encryption available only in Kerberos or SPNEGO authentication": its own transport rule,
like the Windows client's "Unencrypted traffic is currently disabled in the client configuration",
not a Kerberos logon failure; a Kerberos failure beside it keeps remoting-kerberos."""

from __future__ import annotations

from orchestrator.catalog.classify import diagnose

_WRAP = (
    "New-PSSession: [node1] Connecting to remote server node1 failed with the following error "
    "message : "
)


def test_the_omi_clients_encryption_rule_is_not_remoting_kerberos():
    text = (
        f"{_WRAP}Encryption available only in Kerberos or SPNEGO authentication For more "
        "information, see the about_Remote_Troubleshooting Help topic."
    )
    assert diagnose(text).family != "remoting-kerberos"


def test_a_kerberos_failure_beside_the_encryption_rule_keeps_remoting_kerberos():
    text = (
        f"{_WRAP}Encryption available only in Kerberos or SPNEGO authentication\n"
        f"{_WRAP}Authorization failed Unspecified GSS failure.  Minor code may provide more "
        "information Server not found in Kerberos database"
    )
    assert diagnose(text).family == "remoting-kerberos"
