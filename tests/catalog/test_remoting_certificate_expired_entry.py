"""Decided class (tests/diagnose_corpus/README.md, "Decided classes"): the WinRM client's
certificate error list ("The server certificate on the destination computer (<host>:<port>) has
the following errors:") whose entry is "The SSL certificate is expired" names
remoting-certificate, not tls-certificate-validity: the certificate is the node's WinRM HTTPS
listener's, and the fix is the listener's (bind a renewed certificate to it), as for the list's
CN and unknown-CA entries. The revocation entry stays tls-revocation (the controller's way to the
CRL, not the listener) and the secure-channel entry alone tls-protocol (their own tests).

Development labels of the class: three texts remoting-certificate (PowerShell/psl-omi-provider
issue 122, microsoft/omi issue 750, microsoft/azure-pipelines-tasks issue 19251), one
tls-certificate-validity (microsoft/azure-pipelines-tasks issue 15656), which stays a wrong answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.catalog.classify import diagnose

_README = Path(__file__).resolve().parents[1] / "diagnose_corpus" / "README.md"


@pytest.mark.parametrize(
    "text",
    [
        # PowerShell/psl-omi-provider issue 122 (Enter-PSSession to an OMI listener)
        "Enter-PSSession : Connecting to remote server centos.vcloud-lab.com failed with the "
        "following error message : The server certificate on the destination computer "
        "(centos.vcloud-lab.com:5986) has the following errors:\nThe SSL certificate is expired. "
        "For more information, see the about_Remote_Troubleshooting Help topic.",
        # microsoft/omi issue 750 (New-CimSession)
        "New-CimSession : The server certificate on the destination computer "
        "(xxx.xxx.xxx.xxx:5986) has the following errors:       \nThe SSL certificate is expired.\n"
        "    + FullyQualifiedErrorId : HRESULT 0x80072f8f,Microsoft.Management.Infrastructure."
        "CimCmdlets.NewCimSessionCommand",
        # microsoft/azure-pipelines-tasks issue 15656 (labelled tls-certificate-validity: the
        # decided class names remoting-certificate)
        "2022-01-04T17:54:52.2781308Z ##[error]The remote session query failed for 13.87.91.35 "
        "with the following error message: The server certificate on the destination computer "
        "(13.87.91.35:5986) has the following errors:      \nThe SSL certificate is expired.    ",
    ],
)
def test_an_expired_entry_in_the_winrm_list_is_remoting_certificate(text):
    assert diagnose(text).family == "remoting-certificate"


def test_the_family_action_says_what_to_do_for_an_expired_listener_certificate():
    from orchestrator.catalog.families import load_families

    family = load_families().get("remoting-certificate")
    assert "expired" in family.action


def test_the_decision_is_written_in_the_corpus_readme():
    text = _README.read_text(encoding="utf-8")
    decided = text.split("## Decided classes", 1)[1].split("\n## ", 1)[0]
    assert "The SSL certificate is expired" in decided
    assert "azure-pipelines-tasks issue 15656" in decided
