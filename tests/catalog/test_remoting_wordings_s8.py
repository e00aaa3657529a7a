"""The remoting, Arc agent, registration and Azure Local families (session 8): each wording is
written as the cited source produces it (families.yaml cites each one), not copied from the
evaluation corpus; the near misses around them keep their own answer."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

# ------------------------------------------------------------------------------------------
# A CIM / WMI cmdlet's bare "Access is denied." is the remote channel's only when its record
# shows another computer (CimCmdlets CimWriteError.cs: every error is a RemotingErrorRecord with
# PSComputerName; Utils.cs: the local default session is DCOM with no computer name)
# ------------------------------------------------------------------------------------------

_CIM_RECORD = (
    "{cmd} : Access is denied. \n"
    "At line:1 char:1\n"
    "+ {cmd} -ClassName Win32_OperatingSystem{target}\n"
    "+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
    "    + CategoryInfo          : PermissionDenied: (root\\cimv2:Win32_OperatingSystem:String) "
    "[{cmd}], CimException\n"
    "    + FullyQualifiedErrorId : HRESULT 0x80070005,Microsoft.Management.Infrastructure.CimCmdlets."
    "GetCimInstanceCommand\n"
    "{origin}"
)


@pytest.mark.parametrize(
    "wording",
    [
        _CIM_RECORD.format(
            cmd="Get-CimInstance",
            target=" -ComputerName node1",
            origin="    + PSComputerName        : node1",
        ),
        # the record alone (no echoed command line), with its origin
        _CIM_RECORD.format(
            cmd="Get-CimInstance",
            target="",
            origin="    + PSComputerName        : node1.contoso.com",
        ).replace("At line:1 char:1\n+ Get-CimInstance -ClassName Win32_OperatingSystem\n", ""),
        _CIM_RECORD.format(
            cmd="Invoke-CimMethod",
            target=" -CimSession $s",
            origin="    + PSComputerName        : 10.0.0.5",
        ),
        # PowerShell 7's concise view: the message and the echoed line only
        "Get-CimInstance: Access is denied.\n\nLine |\n   1 |  Get-CimInstance -ClassName Win32_BIOS "
        "-ComputerName srv01\n     |  ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~",
        # New-CimSession always opens a session to a computer (WS-Management)
        "New-CimSession : Access is denied. \n    + CategoryInfo          : PermissionDenied: (:) "
        "[New-CimSession], CimException\n    + FullyQualifiedErrorId : HRESULT 0x80070005,"
        "Microsoft.Management.Infrastructure.CimCmdlets.NewCimSessionCommand",
        # the WMI cmdlets' DCOM channel to a named computer
        "Get-WmiObject : Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))\n"
        "At line:1 char:1\n+ Get-WmiObject -Class Win32_OperatingSystem -ComputerName server1\n"
        "    + CategoryInfo          : NotSpecified: (:) [Get-WmiObject], UnauthorizedAccessException\n"
        "    + FullyQualifiedErrorId : System.UnauthorizedAccessException,Microsoft.PowerShell.Commands."
        "GetWmiObjectCommand",
    ],
)
def test_a_cim_or_wmi_refusal_at_another_computer_is_remoting_access_denied(wording):
    assert family_of(wording) == "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        # the local default session (no computer name, DCOM): a namespace or elevation matter
        _CIM_RECORD.format(cmd="Get-CimInstance", target="", origin=""),
        # an empty origin line followed by another record must not lend it a computer
        _CIM_RECORD.format(
            cmd="Get-CimInstance", target="", origin="    + PSComputerName        : \n"
        )
        + "Get-CimInstance : Access is denied.",
        "Get-CimInstance: Access is denied.\n\nLine |\n   1 |  Get-CimInstance -Namespace "
        "root/Microsoft/Windows/Storage -ClassName MSFT_Disk\n     |  ~~~~~~~~~~~~~~~~~~~~~~",
        "Get-WmiObject : Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))\n"
        "+ Get-WmiObject -Namespace root\\cimv2\\security\\microsofttpm -Class Win32_Tpm\n"
        "    + CategoryInfo          : NotSpecified: (:) [Get-WmiObject], UnauthorizedAccessException",
        # a file's refusal inside a remote session's output is the file's
        "Remove-Item : Access is denied\n    + CategoryInfo          : PermissionDenied: "
        "(C:\\temp\\x.log:FileInfo) [Remove-Item], IOException\n    + FullyQualifiedErrorId : "
        "RemoveFileSystemItemIOError,Microsoft.PowerShell.Commands.RemoveItemCommand\n"
        "    + PSComputerName        : node1",
        "Microsoft.Management.Infrastructure.CimException: Access is denied.\n   at "
        "Microsoft.Management.Infrastructure.Internal.Operations.CimAsyncObserverProxyBase`1."
        "ProcessNativeCallback",
    ],
)
def test_a_local_cim_or_file_refusal_is_no_remoting(wording):
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "denied",
    [
        "Zugriff verweigert",
        "Accès refusé.",
        "Acceso denegado.",
        "Accesso negato.",
        "Acesso negado.",
        "存取被拒。",
    ],
)
def test_a_localized_cim_refusal_at_another_computer_is_remoting_access_denied(denied):
    # the message is ERROR_ACCESS_DENIED in the node's language; the record's names stay English
    record = _CIM_RECORD.format(
        cmd="Get-CimInstance",
        target=" -ComputerName srv01",
        origin="    + PSComputerName        : srv01",
    )
    assert family_of(record.replace("Access is denied.", denied)) == "remoting-access-denied"


def test_a_localized_local_cim_refusal_is_no_remoting():
    record = _CIM_RECORD.format(cmd="Get-CimInstance", target="", origin="")
    assert family_of(record.replace("Access is denied.", "Zugriff verweigert")) is None


# ------------------------------------------------------------------------------------------
# Connect vs read at the WinRM ports: a connect that fails there is the listener's
# (remoting-unreachable); urllib3's ReadTimeoutError comes only after the connection was made
# (pywinrm's read_timeout_sec), so it is the request's timeout (network-timeout)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        'fatal: [win01]: UNREACHABLE! => {"changed": false, "msg": "ntlm: HTTPSConnectionPool('
        'host=\'10.0.0.5\', port=5986): Read timed out. (read timeout=30)", "unreachable": true}',
        "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='10.0.0.5', port=5985): Read timed "
        "out. (read timeout=30)",
        "winrm.exceptions.WinRMTransportError: HTTPSConnectionPool(host='node1', port=5986): Max retries "
        "exceeded with url: /wsman (Caused by ReadTimeoutError(\"HTTPSConnectionPool(host='node1', "
        'port=5986): Read timed out. (read timeout=30)"))',
        "psrp connection failure during runspace open: HTTPSConnectionPool(host='node1', port=5986): "
        "Read timed out. (read timeout=30)",
    ],
)
def test_a_read_timeout_at_a_winrm_port_is_the_requests_timeout(wording):
    assert family_of(wording) == "network-timeout"


@pytest.mark.parametrize(
    "wording",
    [
        'fatal: [win01]: UNREACHABLE! => {"changed": false, "msg": "ntlm: HTTPSConnectionPool('
        "host='10.0.0.5', port=5986): Max retries exceeded with url: /wsman (Caused by "
        "ConnectTimeoutError(<urllib3.connection.HTTPSConnection object at 0x7f>, 'Connection to "
        '10.0.0.5 timed out. (connect timeout=30)\'))", "unreachable": true}',
        "requests.exceptions.ConnectionError: HTTPConnectionPool(host='win01', port=5985): Max retries "
        "exceeded with url: /wsman (Caused by NewConnectionError('<urllib3.connection.HTTPConnection "
        "object at 0x7f>: Failed to establish a new connection: [Errno 111] Connection refused'))",
        'Post "http://10.0.0.5:5985/wsman": dial tcp 10.0.0.5:5985: i/o timeout',
    ],
)
def test_a_connect_that_fails_at_a_winrm_port_stays_remoting_unreachable(wording):
    assert family_of(wording) == "remoting-unreachable"


# ------------------------------------------------------------------------------------------
# An Arc extension's handler that cannot read, decode or validate its settings
# (azure-extension-platform, azure-linux-extensions HandlerUtil, custom-script-extension-linux)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "Arc machine node1: extension CustomScript failed. Enable failed: failed to get configuration: "
        "json validation error: invalid public settings JSON: fileUris.0: Does not match format 'uri'",
        "C:\\ProgramData\\GuestConfig\\extension_logs\\Microsoft.CPlat.Core.RunCommandHandlerWindows\\"
        'RunCommandHandler.log: message="parseHandlerSettingsFile failed" error="failed to decode '
        'base64: illegal base64 data at input byte 4"\nThe protected settings data is invalid',
        "Microsoft.HybridCompute/machines/srv1/extensions/MDE.Linux: Extension Message: No certificate "
        "thumbprint to decode protected settings",
        "/var/lib/GuestConfig/extension_logs/Microsoft.Azure.Extensions.CustomScript-2.1.10/handler.log\n"
        'event="failed to handle" error="failed to get configuration: error reading extension '
        'configuration: ..."',
        "azcmagent: extension Microsoft.Azure.Monitor.AzureMonitorLinuxAgent: ERROR:JSON error "
        "processing settings file: {...}",
    ],
)
def test_an_arc_extension_that_cannot_read_its_settings_is_arc_extension(wording):
    assert family_of(wording) == "arc-extension"


@pytest.mark.parametrize(
    "wording",
    [
        # the same handler on an Azure VM (the guest agent's folder), and the words with no Arc
        "Azure VM extension failed: /var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/"
        "status: json validation error: invalid public settings JSON: fileUris.0: Does not match "
        "format 'uri'",
        "json validation error: invalid public settings JSON: fileUris.0: Does not match format 'uri'",
        "The settings file is invalid. Please open it and correct the errors.",
    ],
)
def test_a_handler_settings_failure_without_an_arc_machine_is_no_arc_extension(wording):
    assert family_of(wording) != "arc-extension"


@pytest.mark.parametrize(
    "wording",
    [
        # MicrosoftDocs/azure-docs azure-arc/servers/manage-vm-extensions-powershell.md (Key Vault VM
        # extension on an Arc-enabled server): the sentence names the extension's own settings
        "[CertificateManagementConfiguration] Failed to parse the configuration settings with:not an object.",
        "akvvm_service: [CertificateManagementConfiguration] Failed to parse the configuration settings "
        "with:not an object.",
    ],
)
def test_the_key_vault_extensions_settings_refusal_is_arc_extension(wording):
    assert family_of(wording) == "arc-extension"


@pytest.mark.parametrize(
    "wording",
    [
        # the same extension under the Azure VM guest agent's folder, and the bare words
        "/var/lib/waagent/Microsoft.Azure.KeyVault.KeyVaultForLinux-2.0/akvvm_service.log: "
        "[CertificateManagementConfiguration] Failed to parse the configuration settings with:not an object.",
        "Failed to parse the configuration settings",
    ],
)
def test_the_settings_refusal_on_an_azure_vm_or_bare_is_no_arc_extension(wording):
    assert family_of(wording) != "arc-extension"


# ------------------------------------------------------------------------------------------
# Register-AzStackHCI's certificate failure in Microsoft's localized troubleshooting pages
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        # docs.microsoft.com/pt-br/azure-stack/hci/deploy/troubleshoot-hci-registration
        "Register-AzStackHCI : Falha ao registrar. Não foi possível gerar certificado autoassinado em nós "
        "{node1,node2}.",
        "Não foi possível definir e verificar o certificado de registro em nós {node1}",
        # .../tr-tr/azure-stack/hci/deploy/troubleshoot-hci-registration
        "Kaydedilemedi. {node1,node2} düğümlerinde otomatik olarak imzalanan sertifika oluşturulamadı. "
        "{node1,node2} düğümlerinde kayıt sertifikası ayarlanamadı ve doğrulanamadı",
    ],
)
def test_the_localized_registration_certificate_failure_is_hci_registration(wording):
    assert family_of(wording) == "hci-registration"


def test_another_products_self_signed_certificate_failure_is_no_hci_registration():
    assert (
        family_of("Não foi possível gerar certificado autoassinado para o servidor web")
        != "hci-registration"
    )


# ------------------------------------------------------------------------------------------
# NetExec's WinRM protocol (nxc/protocols/winrm.py, over pypsrp)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "WINRM       10.10.10.5      5985   DC01             [*] Windows 10 / Server 2019 Build 17763 "
        "(name:DC01) (domain:corp.local)\nWINRM       10.10.10.5      5985   DC01             [-] "
        "corp.local\\administrator:Passw0rd!",
        "WINRM-SSL   10.10.10.5      5986   DC01             [-] corp.local\\svc:hunter2",
        "WINRM  10.0.0.5  5985  NODE1  [-] Execute command failed, current user: 'corp\\op' has no "
        "'Invoke' rights to execute command (shell type: cmd)",
    ],
)
def test_netexecs_winrm_refusals_are_remoting_access_denied(wording):
    assert family_of(wording) == "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        # its SMB protocol's refusal, and a WinRM login that worked
        "SMB         10.10.10.5      445    DC01             [-] corp.local\\administrator:Passw0rd! "
        "STATUS_LOGON_FAILURE",
        "WINRM       10.10.10.5      5985   DC01             [+] corp.local\\administrator:Passw0rd! (Pwn3d!)",
    ],
)
def test_netexecs_other_lines_are_no_remoting_access_denied(wording):
    assert family_of(wording) != "remoting-access-denied"


# ------------------------------------------------------------------------------------------
# TLS spoken to the plain-HTTP WinRM listener (5985) in Python's and Go's words
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        'fatal: [win]: UNREACHABLE! => {"changed": false, "msg": "ssl: HTTPSConnectionPool(host=\'10.0.0.5\', '
        "port=5985): Max retries exceeded with url: /wsman (Caused by SSLError(SSLError(1, '[SSL: "
        'WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1129)\')))", "unreachable": true}',
        '[ERROR] WinRM connection err: unknown error Post "https://10.0.0.5:5985/wsman": http: server gave '
        "HTTP response to HTTPS client",
    ],
)
def test_tls_to_the_plain_http_winrm_listener_is_remoting_unreachable(wording):
    assert family_of(wording) == "remoting-unreachable"


@pytest.mark.parametrize(
    "wording",
    [
        "requests.exceptions.SSLError: HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded "
        "with url: /simple/ (Caused by SSLError(SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong version "
        "number (_ssl.c:1129)')))",
        'Get "https://registry.local:5000/v2/": http: server gave HTTP response to HTTPS client',
    ],
)
def test_a_clear_text_reply_elsewhere_is_no_remoting(wording):
    assert not (family_of(wording) or "").startswith("remoting-")


# ------------------------------------------------------------------------------------------
# Test-NetConnection (NetTCPIP), the family's own check, failing at a WinRM port
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "PS C:\\> Test-NetConnection node1 -Port 5985\nWARNING: TCP connect to (10.0.0.5 : 5985) failed\n"
        "ComputerName     : node1\nRemoteAddress    : 10.0.0.5\nRemotePort       : 5985\n"
        "TcpTestSucceeded : False",
        "ComputerName     : node1\nRemoteAddress    : 10.0.0.5\nRemotePort       : 5986\n"
        "InterfaceAlias   : Ethernet\nSourceAddress    : 10.0.0.2\nTcpTestSucceeded : False",
    ],
)
def test_test_netconnection_failing_at_a_winrm_port_is_remoting_unreachable(wording):
    assert family_of(wording) == "remoting-unreachable"


@pytest.mark.parametrize(
    "wording",
    [
        # another port stays the network's; a WinRM port that answered is no failure
        "WARNING: TCP connect to (20.190.151.8 : 443) failed\nTcpTestSucceeded : False",
        "ComputerName     : node1\nRemoteAddress    : 10.0.0.5\nRemotePort       : 5985\n"
        "TcpTestSucceeded : True",
    ],
)
def test_test_netconnection_elsewhere_or_succeeding_is_no_remoting(wording):
    assert not (family_of(wording) or "").startswith("remoting-")


# ------------------------------------------------------------------------------------------
# An object's refusal inside a session that did open is that object's ACL, not the session's
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "Invoke-Command -ComputerName node1 -ScriptBlock { Remove-Item C:\\Windows\\x.dll }\nAccess is denied\n"
        "    + CategoryInfo          : PermissionDenied: (C:\\Windows\\x.dll:FileInfo) [Remove-Item], "
        "UnauthorizedAccessException\n    + FullyQualifiedErrorId : RemoveFileSystemItemUnAuthorizedAccess,"
        "Microsoft.PowerShell.Commands.RemoveItemCommand\n    + PSComputerName        : node1",
        "PS C:\\> Copy-Item -Path C:\\app.zip -Destination C:\\Windows\\System32 -ToSession $s\n"
        "Copy-Item : Access is denied\n    + CategoryInfo          : PermissionDenied: "
        "(C:\\Windows\\System32\\app.zip:String) [Copy-Item], UnauthorizedAccessException",
        "Invoke-Command -ComputerName node1 { Stop-Service WinDefend }\nStop-Service : Service 'Microsoft "
        "Defender Antivirus Service (WinDefend)' cannot be stopped due to the following error: Cannot open "
        "WinDefend service on computer '.'.\n    + CategoryInfo          : CloseError: "
        "(System.ServiceProcess.ServiceController:ServiceController) [Stop-Service], ServiceCommandException\n"
        "    + PSComputerName        : node1",
    ],
)
def test_an_objects_refusal_inside_an_open_session_is_no_remoting_access_denied(wording):
    assert family_of(wording) != "remoting-access-denied"


def test_the_sessions_own_refusal_still_names_the_family_beside_an_objects():
    text = (
        "Invoke-Command : Connecting to remote server node1 failed with the following error message : "
        "Access is denied.\n    + CategoryInfo : OpenError: (node1:String) [], PSRemotingTransportException\n"
        "Remove-Item : Access is denied\n    + CategoryInfo : PermissionDenied: (C:\\x:FileInfo) "
        "[Remove-Item], UnauthorizedAccessException"
    )
    assert family_of(text) == "remoting-access-denied"
