"""Windows Sockets WSAHOST_NOT_FOUND 11001's short localized texts (fr "Hôte inconnu.", it "Host
sconosciuto.", ko "알려진 호스트가 없습니다") as PowerShell's web cmdlets print the HttpRequestException's
message after their name (PowerShell 7's "Invoke-RestMethod: <message>", Windows PowerShell's
"Invoke-WebRequest : <message>"): network-dns, as after the exception names already."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "PS C:\\Users\\admin> irm https://get.contoso.com | iex\nInvoke-RestMethod: Host sconosciuto.",
        "Invoke-WebRequest : Host sconosciuto.\nIn riga:1 car:1",
        "Invoke-RestMethod: Hôte inconnu.",
        "Invoke-WebRequest : Hôte inconnu.",
        "Invoke-RestMethod: 알려진 호스트가 없습니다.",
    ],
)
def test_web_cmdlets_localized_host_unknown_is_network_dns(text):
    assert family_of(text) == "network-dns"


@pytest.mark.parametrize(
    "text",
    [
        # the words alone, and an SSH client's empty known-hosts screen
        "Host sconosciuto",
        "알려진 호스트가 없습니다. 새 호스트를 추가하세요.",
        # the cmdlet's name with other words
        "Invoke-RestMethod: Host sconosciuto nel file di inventario? Controlla l'elenco.",
    ],
)
def test_localized_host_unknown_without_the_error_context_names_no_dns(text):
    assert family_of(text) != "network-dns"
