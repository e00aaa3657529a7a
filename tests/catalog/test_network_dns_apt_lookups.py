"""apt's own lookup failures (Debian 12 apt 2.6.1's message catalog: "Could not resolve '%s'",
"Temporary failure resolving '%s'") in English and in the translations apt ships, and apt's zh_TW
connection timeout. The localized texts are the msgstr of apt.mo with a host filled in."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

_HOST = "deb.debian.org"


@pytest.mark.parametrize(
    "text",
    [
        "W: Failed to fetch http://archive.ubuntu.com/ubuntu/dists/focal/InRelease  Could not resolve"
        " 'archive.ubuntu.com'",
        "Err:1 http://deb.debian.org/debian bookworm InRelease\n  Could not resolve 'deb.debian.org'",
        # "Temporary failure resolving" as apt 2.6.1 translates it
        f"Temporärer Fehlschlag beim Auflösen von »{_HOST}«",
        f"Erreur temporaire de résolution de « {_HOST} »",
        f"Fallo temporal al resolver «{_HOST}»",
        f'Risoluzione di "{_HOST}" temporaneamente non riuscita',
        f"Falha temporária resolvendo '{_HOST}'",
        f"Временная ошибка при разрешении «{_HOST}»",
        f"'{_HOST}' が一時的に解決できません",
        f"暂时不能解析域名“{_HOST}”",
        f"暫時無法解析 '{_HOST}'",
        f"'{_HOST}'의 주소를 알아내는데 임시로 실패했습니다",
        f'Tymczasowy błąd przy tłumaczeniu "{_HOST}"',
        f"Tijdelijke fout bij het opzoeken van '{_HOST}'",
        f"Dočasné selhání při zjišťování „{_HOST}“",
        f"'{_HOST}' çözümlenirken geçici bir sorunla karşılaşıldı",
        # "Could not resolve '%s'" as apt 2.6.1 translates it
        f"»{_HOST}« konnte nicht aufgelöst werden.",
        f"Ne parvient pas à résoudre « {_HOST} »",
        f"No se pudo resolver «{_HOST}»",
        f"Не удалось разрешить «{_HOST}»",
        f"無法解析 '{_HOST}'",
    ],
)
def test_apts_failed_lookups_are_network_dns_in_its_languages(text):
    assert family_of(text) == "network-dns"


def test_apts_zh_tw_connection_timeout_is_network_timeout():
    assert (
        family_of("E: 無法和 archive.ubuntu.com:80 (91.189.91.39) 連線，連線逾時")
        == "network-timeout"
    )


@pytest.mark.parametrize(
    "text",
    [
        # a module bundler's unresolved import, not a host
        "[!] Error: Could not resolve './App.svelte' from 'src/main.js'",
        "Error: Could not resolve 'lodash'",
        "Could not resolve 'vue.runtime.esm.js' from 'src/main.js'",
        # a zh_TW timeout setting
        "設定連線逾時為 30 秒",
    ],
)
def test_look_alikes_of_apts_wordings_name_no_network_family(text):
    assert family_of(text) is None
