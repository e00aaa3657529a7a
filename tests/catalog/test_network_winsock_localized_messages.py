"""Windows Sockets' messages as localized Windows print them without their code (FormatMessage through
.NET's SocketException, Python's [WinError], Java's UnknownHostException, PHP's getaddrinfo, Go's
wsarecv / getaddrinfow): 11001 / 11002 / 11004 (network-dns), 10054 / 10053 (network-reset), 10060
(network-timeout), 10051 / 10065 (network-unreachable), each in the languages a public source shows."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # WSAHOST_NOT_FOUND 11001
        ("php_network_getaddresses: getaddrinfo failed: No se conoce ese host.", "network-dns"),
        (
            "System.Net.Http.HttpRequestException: No se conoce ese host. (management.azure.com:443)",
            "network-dns",
        ),
        (
            "java.net.UnknownHostException: Este host não é conhecido (oracle.contoso.com)",
            "network-dns",
        ),
        ("php_network_getaddresses: getaddrinfo failed: Hôte inconnu.", "network-dns"),
        (
            "System.Net.Http.HttpRequestException: Hôte inconnu. (login.microsoftonline.com:443)",
            "network-dns",
        ),
        (
            "mysqli_connect(): php_network_getaddresses: getaddrinfo failed: Host sconosciuto.",
            "network-dns",
        ),
        ("[ntfy] send error: 알려진 호스트가 없습니다. (ntfy.contoso.com:443)", "network-dns"),
        ("Caused by: java.net.UnknownHostException: 알려진 호스트가 없습니다", "network-dns"),
        # WSATRY_AGAIN 11002 / WSANO_DATA 11004 (Go's getaddrinfow)
        (
            "lookup login.microsoftonline.com: getaddrinfow: Dies ist normalerweise ein zeitweiliger Fehler"
            " bei der Auflösung von Hostnamen. Grund ist, dass der lokale Server keine Rückmeldung vom"
            " autorisierenden Server erhalten hat.",
            "network-dns",
        ),
        (
            "getaddrinfow: Ceci est habituellement une erreur temporaire qui se produit durant la résolution"
            " du nom d’hôte et qui signifie que le serveur local n’a pas reçu de réponse d’un serveur faisant"
            " autorité.",
            "network-dns",
        ),
        (
            "getaddrinfow: Éste es normalmente un error temporal durante la resolución de nombres de host y"
            " significa que el servidor local no recibió una respuesta de un servidor autoritativo.",
            "network-dns",
        ),
        (
            "getaddrinfow: Este é geralmente um erro temporário durante a resolução de nomes de anfitrião e"
            " significa que o servidor local não recebeu uma resposta de um servidor autoritário.",
            "network-dns",
        ),
        (
            "lookup x.contoso.com: getaddrinfow: Der angeforderte Name ist gültig, es wurden jedoch keine Daten"
            " des angeforderten Typs gefunden.",
            "network-dns",
        ),
        # WSAECONNRESET 10054 / WSAECONNABORTED 10053
        (
            "read tcp 10.0.0.4:50000->20.1.1.1:443: wsarecv: Connessione in corso interrotta forzatamente dall'host remoto.",
            "network-reset",
        ),
        (
            "wsarecv: Uma ligação existente foi forçada a fechar pelo anfitrião remoto.",
            "network-reset",
        ),
        (
            "System.IO.IOException: Foi forçado o cancelamento de uma conexão existente pelo host remoto.",
            "network-reset",
        ),
        (
            "ConnectionResetError(10054, '현재 연결은 원격 호스트에 의해 강제로 끊겼습니다', None, 10054, None)",
            "network-reset",
        ),
        (
            "System.IO.IOException: 현재 연결은 원격 호스트에 의해 강제로 끊겼습니다.",
            "network-reset",
        ),
        (
            "ConnectionAbortedError: 현재 연결은 사용자의 호스트 시스템의 소프트웨어의 의해 중단되었습니다",
            "network-reset",
        ),
        # WSAETIMEDOUT 10060
        (
            "ExtendedSocketException: Uma tentativa de conexão falhou porque o componente conectado não"
            " respondeu corretamente após um período de tempo ou a conexão estabelecida falhou porque o host"
            " conectado não respondeu.",
            "network-timeout",
        ),
        (
            "System.Net.Sockets.SocketException: Impossibile stabilire la connessione. Risposta non corretta"
            " della parte connessa dopo l'intervallo di tempo oppure mancata risposta dall'host collegato",
            "network-timeout",
        ),
        (
            "cannot connect to 192.168.0.5:5555: 연결된 구성원으로부터 응답이 없어 연결하지 못했거나, 호스트로부터"
            " 응답이 없어 연결이 끊어졌습니다.",
            "network-timeout",
        ),
        # WSAENETUNREACH 10051 / WSAEHOSTUNREACH 10065
        (
            "System.Net.Http.HttpRequestException: 연결할 수 없는 네트워크에서 소켓 작업을 시도했습니다. (management.azure.com:443)",
            "network-unreachable",
        ),
        ("OSError: 연결할 수 없는 호스트로 소켓 작업을 시도했습니다", "network-unreachable"),
    ],
)
def test_winsock_messages_in_localized_windows_name_their_family(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # an SSH client's empty known-hosts screen (Korean), not a failed lookup
        "알려진 호스트가 없습니다. 서버에 연결하여 추가하세요.",
        # a French sentence with the same two words, no error
        "Liste des machines : hôte inconnu ajouté à la liste blanche.",
    ],
)
def test_look_alikes_of_the_short_localized_lookup_texts_name_no_family(text):
    assert family_of(text) is None
