"""The remoting, Arc agent, registration and Azure Local families (session 9, cycle D): a sweep
of each family's producers. Every wording is written as the cited producer prints it
(families.yaml cites each source: the WinRM service's wsmerror.h texts, PowerShell's localized
remoting resources, ...), not copied from the evaluation corpus; the near misses around them
keep their own answer."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

# ------------------------------------------------------------------------------------------
# The WinRM service's own messages (wsmerror.h, as transcribed in dahall/Vanara
# PInvoke/WsmSvc/wsmerror.cs) that no family named before this sweep
# ------------------------------------------------------------------------------------------

_WRAP = "Connecting to remote server node1 failed with the following error message : "
_HELP = " For more information, see the about_Remote_Troubleshooting Help topic."


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # ERROR_WSMAN_QUOTA_MAX_USERS_PPQ 0x803381E5
        (
            _WRAP + "The WS-Management service cannot process the request. The maximum number of "
            "users executing remote operations has been exceeded for this plugin. Retry the "
            "request later or raise the quota for concurrent users." + _HELP,
            "remoting-quota",
        ),
        # ERROR_WSMAN_QUOTA_MAX_OPERATIONS_USER_PPQ 0x803381E8
        (
            "New-PSSession : [node1] " + _WRAP + "The WS-Management service cannot process the "
            "request. This user has exceeded the maximum number of allowed concurrent operations. "
            "Retry the request later or raise the Maximum Operations per User quota.",
            "remoting-quota",
        ),
        # ERROR_WSMAN_QUOTA_MIN_REQUIREMENT_NOT_AVAILABLE_PPQ 0x803381EA
        (
            "The WS-Management service cannot process the request. There are not enough "
            "resources available to process this operation. Retry the operation later or close "
            "one or more of the currently running operations.",
            "remoting-quota",
        ),
        # ERROR_WSMAN_REMOTE_CONNECTION_NOT_ALLOWED 0x803381E3
        (
            "Enter-PSSession : " + _WRAP + "The WS-Management service cannot process the request. "
            "The service is configured to reject remote connection requests for this plugin."
            + _HELP,
            "remoting-unreachable",
        ),
        # ERROR_WSMAN_WMI_CANNOT_CONNECT_ACCESS_DENIED 0x80338106
        (
            "Get-CimInstance : The WS-Management service cannot process the request. An 'access "
            "denied' error was received when connecting to the WMI service on the computer specified.",
            "remoting-access-denied",
        ),
        # ERROR_WSMAN_FAILED_AUTHENTICATION 0x80338036
        (
            "WSManFault\n    Message = The WS-Management service cannot authenticate the sender.\n"
            "Error number:  -2144108490 0x80338036",
            "remoting-access-denied",
        ),
    ],
)
def test_the_winrm_services_remaining_messages_name_their_family(wording, family):
    assert family_of(wording) == family


def test_another_servers_lack_of_resources_is_no_winrm_quota():
    # the same sentence without the WS-Management service's opening is any server's
    assert (
        family_of(
            "HTTP 503: There are not enough resources available to process this operation. "
            "Retry the operation later."
        )
        is None
    )


# ------------------------------------------------------------------------------------------
# PowerShell 7's own localized wrapper (RemotingErrorIdStrings.<locale>.resx
# ConnectExCallBackError) around a localized "Access is denied"
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "Připojení ke vzdálenému serveru node1 se nezdařilo s následující chybovou zprávou: "
        "Přístup je odepřený.",
        "New-PSSession: [node1] Herstellen einer Verbindung mit dem Remoteserver „node1“ mit "
        "folgender Fehlermeldung fehlgeschlagen: Zugriff verweigert Weitere Informationen finden "
        "Sie im Hilfethema about_Remote_Troubleshooting.",
        "Error al conectar con el servidor remoto node1 con el siguiente mensaje de error: "
        "Acceso denegado.",
        "Enter-PSSession: Échec de la connexion au serveur distant node1 avec le message d’erreur "
        "suivant : Accès refusé.",
        "La connessione al server remoto node1 non è riuscita con il messaggio di errore seguente: "
        "Accesso negato.",
        "New-PSSession: [node1] リモート サーバー node1 への接続が次のエラー メッセージで失敗しました: "
        "アクセスが拒否されました。 詳細については、「about_Remote_Troubleshooting ヘルプ」トピックを参照してください。",
        "원격 서버 node1에 연결하지 못했습니다. 다음 오류 메시지가 반환되었습니다. 액세스가 거부되었습니다.",
        "Nawiązywanie połączenia z serwerem zdalnym node1 nie powiodło się z powodu następującego "
        "komunikatu o błędzie: Odmowa dostępu.",
        "Подключение к удаленному серверу node1 завершилось с ошибкой: Отказано в доступе.",
        "node1 uzak sunucu bağlantısı şu hata iletisiyle başarısız oldu: Erişim reddedildi.",
        "连接到远程服务器 node1 失败，出现以下错误消息: 拒绝访问。",
        "連線至遠端伺服器 node1 失敗，出現下列錯誤訊息: 存取被拒。",
    ],
)
def test_powershell_7s_localized_wrapper_around_access_denied_is_remoting_access_denied(wording):
    assert family_of(wording) == "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        # a local file's refusal in German, no remote connection
        'Remove-Item : Der Zugriff auf den Pfad "C:\\temp\\a.txt" wurde verweigert.',
        # the wrapper around another cause (the name did not resolve) is not a refusal
        "Подключение к удаленному серверу node1 завершилось с ошибкой: Не удается найти "
        "указанный компьютер.",
    ],
)
def test_localized_near_misses_of_the_wrapper_are_not_remoting_access_denied(wording):
    assert family_of(wording) != "remoting-access-denied"


# ------------------------------------------------------------------------------------------
# The Go WinRM clients' Kerberos transport (masterzen/winrm kerberos.go "unable to set SPNego
# Header: %w") and the WinRM gem 2.x's status error (body first, then "(<status>).")
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            "Error: timeout - last error: unable to set SPNego Header: [Root cause: "
            "Networking_Error] Networking_Error: AS Exchange Error: failed sending AS_REQ to KDC: "
            "failed to communicate with KDC",
            "remoting-kerberos",
        ),
        (
            "winrm: stage script: unable to set SPNego Header: could not acquire client "
            "credential: could not get valid TGT for client's realm: [Root cause: KDC_Error] "
            "KDC_Error: AS Exchange Error: kerberos error response from KDC: KRB Error: (24) "
            "KDC_ERR_PREAUTH_FAILED Pre-authentication information was invalid",
            "remoting-kerberos",
        ),
        (
            "WinRM::WinRMHTTPTransportError: Bad HTTP response returned from server. "
            "Body(if present): (401).",
            "remoting-access-denied",
        ),
        (
            "WinRM::WinRMHTTPTransportError: Bad HTTP response returned from server. "
            "Body(if present):<html><body>Request Entity Too Large</body></html> (413).",
            "remoting-quota",
        ),
        (
            "WinRM::WinRMHTTPTransportError: Bad HTTP response returned from server. "
            'Body(if present):<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN">\n'
            "<HTML><HEAD><TITLE>Not Found</TITLE></HEAD>\n<BODY><h2>Not Found</h2>\n<hr>"
            "<p>HTTP Error 404. The requested resource is not found.</p>\n</BODY></HTML>\n (404).",
            "remoting-unreachable",
        ),
    ],
)
def test_the_go_and_ruby_winrm_clients_wordings_name_their_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # the WinRM gem's status error with a status no family explains
        "WinRM::WinRMHTTPTransportError: Bad HTTP response returned from server. "
        "Body(if present): (500).",
    ],
)
def test_near_misses_of_the_go_and_ruby_winrm_clients_are_not_named(wording):
    assert family_of(wording) is None


# ------------------------------------------------------------------------------------------
# Precision: the Kerberos libraries' wordings printed by another service's client (no WinRM
# marker in the text) are that service's SPN, keytab or ticket, not the node's remote session
# (real texts: cloudera/impyla#262, colinmarc/hdfs#183, apache/pulsar#12587,
# hortonworks/structor#13; SQL Server's SSPI handshake, NFS's gssd, OpenSSH, Windows' own
# Security-Kerberos event 4, Hyper-V live migration)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "thrift.transport.TTransport.TTransportException: Could not start SASL: Error in "
        "sasl_client_start (-1) SASL(-1): generic failure: GSSAPI Error: Unspecified GSS failure.  "
        "Minor code may provide more information (Server not found in Kerberos database)",
        "Couldn't connect to namenode: no available namenodes: SASL handshake: [Root cause: "
        "KDC_Error] KDC_Error: TGS Exchange Error: kerberos error response from KDC: KRB Error: "
        "(7) KDC_ERR_S_PRINCIPAL_UNKNOWN Server not found in Kerberos database - UNKNOWN_SERVER",
        "Caused by: javax.naming.AuthenticationException: SASL/JAAS "
        "errorjavax.security.sasl.SaslException: GSS initiate failed [Caused by GSSException: No "
        "valid credentials provided (Mechanism level: Server not found in Kerberos database (7) "
        "- LOOKING_UP_SERVER)]",
        "WARN ipc.Client: Exception encountered while connecting to the server : "
        "javax.security.sasl.SaslException: GSS initiate failed [Caused by GSSException: No valid "
        "credentials provided (Mechanism level: Failed to find any Kerberos tgt)]",
        "sshd[1234]: debug1: Unspecified GSS failure.  Minor code may provide more information "
        "Server not found in Kerberos database",
        "mount.nfs4: access denied by server while mounting nfs01:/export (gssd: Server not found "
        "in Kerberos database)",
        "Login failed. The login is from an untrusted domain and cannot be used with Integrated "
        "authentication. SSPI handshake failed with error code 0x80090303, state 14 while "
        "establishing a connection with integrated security; the connection has been closed. "
        "Reason: The specified target is unknown or unreachable",
        "Live migration of 'vm01' failed. Failed to authenticate the connection at the source "
        "host: The specified target is unknown or unreachable. (0x80090303)",
        "The Kerberos client received a KRB_AP_ERR_MODIFIED error from the server host01$. The "
        "target name used was cifs/host01.contoso.com.",
    ],
)
def test_another_services_kerberos_failure_is_not_remoting_kerberos(wording):
    assert family_of(wording) != "remoting-kerberos"


@pytest.mark.parametrize(
    "wording",
    [
        # the same library wording from a WinRM client keeps its family
        'fatal: [win1]: UNREACHABLE! => {"msg": "kerberos: authGSSClientStep() failed: '
        "(('Unspecified GSS failure.  Minor code may provide more information', 851968), "
        "('Server not found in Kerberos database', -1765328377))\"}",
        "KERBEROS authentication error: No valid credentials provided (Mechanism level: Server not "
        "found in Kerberos database (7))",
        "pywintypes.error: (-2146893053, 'InitializeSecurityContext', 'The specified target is "
        "unknown or unreachable')",
    ],
)
def test_a_winrm_clients_kerberos_failure_stays_remoting_kerberos(wording):
    assert family_of(wording) == "remoting-kerberos"


def test_a_web_requests_403_page_saying_access_is_denied_is_not_remoting_access_denied():
    # .NET's WebException ("The remote server returned an error: (403) Forbidden.") around IIS's
    # 403 page ("403 - Forbidden: Access is denied."): a web folder's permission, no remote session
    wording = (
        "Invoke-WebRequest : The remote server returned an error: (403) Forbidden.\n"
        "<h2>403 - Forbidden: Access is denied.</h2>\n<h3>You do not have permission to view this "
        "directory or page using the credentials that you supplied.</h3>"
    )
    assert family_of(wording) != "remoting-access-denied"


def test_powershells_remote_server_wrapper_still_marks_the_remote_session():
    wording = (
        "New-PSSession : [outlook.office365.com] Connecting to remote server outlook.office365.com "
        "failed with the following error message : Access is denied. For more information, see "
        "the about_Remote_Troubleshooting Help topic."
    )
    assert family_of(wording) == "remoting-access-denied"


def test_ansibles_winrm_connect_timeout_reported_as_a_failed_task_is_remoting_unreachable():
    # ansible/ansible lib/ansible/plugins/connection/winrm.py _winrm_connect raises the timeout as an
    # AnsibleError, which the task prints as FAILED!, not UNREACHABLE!
    assert (
        family_of('fatal: [win1]: FAILED! => {"msg": "the connection attempt timed out"}')
        == "remoting-unreachable"
    )


def test_a_vpn_connections_timeout_in_an_ansible_task_is_not_remoting_unreachable():
    # NetworkManager's NM_ACTIVE_CONNECTION_STATE_REASON_CONNECT_TIMEOUT, relayed by nmcli
    wording = (
        'fatal: [localhost]: FAILED! => {"changed": false, "msg": "Error: Connection activation '
        'failed: The connection attempt timed out"}'
    )
    assert family_of(wording) != "remoting-unreachable"


# ------------------------------------------------------------------------------------------
# The WinRM service's codes of the families' messages, which a localized Windows prints with a
# translated message: 'Error number: <signed> <hex>' and the WSManFault's Code="<unsigned>"
# ------------------------------------------------------------------------------------------

_CODES = [
    ("80338036", "remoting-access-denied"),  # FAILED_AUTHENTICATION
    ("80338106", "remoting-access-denied"),  # WMI_CANNOT_CONNECT_ACCESS_DENIED
    ("803380F7", "remoting-unreachable"),  # HTTP_INVALID_CONTENT_TYPE_IN_RESPONSE_DATA
    ("80338112", "remoting-unreachable"),  # HTTP_SERVICE_UNAVAILABLE_STATUS
    ("80338113", "remoting-unreachable"),  # HTTP_NOT_FOUND_STATUS
    ("803381E3", "remoting-unreachable"),  # REMOTE_CONNECTION_NOT_ALLOWED
    ("803381EA", "remoting-quota"),  # QUOTA_MIN_REQUIREMENT_NOT_AVAILABLE_PPQ
    ("803381F0", "remoting-trustedhosts"),  # MUTUAL_AUTH_FAILED
]


@pytest.mark.parametrize(("code", "family"), _CODES)
def test_a_localized_wsmanfault_is_named_by_its_error_number(code, family):
    value = int(code, 16)
    wording = (
        "WSManFault\n    Message = Le client WinRM ne peut pas traiter la demande.\n"
        f"Numéro d'erreur :  {value - 2**32} 0x{code.lower()}"
    )
    assert family_of(wording) == family


@pytest.mark.parametrize(("code", "family"), _CODES)
def test_a_wsmanfaults_unsigned_code_names_its_family(code, family):
    wording = (
        '<f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" '
        f'Code="{int(code, 16)}" Machine="node1"><f:Message>...</f:Message></f:WSManFault>'
    )
    assert family_of(wording) == family


# ------------------------------------------------------------------------------------------
# Az.StackHCI's own user-visible failure strings (Azure/azure-powershell
# src/StackHCI/StackHCI.Autorest/custom/stackhci.ps1 @06618c806a1a, "#region User visible
# strings"), each with its placeholders filled: every one names hci-registration (the sweep found
# them all named; this table keeps them so). Its region, role-assignment and attestation messages
# are other families' causes or no failure of registration, and are not listed.
# ------------------------------------------------------------------------------------------

_STACKHCI = [
    "Computer node1 is not part of an Azure Stack HCI cluster. Use the -ComputerName parameter to specify an Azure Stack HCI cluster node and try again.",
    "The Azure resource with ID /subscriptions/x/resourceGroups/rg/providers/Microsoft.AzureStackHCI/clusters/c1 doesn't exist. Unregister the cluster using Unregister-AzStackHCI and then try again.",
    "Azure Stack HCI is already registered with Azure resource ID /subscriptions/x/resourceGroups/rg/providers/Microsoft.AzureStackHCI/clusters/c1. To register or change registration, first unregister the cluster using Unregister-AzStackHCI, then try again.",
    "Additional parameters are required to unregister. Run 'Get-Help Unregister-AzStackHCI -Full' for more information.",
    "Certificate with thumbprint ABCDEF not found on node(s) node1. Make sure the certificate has been added to the certificate store on every clustered node.",
    "Failed to register. Couldn't generate self-signed certificate on node(s) node1. Couldn't set and verify registration certificate on node(s) node2. Make sure every clustered node is up and has Internet connectivity (at least outbound to Azure).",
    "Update the operating system on node(s) node1 to version 17784.1374 or later to continue.",
    "Can't repair registration because the cluster isn't registered yet. Register the cluster using Register-AzStackHCI without the -RepairRegistration option.",
    "Cluster resource has already been created in resource group : rg1. Skip '-ResourceGroupName' or provide '-ResourceGroupName' as rg1 in Register-AzStackHCI to perform registration.",
    "Cluster is already registered to subscription id : 1234. Skip '-SubscriptionId' or provide '-SubscriptionId' as 1234 in Register-AzStackHCI to perform registration.",
    "Cluster is already registered with resource name : c1. Skip '-ResourceName' or provide '-ResourceName' as c1 in Register-AzStackHCI to perform registration.",
    "Can't use certificate with thumbprint ABCD because it expires in less than 60 days, on 01/02/2027. Certificates must be valid for at least 60 days.",
    "There is already an Azure Stack HCI resource with the same resource ID in region eastus, which is different from the input region westeurope. Either specify the same region or delete the existing resource and try again.",
    "Azure Arc integration isn't available for the version of Azure Stack HCI installed on node(s) node1 yet. Check the documentation for details. You may need to install an update or join the Preview channel.",
    "Unregister of Azure Arc integration is in progress. Try Unregister-AzStackHCI to finish unregistration and then try Register-AzStackHCI again.",
    "Arc machine(s) with names: node1 already exists in the Resource Group rg1. Use a different Resource group for registration or specify a different Arc for Servers Resource Group.",
    "Exception occurred in Set-AzureStackHCIRegistration. ErrorMessage: boom",
    "Arc servers are already registered in Resource Group: rg1. To change resource groups, please unregister and register again",
    "Failed to create cluster resource",
    "Resource Provider Object Id is Null. Failed to assign roles to HCI RP for ARC Onboarding",
    "Failed to assign Arc roles to HCI Resource Provider",
    "Can't find PowerShell module(s): Az.Resources. Please install the missing module(s) using 'Install-Module -Name <Module_Name>' and try again.",
    "Below mentioned cluster node(s) are already Arc enabled with a different ARM Resource Id:\nnode1\nDisconnect Arc agent on these nodes and run Register-AzStackHCI again.",
    "Arc Resource Group needs to be configured for cloud based deployment scenarios",
    "Cluster Resource needs to be pre-configured for Cloud Based Deployment",
    "Some clustered nodes couldn't be Arc-enabled right now. Check the Arc Scheduled Task logs to investigate further.",
    "Failed to enable Arc on some clustered nodes.",
    "Arc for Servers registration failed. Visit https://learn.microsoft.com/en-us/azure-stack/hci/deploy/troubleshoot-hci-registration#registration-completes-successfully-but-azure-arc-connection-in-portal-says-not-installed and follow the troubleshooting steps. If Azure-Arc registration continues failing for more than 12 hours, contact support.",
    "Arc for Servers registration failed. Unable to find the cluster nodes in Arc Settings resource.",
    "Couldn't disable Azure Arc integration on Node node1. Try running Disable-AzureStackHCIArcIntegration Cmdlet on the node. If the node is in a state where Disable-AzureStackHCIArcIntegration Cmdlet could not be run, remove the node from the cluster and try Unregister-AzStackHCI Cmdlet again.",
    "Couldn't delete Arc extension AzureEdgeTelemetryAndDiagnostics on cluster nodes. You can try the extension uninstallation steps listed at https://docs.microsoft.com/en-us/azure/azure-arc/servers/manage-agent for removing the extension and try Unregister-AzStackHCI again. If the node is in a state where extension uninstallation could not succeed, try Unregister-AzStackHCI with -Force switch.",
    "The cluster is not registered with Azure. Register the cluster using Register-AzStackHCI and then try again.",
    "One or more servers in your cluster are offline. Check that all your servers are up and then try again.",
]


@pytest.mark.parametrize("wording", _STACKHCI)
def test_az_stackhcis_own_failure_strings_are_hci_registration(wording):
    assert family_of(wording) == "hci-registration"


# ------------------------------------------------------------------------------------------
# The WinRM client's WinHTTP codes (WSManGetErrorMessage takes WinHTTP codes): a connect failure
# and the listener certificate's failures in the WinRM client's own output
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            "WSManFault\n    Message = A connection with the server could not be established\n"
            "Error number:  -2147012867 0x80072EFD\nA connection with the server could not be "
            "established",
            "remoting-unreachable",
        ),
        (
            "winrm enumerate winrm/config/listener -r:https://node1:5986\nWSManFault\n    Message = "
            "The certificate authority is invalid or incorrect\nError number:  -2147012851 "
            "0x80072F0D",
            "remoting-certificate",
        ),
        (
            "winrs -r:https://node1:5986 hostname\nWinrs error:The host name in the certificate is "
            "invalid or does not match\nError number: -2147012858 0x80072F06",
            "remoting-certificate",
        ),
    ],
)
def test_the_winrm_clients_winhttp_codes_name_their_family(wording, family):
    assert family_of(wording) == family


def test_winhttps_connect_failure_outside_winrm_is_not_remoting_unreachable():
    wording = (
        "Windows Update encountered an error: 0x80072EFD A connection with the server could not "
        "be established"
    )
    assert family_of(wording) != "remoting-unreachable"


# ------------------------------------------------------------------------------------------
# PowerShell's FullyQualifiedErrorId names the WinRM error in English in every display language
# (WSManTransportManager.cs s_transportErrorCodeToFQEID, GetFQEIDFromTransportError)
# ------------------------------------------------------------------------------------------

_RECORD = (
    "Enter-PSSession : Die Verbindung mit dem Remoteserver node1 ist fehlgeschlagen.\n"
    "    + CategoryInfo          : InvalidArgument: (node1:String) [Enter-PSSession], "
    "PSRemotingTransportException\n"
    "    + FullyQualifiedErrorId : {name},{default}"
)


@pytest.mark.parametrize("default", ["PSSessionStateBroken", "PSSessionOpenFailed"])
@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("CannotConnect", "remoting-unreachable"),
        ("URLNotAvailable", "remoting-unreachable"),
        ("CannotConnectWinRMService", "remoting-unreachable"),
        ("RemoteSessionDisallowed", "remoting-unreachable"),
        ("RemoteConnectionDisallowed", "remoting-unreachable"),
        ("AccessDenied", "remoting-access-denied"),
        ("LogonFailure", "remoting-access-denied"),
        ("ServerNotTrusted", "remoting-trustedhosts"),
        ("ExplicitCredentialsRequired", "remoting-trustedhosts"),
        ("CannotUseIPAddress", "remoting-trustedhosts"),
        ("WorkgroupCannotUseKerberos", "remoting-kerberos"),
        ("TargetUnknown", "remoting-kerberos"),
        ("AuthenticationFailed", "remoting-kerberos"),
    ],
)
def test_powershells_remoting_error_id_names_the_family_in_any_language(name, default, family):
    assert family_of(_RECORD.format(name=name, default=default)) == family


def test_a_remoting_error_id_of_no_family_names_none():
    # CannotConnectAlreadyConnected (ERROR_WSMAN_INUSE_CANNOT_RECONNECT): a disconnected session
    # in use elsewhere, no family's cause
    wording = _RECORD.format(name="CannotConnectAlreadyConnected", default="PSSessionStateBroken")
    assert family_of(wording) is None


# ------------------------------------------------------------------------------------------
# Get-WSManCredSSP's own report that CredSSP is not set up (WsManResources.<locale>.resx
# NoDelegateFreshCred, CredSSPServiceNotConfigured), in PowerShell's languages
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "PS C:\\> Get-WSManCredSSP\nThe machine is not configured to allow delegating fresh "
        "credentials.\nThis computer is not configured to receive credentials from a remote "
        "client computer.",
        "Der Computer ist nicht zum Zulassen der Delegierung von aktuellen Anmeldeinformationen "
        "konfiguriert.",
        "L’ordinateur n’est pas configuré pour autoriser la délégation de nouvelles informations "
        "d’identification.",
        "このマシンは、新しい資格情報の委任を許可するようには構成されていません。",
        "此计算机未配置为接收来自远程客户端计算机的凭据。",
        "Этот компьютер не настроен на получение учетных данных от удаленного клиентского "
        "компьютера.",
    ],
)
def test_get_wsmancredssps_not_configured_report_is_remoting_credssp(wording):
    assert family_of(wording) == "remoting-credssp"


def test_get_wsmancredssps_configured_report_names_no_family():
    wording = (
        "PS C:\\> Get-WSManCredSSP\nThe machine is configured to allow delegating fresh "
        "credentials to the following target(s): wsman/*.contoso.com\nThis computer is "
        "configured to receive credentials from a remote client computer."
    )
    assert family_of(wording) is None


# ------------------------------------------------------------------------------------------
# A CIM cmdlet's record of a logon failure on another computer (CimWriteError.cs: the id
# "HRESULT 0x8007052e,...CimCmdlets.<X>Command" is English in every display language)
# ------------------------------------------------------------------------------------------

_CIM = (
    "Get-CimInstance : {msg}\n"
    "    + CategoryInfo          : AuthenticationError: (root\\cimv2:Win32_OperatingSystem:String) "
    "[Get-CimInstance], CimException\n"
    "    + FullyQualifiedErrorId : HRESULT 0x{code},Microsoft.Management.Infrastructure.CimCmdlets."
    "GetCimInstanceCommand{origin}"
)


@pytest.mark.parametrize(
    ("msg", "code"),
    [
        ("The user name or password is incorrect.", "8007052e"),
        ("Der Benutzername oder das Kennwort ist falsch.", "8007052e"),
        ("Le nom d’utilisateur ou le mot de passe est incorrect.", "8007052e"),
        ("The referenced account is currently locked out and may not be logged on to.", "80070775"),
    ],
)
def test_a_cim_logon_failure_on_another_computer_is_remoting_access_denied(msg, code):
    wording = _CIM.format(msg=msg, code=code, origin="\n    + PSComputerName        : node1")
    assert family_of(wording) == "remoting-access-denied"


def test_a_cim_record_without_another_computer_is_not_remoting_access_denied():
    wording = _CIM.format(msg="The user name or password is incorrect.", code="8007052e", origin="")
    assert family_of(wording) != "remoting-access-denied"
