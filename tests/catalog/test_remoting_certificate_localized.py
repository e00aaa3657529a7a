"""The WinRM client's certificate-error list ("The server certificate on the destination computer
(<host>:<port>) has the following errors:" and its entries) as a Japanese Windows prints it
(winrs on a Japanese system, Wintus/Ansible-WSL issue 13): the HTTPS listener's certificate
(remoting-certificate). The same list for the plain-HTTP ports stays out, as in English."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose

HEADER = "宛先のコンピューター ({host})  のサーバー証明書に次のエラーがあります:\n"
UNKNOWN_CA = "SSL 証明書が不明の証明機関によって署名されています。"
CN_MISMATCH = "SSL 証明書にホスト名と一致しない共通名 (CN) が含まれています。"


@pytest.mark.parametrize(
    "text",
    [
        "Winrs error:" + HEADER.format(host="localhost:5986") + UNKNOWN_CA + "\n" + CN_MISMATCH,
        # either entry alone
        HEADER.format(host="node1.contoso.com:5986") + CN_MISMATCH,
        HEADER.format(host="10.0.0.5:5986") + UNKNOWN_CA,
    ],
)
def test_the_japanese_certificate_error_list_is_remoting_certificate(text):
    assert diagnose(text).family == "remoting-certificate"


def test_the_japanese_list_for_the_http_port_is_not_remoting_certificate():
    # TLS spoken to the HTTP listener (5985): not the listener's certificate, as in English
    text = HEADER.format(host="node1:5985") + UNKNOWN_CA
    assert diagnose(text).family != "remoting-certificate"


def test_the_entries_without_the_winrm_header_are_not_remoting_certificate():
    # another Windows client's Japanese trust message names no WinRM listener
    text = "このWebサイトで提示されたセキュリティ証明書は、信頼された証明機関から発行されたものではありません。"
    assert diagnose(text).family != "remoting-certificate"
