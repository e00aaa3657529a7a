"""The remoting, Arc agent, registration and Azure Local families (session 8, cycle C): each
wording is written as the cited source produces it (families.yaml cites each one), not copied
from the evaluation corpus; the near misses around them keep their own answer."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

# ------------------------------------------------------------------------------------------
# Ansible's winrm plugin joins each transport's failure as "<transport>: <error>"
# (lib/ansible/plugins/connection/winrm.py _winrm_connect); its kerberos transport's GSS failure
# is requests-kerberos' "authGSSClientInit() failed: ..."
# ------------------------------------------------------------------------------------------

_GSS = (
    "authGSSClientInit() failed: (('Unspecified GSS failure.  Minor code may provide more "
    "information', 851968), ('Cannot find KDC for requested realm', -1765328230))"
)


@pytest.mark.parametrize(
    "wording",
    [
        # the Kerberos transport first, then the NTLM fallback's 401
        'fatal: [node1]: UNREACHABLE! => {"changed": false, "msg": "kerberos: '
        + _GSS
        + ', ntlm: the specified credentials were rejected by the server", "unreachable": true}',
        'node1 | UNREACHABLE! => {"changed": false, "msg": "kerberos: authGSSClientStep() failed: '
        "(('Unspecified GSS failure.  Minor code may provide more information', 851968), "
        "('Server not found in Kerberos database', -1765328377)), ssl: the specified credentials "
        'were rejected by the server", "unreachable": true}',
    ],
)
def test_ansibles_kerberos_transport_failure_is_remoting_kerberos_before_the_fallbacks_401(
    wording,
):
    assert family_of(wording) == "remoting-kerberos"


def test_ansibles_ntlm_refusal_alone_is_still_remoting_access_denied():
    wording = (
        'fatal: [node1]: UNREACHABLE! => {"changed": false, "msg": "ntlm: the specified '
        'credentials were rejected by the server", "unreachable": true}'
    )
    assert family_of(wording) == "remoting-access-denied"


# ------------------------------------------------------------------------------------------
# Skype for Business Online's remote PowerShell refusals (the connector's troubleshooting page)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "New-PSSession : [admin.vdomain.com] Processing data from remote server admin.vdomain.com "
        'failed with the following error message: The user "kenmyer@litwareinc.com" does not have '
        "permission to manage this tenant. Permissions can be granted by assigning the user to "
        "the appropriate RBAC role. For more information, see the about_Remote_Troubleshooting "
        "Help topic.\n"
        "    + CategoryInfo          : OpenError: (System.Manageme....RemoteRunspace:RemoteRunspace) "
        "[New-PSSession], PSRemotingTransportException",
        "New-PSSession : [admin0a.online.lync.com] Processing data from remote server "
        "admin0a.online.lync.com failed with the following error message: The ability to connect "
        "to this tenant using Remote PowerShell has been disabled. Please contact Lync help desk "
        "to verify the Powershell Tenant Policy of this tenant. For more information, see the "
        "about_Remote_Troubleshooting Help topic.",
        "New-PSSession : [admin.vdomain.com] Die Verarbeitung von Daten von Remoteserver "
        "admin.vdomain.com ist mit der folgenden Fehlermeldung fehlgeschlagen: Der Benutzer "
        '"user@foo.com" verfügt nicht über die Berechtigung zum Verwalten dieses Mandanten. '
        "Berechtigungen können erteilt werden, indem dem Benutzer die entsprechende RBAC-Rolle "
        "zugewiesen wird.",
        "New-PSSession: [admin.vdomain.com] Die Verarbeitung von Daten von Remoteserver "
        "admin.vdomain.com ist mit der folgenden Fehlermeldung fehlgeschlagen: Die Möglichkeit, "
        "mithilfe einer PowerShell-Remotesitzung eine Verbindung mit diesem Mandanten "
        "herzustellen, wurde deaktiviert. Wenden Sie sich an die Lync-Hilfe.",
    ],
)
def test_skype_onlines_remote_powershell_refusals_are_remoting_access_denied(wording):
    assert family_of(wording) == "remoting-access-denied"


def test_a_tenant_permission_sentence_outside_a_remote_session_is_not_remoting():
    wording = "Error: The signed-in user does not have permission to manage this tenant's billing."
    assert family_of(wording) is None


# ------------------------------------------------------------------------------------------
# The second hop shown as such: a remote prompt "[ServerB]: PS ...>" and a command naming
# ServerC refused (PowerShell-Docs PS-remoting-second-hop.md; about_Prompts)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "[server1]: PS C:\\Users\\admin\\Documents> Get-WmiObject -Class Win32_Service "
        "-ComputerName server2\n"
        "Get-WmiObject : Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))\n"
        "At line:1 char:1\n"
        "+ Get-WmiObject -Class Win32_Service -ComputerName server2\n"
        "    + CategoryInfo          : NotSpecified: (:) [Get-WmiObject], "
        "UnauthorizedAccessException",
        "[hv01.contoso.com]: PS C:\\> Get-CimInstance Win32_BIOS -ComputerName hv02.contoso.com\n"
        "Get-CimInstance : Access is denied.\n"
        "    + CategoryInfo : PermissionDenied: (root\\cimv2:Win32_BIOS:String) [Get-CimInstance], "
        "CimException\n"
        "    + FullyQualifiedErrorId : HRESULT 0x80070005,"
        "Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand",
    ],
)
def test_a_refusal_of_a_third_computer_inside_a_remote_prompt_is_remoting_credssp(wording):
    assert family_of(wording) == "remoting-credssp"


@pytest.mark.parametrize(
    "wording",
    [
        # the remote session's own computer, localhost, or the debugger's prompt: no second hop
        "[server1]: PS C:\\> Get-WmiObject -Class Win32_Service -ComputerName server1\n"
        "Get-WmiObject : Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))",
        "[server1]: PS C:\\> Get-WmiObject -Class Win32_Service -ComputerName localhost\n"
        "Get-WmiObject : Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))",
        "[DBG]: PS C:\\> Get-WmiObject -Class Win32_Service -ComputerName server2\n"
        "Get-WmiObject : Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))",
        # a second hop that worked
        "[server1]: PS C:\\> Get-WmiObject -Class Win32_BIOS -ComputerName server2\n"
        "SMBIOSBIOSVersion : 2.3.1\nManufacturer      : Dell Inc.",
    ],
)
def test_a_refusal_without_a_second_hop_is_not_remoting_credssp(wording):
    assert family_of(wording) != "remoting-credssp"


# ------------------------------------------------------------------------------------------
# The WinRM gem (Ruby: evil-winrm, Vagrant, test-kitchen): httpclient's connect timeout and the
# Negotiate handshake's 404 (WinRb/WinRM lib/winrm/http/transport.rb)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "Evil-WinRM shell v3.5\n\nInfo: Establishing connection to remote endpoint\n\n"
        "Error: An error of type HTTPClient::ConnectTimeoutError happened, message is execution "
        "expired\n\nError: Exiting with code 1",
        "WinRM::WinRMHTTPTransportError: Unable to parse authorization header. Headers: "
        '{"Server"=>"Microsoft-HTTPAPI/2.0", "Date"=>"Mon, 01 Jan 2024 10:00:00 GMT", '
        '"Connection"=>"close", "Content-Length"=>"315"}\r\nBody: <!DOCTYPE HTML PUBLIC '
        '"-//W3C//DTD HTML 4.01//EN"><HTML><HEAD><TITLE>Not Found</TITLE></HEAD></HTML> (404).',
    ],
)
def test_the_winrm_gems_connect_timeout_and_404_handshake_are_remoting_unreachable(wording):
    assert family_of(wording) == "remoting-unreachable"


@pytest.mark.parametrize(
    "wording",
    [
        # httpclient's connect timeout in another Ruby program: no WinRM endpoint
        "Error: An error of type HTTPClient::ConnectTimeoutError happened, message is execution "
        "expired\nfrom /usr/lib/ruby/gems/3.1.0/gems/httpclient-2.8.3/lib/httpclient/session.rb:619",
        # the handshake answered 401 without Negotiate: not a missing listener
        "WinRM::WinRMHTTPTransportError: Unable to parse authorization header. Headers: "
        '{"Server"=>"Microsoft-HTTPAPI/2.0"}\r\nBody:  (401).',
    ],
)
def test_a_timeout_or_handshake_failure_without_those_marks_is_not_remoting_unreachable(wording):
    assert family_of(wording) != "remoting-unreachable"


# ------------------------------------------------------------------------------------------
# Set 17's classes: Microsoft365DSC's warning for Exchange Online's concurrency refusal, the
# Skype connector's second refusal in its page's words, MIT's KRB5_REALM_UNKNOWN table text and
# the JDK's KRB_AP_ERR_BAD_INTEGRITY beside a WinRM endpoint, and OpenSSH at WinRM's port
# ------------------------------------------------------------------------------------------


def test_microsoft365dscs_exchange_connection_warning_is_remoting_quota():
    wording = (
        "Extracting EXOMailboxPlan...\n"
        "WARNING: Exceeded max number of connections. Waiting 60 seconds\n"
        "WARNING: Exceeded max number of connections. Waiting 60 seconds"
    )
    assert family_of(wording) == "remoting-quota"


def test_another_products_max_connections_is_not_remoting_quota():
    wording = (
        "ERROR 1040 (HY000): Too many connections; Exceeded max number of connections for user"
    )
    assert family_of(wording) != "remoting-quota"


def test_the_connectors_remote_powershell_disabled_sentence_is_remoting_access_denied():
    wording = (
        "New-PSSession : [admin0a.online.lync.com] Processing data from remote server "
        "admin0a.online.lync.com failed with the following error message: The ability to connect "
        "to this tenant by using a remote PowerShell session has been disabled. Please contact "
        "Lync Help to check the Tenant PowerShell Policy."
    )
    assert family_of(wording) == "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        "WinRM::WinRMError: Failed to connect to http://node1.contoso.com:5985/wsman: Cannot "
        "find KDC for requested realm",
        "com.xebialabs.overthere.winrm.WinRmRuntimeIOException: Error when sending request to "
        "https://node1:5986/wsman: Integrity check on decrypted field failed (31)",
    ],
)
def test_the_kerberos_librarys_realm_and_integrity_wordings_at_a_winrm_endpoint(wording):
    assert family_of(wording) == "remoting-kerberos"


@pytest.mark.parametrize(
    "wording",
    [
        # the same library wordings alone: any Kerberos client (decided, families.yaml)
        "kinit: Cannot find KDC for requested realm while getting initial credentials",
        "kinit: KDC reply did not match expectations while getting initial credentials",
        "Integrity check on decrypted field failed (31)",
        "Message stream modified (41)",
        "18/03/01 10:00:00 WARN security.Groups: Unable to load realm info from SCDynamicStore",
    ],
)
def test_a_kerberos_library_wording_alone_names_no_remoting_family(wording):
    assert family_of(wording) is None


def test_an_ssh_client_at_winrms_port_is_not_remoting_unreachable():
    wording = (
        'fatal: [dc01]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host '
        'via ssh: ssh: connect to host 192.168.56.10 port 5985: Connection refused", '
        '"unreachable": true}'
    )
    assert family_of(wording) != "remoting-unreachable"


def test_a_winrm_client_refused_at_5985_is_still_remoting_unreachable():
    wording = (
        'fatal: [dc01]: UNREACHABLE! => {"changed": false, "msg": "ntlm: HTTPConnectionPool('
        "host='192.168.56.10', port=5985): Max retries exceeded with url: /wsman (Caused by "
        "NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f>: Failed to "
        'establish a new connection: [Errno 111] Connection refused\'))", "unreachable": true}'
    )
    assert family_of(wording) == "remoting-unreachable"


# ------------------------------------------------------------------------------------------
# The Arc extension manager's own failures (troubleshoot-vm-extensions.md): the 'noexec'
# extension path and gc_ext.log's missing HandlerManifest.json name the Arc extension service
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "Extension failed to install. Extension returned non-zero exit code for Install: 64. "
        "Extension error output: Extension path '/opt/ext/AzureMonitorLinuxAgent-1.33.2' has the "
        "'noexec' flag set. Extension exit code: 64",
        'time="2025-01-10T10:00:00Z" level=error msg="HandlerManifest.json file does not exist '
        'for extension" Extension=AzureMonitorLinuxAgent',
    ],
)
def test_the_arc_extension_managers_own_failures_are_arc_extension(wording):
    assert family_of(wording) == "arc-extension"


@pytest.mark.parametrize(
    "wording",
    [
        # the Azure VM guest agent's noexec warning: no Arc machine
        "2025-01-10T10:00:00Z ERROR ExtHandler Extension failed: Non-zero exit code: 126\n"
        "WARNING: /var/lib/waagent is mounted with the noexec flag, which can prevent execution "
        "of VM Extensions.",
        "mount: /tmp: the noexec flag is set; permission denied",
    ],
)
def test_a_noexec_mount_elsewhere_is_not_arc_extension(wording):
    assert family_of(wording) != "arc-extension"


# ------------------------------------------------------------------------------------------
# Azure Local's environment validator: the Network ATC intent validator's Detail and a result
# record's AdditionalData printed on its own (AzureLocal-Supportability TSGs)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "Intent ManagementComputeIntent on host NODE1 in a failed state. ConfigurationStatus: "
        "Failed ProvisioningStatus: Error",
        "[AddressPrefix] [10.1.0.0/24] has overlapping with [AddressPrefix] [10.1.0.0/25]. "
        "Please ensure address prefix do not overlap.\n"
        "Status    : FAILURE\nTimeStamp : 5/1/2025 10:00:00 AM\nResource  : HNVPA\n"
        "Source    : Networks",
        '"AdditionalData": {"Source": "NODE2", "Resource": "StorageIntent", "Detail": "see '
        'remediation", "Status": "FAILURE", "TimeStamp": "2025-05-01T10:00:00"}',
    ],
)
def test_the_environment_validators_intent_and_additional_data_are_azure_local_lifecycle(
    wording,
):
    assert family_of(wording) == "azure-local-lifecycle"


@pytest.mark.parametrize(
    "wording",
    [
        # a CI build's status block: Status FAILURE and a Source, no Resource
        "Build #42\nStatus: FAILURE\nSource: main\nDuration: 3 min",
        # an intent that is fine
        "Intent ManagementComputeIntent on host NODE1: ConfigurationStatus: Success "
        "ProvisioningStatus: Completed",
    ],
)
def test_other_status_blocks_and_healthy_intents_are_not_azure_local_lifecycle(wording):
    assert family_of(wording) != "azure-local-lifecycle"


@pytest.mark.parametrize(
    "wording",
    [
        "Environment Validator Exception | Critical error | Test-AzStackHciNetwork | Raise case "
        "with Microsoft support",
        "Status: Failure\nMessage: StartIPAddress 10.0.1.5 not in subnet 10.0.2.0/25\n"
        "Name: IPPools\nID: 10.0.1.5 not in 10.0.2.0/25\nType: PublicVIP",
    ],
)
def test_the_readiness_rows_validator_exception_and_the_vip_pool_check_are_azure_local_lifecycle(
    wording,
):
    assert family_of(wording) == "azure-local-lifecycle"


def test_the_informational_secure_boot_check_names_no_family():
    # the Secure Boot certificate validator always reports SUCCESS (its TSG): no step failed
    wording = (
        "An error occurred while checking Secure Boot status: Access denied while querying UEFI "
        "variables"
    )
    assert family_of(wording) is None
