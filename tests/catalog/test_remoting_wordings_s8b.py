"""The remoting, Arc agent, registration and Azure Local families (session 8, cycle B): each
wording is written as the cited source produces it (families.yaml cites each one), not copied
from the evaluation corpus; the near misses around them keep their own answer."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

# ------------------------------------------------------------------------------------------
# The WinRM client's "Connecting to remote server <name> failed ... : Access is denied" in a
# Japanese, Simplified Chinese or Russian Windows (the localized Skype for Business Online pages'
# wrapper + ERROR_ACCESS_DENIED in that language)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "New-PSSession : [node1] リモート サーバー node1 への接続に失敗しました。次のエラー メッセージが"
        "返されました: アクセスが拒否されました。詳細については、about_Remote_Troubleshooting のヘルプ "
        "トピックを参照してください。\n"
        "    + CategoryInfo          : OpenError: (System.Manageme....RemoteRunspace:RemoteRunspace) "
        "[New-PSSession], PSRemotingTransportException\n"
        "    + FullyQualifiedErrorId : AccessDenied,PSSessionOpenFailed",
        "Enter-PSSession : リモート サーバー 10.0.0.5 への接続に失敗し、次のエラー メッセージが返されました: "
        "アクセスが拒否されました。",
        "Invoke-Command : [node2] 连接到远程服务器 node2 失败，并显示以下错误消息: 拒绝访问。有关详细信息，"
        "请参阅 about_Remote_Troubleshooting 帮助主题。",
        "New-PSSession : [node1] Не удалось подключиться к удаленному серверу node1 со следующим "
        "сообщением об ошибке: Отказано в доступе. Дополнительные сведения см. в разделе справки "
        "about_Remote_Troubleshooting.",
    ],
)
def test_a_localized_remote_session_refusal_is_remoting_access_denied(wording):
    assert family_of(wording) == "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        # a local file refused in those languages: no remote connection
        "Remove-Item : パス 'C:\\Windows\\System32\\x.dll' へのアクセスが拒否されました。",
        "Copy-Item : 对路径“C:\\Windows\\x.txt”的访问被拒绝。",
        "net start winrm\nОшибка 5: Отказано в доступе.",
        # the Japanese wrapper with another reason (the firewall's is remoting-unreachable's)
        "Enter-PSSession : リモート サーバー node1 への接続に失敗しました。次のエラー メッセージが返されました:"
        " WS-Management サービスは要求を処理できません。このユーザーの同時シェルの最大数を超えました。",
    ],
)
def test_a_localized_refusal_outside_a_remote_session_is_not_remoting_access_denied(wording):
    assert family_of(wording) != "remoting-access-denied"


# ------------------------------------------------------------------------------------------
# pywinrm's early UnauthorizedError (diyan/pywinrm @7ab74a4) and about_Remote_Troubleshooting's
# capitalised heading
# ------------------------------------------------------------------------------------------


def test_early_pywinrms_401_unauthorized_is_remoting_access_denied():
    traceback = (
        "Traceback (most recent call last):\n"
        '  File "run.py", line 4, in <module>\n'
        "    s.run_cmd('ipconfig')\n"
        '  File "/usr/lib/python2.7/site-packages/winrm/protocol.py", line 190, in send_message\n'
        "    return self.transport.send_message(message)\n"
        '  File "/usr/lib/python2.7/site-packages/winrm/transport.py", line 99, in send_message\n'
        "    raise UnauthorizedError(transport='plaintext', message=ex.msg)\n"
        "winrm.exceptions.UnauthorizedError: 401 Unauthorized. basic auth failed"
    )
    assert family_of(traceback) == "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        # another library's UnauthorizedError (a REST client) is no WinRM
        "Traceback (most recent call last):\n"
        '  File "/app/client.py", line 12, in get\n'
        "    raise UnauthorizedError(resp)\n"
        "api.errors.UnauthorizedError: 401 Unauthorized. token expired",
        # Windows' own sentence-case refusal (taskkill) is no remoting
        'ERROR: Access is denied.\nERROR: The process "svchost.exe" with PID 1234 could not be '
        "terminated.",
    ],
)
def test_an_unauthorized_or_access_denied_outside_winrm_is_not_remoting_access_denied(wording):
    assert family_of(wording) != "remoting-access-denied"


def test_the_remote_troubleshooting_topics_capitalised_refusal_is_remoting_access_denied():
    assert family_of("SYMPTOM\n> ERROR: ACCESS IS DENIED\nCAUSE: not an administrator") == (
        "remoting-access-denied"
    )


# ------------------------------------------------------------------------------------------
# remoting-unreachable: another HTTP server answers the WinRM client (no SOAP content type; the
# URL is not available, in any language); HTTPS spoken to the HTTP port
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "New-PSSession : [web01] Connecting to remote server web01 failed with the following error "
        "message : The WinRM client cannot process the request. It cannot determine the content type "
        "of the HTTP response from the destination computer. The content type is absent or invalid.",
        "Winrs error:WinRM 客户端已将请求发送到 HTTP 服务器，并得到一个说明 HTTP URL 不可用的响应。"
        "这通常由一个不支持 WS-Management 协议的 HTTP 服务器所返回。",
        "New-PSSession : [node1] Connecting to remote server node1 failed with the following error "
        "message : The server certificate on the destination computer (node1:5985) has the following "
        "errors: Encountered an internal error in the SSL library.",
        "Enter-PSSession : Connecting to remote server vm1.cloudapp.net failed with the following "
        "error message : The server certificate on the destination computer (vm1.cloudapp.net:80) has "
        "the following errors: The SSL certificate could not be checked for revocation.",
    ],
)
def test_a_server_that_does_not_speak_ws_management_is_remoting_unreachable(wording):
    assert family_of(wording) == "remoting-unreachable"


@pytest.mark.parametrize(
    "wording",
    [
        # the HTTPS port's certificate error stays the certificate's
        "Enter-PSSession : Connecting to remote server node1 failed with the following error message "
        ": The server certificate on the destination computer (node1:5986) has the following errors: "
        "The SSL certificate contains a common name (CN) that does not match the hostname.",
        # an HTTP URL and WS-Management named without any failure (a how-to)
        "Set-Item WSMan:\\localhost\\Listener\\Listener_1\\URLPrefix wsman",
        # another client's content-type complaint (a REST API)
        "Error: Unexpected content type of the HTTP response: text/html (expected application/json)",
    ],
)
def test_other_certificate_or_content_type_wordings_are_not_remoting_unreachable(wording):
    assert family_of(wording) != "remoting-unreachable"


# ------------------------------------------------------------------------------------------
# remoting-quota: Exchange's remote PowerShell throttling (PowerShellMaxConcurrency)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "New-PSSession : [outlook.office365.com] Processing data from remote server "
        "outlook.office365.com failed with the following error message: [FailureCategory="
        "AuthZ-AuthorizationException] Fail to create a runspace because you have exceeded the maximum "
        "number of connections allowed : 3 for the policy party : MaxConcurrency.",
        "Connect-ExchangeOnline: exceeded the maximum number of connections allowed : 9 for the policy "
        "party : MaxTenantConcurrency",
    ],
)
def test_exchanges_remote_powershell_concurrency_limit_is_remoting_quota(wording):
    assert family_of(wording) == "remoting-quota"


def test_another_products_connection_limit_is_not_remoting_quota():
    text = "FATAL: remaining connection slots are reserved; too many clients: exceeded the maximum "
    text += "number of connections allowed by the server"
    assert family_of(text) != "remoting-quota"


# ------------------------------------------------------------------------------------------
# remoting-trustedhosts: PowerShell on Linux/macOS has no WSMan: drive
# ------------------------------------------------------------------------------------------


def test_the_missing_wsman_drive_on_linux_is_not_trustedhosts():
    text = (
        'PS /home/admin> Set-Item WSMan:\\localhost\\Client\\TrustedHosts -Value "10.0.0.7"\n'
        "Set-Item: Cannot find drive. A drive with the name 'WSMan' does not exist."
    )
    assert family_of(text) != "remoting-trustedhosts"


def test_a_trustedhosts_failure_still_is_trustedhosts():
    text = (
        "Enter-PSSession : Connecting to remote server 10.0.0.7 failed with the following error "
        "message : The WinRM client cannot process the request. If the authentication scheme is "
        "different from Kerberos, or if the client computer is not joined to a domain, then HTTPS "
        "transport must be used or the destination machine must be added to the TrustedHosts "
        "configuration setting."
    )
    assert family_of(text) == "remoting-trustedhosts"


# ------------------------------------------------------------------------------------------
# arc-agent: the package manager cannot find azcmagent (Microsoft's repository not configured)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "Reading package lists... Done\nBuilding dependency tree\nE: Unable to locate package azcmagent",
        "Loaded plugins: fastestmirror\nNo package azcmagent available.\nError: Nothing to do",
        "Last metadata expiration check: 0:01:12 ago.\nNo match for argument: azcmagent\n"
        "Error: Unable to find a match: azcmagent",
        "Loading repository data...\nNo provider of 'azcmagent' found.",
    ],
)
def test_the_agent_package_not_found_is_arc_agent(wording):
    assert family_of(wording) == "arc-agent"


def test_another_package_not_found_is_not_arc_agent():
    assert family_of("E: Unable to locate package azure-cli") != "arc-agent"


# ------------------------------------------------------------------------------------------
# hci-registration: Register-AzStackHCI's Set-AzureStackHCIRegistration step
# ------------------------------------------------------------------------------------------


def test_set_azurestackhciregistrations_error_message_is_hci_registration():
    assert family_of("Set-AzureStackHCIRegistration: ErrorMessage: BillingSyncFailed") == (
        "hci-registration"
    )


def test_the_cmdlet_named_in_guidance_is_not_hci_registration():
    text = "Run Set-AzureStackHCIRegistration on the entry node after the certificates are set."
    assert family_of(text) != "hci-registration"


# ------------------------------------------------------------------------------------------
# azure-local-lifecycle: ECE step labels, role definitions and store
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "Exception while installing ARB in step [DeployArb:Install ArcHci management cluster].",
        "Exception while configuring MOC in step [ConfigureMoc:Set-MocConfig].",
        "Failure in ECE – Set-RoleDefinition: Can't find the element 'NodeDefinition' for the role "
        "SDN",
        "Item 'CustomerConfiguration.xml' not found in store 'Default'.",
    ],
)
def test_the_eces_step_role_and_store_failures_are_azure_local_lifecycle(wording):
    assert family_of(wording) == "azure-local-lifecycle"


@pytest.mark.parametrize(
    "wording",
    [
        # a CI step and a shop's store are no ECE
        "Error in step [build:compile] while running the pipeline",
        "Item 'SKU-1234' not found in store catalog",
    ],
)
def test_other_steps_and_stores_are_not_azure_local_lifecycle(wording):
    assert family_of(wording) != "azure-local-lifecycle"


# ------------------------------------------------------------------------------------------
# The same wrapper in Simplified Chinese / Russian / Japanese before the other families' reasons:
# TrustedHosts (the setting's name is not translated), the firewall, the shells quota
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            "Enter-PSSession : 连接到远程服务器 172.16.0.9 失败，并显示以下错误消息: WinRM 客户端无法处理该"
            "请求。如果身份验证方案与 Kerberos 不同，或者客户端计算机未加入到域中， 则必须使用 HTTPS 传输或者"
            "必须将目标计算机添加到 TrustedHosts 配置设置。",
            "remoting-trustedhosts",
        ),
        (
            "Не удалось подключиться к удаленному серверу 172.16.0.9 со следующим сообщением об ошибке: "
            "необходимо использовать транспорт HTTPS или добавить конечный компьютер в параметр "
            "конфигурации TrustedHosts.",
            "remoting-trustedhosts",
        ),
        (
            "リモート サーバー 172.16.0.9 への接続に失敗しました。次のエラー メッセージが返されました: "
            "宛先のコンピューターを TrustedHosts 構成設定に追加する必要があります。",
            "remoting-trustedhosts",
        ),
        (
            "Enter-PSSession : 连接到远程服务器 node1 失败，并显示以下错误消息: WinRM 无法完成该操作。请验证"
            "指定的计算机名称是否有效，以及是否已启用 WinRM 服务的防火墙例外。",
            "remoting-unreachable",
        ),
        (
            "New-PSSession : [node1] Не удалось подключиться к удаленному серверу node1 со следующим "
            "сообщением об ошибке: клиенту WinRM не удается выполнить операцию. Убедитесь, что "
            "исключение брандмауэра для службы WinRM включено.",
            "remoting-unreachable",
        ),
        (
            "New-PSSession : [admin.contoso.com] Не удалось подключиться к удаленному серверу "
            "admin.contoso.com со следующим сообщением об ошибке: служба WS-Management не может "
            "обработать запрос. Превышено максимальное количество одновременных оболочек для этого "
            "пользователя.",
            "remoting-quota",
        ),
        (
            "New-PSSession: [admin.contoso.com] 连接到远程服务器 admin.contoso.com 失败，出现以下错误消息： "
            "WS 管理服务无法处理此请求。已超出此用户的并发外壳的最大数量。",
            "remoting-quota",
        ),
    ],
)
def test_the_localized_wrapper_before_another_reason_names_that_reason(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # the Kerberos failure's own advice names "WinRM TrustedHosts" after its SSPI code
        "连接到远程服务器 node1 失败，并显示以下错误消息: WinRM 无法处理该请求。使用 Kerberos 身份验证时发生"
        "错误代码为 0x80090322 的以下错误: 未知的安全错误。 将目标计算机添加到 WinRM TrustedHosts 配置设置",
        # a firewall named in a Chinese page that is not the WinRM client's message
        "请检查 Windows 防火墙 是否允许 SQL Server 的 1433 端口",
    ],
)
def test_the_localized_wrapper_keeps_the_kerberos_reason_and_a_bare_firewall_is_no_remoting(
    wording,
):
    assert family_of(wording) not in ("remoting-trustedhosts", "remoting-unreachable")


# ------------------------------------------------------------------------------------------
# PSWSMan (PowerShell on Linux/macOS): "WinRM <scheme> authentication failure" on a 401; the WinRM
# gem's certificate fingerprint check
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            "New-PSSession: [node1] Connecting to remote server node1 failed with the following error "
            "message : WinRM Basic authentication failure For more information, see the "
            "about_Remote_Troubleshooting Help topic.",
            "remoting-access-denied",
        ),
        ("Enter-PSSession: WinRM CredSSP authentication failure", "remoting-access-denied"),
        (
            "Invoke-Command: [dc01.corp.local] Connecting to remote server dc01.corp.local failed with "
            "the following error message : WinRM Kerberos authentication failure",
            "remoting-kerberos",
        ),
        (
            "RuntimeError: ssl fingerprint mismatch!!!!\n"
            "  /var/lib/gems/3.0.0/gems/winrm-2.3.6/lib/winrm/http/transport.rb:107:in "
            "`verify_ssl_fingerprint'",
            "remoting-certificate",
        ),
    ],
)
def test_pswsman_and_the_winrm_gems_wordings_name_their_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # a web app's own "authentication failure" and another tool's fingerprint check
        "Grafana: Basic authentication failure for user admin",
        "abort: certificate for example.com has unexpected fingerprint sha256:ab:cd",
    ],
)
def test_other_authentication_or_fingerprint_failures_are_no_remoting(wording):
    assert family_of(wording) not in ("remoting-access-denied", "remoting-certificate")


# ------------------------------------------------------------------------------------------
# WinRM's firewall exception refused on a Public network, in a language that keeps the network
# categories' names (Public, Domain, Private)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "Set-Item : このコンピューターのネットワーク接続の種類の 1 つが Public に設定されているため、WinRM "
        "ファイアウォール例外は機能しません。 ネットワーク接続の種類を Domain または Private に変更して、"
        "やり直してください。",
        "Set-WSManQuickConfig : 由于此计算机上的网络连接类型之一设置为 Public，因此 WinRM 防火墙例外将不起"
        "作用。请将网络连接类型更改为 Domain 或 Private，然后重试。",
    ],
)
def test_winrms_public_network_refusal_in_another_language_is_remoting_unreachable(wording):
    assert family_of(wording) == "remoting-unreachable"


def test_a_firewall_rule_listing_of_the_winrm_profiles_is_no_failure():
    listing = (
        "Name : WINRM-HTTP-In-TCP-PUBLIC  Enabled : True  Profile : Public  Direction : Inbound\n"
        "Name : WINRM-HTTP-In-TCP  Enabled : True  Profile : Domain, Private  Direction : Inbound"
    )
    assert family_of(listing) != "remoting-unreachable"
