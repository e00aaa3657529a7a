"""Certificate trust failures in two clients' own words.

winget's certificate pinning (microsoft/winget-cli src/AppInstallerCommonCore/HttpClientHelper.cpp
NativeHandleServerCertificateValidation throws APPINSTALLER_CLI_ERROR_PINNED_CERTIFICATE_MISMATCH
0x8A15005E, "The server certificate did not match any of the expected values.", Errors.cpp and the
localized winget.resw): the msstore source's server presented a certificate that is not one of the
pinned ones, which is a TLS-inspecting proxy's certificate in practice: tls-untrusted, in every
language winget ships.

Teams for Linux (IsmaelMartinez/teams-for-linux app/certificate/index.js onAppCertificateError):
"Unknown cert issuer for url: <url>" was printed only for net::ERR_CERT_AUTHORITY_INVALID, and since
9b204876 the same branch prints "[CERT] Certificate authority not in allowlist for request"; its other
branch ("An unexpected SSL error has occurred: <net error>") says nothing of trust by itself."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        # winget's console line, as `winget source update` / `winget install -s msstore` print it
        "Failed when searching source: msstore\n"
        "An unexpected error occurred while executing the command:\n"
        "0x8a15005e : The server certificate did not match any of the expected values.",
        "0x8a15005e : The server certificate did not match any of the expected values.",
        # the code alone (an exit code or a log) and its signed decimal form
        "Installer failed with exit code: 0x8A15005E",
        "winget exited with -1978335138",
        "APPINSTALLER_CLI_ERROR_PINNED_CERTIFICATE_MISMATCH",
        # the message without its code, in the languages winget ships (winget.resw)
        "The server certificate did not match any of the expected values.",
        "Das Serverzertifikat stimmte mit keinem der erwarteten Werte überein.",
        "El certificado de servidor no coincide con ninguno de los valores esperados.",
        "Le certificat de serveur ne correspond à aucune des valeurs attendues.",
        "Il certificato del server non corrisponde ad alcun valore previsto.",
        "サーバー証明書が、予期された値のいずれにも一致しませんでした。",
        "서버 인증서가 필요한 값과 일치하지 않습니다.",
        "O certificado do servidor não correspondeu a nenhum dos valores esperados.",
        "Сертификат сервера не соответствует ни одному из ожидаемых значений.",
        "服务器证书与任何预期值都不匹配。",
        "伺服器證書不符合任何預期值。",
        # Teams for Linux, before and after 9b204876
        "Unknown cert issuer for url: https://teams.microsoft.com/_#/conversations\n"
        "Issuer Name: Contoso Inspection CA\n"
        "The unknown certificate fingerprint is: sha256/AbCdEf=",
        "[CERT] Certificate authority not in allowlist for request\n"
        "[CERT] To trust this certificate, add its fingerprint to customCACertsFingerprints in config",
    ],
)
def test_winget_pinning_and_teams_for_linux_unknown_issuer_are_tls_untrusted(text):
    assert family_of(text) == "tls-untrusted"


@pytest.mark.parametrize(
    "text",
    [
        # other things that do not match expected values: no certificate
        "The value did not match any of the expected values.",
        "Parameter 'Scope' did not match any of the expected values: CurrentUser, AllUsers",
        # a hash that is not the expected one is a download's integrity, not TLS
        "Installer hash does not match; this cannot be overridden when running as admin",
        # Teams for Linux's other branch, and an allow-list sentence without a certificate
        "An unexpected SSL error has occurred: net::ERR_CERT_DATE_INVALID",
        "IP address not in allowlist for request",
    ],
)
def test_look_alikes_of_pinning_and_allowlist_do_not_answer_tls_untrusted(text):
    assert family_of(text) != "tls-untrusted"
