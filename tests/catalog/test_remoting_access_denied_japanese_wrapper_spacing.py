"""Windows PowerShell's Japanese session wrapper "リモート サーバー <name> への接続に失敗し、次のエラー
メッセージが返されました:" is also printed, and quoted by Microsoft Japan's Windows support blog, with
"エラーメッセージ" written without the space (jpwinsup/blog @b2b1af2 2023/01/13/Storage/Storage
Migration Service/SMS-WinRM-HTTP-Error-500: "リモート サーバー <ホスト名> への接続に失敗し、次のエラー
メッセージが返されました: WinRM クライアントは HTTP サーバー エラー状態 (500) を受信しましたが..."
with "エラーメッセージ"): followed by ERROR_ACCESS_DENIED it is remoting-access-denied either way; the
blog's own error (WinRM's HTTP 500, a cause the text does not show) stays unnamed."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose


@pytest.mark.parametrize(
    "text",
    [
        "New-PSSession : [node1] リモート サーバー node1 への接続に失敗し、次のエラーメッセージが返されました: "
        "アクセスが拒否されました。詳細については、about_Remote_Troubleshooting のヘルプ トピックを参照してください。",
        "Enter-PSSession : リモート サーバー node1 への接続に失敗し、次のエラー メッセージが返されました: "
        "アクセスが拒否されました。",
    ],
)
def test_japanese_wrapper_with_or_without_the_space_before_access_denied(text: str) -> None:
    assert diagnose(text).family == "remoting-access-denied"


def test_the_blogs_http_500_through_the_same_wrapper_is_not_named() -> None:
    text = (
        "リモート サーバー node1 への接続に失敗し、次のエラーメッセージが返されました: WinRM クライアントは "
        "HTTP サーバー エラー状態 (500) を受信しましたが、リモート サービスにはこのエラーの原因に関する他の"
        "情報が含まれていません。詳細については、about_Remote_Troubleshooting のヘルプ トピックを参照してください。"
    )
    assert diagnose(text).family is None
