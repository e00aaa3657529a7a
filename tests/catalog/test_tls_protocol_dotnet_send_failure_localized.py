""".NET Framework's SendFailure ("The underlying connection was closed: An unexpected error occurred on
a send.") in es-ES, pt-BR, it-IT and ko-KR: tls-protocol when no reset follows, as in English and the
languages already written; with the same language's reset inside it, network-reset (the decided class of
a reset inside the handshake)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "HandleError: no se pudo recuperar la directiva con PolicyId 'AllowSelfServicePurchase', "
            "ErrorMessage: se cerró la conexión subyacente: se produjo un error inesperado en un envío.",
            "tls-protocol",
        ),
        (
            "Message: A conexão subjacente estava fechada: Erro inesperado em um envio.",
            "tls-protocol",
        ),
        (
            "Connessione sottostante chiusa: Errore imprevisto durante un'operazione di invio",
            "tls-protocol",
        ),
        ("기본 연결이 닫혔습니다. 보내기에서 예기치 않은 오류가 발생했습니다.", "tls-protocol"),
        (
            "Se ha terminado la conexión: Error inesperado en un envío. ---> System.IO.IOException: No se "
            "pueden leer los datos de la conexión de transporte: Se ha forzado la interrupción de una "
            "conexión existente por el host remoto.",
            "network-reset",
        ),
        (
            "A conexão subjacente estava fechada: Erro inesperado em um envio. ---> System.IO.IOException: "
            "Não é possível ler os dados da conexão de transporte: Foi forçado o cancelamento de uma "
            "conexão existente pelo host remoto.",
            "network-reset",
        ),
        (
            "Connessione sottostante chiusa: Errore imprevisto durante un'operazione di invio. ---> "
            "System.IO.IOException: Impossibile leggere dati dalla connessione del trasporto: Connessione "
            "in corso interrotta forzatamente dall'host remoto.",
            "network-reset",
        ),
        (
            "기본 연결이 닫혔습니다. 보내기에서 예기치 않은 오류가 발생했습니다. ---> System.IO.IOException: 전송 "
            "연결에서 데이터를 읽을 수 없습니다: 현재 연결은 원격 호스트에 의해 강제로 끊겼습니다.",
            "network-reset",
        ),
    ],
)
def test_localized_send_failure(text, family):
    assert family_of(text) == family
