"""Localized socket errors against the same words in a settings or help line (session 9 review).

Chinese does not tell "timed out" from the noun "timeout": glibc's zh_CN ETIMEDOUT text "连接超时"
is also how a tool names its connect-timeout setting. A settings line is no failure."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # GNU wget's --help under zh_CN (po/zh_CN.po, Debian 12 wget 1.21.3): the option's help line
        ("       --connect-timeout=SECS      设置连接超时为 SECS 秒", None),
        # the timeout value (超时时间, gnupg 2.2.40 po/zh_CN.po "设置 LDAP 超时时间为 N 秒")
        ("INFO  设置连接超时时间为 30 秒", None),
        # the failures themselves still name network-timeout: glibc's strerror and apt's zh_CN
        # "Could not connect to %s:%s (%s), connection timed out"
        ("TimeoutError: [Errno 110] 连接超时", "network-timeout"),
        ("无法连接上 archive.ubuntu.com:80 (91.189.91.81)，连接超时", "network-timeout"),
    ],
)
def test_a_chinese_connect_timeout_setting_is_no_timeout(wording: str, family: str | None) -> None:
    assert family_of(wording) == family
