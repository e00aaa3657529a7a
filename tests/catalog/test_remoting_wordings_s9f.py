"""The remoting, Arc agent, registration and Azure Local families (session 9, cycle F): the
producer sweep continued where it had not been done. Products that relay a WinRM / PowerShell
remoting failure in their own sentence (Exchange's remote PowerShell, ...). Every wording is
written as the cited producer prints it (families.yaml cites each source), not copied from the
evaluation corpus; the near misses around them keep their own answer."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

# ------------------------------------------------------------------------------------------
# Exchange's remote PowerShell refusing an account without a management role
# (MicrosoftDocs/OfficeDocs-Support Exchange/ExchangeHybrid/hybrid-configuration-wizard-errors/
# user-not-assigned-to-any-management-roles.md, KB 3058293)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        # the Hybrid Configuration wizard's log, as the page quotes it
        "ERROR:Updating hybrid configuration failed with error 'System.Management.Automation."
        "Remoting.PSRemotingTransportException: Processing data from remote server failed with "
        'the following error message: The user "contoso.com/Users/Administrator" isn\'t assigned '
        "to any management roles. For more information, see the about_Remote_Troubleshooting "
        "Help topic.",
        # the Exchange Management Shell's New-PSSession, older wording and typographic quotes
        "New-PSSession : [ex01.contoso.com] Processing data from remote server ex01.contoso.com "
        "failed with the following error message: The user \u201cCONTOSO\\svc-hcw\u201d is not "
        "assigned to any management roles. For more information, see the "
        "about_Remote_Troubleshooting Help topic.\n"
        "    + CategoryInfo          : OpenError: (System.Manageme....RemoteRunspace:RemoteRunspace)"
        " [], PSRemotingTransportException\n"
        "    + FullyQualifiedErrorId : PSSessionOpenFailed",
    ],
)
def test_exchanges_refusal_of_an_account_without_a_management_role_is_remoting_access_denied(
    wording: str,
) -> None:
    assert family_of(wording) == "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        # a role-assignment message names one role, no refused session
        'WARNING: The user "bob@contoso.com" is not assigned to the management role '
        '"Mail Recipients". Processing data from remote server ex01 completed.',
        # the sentence with no remote session around it: nothing shows the channel
        'The user "contoso/Users/Admin" isn\'t assigned to any management roles.',
    ],
)
def test_a_management_role_message_without_a_refused_session_is_not_remoting_access_denied(
    wording: str,
) -> None:
    assert family_of(wording) is None


# ------------------------------------------------------------------------------------------
# The WSMan and remoting configuration cmdlets' own texts (PowerShell/PowerShell
# src/Microsoft.WSMan.Management/resources/WsManResources.resx,
# src/System.Management.Automation/resources/RemotingErrorIdStrings.resx)
# ------------------------------------------------------------------------------------------

_QUICKCONFIG_PROMPT = (
    "WinRM Quick Configuration\n"
    "Running the Set-WSManQuickConfig command has significant security implications, as it "
    "enables remote management through the WinRM service on this computer.\n"
    "This command:\n"
    "    1. Checks whether the WinRM service is running. If the WinRM service is not running, "
    "the service is started.\n"
    "    2. Sets the WinRM service startup type to automatic.\n"
    "    3. Creates a listener to accept requests on any IP address. By default, the transport "
    "is HTTP.\n"
    "    4. Enables a firewall exception for WS-Management traffic.\n"
    "    5. Enables Kerberos and Negotiate service authentication.\n"
    "Do you want to enable remote management through the WinRM service on this computer?\n"
    '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): y\n'
)


@pytest.mark.parametrize(
    "wording",
    [
        # WsManResources ErrorElevationNeeded after the QuickConfig prompt
        _QUICKCONFIG_PROMPT
        + "Set-WSManQuickConfig : Access is denied. You need to run this cmdlet from an elevated "
        "process.",
        "Set-WSManQuickConfig : Access is denied. You need to run this cmdlet from an elevated "
        "process.",
        "Enable-WSManCredSSP : Access is denied. You need to run this cmdlet from an elevated "
        "process.",
        # RemotingErrorIdStrings EDcsRequiresElevation (PowerShell 7, then Windows PowerShell 5.1)
        'Enable-PSRemoting : Access is denied. To run this cmdlet, start PowerShell with the "Run '
        'as administrator" option.\nAt line:1 char:1\n+ Enable-PSRemoting -Force\n'
        "    + CategoryInfo          : InvalidOperation: (:) [Enable-PSRemoting], "
        "InvalidOperationException\n"
        "    + FullyQualifiedErrorId : System.InvalidOperationException,Microsoft.PowerShell."
        "Commands.EnablePSRemotingCommand",
        "Register-PSSessionConfiguration : Access is denied. To run this cmdlet, start Windows "
        'PowerShell with the "Run as administrator" option.',
        # the prompt alone: Kerberos is a setting it turns on
        _QUICKCONFIG_PROMPT,
    ],
)
def test_the_remoting_cmdlets_own_elevation_refusal_and_prompt_name_no_remoting_family(
    wording: str,
) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # a remote session's own refusal after the elevation refusal keeps the family
        (
            'Enable-PSRemoting : Access is denied. To run this cmdlet, start PowerShell with the "Run '
            'as administrator" option.\nEnter-PSSession : Connecting to remote server srv01 failed '
            "with the following error message : Access is denied. For more information, see the "
            "about_Remote_Troubleshooting Help topic.",
            "remoting-access-denied",
        ),
        # a Kerberos failure after the prompt keeps the family
        (
            _QUICKCONFIG_PROMPT
            + "Enter-PSSession : Connecting to remote server srv01 failed with the following error "
            "message : WinRM cannot process the request. The following error with errorcode "
            "0x80090322 occurred while using Kerberos authentication: An unknown security error "
            "occurred.",
            "remoting-kerberos",
        ),
        (
            _QUICKCONFIG_PROMPT
            + "New-PSSession : [srv01] Connecting to remote server srv01 failed with the following "
            "error message : WinRM cannot process the request. The following error with errorcode "
            "0x8009030e occurred while using Negotiate authentication: A specified logon session "
            "does not exist.",
            "remoting-kerberos",
        ),
        # the QuickConfig's Public network profile refusal keeps its family after the prompt
        (
            _QUICKCONFIG_PROMPT
            + 'Set-WSManQuickConfig : <f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/'
            '1/wsmanfault" Code="2150859113" Machine="localhost"><f:Message>WinRM firewall '
            "exception will not work since one of the network connection types on this machine is "
            "set to Public. Change the network connection type to either Domain or Private and try "
            "again. </f:Message></f:WSManFault>",
            "remoting-unreachable",
        ),
    ],
)
def test_a_remote_sessions_failure_beside_the_configuration_cmdlets_texts_keeps_its_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


# ------------------------------------------------------------------------------------------
# PowerShell 7's localized "Processing data from remote server {0} failed with the following
# error message: {1}" (RemotingErrorIdStrings.<locale>.resx ReceiveExCallBackError) around a
# localized Access is denied (the same files' EDcsRequiresElevation, Windows' error 5)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "Zpracování dat ze vzdáleného serveru node1 se nezdařilo s následující chybovou zprávou: "
        "Přístup je odepřený.",
        "Fehler beim Verarbeiten von Daten vom Remoteserver node1. Fehlermeldung: Der Zugriff wird "
        "verweigert.",
        "Error al procesar los datos del servidor remoto node1 con el siguiente mensaje de error: "
        "Acceso denegado.",
        "Échec du traitement des données à partir du serveur distant node1 avec le message "
        "d\u2019erreur suivant : L'accès est refusé.",
        "L'elaborazione dei dati dal server remoto node1 non è riuscita con il messaggio di errore "
        "seguente: Accesso negato.",
        "リモート サーバーからデータ node1 処理が次のエラー メッセージで失敗しました: "
        "アクセスは拒否されました。",
        "원격 서버 node1에서 데이터를 처리하지 못했습니다. 다음 오류 메시지: 액세스가 거부되었습니다.",
        "Przetwarzanie danych z serwera zdalnego node1 nie powiodło się z powodu następującego "
        "komunikatu o błędzie: Odmowa dostępu.",
        "Обработка данных с удаленного сервера node1 завершилась с ошибкой: Доступ запрещен.",
        "node1 uzak sunucusundan veri işleme şu hata iletisiyle başarısız oldu: Erişim reddedildi.",
        "从远程服务器 node1 处理数据失败，出现以下错误消息: 访问被拒绝。",
        "處理來自遠端伺服器 node1 的資料失敗，出現下列錯誤訊息: 存取遭到拒絕。",
    ],
)
def test_powershell_7s_localized_receive_wrapper_around_access_denied_is_remoting_access_denied(
    wording: str,
) -> None:
    assert family_of(wording) == "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        # the same wrapper around another error names no refused account
        "Fehler beim Verarbeiten von Daten vom Remoteserver node1. Fehlermeldung: Die Shell wurde "
        "nicht gefunden.",
        "Обработка данных с удаленного сервера node1 завершилась с ошибкой: Недостаточно памяти.",
    ],
)
def test_the_localized_receive_wrapper_around_another_error_is_not_remoting_access_denied(
    wording: str,
) -> None:
    assert family_of(wording) != "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        # RemotingErrorIdStrings CommandReceiveExCallBackError (an Invoke-Command job's)
        "Processing data for a remote command failed with the following error message: Access is "
        "denied. For more information, see the about_Remote_Troubleshooting Help topic.",
        # the same without the help pointer, as a job's Receive-Job prints it
        "Processing data for a remote command failed with the following error message: Access is "
        "denied.\n    + CategoryInfo          : OperationStopped: (node1:String) [], "
        "PSRemotingTransportException",
        # CommandSendExCallBackError
        "Sending data to a remote command failed with the following error message: Access is "
        "denied.",
        # QueryForRunspacesFailed (Get-PSSession -ComputerName)
        "Get-PSSession : The remote session query failed for node1 with the following error "
        "message: Access is denied.",
        # RunspaceConnectFailedWithMessage (Connect-PSSession)
        "Connect-PSSession : The connect operation failed for session Session1 with the following "
        "error message: Access is denied.",
    ],
)
def test_powershells_other_remote_operation_wrappers_around_access_denied_are_remoting_access_denied(
    wording: str,
) -> None:
    assert family_of(wording) == "remoting-access-denied"


def test_a_remote_commands_own_file_refusal_in_a_session_that_opened_is_not_remoting_access_denied() -> (
    None
):
    # the session opened; the remote Remove-Item was refused by the file's ACL
    wording = (
        "Access to the path 'C:\\data\\locked.txt' is denied.\n"
        "    + CategoryInfo          : PermissionDenied: (C:\\data\\locked.txt:FileInfo) "
        "[Remove-Item], UnauthorizedAccessException\n"
        "    + FullyQualifiedErrorId : RemoveFileSystemItemUnAuthorizedAccess,Microsoft.PowerShell."
        "Commands.RemoveItemCommand\n"
        "    + PSComputerName        : node1"
    )
    assert family_of(wording) != "remoting-access-denied"


# ------------------------------------------------------------------------------------------
# Microsoft's Group Policy onboarding script for Arc-enabled servers
# (Azure/ArcEnabledServersGroupPolicy EnableAzureArc.ps1, its AzureArcAgentOnboarding.log)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            "[2025-06-01][10:00:00] ERROR Installation failed: This installation package could not "
            "be opened. See Azcmagentinstallationlog.txt for additional details",
            "arc-agent",
        ),
        (
            "[2025-06-01][10:00:00] ERROR Update failed: Another installation is already in "
            "progress. See Azcmagentupdatesetup.txt for additional details",
            "arc-agent",
        ),
        (
            "[2025-06-01][10:00:00] ERROR Agent Connection was unsuccessful. Waiting for logs to be "
            "generated...",
            "arc-agent",
        ),
        # the AZCM code the script finds afterwards keeps naming the agent
        (
            "[2025-06-01][10:00:00] ERROR Agent Connection was unsuccessful. Waiting for logs to be "
            "generated...\n[2025-06-01][10:00:31] ERROR Agent Code: AZCM0041: The credentials "
            "supplied are invalid",
            "arc-agent",
        ),
        # a cause the log shows is named before the agent (cause before context)
        (
            "[2025-06-01][10:00:00] ERROR Agent Connection was unsuccessful. Waiting for logs to be "
            "generated...\n[2025-06-01][10:00:31] ERROR Agent Code: AZCM0026: Network Error: dial "
            "tcp: lookup gbl.his.arc.azure.com: no such host",
            "network-dns",
        ),
        # another installer's failure with its own log is no Arc agent
        (
            "Installation failed: This installation package could not be opened. See the setup log "
            "for additional details",
            None,
        ),
    ],
)
def test_the_arc_group_policy_onboarding_scripts_log_names_the_agent(
    wording: str, family: str | None
) -> None:
    assert family_of(wording) == family
