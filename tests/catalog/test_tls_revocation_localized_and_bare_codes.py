"""CRYPT_E_REVOCATION_OFFLINE in a localized Windows, its codes without 0x, and the revocation
endpoint named unreachable in so many words: tls-revocation.

The message "The revocation function was unable to check revocation because the revocation server
was offline." as curl's Schannel backend, aria2 and the CAPI2 log print it in zh-CN, ja-JP, de-DE and
fr-FR; 80092013 / 80092012 in parentheses, a quoted attribute or after error / code (eight digits
alone are any number); NuGet's "revocation server could not be reached" and the same fact as people
write it."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "  -> [SocketCore.cc:1021] errorCode=1 SSL/TLS handshake failure: Error: "
        "由于吊销服务器已脱机，吊销功能无法检查吊销。\n(80092013)",
        "SSL/TLS handshake failure: 吊销服务器已脱机 (80092013)",
        "curl: (35) schannel: next InitializeSecurityContext failed: CRYPT_E_REVOCATION_OFFLINE "
        "(0x80092013) - 由于吊销服务器已脱机，吊销功能无法检查吊销。",
        "X.509 证书 CN=abc.contoso.com 链生成失败。吊销功能无法检查吊销，因为吊销服务器已脱机。",
        "* schannel: next InitializeSecurityContext failed: Unknown error (0x80092013) - "
        "失効サーバーがオフラインのため、失効の関数は失効を確認できませんでした。",
        'エラー: "失効サーバーがオフラインであったため、失効関数が失効を確認できませんでした。"',
        '<Result value="80092013">Die Sperrfunktion konnte die Sperrung nicht überprüfen, da der '
        "Sperrserver offline war.</Result>",
        "Erreur : « La fonction de révocation n'a pas pu vérifier la révocation, car le serveur de "
        "révocation était hors connexion (Erreur 0x80092013) ».",
        "« La fonction de révocation n’a pas pu vérifier la révocation car le serveur de révocation "
        "était déconnecté ».",
        "Download failed with error 80092012",
        "WARNING: NU3028: The author primary signature's timestamp found a chain building issue: The "
        "revocation function was unable to check revocation because the revocation server could not "
        "be reached.",
        "Nuget restore is taking about 4 minutes. The problem seems to be that on nuget verify the "
        "revocation server is not accessible.",
        "The build agent has no internet access, so the CRL distribution point is unreachable.",
    ],
)
def test_revocation_offline_wordings_are_tls_revocation(text):
    assert family_of(text) == "tls-revocation"


@pytest.mark.parametrize(
    "text",
    [
        # the eight digits as another number
        "Request 80092013 completed in 2.3 s",
        "build 80092013",
        # the CRL of a CA this node publishes, reachable: no failure
        "Published the CRL to the CRL distribution point; the revocation server is reachable.",
    ],
)
def test_other_mentions_are_not_tls_revocation(text):
    assert family_of(text) != "tls-revocation"


@pytest.mark.parametrize(
    "text",
    [
        'Erro: "A função de revogação não pôde verificar a revogação porque o servidor de revogação '
        'estava offline. (Erro 0x80092013)"',
        "A função de revogação não foi capaz de verificar a revogação porque o servidor de revogação "
        "estava offline.",
        "Revogação do Certificado não pode ser verificada porque o servidor de revogação está offline",
        "오류: 해지 서버가 오프라인 상태이므로 해지 함수가 해지를 확인할 수 없습니다.",
        "schannel: next InitializeSecurityContext failed: Unknown error (0x80092013) - 해지 서버가 "
        "오프라인이므로 해지를 확인하지 못했습니다.",
    ],
)
def test_portuguese_and_korean_revocation_offline_is_tls_revocation(text):
    assert family_of(text) == "tls-revocation"
