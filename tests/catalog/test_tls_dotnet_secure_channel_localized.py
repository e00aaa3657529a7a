""".NET Framework's "Could not create SSL/TLS secure channel" in the languages Microsoft's localized
docs quote it, and WCF's "Could not establish secure channel for SSL/TLS".

WebExceptionStatus.SecureChannelFailure after "The request was aborted:": the TLS handshake failed,
the family's English phrase; pt-BR as .NET SDK readmes quote it, it-IT, ko-KR, pl-PL, tr-TR and cs-CZ
as the localized Azure Stack release notes and Application Insights troubleshooting do. The
trust-relationship sibling in the same languages stays tls-untrusted (its words differ before the
channel), cs-CZ included."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "A solicitação foi anulada: Não foi possível criar um canal seguro para SSL/TLS.",
        "na linha : return (HttpWebResponse)request.GetResponse();\ndá o erro : A solicitação foi "
        "anulada: Não foi possível criar um canal seguro para SSL/TLS.",
        'WebException: Richiesta annullata: Impossibile creare un canale sicuro SSL/TLS".',
        "2021-04-22 09:58:12    [ERROR]\n이 요청을 보내는 동안 오류가 발생했습니다.\n요청이 중단되었습니다.\n"
        "SSL/TLS 보안 채널을 만들 수 없습니다.",
        "Invoke-webrequest: żądanie zostało przerwane: nie można utworzyć bezpiecznego kanału SSL/TLS.",
        "Invoke-WebRequest : İstek durduruldu: SSL/TLS güvenli kanalı oluşturulamadı.",
        "Invoke-webrequest: požadavek byl přerušen: Nelze vytvořit zabezpečený kanál SSL/TLS.",
        "Nejde vytvořit zabezpečený kanál SSL/TLS.",
        "System.ServiceModel.Security.SecurityNegotiationException: Could not establish secure channel "
        "for SSL/TLS with authority 'worker01:8391'. ---> System.Net.WebException: The request was "
        "aborted: Could not create SSL/TLS secure channel.",
        "System.ServiceModel.Security.SecurityNegotiationException: Impossibile stabilire un canale "
        "sicuro per SSL/TLS con l'autorità 'worker01:8391'.",
        "The underlying connection was closed: Could not establish secure channel for SSL/TLS.",
    ],
)
def test_secure_channel_failure_is_tls_protocol(text):
    assert family_of(text) == "tls-protocol"


@pytest.mark.parametrize(
    "text",
    [
        "A conexão subjacente estava fechada: Não foi possível estabelecer relação de confiança para o "
        "canal seguro de SSL/TLS.",
        "Connessione sottostante chiusa: Impossibile stabilire una relazione di trust per il canale "
        "sicuro SSL/TLS.",
        "Základní připojení bylo uzavřeno: Nelze navázat vztah důvěryhodnosti pro zabezpečený kanál "
        "SSL/TLS.",
        "Chybová zpráva: základní připojení bylo ukončeno: nelze vytvořit vztah důvěryhodnosti pro "
        "zabezpečený kanál SSL/TLS.",
        "The underlying connection was closed: Could not establish trust relationship for the SSL/TLS "
        "secure channel.",
    ],
)
def test_trust_relationship_sibling_is_tls_untrusted(text):
    assert family_of(text) == "tls-untrusted"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "Połączenie podstawowe zostało zamknięte: nie można ustanowić relacji zaufania dla "
            "bezpiecznego kanału SSL/TLS.",
            "tls-untrusted",
        ),
        (
            "Temel alınan bağlantı kapatıldı: SSL/TLS güvenli kanalı için güven ilişkisi kurulamadı. Uzak "
            "sertifika, doğrulama yordamına göre geçersiz.",
            "tls-untrusted",
        ),
        # the same two languages' secure-channel failure stays tls-protocol
        (
            "żądanie zostało przerwane: nie można utworzyć bezpiecznego kanału SSL/TLS.",
            "tls-protocol",
        ),
        ("İstek durduruldu: SSL/TLS güvenli kanalı oluşturulamadı.", "tls-protocol"),
    ],
)
def test_polish_and_turkish_trust_relationship(text, family):
    assert family_of(text) == family
