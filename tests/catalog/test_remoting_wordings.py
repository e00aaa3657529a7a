"""The remoting, Arc agent, registration and Azure Local families as the other WinRM clients,
SDKs and tools word their failures (session 6): every wording is written as the cited source
produces it (families.yaml cites each one), not copied from the evaluation corpus; the near
misses around them keep their own answer."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

# ------------------------------------------------------------------------------------------
# When is a certificate failure the WinRM listener's? When a WinRM client made the connection.
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        # ansible lib/ansible/plugins/connection/winrm.py _winrm_connect: "<transport>: <error>"
        # joined by ", " for each pywinrm transport tried, in the UNREACHABLE result's msg
        'node1 | UNREACHABLE! => {"changed": false, "msg": "ssl: [SSL: CERTIFICATE_VERIFY_FAILED] '
        'certificate verify failed: self-signed certificate (_ssl.c:1006)", "unreachable": true}',
        'fatal: [node1]: UNREACHABLE! => {"msg": "ntlm: [SSL: CERTIFICATE_VERIFY_FAILED] certificate '
        "verify failed (_ssl.c:997), basic: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify "
        'failed (_ssl.c:997)"}',
        # the YAML callback renders the same result as "msg: '<transport>: ...'"
        "fatal: [node1]: UNREACHABLE! => changed=false\n  msg: 'credssp: [SSL: CERTIFICATE_VERIFY_FAILED] "
        "certificate verify failed: unable to get local issuer certificate (_ssl.c:1129)'",
        # Python's certificate failure in a run against Windows hosts (a Windows module, the
        # connection variables, the psrp plugin's own failures)
        "$ ansible windows -i inventory.ini -m win_ping\n"
        "node1 | UNREACHABLE! => certificate verify failed (_ssl.c:1129)",
        "TASK [ansible.windows.win_shell] ****\n[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify "
        "failed: unable to get local issuer certificate (_ssl.c:1129)",
        "psrp connection failure during runspace open: [SSL: CERTIFICATE_VERIFY_FAILED] certificate "
        "verify failed: self-signed certificate (_ssl.c:1006)",
        "Failed to connect to the host via PSRP: HTTPSConnectionPool(host='node1', port=443): Max "
        "retries exceeded (Caused by SSLError(SSLCertVerificationError(1, '[SSL: "
        "CERTIFICATE_VERIFY_FAILED] certificate verify failed (_ssl.c:1129)')))",
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed (_ssl.c:1129)\n"
        "group_vars/windows.yml: ansible_winrm_server_cert_validation: validate",
        # Go crypto/x509 at the listener (masterzen/winrm, Packer's WinRM communicator)
        'Post "https://10.0.0.5:5986/wsman": x509: certificate is valid for node1.contoso.com, not '
        "10.0.0.5",
        'Post "https://10.0.0.5:5986/wsman": x509: cannot validate certificate for 10.0.0.5 because '
        "it doesn't contain any IP SANs",
        # OpenJDK PKIX / HostnameChecker (winrm4j, overthere) and Ruby OpenSSL (the WinRM gem)
        "javax.net.ssl.SSLHandshakeException: PKIX path building failed: "
        "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid "
        "certification path to requested target invoking https://node1:5986/wsman",
        "Connecting to https://10.0.0.5:5986/wsman: java.security.cert.CertificateException: No "
        "subject alternative names matching IP address 10.0.0.5 found",
        "OpenSSL::SSL::SSLError: SSL_connect returned=1 errno=0 state=error: certificate verify "
        "failed (self signed certificate) connecting to https://node1:5986/wsman",
        # .NET on the listener's port
        "The SSL connection could not be established. The remote certificate is invalid according "
        "to the validation procedure. (node1:5986)",
    ],
)
def test_a_certificate_failure_of_a_winrm_clients_connection_is_the_listeners(wording):
    assert family_of(wording) == "remoting-certificate"


@pytest.mark.parametrize(
    "wording",
    [
        # pip's own message names "the ssl certificate" before the same Python failure
        "Could not fetch URL https://pypi.org/simple/pywinrm/: There was a problem confirming the "
        "ssl certificate: HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded with "
        "url: /simple/pywinrm/ (Caused by SSLError(SSLCertVerificationError(1, '[SSL: "
        "CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer "
        "certificate (_ssl.c:1129)'))) - skipping",
        # a wheel built for Windows is not a Windows host
        "Downloading pywinrm-0.4.3-py3-none-win_amd64.whl\n[SSL: CERTIFICATE_VERIFY_FAILED] "
        "certificate verify failed (_ssl.c:1129)",
        # Ansible's uri module on the controller: an HTTPS service, not a WinRM listener
        'fatal: [localhost]: FAILED! => {"changed": false, "msg": "Status code was -1 and not [200]: '
        "Request failed: <urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed "
        '(_ssl.c:1129)>", "url": "https://management.azure.com/"}',
        # Go's trust failure on another service
        'Get "https://management.azure.com/subscriptions": x509: certificate is valid for '
        "fw.contoso.com, not management.azure.com",
    ],
)
def test_the_same_certificate_failure_elsewhere_stays_a_tls_trust_failure(wording):
    assert family_of(wording) == "tls-untrusted"


# ------------------------------------------------------------------------------------------
# Kerberos through GSS-API at a WinRM endpoint
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        # the Ruby gssapi gem's GssApiError (the WinRM gem's kerberos transport: Bolt, Vagrant,
        # test-kitchen), with MIT krb5's KRB5KRB_AP_ERR_MODIFIED and KRB5_REALM_UNKNOWN minors
        "Failed to connect to http://node1.contoso.com:5985/wsman: gss_init_sec_context did not "
        "return GSS_S_COMPLETE: Unspecified GSS failure.  Minor code may provide more information\n"
        "Message stream modified",
        "GSSAPI::GssApiError: gss_init_sec_context did not return GSS_S_COMPLETE: Unspecified GSS "
        "failure.  Minor code may provide more information\nCannot find KDC for realm "
        '"CONTOSO.COM"\nwhile opening a WinRM shell on node1',
        # pykerberos through pywinrm's kerberos transport, as Ansible prints it
        'node1 | UNREACHABLE! => {"msg": "kerberos: authGSSClientStep() failed: ((\'Unspecified '
        "GSS failure.  Minor code may provide more information', 851968), ('Cannot contact any KDC "
        "for realm \\'CONTOSO.COM\\'', -1765328228)) at https://node1:5986/wsman\"}",
        # ansible winrm.py _kerb_auth: kinit's own failure
        'node1 | UNREACHABLE! => {"msg": "Kerberos auth failure: kinit: Cannot find KDC for realm '
        '\\"CONTOSO.COM\\" while getting initial credentials"}',
        'node1 | UNREACHABLE! => {"msg": "Kerberos auth failure for principal admin@CONTOSO.COM with '
        'subprocess: kinit: Preauthentication failed while getting initial credentials"}',
    ],
)
def test_a_gss_api_failure_of_a_winrm_connection_is_kerberos_to_the_node(wording):
    assert family_of(wording) == "remoting-kerberos"


def test_a_gss_api_failure_outside_winrm_is_not_kerberos_to_a_node():
    # PostgreSQL's libpq GSSAPI error: the same MIT wrapper, another service
    wording = (
        "psql: error: GSSAPI continuation error: Unspecified GSS failure.  Minor code may provide "
        "more information"
    )
    assert family_of(wording) is None


def test_a_kerberos_failure_whose_minor_message_is_the_clock_is_the_clock():
    # RFC 4120 KRB_AP_ERR_SKEW inside the gssapi gem's error at a WinRM endpoint
    wording = (
        "Failed to connect to http://node1.contoso.com:5985/wsman: gss_init_sec_context did not "
        "return GSS_S_COMPLETE: Unspecified GSS failure.  Minor code may provide more information\n"
        "Clock skew too great"
    )
    assert family_of(wording) == "token-time"


# ------------------------------------------------------------------------------------------
# Other WinRM clients' words for an unreachable listener, a refused account, a quota
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Go's connectex with Winsock's WSAETIMEDOUT at the WinRM port (masterzen/winrm on Windows)
        (
            'unknown error Post "http://10.0.0.5:5985/wsman": dial tcp 10.0.0.5:5985: connectex: A '
            "connection attempt failed because the connected party did not properly respond after a "
            "period of time, or established connection failed because connected host has failed to "
            "respond.",
            "remoting-unreachable",
        ),
        # Packer's WinRM communicator
        ("==> vsphere-iso.windows: Timeout waiting for WinRM.", "remoting-unreachable"),
        # the OMI client of PowerShell on Linux (microsoft/omi httpclient.c CONNECT_ERROR)
        (
            "New-PSSession : [node1] Connecting to remote server node1 failed with the following "
            "error message : Could not connect For more information, see the "
            "about_Remote_Troubleshooting Help topic.",
            "remoting-unreachable",
        ),
        # the same client's GSS authentication refused (omi httpclientauth.c _ReportError)
        (
            "Enter-PSSession : Connecting to remote server node1 failed with the following error "
            "message : Authorization failed Unspecified GSS failure.  Minor code may provide more "
            "information",
            "remoting-access-denied",
        ),
        (
            "Invoke-Command : Connecting to remote server node1 failed with the following error "
            "message : Access Denied For more information, see the about_Remote_Troubleshooting "
            "Help topic.",
            "remoting-access-denied",
        ),
        # masterzen/winrm http.go: the 401's non-SOAP body
        (
            "==> amazon-ebs: [ERROR] WinRM connection err: http response error: 401 - invalid "
            "content type",
            "remoting-access-denied",
        ),
        # ERROR_COMMITMENT_LIMIT 1455 and Ruby's NoMemoryError inside a WinRM shell
        (
            "winrs -r:node1 msiexec /i agent.msi\nThe paging file is too small for this operation to "
            "complete.",
            "remoting-quota",
        ),
        (
            "Invoke-Command -ComputerName node1 -ScriptBlock { chef-client -z }\n[FATAL] "
            "NoMemoryError: failed to allocate memory",
            "remoting-quota",
        ),
    ],
)
def test_another_winrm_clients_wording_names_its_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # the OMI client's own limits: MI_RESULT_ACCESS_DENIED for WinRM remoting to localhost from
        # Linux (no WinRM service there; PowerShell/PowerShell issue 2513) and Basic with a
        # machine-qualified name are not the node's account. (The same code for a session to another
        # computer is the logon refused, remoting-access-denied since session 10 cycle H: issues 6647,
        # 7425; the case here first had no computer at all, which is now read that way)
        "Invoke-Command -ComputerName localhost -ScriptBlock {$PSVersionTable}\n"
        "Invoke-Command : MI_RESULT_ACCESS_DENIED\n+ CategoryInfo : InvalidOperation: (:) "
        "[Invoke-Command], PSInvalidOperationException",
        "New-PSSession : [node1] Connecting to remote server node1 failed with the following error "
        "message : Basic Authorization failed for user admin@node1",
        # out of memory with no WinRM shell in sight
        "The paging file is too small for this operation to complete.",
        "[FATAL] NoMemoryError: failed to allocate memory",
    ],
)
def test_near_misses_of_the_other_winrm_clients_name_no_remoting_family(wording):
    assert family_of(wording) is None


def test_a_connection_timeout_at_another_port_stays_the_networks():
    wording = (
        'Get "https://management.azure.com/": dial tcp 20.0.0.1:443: connectex: A connection '
        "attempt failed because the connected party did not properly respond after a period of time"
    )
    assert family_of(wording) == "network-timeout"


@pytest.mark.parametrize(
    "wording",
    [
        # the known-issues page's wording and the service's own (without "the")
        "Mandatory extension [Lcm controller] installed version [30.2503.0.907] is not equal to "
        "the required version [30.2411.2.789] for Arc machine [node1].",
        "Mandatory extension [LcmController] installed version [30.2506.0.10] is not equal to "
        "required version [30.2505.0.961] for ARC machine [node2]. Please create EdgeDevice "
        "resource again for this machine to fix the issue.",
    ],
)
def test_a_mandatory_extensions_version_mismatch_is_the_arc_extension(wording):
    assert family_of(wording) == "arc-extension"


# ------------------------------------------------------------------------------------------
# Vagrant's and the Java (Apache CXF) WinRM clients' words
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # hashicorp/vagrant templates/locales/comm_winrm.yml
        (
            "Vagrant timed out while attempting to connect via WinRM. This usually means that the "
            "VM booted, but there are issues with the WinRM configuration or network connectivity "
            "issues. Please try to `vagrant reload` or `vagrant up` again.",
            "remoting-unreachable",
        ),
        (
            "WinRM connection was refused! This usually happens if the VM failed to boot properly.",
            "remoting-unreachable",
        ),
        (
            "The WinRM connection was unexpectedly closed by the remote end. This usually indicates "
            "that WinRM within the guest machine was unable to properly start up.",
            "remoting-unreachable",
        ),
        (
            "The box is not able to report an address for WinRM to connect to yet. WinRM cannot "
            "access this Vagrant environment.",
            "remoting-unreachable",
        ),
        (
            "An authorization error occurred while connecting to WinRM.\n\nUser: vagrant\n"
            "Endpoint: http://127.0.0.1:55985/wsman\nMessage: HTTPClient::BadResponseError",
            "remoting-access-denied",
        ),
        (
            "An SSL error occurred while connecting to WinRM. This usually occurs when you are using "
            "a self-signed certificate and have not set the WinRM `ssl_peer_verification` config "
            "setting to false.\n\nMessage: SSL_connect returned=1 errno=0 state=error: certificate "
            "verify failed",
            "remoting-certificate",
        ),
        # Apache CXF's HTTPConduit under winrm4j
        (
            "org.apache.cxf.transport.http.HTTPException: HTTP response '401: Unauthorized' when "
            "communicating with https://node1.contoso.com:5986/wsman",
            "remoting-access-denied",
        ),
        (
            "org.apache.cxf.transport.http.HTTPException: HTTP response '404: Not Found' when "
            "communicating with http://node1.contoso.com:5985/wsman",
            "remoting-unreachable",
        ),
    ],
)
def test_vagrants_and_the_java_clients_winrm_wordings_name_their_family(wording, family):
    assert family_of(wording) == family


def test_cxfs_http_status_elsewhere_is_no_winrm_family():
    wording = (
        "org.apache.cxf.transport.http.HTTPException: HTTP response '401: Unauthorized' when "
        "communicating with https://erp.contoso.com/soap/OrderService"
    )
    assert (family_of(wording) or "").startswith("remoting-") is False


# ------------------------------------------------------------------------------------------
# The Connected Machine agent's own services and its need for root
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        # the MSI's custom action reporting the Service Control Manager's refusal
        "WixQuietExec64:  WARNING: Service 'Guest Configuration Extension Service (ExtensionService)' "
        "cannot be started due to the following error: Cannot start service ExtensionService on "
        "computer '.'.",
        "The Azure Hybrid Instance Metadata Service service terminated unexpectedly.  It has done "
        "this 3 time(s).",
        # systemd
        "Job for himdsd.service failed because the control process exited with error code.\nSee "
        '"systemctl status himdsd.service" and "journalctl -xe" for details.',
        "systemd[1]: arcproxyd.service: Failed with result 'exit-code'.",
        "systemd[1]: Failed to start Azure Hybrid Instance Metadata Service.",
        # the agent's wrapper without root (AZCM0018's class)
        "You must be root to execute /opt/azcmagent/bin/azcmagent",
    ],
)
def test_the_agents_services_failing_or_a_command_without_root_is_the_arc_agent(wording):
    assert family_of(wording) == "arc-agent"


@pytest.mark.parametrize(
    "wording",
    [
        # another product's service, and root needed by another script
        "The Print Spooler service terminated unexpectedly.  It has done this 1 time(s).",
        "You must be root to execute this script. Exiting...",
        # the agent's services running is no failure
        "Guest Configuration Arc Service (GCArcService) is running.",
    ],
)
def test_near_misses_of_the_agents_services_name_no_family(wording):
    assert family_of(wording) is None


# ------------------------------------------------------------------------------------------
# Azure Local: more validator Details, the update's prerequisites and its orchestration
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        # TSG/EnvironmentValidator/Networking (other nodes, adapters and addresses than the TSGs')
        "hci-n2 (1/2 checks passed): vStorage(slot 3)[169.254.10.2] to hci-n1/vStorage(slot 3)"
        "[169.254.10.1] = FAIL",
        "HCI-N1 (0/2 adapters passed):  NIC1 [Microsoft], NIC2 [Microsoft]. No adapters should use "
        "inbox (Microsoft or Windows) drivers.",
        "Multiple default gateways found on HCI-N2: 10.10.0.1, 172.16.0.1. There should be only one "
        "default gateway defined on the server.",
        "Storage Adapter VMSwitch configurations differ between nodes: hci-n1 (slot 3) has VMSwitch "
        "[s1], hci-n2 (slot 3) has no VMSwitch assigned.",
        "ERROR: External VMSwitch ComputeSwitch(vms) is not having any VMNetworkAdapter attached to "
        "it.",
        "ERROR: Cannot find valid advanced property VlanId for adapter 'slot 4'",
        # TSG/EnvironmentValidator/SLB
        "Status: Failure Message: No Public VIP networks found in configuration.",
        "The property [EndIPAddress] [10.20.0.300] is not in the subnet [10.20.0.0/24]",
        "No NC logical networks found for HNVPA",
        "BGP Peer [172.16.0.1] is not reachable. Please check the network connectivity.",
        # TSG/EnvironmentValidator/Troubleshooting-Test-PhysicalDisk-API.md
        "Total number of PhysicalDisk '2'. Expected at least '3'",
        # TSG/Update and TSG/LCM
        "Known incompatible Azure CLI extensions detected: hybridaks, connectedmachine.",
        "Action plan GetCauDeviceInfo ID 5f0c8e1a failed with state: Failed",
        "CAU Run failed. The latest cluster update status is 'PartiallyFailed'. The node 'HCI-N2' "
        "failed to update.",
        "Azure Stack HCI Update Service: Memory Error Limit Reached, terminating process. Current "
        "private memory usage = 4400000000 bytes, memory limit = 4294967296 bytes.",
    ],
)
def test_more_of_azure_locals_validator_and_update_wordings_name_azure_local(wording):
    assert family_of(wording) == "azure-local-lifecycle"


@pytest.mark.parametrize(
    "wording",
    [
        # the same summaries when every check passed, and the optional private VIP network skipped
        "hci-n1 (2/2 checks passed): vStorage(slot 3)[169.254.10.1] to hci-n2/vStorage(slot 3)"
        "[169.254.10.2] = PASS",
        "Message: No Private VIP networks found in configuration. Skipping Private VIP validation.",
        "The latest cluster update status is 'Succeeded'.",
        "Action plan GetCauDeviceInfo ID 5f0c8e1a completed with state: Completed",
    ],
)
def test_near_misses_of_azure_locals_validator_and_update_wordings_name_no_family(wording):
    assert family_of(wording) is None


# ------------------------------------------------------------------------------------------
# pypsrp's and Ansible's other renderings, more WS-Management quota codes, SSPI codes
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # jborean93/pypsrp exceptions.py WinRMTransportError
        (
            "pypsrp.exceptions.WinRMTransportError: Bad HTTP response returned from the server. "
            "Code: 401, Content: ''",
            "remoting-access-denied",
        ),
        (
            "pypsrp.exceptions.WinRMTransportError: Bad HTTP response returned from the server. "
            "Code: 404, Content: ''",
            "remoting-unreachable",
        ),
        # ansible winrm.py _winrm_connect and the docs' "Timeout Errors"
        (
            'win1 | UNREACHABLE! => {\n    "changed": false,\n    "msg": "the connection attempt '
            'timed out",\n    "unreachable": true\n}',
            "remoting-unreachable",
        ),
        # a read timeout at the WinRM port came after the listener accepted the connection (urllib3
        # raises ReadTimeoutError only on a connected socket): the request's timeout, not an
        # unreachable listener (session 8 decided it from pywinrm / urllib3; families.yaml
        # remoting-unreachable, "Connect vs read at the WinRM ports"); this case said
        # remoting-unreachable until then
        (
            'fatal: [win1]: UNREACHABLE! => {"msg": "ntlm: HTTPConnectionPool(host=\'10.0.0.5\', '
            'port=5985): Read timed out. (read timeout=30)"}',
            "network-timeout",
        ),
        # masterzen/winrm's other 401 rendering (Terraform's WinRM communicator)
        ("Error: timeout - last error: winrm: http error 401: ", "remoting-access-denied"),
        # the per-plugin quota codes (wsmerror.h, PowerShell's CimChildJobBase.cs) and the
        # system quota's later wording
        (
            '<f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" '
            'Code="2150859236" Machine="node1"><f:Message>The WS-Management service cannot '
            "process the request.</f:Message></f:WSManFault>",
            "remoting-quota",
        ),
        (
            "Connecting to remote server node1 failed with the following error message : The "
            "WS-Management service cannot process the request. The system load quota of 1000 "
            "requests per 2 seconds has been exceeded. Send future requests at a slower rate or "
            "raise the system quota.",
            "remoting-quota",
        ),
        # winerror.h SSPI codes in the WinRM client's authentication error
        (
            "Connecting to remote server node1 failed with the following error message : WinRM "
            "cannot process the request. The following error with errorcode 0x80090350 occurred "
            "while using Negotiate authentication: An unknown security error occurred.",
            "remoting-kerberos",
        ),
        (
            "Connecting to remote server node1 failed with the following error message : WinRM "
            "cannot process the request. The following error with errorcode 0x80090311 occurred "
            "while using Negotiate authentication: No authority could be contacted for "
            "authentication.",
            "remoting-kerberos",
        ),
        # OpenJDK JGSS at a WinRM endpoint (overthere, winrm4j)
        (
            "GSSException: No valid credentials provided (Mechanism level: Failed to find any "
            "Kerberos tgt) while connecting to https://node1.contoso.com:5986/wsman",
            "remoting-kerberos",
        ),
    ],
)
def test_more_winrm_client_renderings_name_their_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # the same generic words without a WinRM endpoint or client
        "the connection attempt timed out",
        "requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='storage.contoso.com', "
        "port=443): Read timed out. (read timeout=30)",
        "Error: http error 401: unauthorized",
    ],
)
def test_near_misses_of_the_other_winrm_renderings_name_no_remoting_family(wording):
    assert not (family_of(wording) or "").startswith("remoting-")


# ------------------------------------------------------------------------------------------
# The Arc agent's extension manager reporting an extension's failure
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        # azure-docs articles/azure-arc/servers/troubleshoot-vm-extensions.md (another extension,
        # exit code and machine than the page's example)
        "az connectedmachine extension create --machine-name node2 ... Extension failed to "
        "install. Extension returned non-zero exit code for Install: 52. Extension error output: "
        "missing dependency",
        "gc_ext.log on the Arc-enabled server: HandlerManifest.json file does not exist for "
        "extension AzureMonitorLinuxAgent",
    ],
)
def test_the_arc_extension_managers_wordings_name_the_arc_extension(wording):
    assert family_of(wording) == "arc-extension"


@pytest.mark.parametrize(
    "wording",
    [
        # the same words on an Azure VM's guest agent. (The bare wording with no Arc word in the
        # text was a guard here until session 10: the Azure VM guest agents word a non-zero exit
        # "[ExtensionOperationError] Non-zero exit code: <n>, <command>" (WALinuxAgent
        # extensionprocessutil.py), so this wording is the Arc extension manager's own and names
        # the family by itself: test_arc_extension_manager_and_hybrid_worker_wordings.py)
        "Guest configuration extension on the VM: Extension returned non-zero exit code for "
        "Install: 1. /var/lib/waagent/Microsoft.GuestConfiguration.ConfigurationforLinux-1.26.96/"
        "gc_extension.py install",
    ],
)
def test_the_same_words_off_an_arc_machine_are_no_arc_extension(wording):
    assert family_of(wording) != "arc-extension"


# ------------------------------------------------------------------------------------------
# TrustedHosts named without its failure, and the local WSMan: drive's elevation
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        # a listing of the setting (Get-Item on the local WSMan: drive) reports no failure
        "PS C:\\> Get-Item WSMan:\\localhost\\Client\\TrustedHosts\n\n   WSManConfig: "
        "Microsoft.WSMan.Management\\WSMan::localhost\\Client\n\nType            Name          "
        "SourceOfValue   Value\n----            ----          -------------   -----\n"
        "System.String   TrustedHosts                  node1,node2",
        # about_Remote_Troubleshooting, "How to run as administrator": the local drive needs an
        # elevated session
        "Set-Item : Access is denied.\nAt line:1 char:1\n+ Set-Item "
        "WSMan:\\localhost\\Client\\TrustedHosts -Value 'node1' -Force\n    + CategoryInfo          "
        ": NotSpecified: (:) [Set-Item], InvalidOperationException",
        "ERROR: Access is denied. You need to run this cmdlet from an elevated process.",
    ],
)
def test_trustedhosts_named_without_its_failure_is_no_remoting_family(wording):
    assert family_of(wording) is None


def test_trustedhosts_locked_by_a_group_policy_is_trustedhosts():
    # TSG/Upgrade/Known-issue-Solution-upgrade-failed-at-SetTrustedHost-step.md, said by
    # Set-Item itself (the WinRM message) rather than the upgrade step that wraps it
    wording = (
        "Set-Item : The config setting TrustedHosts cannot be changed because is controlled by "
        'policies. The policy would need to be set to "Not Configured" in order to change the '
        "config setting."
    )
    assert family_of(wording) == "remoting-trustedhosts"


def test_a_remote_sessions_access_denied_is_still_the_accounts():
    wording = (
        "New-PSSession : [node1] Connecting to remote server node1 failed with the following "
        "error message : Access is denied. For more information, see the "
        "about_Remote_Troubleshooting Help topic."
    )
    assert family_of(wording) == "remoting-access-denied"


# ------------------------------------------------------------------------------------------
# Listings that name a family's subject without a failure
# ------------------------------------------------------------------------------------------


def test_a_quota_listing_without_a_failure_names_no_family():
    # winrm get winrm/config/winrs: the quota's settings, nothing exhausted
    wording = (
        "Winrs\n    AllowRemoteShellAccess = true\n    IdleTimeout = 7200000\n    "
        "MaxConcurrentUsers = 2147483647\n    MaxShellRunTime = 2147483647\n    "
        "MaxMemoryPerShellMB = 2147483647\n    MaxShellsPerUser = 2147483647"
    )
    assert family_of(wording) is None


def test_the_memory_quota_named_in_a_failure_is_still_the_quota():
    wording = (
        "Processing data for a remote command failed with the following error message: The "
        "WSMan provider host process did not return a proper response. MaxMemoryPerShellMB "
        "was reached."
    )
    assert family_of(wording) == "remoting-quota"


# ------------------------------------------------------------------------------------------
# Puppet Bolt's WinRM transport (lib/bolt/transport/winrm/connection.rb)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            "Failed on winrm://node2.contoso.com:\n  Authentication failed for "
            "http://node2.contoso.com:5985/wsman",
            "remoting-access-denied",
        ),
        # TLS spoken to the plain-HTTP listener, with and without Bolt's hint
        (
            "Failed to connect to https://node2:5985/wsman: SSL_connect returned=1 errno=0 "
            "state=error: wrong version number\nAre you using SSL to connect to a non-SSL port?",
            "remoting-unreachable",
        ),
        (
            "Failed to connect to https://node2:5985/wsman: SSL_connect returned=1 errno=0 "
            "state=SSLv2/v3 read server hello A: unknown protocol",
            "remoting-unreachable",
        ),
    ],
)
def test_bolts_winrm_transport_wordings_name_their_family(wording, family):
    assert family_of(wording) == family


def test_tls_spoken_to_a_plain_http_port_elsewhere_is_not_the_winrm_listener():
    wording = (
        "Failed to connect to https://api.contoso.com:80/v1: SSL_connect returned=1 errno=0 "
        "state=error: wrong version number"
    )
    assert family_of(wording) != "remoting-unreachable"


# ------------------------------------------------------------------------------------------
# A solution update in a failed state (Get-SolutionUpdate, Get-SolutionUpdateRun, ARM's enum)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "PS C:\\> Get-SolutionUpdate | ft Version,State\n\nVersion         State\n-------         -----\n"
        "11.2506.1001.26 InstallationFailed",
        "Version       : 10.2408.0.29\nState         : DownloadFailed",
        '{ "name": "Solution10.2411.1.10", "properties": { "state": "PreparationFailed" } }',
        "ResourceId      : hci01/Solution11.2504.1001.19/0f6c5f2e-8d1a-4f7b-9c3e-2a1b3c4d5e6f\n"
        "Progress        : Microsoft.AzureStack.Services.Update.ResourceProvider.UpdateService."
        "Models.Step\nState           : Failed",
        "Solution Builder extension is partially installed. Please install the latest Solution "
        "Builder Extension provided by your hardware vendor.",
    ],
)
def test_a_solution_update_in_a_failed_state_is_azure_local(wording):
    assert family_of(wording) == "azure-local-lifecycle"


@pytest.mark.parametrize(
    "wording",
    [
        "Version         State\n-------         -----\n11.2506.1001.26 Installed",
        "ResourceId      : hci01/Solution11.2504.1001.19/0f6c5f2e-8d1a-4f7b-9c3e-2a1b3c4d5e6f\n"
        "State           : Succeeded",
    ],
)
def test_a_solution_update_that_installed_names_no_family(wording):
    assert family_of(wording) is None


def test_the_agents_windows_installation_failing_is_the_arc_agent():
    # the installation script's msiexec failure and the installationlog.txt of AZCM0156
    wording = (
        "VERBOSE: Installing agent package\nInstallation failed: [1618]: Another installation is "
        "already in progress. See C:\\Windows\\Temp\\installationlog.txt for additional details."
    )
    assert family_of(wording) == "arc-agent"


def test_another_products_installation_failing_is_not_the_arc_agent():
    wording = "Installation failed: [1603]: Fatal error during installation of SQL Server."
    assert family_of(wording) != "arc-agent"


def test_an_unknown_security_error_of_a_remote_connection_is_kerberos_to_the_node():
    # TSG/LCM/access-denied-lcm-user.md "Invoke-Command fails with Unknown Security Error": a
    # WSMAN/<cluster> SPN on the cluster name object (here with the message's usual spelling)
    wording = (
        "Invoke-Command : Connecting to remote server hci-cl01 failed with the following error "
        "message : An unknown security error occurred. For more information, see the "
        "about_Remote_Troubleshooting Help topic."
    )
    assert family_of(wording) == "remoting-kerberos"


def test_credentials_the_security_package_did_not_recognise_are_the_account():
    # winerror.h SEC_E_UNKNOWN_CREDENTIALS in the WinRM client's Negotiate error
    wording = (
        "Enter-PSSession : Connecting to remote server hci-n3 failed with the following error "
        "message : WinRM cannot process the request. The following error with errorcode "
        "0x8009030d occurred while using Negotiate authentication: The credentials supplied to "
        "the package were not recognized"
    )
    assert family_of(wording) == "remoting-access-denied"


def test_the_same_security_package_error_without_a_remote_session_is_no_remoting_family():
    wording = "SSPI handshake failed: The credentials supplied to the package were not recognized"
    assert not (family_of(wording) or "").startswith("remoting-")


# ------------------------------------------------------------------------------------------
# Session 6, second round: an environment validator's record that passed is no failure.
# ------------------------------------------------------------------------------------------

# The validators' result record (Azure/AzureLocal-Supportability @2f67159f90b6
# TSG/EnvironmentValidator/Networking/*.md): Name, Status, TargetResourceID/Name/Type,
# AdditionalData.Detail "[PASS] ..." / "[FAIL] ...". A run prints every validator, passed ones too.
_PASSED_FORMAT_LIST = (
    "Name               : AzureLocal_Network_Test_NetworkAdapter_DriverConsistency\n"
    "Title              : Validate that Network Intent Adapters use consistent driver versions\n"
    "Status             : SUCCESS\n"
    "Severity           : CRITICAL\n"
    "TargetResourceID   : ManagementCompute Intent\n"
    "TargetResourceName : ManagementCompute Intent\n"
    "TargetResourceType : Network Intent Adapters"
)
_PASSED_JSON = (
    '{"Name": "AzureLocal_Network_Test_ManagementAdapterReadiness", "Status": "SUCCESS",\n'
    ' "TargetResourceID": "NODE1", "TargetResourceName": "NODE1", "TargetResourceType": "Adapter",\n'
    ' "AdditionalData": {"Detail": "1) [PASS] Adapter [Ethernet] has IPs configured with '
    'expected PrefixOrigin [Manual]", "Status": "SUCCESS"}}'
)
_FAILED_JSON = (
    '{"Name": "AzureLocal_Network_Test_NetworkAdapter_DriverConsistency", "Status": 1,\n'
    ' "TargetResourceID": "Compute Intent", "TargetResourceName": "Compute Intent",\n'
    ' "AdditionalData": {"Detail": "[FAIL] Compute Intent uses multiple driver versions: '
    '[Adapter Not Found] (NODE1/ethernet)", "Status": "FAILURE"}}'
)


# AzStackHci.EnvironmentChecker's HealthModel documents Status as "Failed, Succeeded, In Progress"
_PASSED_SUCCEEDED = _PASSED_FORMAT_LIST.replace("SUCCESS", "Succeeded")


@pytest.mark.parametrize("record", [_PASSED_FORMAT_LIST, _PASSED_JSON, _PASSED_SUCCEEDED])
def test_a_validator_record_that_passed_is_no_lifecycle_failure(record):
    assert family_of(record) is None


def test_a_validator_run_with_one_failed_record_among_passed_ones_is_the_lifecycle():
    assert family_of(_PASSED_JSON + "\n" + _FAILED_JSON) == "azure-local-lifecycle"


def test_a_record_whose_numeric_status_disagrees_with_its_failed_detail_is_the_lifecycle():
    # Troubleshoot-Network-Test-NetworkAdapter-DriverConsistency.md prints "Status": 0 beside an
    # AdditionalData Status "FAILURE": a number alone never says the record passed
    record = _FAILED_JSON.replace('"Status": 1', '"Status": 0')
    assert family_of(record) == "azure-local-lifecycle"


# The agent error-code table as today's page gives it (MicrosoftDocs/azure-docs
# troubleshoot-agent-onboard.md @b110c3104272): the codes the agent and its installers print
@pytest.mark.parametrize(
    "wording",
    [
        'time="2025-06-01T10:00:00Z" level=fatal msg="AZCM0045: Failed to update the service with '
        'the new public key to reconnect"',
        "FATAL   AZCM0004: The Azure Arc proxy service isn't running",
        "Error: AZCM0020: An unknown region was specified: 'eastus3'",
        "Installation failed: AZCM0159: Another installation is already in progress",
        "AZCM0028: Failed to open the TPM device",
    ],
)
def test_the_agents_newer_error_codes_name_the_arc_agent(wording):
    assert family_of(wording) == "arc-agent"


# How the registration's state shows when it is not valid: Get-AzureStackHCI's RegistrationStatus /
# ConnectionStatus (MicrosoftDocs/azure-stack-docs azure-stack/hci/manage/manage-cluster-registration.md),
# the cluster resource's status / connectivityStatus (Azure.ResourceManager.Hci HciClusterStatus,
# HciClusterConnectivityStatus), Test-AzStackHCIConnection's result and the module's own wrapper
# (Azure/azure-powershell StackHCI stackhci.ps1)
@pytest.mark.parametrize(
    "wording",
    [
        "PS C:\\> Get-AzureStackHCI\n\nClusterStatus      : Clustered\nRegistrationStatus : NotYet\n"
        "RegistrationDate   :\nAzureResourceName  :\nConnectionStatus   :",
        "ClusterStatus      : Clustered\nRegistrationStatus : Registered\n"
        "RegistrationDate   : 1/10/2025 9:12:45 AM\nAzureResourceName  : hci-clus01\n"
        "ConnectionStatus   : Disconnected\nLastConnected      : 11/2/2025 4:01:10 AM",
        '{"id": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.AzureStackHCI/clusters/c1",\n'
        ' "properties": {"provisioningState": "Succeeded", "status": "NotConnectedRecently",\n'
        ' "lastSyncTimestamp": "2025-10-01T08:00:00Z"}}',
        '{"type": "Microsoft.AzureStackHCI/clusters", "name": "c1", "properties": {\n'
        '  "connectivityStatus": "Disconnected", "lastSyncTimestamp": "2025-10-01T08:00:00Z"}}',
        "Test           : Connect to Azure Stack HCI Service\n"
        "EndpointTested : https://azurestackhci.azurefd.net/health\nIsRequired     : True\n"
        "Result         : Failed\nFailedNodes    : {NODE1, NODE2}",
        "Exception occured in Unregister-AzStackHCI : At C:\\Program Files\\WindowsPowerShell\\Modules"
        "\\Az.StackHCI\\1.4.1\\StackHCI.psm1:1893 char:17",
        "WARNING: Failed to create ARM resource representing the cluster. StatusCode: 500, "
        "ErrorCode: InternalServerError, Details: {}",
    ],
)
def test_a_registration_or_connection_that_is_not_valid_is_hci_registration(wording):
    assert family_of(wording) == "hci-registration"


@pytest.mark.parametrize(
    "wording",
    [
        # Get-VpnConnection prints a ConnectionStatus too
        "Name             : Contoso VPN\nServerAddress    : vpn.contoso.com\n"
        "ConnectionStatus : Disconnected",
        # an Arc-enabled server's resource (Microsoft.HybridCompute/machines) has its own status
        '{"type": "Microsoft.HybridCompute/machines", "name": "node1", "properties": {\n'
        '  "status": "Disconnected", "lastStatusChange": "2025-10-01T08:00:00Z"}}',
        "ClusterStatus      : Clustered\nRegistrationStatus : Registered\n"
        "ConnectionStatus   : Connected\nLastConnected      : 12/6/2025 4:01:10 AM",
        "Test           : Connect to Azure Stack HCI Service\n"
        "EndpointTested : https://azurestackhci.azurefd.net/health\nIsRequired     : True\n"
        "Result         : Succeeded",
    ],
)
def test_a_connected_registration_and_other_connection_states_are_not_hci_registration(wording):
    assert family_of(wording) != "hci-registration"


# TrustedHosts in a remote session's failure in another language: the message is translated, the
# setting's name, the cmdlet's name and the error record's identifiers are not (the German and
# Japanese sentence fragments as users of localized Windows quote them in public repositories; no
# localized Microsoft page quotes WinRM's own message)
@pytest.mark.parametrize(
    "wording",
    [
        "Enter-PSSession : Fehler beim Verbinden mit dem Remoteserver 192.168.0.3. Folgende "
        "Fehlermeldung wird ausgegeben: Der WinRM-Client kann die Anforderung nicht verarbeiten. "
        "... der Zielcomputer muss der TrustedHosts-Konfigurationseinstellung hinzugefügt werden.\n"
        "In Zeile:1 Zeichen:1\n+ Enter-PSSession -ComputerName 192.168.0.3\n"
        "    + CategoryInfo          : InvalidArgument: (192.168.0.3:String) [Enter-PSSession], "
        "PSRemotingTransportException\n"
        "    + FullyQualifiedErrorId : CreateRemoteRunspaceFailed",
        "Enter-PSSession : リモート サーバー WIN-HOST への接続に失敗しました。"
        "TrustedHosts 構成設定に追加されている必要があります。\n"
        "    + CategoryInfo          : InvalidArgument: (WIN-HOST:String) [Enter-PSSession], "
        "PSRemotingTransportException\n"
        "    + FullyQualifiedErrorId : CreateRemoteRunspaceFailed",
    ],
)
def test_trustedhosts_in_a_localized_remote_session_failure_is_trustedhosts(wording):
    assert family_of(wording) == "remoting-trustedhosts"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # the Kerberos failure's own advice names "the WinRM TrustedHosts configuration setting"
        (
            "Enter-PSSession : Connecting to remote server hci-n1 failed with the following error "
            "message : WinRM cannot process the request. The following error with errorcode "
            "0x80090311 occurred while using Kerberos authentication: There are currently no logon "
            "servers available to service the logon request. ... Change the authentication method; "
            "add the destination computer to the WinRM TrustedHosts configuration setting or use "
            "HTTPS transport.\n    + CategoryInfo : InvalidArgument: (hci-n1:String) "
            "[Enter-PSSession], PSRemotingTransportException",
            "remoting-kerberos",
        ),
        # a TrustedHosts command typed before another failure
        (
            "PS> Set-Item WSMan:\\localhost\\Client\\TrustedHosts -Value hci-n1 -Force\n"
            "PS> Enter-PSSession hci-n1 -Credential $c\n"
            "Enter-PSSession : Connecting to remote server hci-n1 failed with the following error "
            "message : Access is denied. For more information, see the about_Remote_Troubleshooting "
            "Help topic.\n    + CategoryInfo : InvalidArgument: (hci-n1:String) [Enter-PSSession], "
            "PSRemotingTransportException",
            "remoting-access-denied",
        ),
    ],
)
def test_trustedhosts_beside_another_remote_failure_keeps_that_failure(wording, family):
    assert family_of(wording) == family


# Access is denied (ERROR_ACCESS_DENIED) as a localized Windows prints it inside a remote session's
# failure record: MicrosoftDocs/win32-pr.de-de and win32-pr.pt-br desktop-src/Debug/
# system-error-codes--0-499-.md give its German and Brazilian Portuguese text
@pytest.mark.parametrize(
    "wording",
    [
        'Enter-PSSession : Fehler beim Verbinden mit dem Remoteserver "hci-n1". Folgende '
        "Fehlermeldung wird ausgegeben: Zugriff verweigert Weitere Informationen finden Sie im "
        'Hilfethema "about_Remote_Troubleshooting".\n'
        "    + CategoryInfo          : InvalidArgument: (hci-n1:String) [Enter-PSSession], "
        "PSRemotingTransportException\n    + FullyQualifiedErrorId : CreateRemoteRunspaceFailed",
        "Enter-PSSession : A conexão com o servidor remoto hci-n2 falhou: O acesso foi negado.\n"
        "    + CategoryInfo          : InvalidArgument: (hci-n2:String) [Enter-PSSession], "
        "PSRemotingTransportException\n    + FullyQualifiedErrorId : CreateRemoteRunspaceFailed",
    ],
)
def test_a_localized_access_denied_of_a_remote_session_is_the_account(wording):
    assert family_of(wording) == "remoting-access-denied"


def test_a_localized_access_denied_outside_a_remote_session_is_no_remoting_family():
    wording = "Set-Content : Zugriff verweigert\n    + CategoryInfo : PermissionDenied"
    assert not (family_of(wording) or "").startswith("remoting-")


# An Arc machine's extension resource (Microsoft.HybridCompute/machines/extensions, its
# provisioningState in Azure/azure-rest-api-specs specification/hybridcompute) that failed, as
# az connectedmachine extension show / Get-AzConnectedMachineExtension | ConvertTo-Json print it
_ARC_EXTENSION_JSON = (
    '{"id": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.HybridCompute/machines/'
    'node1/extensions/AzureEdgeTelemetryAndDiagnostics", "name": "AzureEdgeTelemetryAndDiagnostics",'
    '\n "properties": {"provisioningState": "Failed", "instanceView": {"status": {"code": "1", '
    '"level": "Error", "message": "Extension failed to install."}}}}'
)


def test_an_arc_machine_extension_resource_that_failed_is_the_arc_extension():
    assert family_of(_ARC_EXTENSION_JSON) == "arc-extension"


@pytest.mark.parametrize(
    "wording",
    [
        _ARC_EXTENSION_JSON.replace('"Failed"', '"Succeeded"').replace(
            '"level": "Error", "message": "Extension failed to install."',
            '"level": "Information", "message": "Extension installed."',
        ),
        # an Azure VM's extension is the Azure VM guest agent's, not an Arc machine's
        _ARC_EXTENSION_JSON.replace(
            "Microsoft.HybridCompute/machines", "Microsoft.Compute/virtualMachines"
        ),
    ],
)
def test_a_succeeded_or_azure_vm_extension_resource_is_no_arc_extension(wording):
    assert family_of(wording) != "arc-extension"


# ------------------------------------------------------------------------------------------
# Session 7: the twelfth measure set's classes in the remoting, Arc agent and Azure Local
# families, each written from the source that produces the wording (families.yaml cites it).
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        # the agent's managed-identity challenge file (managed-identity-authentication.md): the
        # caller is not in the himds group, as azure-identity (Python) reports it
        "ManagedIdentityCredential: [Errno 13] Permission denied: "
        "'/var/opt/azcmagent/tokens/3f0c2b1e-aaaa-bbbb-cccc-0123456789ab.key'",
        # ... as a Go or Node client reports it
        "open /var/opt/azcmagent/tokens/3f0c2b1e.key: permission denied",
        # the challenge file that is not there, as PowerShell's Get-Content says it
        "Get-Content : Cannot find path 'C:\\ProgramData\\AzureConnectedMachineAgent\\Tokens\\"
        "3f0c2b1e.key' because it does not exist.",
        # .NET's UnauthorizedAccessException for the same file
        "System.UnauthorizedAccessException: Access to the path 'C:\\ProgramData\\"
        "AzureConnectedMachineAgent\\Tokens\\3f0c2b1e.key' is denied.",
    ],
)
def test_a_challenge_token_file_that_cannot_be_read_is_the_arc_agent(wording):
    assert family_of(wording) == "arc-agent"


def test_the_token_folder_named_without_a_failure_is_no_arc_agent_failure():
    # agent-overview.md lists the folder among the installation's folders
    wording = "%ProgramData%\\AzureConnectedMachineAgent\\Tokens | Contains the acquired tokens."
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        # rapid7/metasploit-framework pull 20687 (winrm_login): authenticated, no session right
        "[+] 10.0.0.5:5985 - Login Successful: CONTOSO\\operator:secret\n"
        "[!] Credentials were correct but access is denied for user: operator",
        # the login scanner's refused credential at the WinRM port
        "[-] 10.0.0.5:5985 - LOGIN FAILED: WORKSTATION\\Administrator:Pa55w.rd (Incorrect: )",
        "[-] 10.0.0.5:5986 - LOGIN FAILED: .\\vagrant:vagrant (Incorrect: )",
        # Failover Clustering's Test-Cluster against a node the account does not administer
        "Failed to execute Test-Cluster: You do not have administrative privileges on the server "
        "NODE2",
    ],
)
def test_other_clients_words_for_an_account_the_node_refuses_are_access_denied(wording):
    assert family_of(wording) == "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        # the same login scanner at another service's port is not WinRM's
        "[-] 10.0.0.5:445 - LOGIN FAILED: WORKSTATION\\Administrator:Pa55w.rd (Incorrect: )",
        # ... nor a WinRM port that could not be reached (another status than Incorrect)
        "[-] 10.0.0.5:5985 - LOGIN FAILED: WORKSTATION\\Administrator:Pa55w.rd (Unable to Connect: )",
    ],
)
def test_a_login_scanner_failure_elsewhere_is_no_winrm_access_denied(wording):
    assert family_of(wording) != "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        # de: the wrapper as Microsoft's de-DE TechNet page quotes it, ERROR_ACCESS_DENIED
        'Enter-PSSession : Beim Verbinden mit dem Remoteserver "node1" ist folgender Fehler '
        "aufgetreten: Zugriff verweigert Weitere Informationen finden Sie im Hilfethema "
        '"about_Remote_Troubleshooting".',
        # fr, es, it, pt-BR, zh-TW
        "New-PSSession : [node1] La connexion au serveur distant node1 a échoué avec le message "
        "d'erreur suivant : Accès refusé. Pour plus d'informations, voir la rubrique d'aide "
        "about_Remote_Troubleshooting.",
        "Enter-PSSession : Error al conectarse al servidor remoto node1. Mensaje de error: Acceso "
        "denegado.",
        "Invoke-Command : [node1] Connessione al server remoto node1 non riuscita con il seguente "
        "messaggio di errore: Accesso negato.",
        "New-PSSession : [node1] Falha na conexão ao servidor remoto node1 com a seguinte mensagem "
        "de erro : Acesso negado.",
        "Enter-PSSession : 連線到遠端伺服器 node1 失敗，傳回下列錯誤訊息: 存取被拒。",
    ],
)
def test_a_localized_remote_connection_denied_is_the_account(wording):
    assert family_of(wording) == "remoting-access-denied"


def test_a_localized_remote_connection_failing_for_another_reason_is_not_access_denied():
    # the same German wrapper before the WS-Management service's own refusal of a session
    # configuration it cannot find: no Access is denied in it
    wording = (
        'Beim Verbinden mit dem Remoteserver "admincenter" ist folgender Fehler aufgetreten: Der '
        "WS-Verwaltungsdienst kann die Anforderung nicht verarbeiten. Die "
        "microsoft.sme.powershell-Sitzungskonfiguration kann im WSMan:-Laufwerk auf dem "
        "admincenter-Computer nicht gefunden werden."
    )
    assert family_of(wording) != "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        # wsmerror.h ALLOWFRESHCREDENTIALS in a German Windows, after the remote connection's wrapper
        'Beim Verbinden mit dem Remoteserver "node1" ist folgender Fehler aufgetreten: Die '
        "Anforderung kann vom WinRM-Client nicht verarbeitet werden. Eine Computerrichtlinie "
        "ermöglicht nicht die Delegierung der Benutzeranmeldeinformationen an den Zielcomputer. "
        'Verwenden Sie "gpedit.msc", und betrachten Sie die folgende Richtlinie: '
        "Computerkonfiguration -> Administrative Vorlagen -> System -> Delegierung von "
        "Anmeldeinformationen -> Delegierung von aktuellen Anmeldeinformationen zulassen.",
        # ... as a Hyper-V cmdlet run against the node shows the WinRM client's part only
        'Get-VM : Es konnte keine Verbindung zum Verwaltungsdienst auf Computer "hv1" hergestellt '
        "werden: Die Anforderung kann vom WinRM-Client nicht verarbeitet werden. Eine "
        "Computerrichtlinie ermöglicht nicht die Delegierung der Benutzeranmeldeinformationen an "
        "den Zielcomputer.",
        # Enable-WSManCredSSP refused because a Group Policy controls the setting (WSManFault 2150858890)
        'Enable-WSManCredSSP : <f:WSManFault Code="2150858890"><f:Message>The config setting '
        "CredSSP cannot be changed because is controlled by policies. The policy would need to be "
        'set to "Not Configured" in order to change the config setting.',
        # the English message's policy pointer (wsmerror.h), even when cut before its first sentence
        "... Use gpedit.msc and look at the following policy: Computer Configuration -> "
        "Administrative Templates -> System -> Credentials Delegation -> Allow Delegating Fresh "
        "Credentials. (WinRM)",
    ],
)
def test_credential_delegation_refused_in_other_words_is_credssp(wording):
    assert family_of(wording) == "remoting-credssp"


@pytest.mark.parametrize(
    "wording",
    [
        # Windows Admin Center enabled CredSSP; the error after it is another WinRM failure
        "Could not validate cluster. Error: The workflow to enable CredSSP has been completed, but "
        'there was an error. Beim Verbinden mit dem Remoteserver "admincenter" ist folgender Fehler '
        "aufgetreten: Der WS-Verwaltungsdienst kann die Anforderung nicht verarbeiten. Die "
        "microsoft.sme.powershell-Sitzungskonfiguration kann im WSMan:-Laufwerk auf dem "
        "admincenter-Computer nicht gefunden werden.",
        # a setup guide: the policy to enable, no failure
        "To use CredSSP with WinRM, run Enable-WSManCredSSP -Role Client -DelegateComputer * and "
        "enable the policy Allow Delegating Fresh Credentials with the value WSMAN/*.",
        # the German setup guide (the de-DE Azure Migrate Hyper-V discovery tutorial's steps)
        "Doppelklicken Sie auf **Delegierung von aktuellen Anmeldeinformationen zulassen**, und "
        "wählen Sie **Aktiviert** aus. Fügen Sie jeden Hyper-V-Host mit dem Präfix **wsman/** der "
        "Liste hinzu. Enable-WSManCredSSP -Role Client",
    ],
)
def test_a_text_that_enables_or_describes_credssp_is_no_credssp_failure(wording):
    assert family_of(wording) != "remoting-credssp"


@pytest.mark.parametrize(
    "wording",
    [
        # Known-Issue-SAN-LUN-Visibility-Failure.md, AzureLocal_SAN_Test_LUN_Visibility's Details
        "SAN LUN 'Infrastructure_1' (UniqueId '600a0b800026b2820000a4f') is not visible to node "
        "'NODE2'.",
        "The following SAN LUN(s) are visible but not healthy on this node:\n"
        "ClusterPerformanceHistory (UniqueId '600a0b80') reports HealthStatus 'Warning'.",
    ],
)
def test_a_san_validator_failure_is_the_lifecycle(wording):
    assert family_of(wording) == "azure-local-lifecycle"


def test_the_environment_validators_record_of_a_failed_network_intent_is_the_lifecycle():
    # AzStackHci_Network_Test_Network_Cluster_Intent_Status (TSG/EnvironmentValidator/Networking/
    # Troubleshoot-Network-Test-Cluster-Intent-Status.md): the validator failed the deployment step
    wording = (
        '{"Name": "AzStackHci_Network_Test_Network_Cluster_Intent_Status", "Status": 1, '
        '"AdditionalData": {"Detail": "Intent ManagementComputeIntent on host NODE1 in a failed '
        'state. ConfigurationStatus: Failed ProvisioningStatus: Error", "Status": "FAILURE"}}'
    )
    assert family_of(wording) == "azure-local-lifecycle"


def test_network_atcs_own_intent_status_is_no_lifecycle_failure():
    # Get-NetIntentStatus after an OS upgrade renamed the management vNIC: no lifecycle step
    wording = (
        "IntentName            : mgmtcompute\nHost                  : node1\n"
        "Error                 : PhysicalAdapterNotFound\nProgress              : 1 of 1\n"
        "ConfigurationStatus   : Failed\nProvisioningStatus    : Completed"
    )
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Apache CXF's HTTPConduit at the WinRM endpoint: the 401 came back after the credentials
        (
            'INFO: Authorization loop detected on Conduit "{http://schemas.dmtf.org/wbem/wsman/1/'
            'wsman.xsd}WinRmPort.http-conduit" on URL "http://10.0.0.5:5985/wsman" with realm "null"',
            "remoting-access-denied",
        ),
        # winrm4j's RetryingProxyHandler rethrowing that loop
        (
            "java.lang.IllegalStateException: Invalid credentials or incompatible authentication "
            "schemes\n\tat io.cloudsoft.winrm4j.client.RetryingProxyHandler.invoke",
            "remoting-access-denied",
        ),
        # knife-windows' authentication failure and its hint
        (
            "ERROR: Failed to authenticate to node1 as administrator\nResponse: "
            "WinRM::WinRMAuthorizationError\nHint: Make sure to prefix domain usernames with the "
            "correct domain name.",
            "remoting-access-denied",
        ),
        # winrm4j's Kerberos logon for the node's connection
        (
            'java.lang.RuntimeException: Exception occured while authenticate the user "admin@'
            'CONTOSO.COM" on the KDC\nCaused by: javax.security.auth.login.LoginException: Client not '
            "found in Kerberos database (6)",
            "remoting-kerberos",
        ),
        (
            'java.lang.RuntimeException: Unable to create credential for user "admin@CONTOSO.COM" '
            "after login\n\tat io.cloudsoft.winrm4j.client.WinRmClient$1.run(WinRmClient.java:448)",
            "remoting-kerberos",
        ),
        # knife wsman test: the endpoint did not answer, or answered with an SSL failure
        (
            "WARNING: Failed to connect to node1 at http://node1:5985/wsman.\n"
            "ERROR: Failed to connect to 1 nodes.",
            "remoting-unreachable",
        ),
        (
            "WARNING: Failed to connect to node1 at https://node1:5986/wsman.\nWARNING: Failure due "
            "to an issue with SSL; likely cause would be unsuccessful certificate verification.",
            "remoting-certificate",
        ),
    ],
)
def test_java_and_chef_winrm_clients_words_name_their_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # CXF's loop at a web service that is not WinRM
        'INFO: Authorization loop detected on Conduit "{http://example.com/}OrderPort.http-conduit" '
        'on URL "https://shop.example.com/api/orders" with realm "shop"',
        # another tool's authentication failure, no WinRM in the text
        "ERROR: Failed to authenticate to db01 as postgres",
        # another endpoint that did not answer
        "WARNING: Failed to connect to node1 at http://node1:8080/api.",
    ],
)
def test_the_same_words_elsewhere_name_no_remoting_family(wording):
    assert not (family_of(wording) or "").startswith("remoting-")


@pytest.mark.parametrize(
    "wording",
    [
        # AzStackHci_ValidatedRecipe_PowerShellModule_Version's Detail
        "Checking version of PS module 'Az.Accounts' on host 'NODE01'. Got '5.0.1' but expected "
        "less-than or equal to '4.0.2' so it is invalid.",
        # AzStackHci_OSImageRecipeValidation_Package_Version's Detail
        "Package [Az.Accounts] is NOT installed on host [NODE02] and it should be",
    ],
)
def test_a_recipe_validators_detail_is_the_lifecycle(wording):
    assert family_of(wording) == "azure-local-lifecycle"


def test_the_recipe_validators_found_lines_are_no_failure():
    # the same Detail's lines for the modules that match the recipe
    wording = "'Az.Resources':'7.8.0' found;  'Az.ConnectedMachine':'1.1.1' found"
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        # gokrb5 (masterzen/winrm's Kerberos) rendering the KDC's error at a WinRM endpoint
        "Error: winrm execution failure: unable to set SPNego Header: [Root cause: KDC_Error] "
        "KDC_Error: AS Exchange Error: kerberos error response from KDC: KRB Error: (24) "
        "KDC_ERR_PREAUTH_FAILED Pre-authentication failed (while connecting to "
        "http://node1:5985/wsman)",
        # MIT minors without the GSS wrapper, beside the WinRM endpoint
        "WinRM connection to node1 failed: KDC reply did not match expectations while getting "
        "initial credentials",
        "Connecting to https://node1:5986/wsman: Decrypt integrity check failed",
    ],
)
def test_more_kerberos_minors_at_a_winrm_endpoint_are_kerberos(wording):
    assert family_of(wording) == "remoting-kerberos"


def test_a_kerberos_minor_at_another_service_is_not_remotings():
    # the same MIT minor from PostgreSQL's GSSAPI: no WinRM endpoint in the text
    wording = (
        "psql: error: connection to server failed: GSSAPI continuation error: Unspecified GSS "
        "failure. Minor code may provide more information: Decrypt integrity check failed"
    )
    assert family_of(wording) != "remoting-kerberos"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # the untranslated word CredSSP after the localized WinRM client preamble (ja, fr)
        (
            "[localhost] Connecting to remote server localhost failed with the following error "
            "message :\nWinRM クライアントは要求を処理できません。\n現在のクライアント構成では、CredSSP "
            "認証が無効にされています。\nクライアント構成を変更して、もう一度要求してください。",
            "remoting-credssp",
        ),
        (
            "Le client WinRM ne peut pas traiter la demande. L'authentification CredSSP est "
            "actuellement désactivée dans la configuration du client.",
            "remoting-credssp",
        ),
        # the Japanese and Portuguese delegation refusals
        (
            "WinRM クライアントは要求を処理できません。このユーザー資格情報をこのターゲット コンピューター"
            "に委任することは、ターゲット コンピューターが信頼されていないため、コンピューター ポリシーに"
            "より許可されません。",
            "remoting-credssp",
        ),
        (
            "O cliente WinRM não pode processar o pedido. Uma política do computador não permite a "
            "delegação das credenciais de utilizador para o computador de destino.",
            "remoting-credssp",
        ),
        # TrustedHosts after the French remote-connection wrapper, without the record's "+" lines
        (
            "New-PSSession : [WINSERV] La connexion au serveur distant WINSERV a échoué avec le "
            "message d'erreur suivant: Le client WinRM ne peut pas traiter la demande. Si le modèle "
            "d'authentification n'est pas Kerberos, ou si l'ordinateur client n'est pas membre d'un "
            "domaine, le transport HTTPS doit être utilisé ou l'ordinateur de destination doit être "
            "ajouté au paramètre de configuration TrustedHosts.",
            "remoting-trustedhosts",
        ),
    ],
)
def test_localized_winrm_client_failures_name_their_family(wording, family):
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # a Japanese guide that enables CredSSP: no WinRM failure before the word
        "CredSSP を有効にするには、Enable-WSManCredSSP -Role Client -DelegateComputer * を実行します。",
        # the localized WinRM preamble before another failure (no CredSSP, no delegation)
        "WinRM クライアントは要求を処理できません。要求されたリソースは見つかりません。",
    ],
)
def test_localized_texts_without_a_credssp_failure_are_no_credssp(wording):
    assert family_of(wording) != "remoting-credssp"


def test_salts_winrm_wait_giving_up_is_the_unreachable_endpoint():
    # saltstack/salt salt/utils/cloud.py wait_for_winrm
    wording = "[DEBUG   ] Attempting WinRM connection to host node1\n[ERROR   ] WinRM connection timed out: 900"
    assert family_of(wording) == "remoting-unreachable"


@pytest.mark.parametrize(
    "wording",
    [
        # azure-local/known-issues.md (2506): the solution update's failure wrapper
        'Unable to install solution update "11.2506.1001.24" - the update run stopped at step 3.2.',
        # azure-local/known-issues.md (2504-2506): Add-Server / Repair-Server on a node whose OS
        # build differs from the cluster's
        "Add-Server : Cluster Build ID matches node to add's Build ID",
    ],
)
def test_the_known_issues_pages_update_and_add_node_errors_are_the_lifecycle(wording):
    assert family_of(wording) == "azure-local-lifecycle"


def test_installing_a_solution_update_that_succeeded_is_no_failure():
    wording = 'Installing solution update "11.2506.1001.24" ... State : Installed'
    assert family_of(wording) is None


# ------------------------------------------------------------------------------------------
# Session 7, precision: generic English that other products say is no failure of these families
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        # "Failed to register" and "Cluster is already registered" are any product's words
        "Uncaught (in promise) DOMException: Failed to register a ServiceWorker for scope "
        "('https://example.com/') with script ('https://example.com/sw.js')",
        "regsvr32: Failed to register the DLL C:\\app\\foo.dll (0x80070005)",
        "Cluster is already registered with the service mesh control plane.",
        # the HCI module's own progress line is no failure
        "VERBOSE: Checking whether the cluster is already registered",
        # "concurrent operations / shells" outside the WS-Management quota sentence
        "ERROR: The database is processing too many concurrent operations; retry later.",
        "WARN: limit of concurrent operations reached for bucket uploads (s3)",
        "Error: Too many concurrent shells open in the terminal multiplexer",
        # azcmagent connect as a setup step, and a connect that worked
        "To onboard the server, run: azcmagent connect --resource-group rg --tenant-id t "
        "--location eastus --subscription-id s",
        "sudo azcmagent connect --resource-group rg --location eastus\n"
        "INFO    Connecting machine to Azure... This might take a few minutes.\n"
        "INFO    Connected machine to Azure\nINFO    Machine overview page: https://portal.azure.com/",
    ],
)
def test_generic_words_and_setup_steps_name_no_family(wording):
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # the same words in their reference sentences keep their family
        (
            "Register-AzStackHCI : Failed to register. Couldn't generate self-signed certificate "
            "on node(s) {node1}.",
            "hci-registration",
        ),
        (
            "Cluster is already registered, Unregister cluster to start re-deployment.",
            "hci-registration",
        ),
        (
            "Azure Stack HCI is already registered with Azure resource ID /subscriptions/0/"
            "resourceGroups/rg/providers/Microsoft.AzureStackHCI/clusters/c1. To register or change "
            "registration, first unregister the cluster using Unregister-AzStackHCI, then try again.",
            "hci-registration",
        ),
        (
            "The WS-Management service cannot process the request. This user is allowed a maximum "
            "number of 1500 concurrent operations, which has been exceeded.",
            "remoting-quota",
        ),
        (
            "The Windows Remote Shell cannot process the request. The server is already executing "
            "the maximum number of concurrent shells a user can remotely open on the same system.",
            "remoting-quota",
        ),
        (
            "azcmagent connect --resource-group rg --location eastus\n"
            'time="2024-01-01T00:00:00Z" level=fatal msg="error connecting machine to Azure"',
            "arc-agent",
        ),
    ],
)
def test_the_reference_sentences_keep_their_family(wording, family):
    assert family_of(wording) == family


def test_an_unknown_certificate_authority_outside_winrm_is_not_the_winrm_listener():
    # any TLS client's words (Node's ERR_TLS_SSL_UNKNOWN_CA_ERROR docs): not the WinRM listener
    wording = "The server's certificate is signed by an unknown Certificate Authority."
    assert family_of(wording) != "remoting-certificate"


def test_an_unknown_certificate_authority_from_winrs_is_the_winrm_listener():
    wording = (
        "winrs -r:https://node1:5986 hostname\nWinrs error:The SSL certificate is signed by an "
        "unknown certificate authority."
    )
    assert family_of(wording) == "remoting-certificate"


def test_a_credssp_exchange_the_server_stopped_is_credssp():
    # requests-credssp _get_credssp_token, as Ansible's winrm plugin shows it (transport prefix)
    wording = (
        'fatal: [win01]: UNREACHABLE! => {"changed": false, "msg": "credssp: Server did not '
        "response with a CredSSP token after step Step 1. TLS Handshake - actual ''\", "
        '"unreachable": true}'
    )
    assert family_of(wording) == "remoting-credssp"


@pytest.mark.parametrize(
    "wording",
    [
        # Windows Admin Center's wrapper of a failed Register-AzStackHCI (no node list pasted)
        "Failed to register with Azure for cluster: hci01.contoso.com. Error: RemoteException: "
        "Failed to register.",
        # stackhci.ps1's debug line when Arc could not be enabled on the nodes
        "DEBUG: Exception occurred in registering nodes to Arc For Servers. ErrorMessage : Unable "
        "to find type [ErrorDetail].",
    ],
)
def test_the_registrations_wrappers_are_hci_registration(wording):
    assert family_of(wording) == "hci-registration"


@pytest.mark.parametrize(
    "wording",
    [
        # a CI build, a test summary, a monitoring alert: any tool's "Status: FAILURE"
        "Build ID: 1234 Status: FAILURE (Google Cloud Build step 2 exited with non-zero status)",
        "Test run summary: Status : FAILURE, 3 tests failed",
        "ALERT: CPU usage above threshold. Severity: Critical. Status: FAILURE to recover.",
    ],
)
def test_a_bare_status_failure_is_no_validator_record(wording):
    assert family_of(wording) != "azure-local-lifecycle"


@pytest.mark.parametrize(
    "wording",
    [
        # the validator records keep answering with any sibling field of the record
        "Name      : AzStackHci_Network_Test_Example\nStatus    : FAILURE",
        '"Detail": "The check found a problem", "Status": "FAILURE"',
        "Status    : FAILURE\nRemediation : https://aka.ms/azurelocal/envvalidator/example",
        '{"TargetResourceID": "NODE1", "AdditionalData": {"Status": "FAILURE"}}',
    ],
)
def test_a_validator_records_failure_is_the_lifecycle(wording):
    assert family_of(wording) == "azure-local-lifecycle"


@pytest.mark.parametrize(
    "wording",
    [
        # Azure Local's deployment guides name the same things with nothing failing
        "Provide a contiguous block of at least six static IP addresses for the infrastructure IP "
        "pool on your management network.",
        "Multiplexer (MUX) instances are deployed on each node of the cluster for SLB.",
        "You can check the management IP pool information in the deployment settings.",
    ],
)
def test_azure_local_guidance_naming_the_validated_things_is_no_failure(wording):
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        "Management IP [10.0.1.10] is not in the same subnet as infrastructure IP pool.",
        "Detail    : The maximum number of Multiplexer (MUX) instances [3] has been exceeded.",
        "Detail    : Failed to retrieve management IP pool information",
    ],
)
def test_the_validators_own_sentences_about_them_are_the_lifecycle(wording):
    assert family_of(wording) == "azure-local-lifecycle"


# ------------------------------------------------------------------------------------------
# Session 7, second cycle: the classes set 13 showed missing, each written as its cited source
# words it (families.yaml), and the look-alikes around them.
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        # the WS-Management service's envelope message with the sizes (MaxEnvelopeSizekb)
        "node1: Configuration refresh failed with the following error: The WS-Management service "
        "cannot process the request. The computed response packet size (1769346) exceeds the "
        "maximum envelope size that is allowed (512000).",
        # wsmerror.h ERROR_WSMAN_ENVELOPE_TOO_LARGE, MAX_ENVELOPE_SIZE_EXCEEDED, SERVER_ENVELOPE_LIMIT
        "Get-CimInstance : The WS-Management service cannot process the response because it is "
        "larger than the maximum size allowed.",
        "The response that the WS-Management service computed exceeds the maximum envelope size in "
        "the request.",
        "The response that the WS-Management service computed exceed the internal limit for "
        "envelope size.",
        "Error number:  -2144108506 0x80338026",
        '<f:WSManFault Code="2150858824" Machine="node1">',
        # HTTP 413 from the WinRM service, as the WinRM client libraries word an HTTP status
        "winrm.exceptions.WinRMTransportError: ('http', 'Bad HTTP response returned from server. "
        "Code 413')",
        "WinRM::WinRMHTTPTransportError: Bad HTTP response returned from server (413).",
        "pypsrp.exceptions.WinRMTransportError: Bad HTTP response returned from the server. Code: "
        "413, Content: ''",
        "Error: winrm: http error 413: ",
    ],
)
def test_the_envelope_size_quota_is_a_winrm_quota(wording):
    assert family_of(wording) == "remoting-quota"


@pytest.mark.parametrize(
    "wording",
    [
        # other products' envelopes and 413s
        "ValueError: ciphertext exceeds the maximum envelope size",
        "Event exceeds the maximum envelope size.",
        "HTTP error 413: Request Entity Too Large uploading the artifact",
        # advice that names the setting, nothing failing
        "Set-Item -Path WSMan:\\localhost\\MaxEnvelopeSizeKb -Value 2048",
    ],
)
def test_other_envelopes_and_413s_are_no_winrm_quota(wording):
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        # wsmerror.h ERROR_WSMAN_WMI_SVC_ACCESS_DENIED / WMI_PROVIDER_ACCESS_DENIED
        '{error,<<"The WS-Management service cannot process the request. The WMI service '
        "returned an 'access denied' error. \">>}",
        "Invoke-CimMethod : The WS-Management service cannot process the request. The WMI provider "
        "returned an 'access denied' error.",
        'WinRM error: WSManFault Code="2150859012" Machine="node1"',
        # CredSSP's logon refused by the server (requests-credssp, pyspnego)
        'fatal: [node1]: UNREACHABLE! => {"msg": "credssp: Received error status from the server: '
        '(3221225581) STATUS_LOGON_FAILURE 0xc000006d"}',
        "spnego.exceptions.SpnegoError: SpnegoError (4294967295): Received NTStatus in TSRequest "
        "from acceptor (0xc000006d), Context: Authentication",
    ],
)
def test_wmi_and_credssp_logon_refusals_are_access_denied(wording):
    assert family_of(wording) == "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        # STATUS_LOGON_FAILURE from SMB and RDP clients is not WinRM's
        "smbprotocol.exceptions.LogonFailure: Received unexpected status from the server: The "
        "attempted logon is invalid. This is either due to a bad username or authentication "
        "information. (3221225581) STATUS_LOGON_FAILURE: 0xc000006d",
        "[ERROR][com.freerdp.core] - nla_recv_pdu:freerdp_set_last_error_ex "
        "ERRCONNECT_LOGON_FAILURE [0x00020014] STATUS_LOGON_FAILURE",
        "session setup failed: NT_STATUS_LOGON_FAILURE",
    ],
)
def test_smb_and_rdp_logon_failures_are_no_winrm_access_denied(wording):
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        # pykerberos (requests-kerberos, pywinrm's kerberos transport) without an endpoint
        "authGSSClientInit() failed: (('Unspecified GSS failure.  Minor code may provide more "
        "information', 851968), (\"Can't find client principal admin@CONTOSO.COM in cache "
        'collection", -1765328243))',
        # pyspnego (pypsrp, pywinrm >= 0.5, evil-winrm-py)
        "SpnegoError (7): Major (458752): No credentials were supplied, or the credentials were "
        "unavailable or inaccessible,\nMinor (2529639053): Can't find client principal "
        "svc@CONTOSO.COM in cache collection",
        # beside a WinRM endpoint
        "Failed to connect to https://node1:5986/wsman: Can't find client principal "
        "admin@CONTOSO.COM in cache collection",
    ],
)
def test_an_empty_credential_cache_in_a_winrm_clients_kerberos_is_kerberos(wording):
    assert family_of(wording) == "remoting-kerberos"


@pytest.mark.parametrize(
    "wording",
    [
        # the same MIT messages from SSSD, oc login and PostgreSQL are not remoting
        "(Tue Aug 22 13:45:31 2023) [krb5_child[2151201]] [sss_get_ccache_name_for_principal] "
        "(0x2000): krb5_cc_cache_match failed: [-1765328243][Can't find client principal "
        "username@MYDOMAIN.COM in cache collection]",
        "error: oc login -u user3@EXAMPLE.COM: Can't find client principal user3@EXAMPLE.COM in "
        "cache collection",
        'psql: error: connection to server at "db1" (10.0.0.4), port 5432 failed: GSSAPI '
        "continuation error: No credentials were supplied, or the credentials were unavailable or "
        "inaccessible",
    ],
)
def test_credential_cache_messages_of_other_clients_are_no_remoting(wording):
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        # TSG/AddNode/ValidateScaleOutOSImageRecipe.md
        "Validating that the Build ID installed on the cluster matches the Build Id on the host to "
        "add node to the cluster.\nThe OS Image Version on the node does not match the version on "
        "the node.",
        # TSG/EnvironmentValidator/Troubleshooting-AzStackHci_Security_AsrRuleGPConflict.md
        "Group Policy-managed ASR settings were found. These settings can override OSConfig "
        "DefenderAV settings. Configured entries: ASRBlockExecutableContent Scope(s)=[Local]",
        # azure-stack-docs known-issues-2405.md
        '[ERROR: { "errorCode": "InvalidEntityError", "errorResponse": "{\\n\\"message\\": \\"the '
        "cloud fabric (MOC) is currently at version v0.12.0. A minimum version of 0.14.0 is "
        'required for compatibility\\"\\n}" }]',
        # known-issues-2405-3.md, and the other deployment secrets
        "Failed to fetch secret LocalAdminCredential from key vault.",
        "Failed to fetch secret hci01-AzureStackLCMUserCredential from key vault.",
        # known-issues-2402.md
        "Validator failed. Can't retrieve the dynamic parameters for the cmdlet. PowerShell Gallery "
        "is currently unavailable.  Please try again later.",
        # known-issues-2402-3.md
        "There was a failure in a Common Information Model (CIM) operation, that is, an operation "
        "performed by software that Cluster-Aware Updating depends on.",
    ],
)
def test_azure_local_deployment_and_update_failures_of_the_known_issues_are_the_lifecycle(wording):
    assert family_of(wording) == "azure-local-lifecycle"


@pytest.mark.parametrize(
    "wording",
    [
        # an application's own key vault secret, a JSON schema validator, a CI's MOC
        "Failed to fetch secret 'db-password' from key vault kv-prod.",
        "Schema validator failed: property 'name' is required",
        "The installed version is 1.2. A minimum version of 2.0 is required for compatibility.",
        # the ASR rules' own guidance, nothing found
        "Configure Attack Surface Reduction rules with Group Policy or Intune.",
    ],
)
def test_look_alikes_of_the_known_issues_are_no_lifecycle_failure(wording):
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        # troubleshoot-extended-security-updates.md, "Error: Not eligible (HRESULT 1633)"
        "ESU: not eligible HRESULT_FROM_WIN32(1633)",
        # troubleshoot-arc-enabled-vms.md, "Failure when trying to enable guest management"
        "Deployment failed. Correlation ID: 0000. VM Spec validation failed for guest agent "
        "provisioning: Invalid managed identity. A system-assigned managed identity must be "
        "enabled in parent resource: Invalid Configuration",
    ],
)
def test_the_agents_esu_license_and_guest_agent_identity_are_the_arc_agent(wording):
    assert family_of(wording) == "arc-agent"


def test_the_hci_registrations_arc_integration_failure_is_hci_registration():
    # azure-stack-docs azure-stack/hci/known-issues-2311.md
    text = "HCI registration failed. Error: Arc integration failed."
    assert family_of(text) == "hci-registration"


def test_the_release_notes_retelling_of_an_action_plan_step_is_the_lifecycle():
    # azure-local/known-issues.md, 2503 Updates
    text = (
        "Updating to 2503.0.13 failed Update PreRequisites for Role 'MocArb' with exception: "
        "SyntaxWarning: invalid escape sequence '\\W' at CheckAndInstall-CliExtensions"
    )
    assert family_of(text) == "azure-local-lifecycle"


def test_credentials_given_with_the_no_authentication_option_name_no_family():
    # wsmerror.h ERROR_WSMAN_CREDS_PASSED_WITH_NO_AUTH_FLAG: the client was given credentials and
    # the 'no authentication' option together (Test-WSMan sends its request anonymously unless
    # -Authentication is given: PowerShell-Docs Test-WSMan.md). A client parameter, not CredSSP
    # nor the account: no family's action fixes it
    text = (
        "Test-WSMan : The WinRM client could not process the request because credentials were "
        "specified along with the 'no authentication' flag. No user name, password or client "
        "certificate should be specified with the 'no authentication' option."
    )
    assert family_of(text) is None


@pytest.mark.parametrize(
    "wording",
    [
        # a Bluetooth host controller interface and USB host controllers are other HCIs
        "rsi_91x: BT_ERR: HCI registration failed with errcode -22",
        "ERROR: BLE HCI registration failed: -12",
        "SunxiUsb: EHCI registration failed: Out of Resources",
        "MesonUSB: XHCI registration failed: Device Error",
    ],
)
def test_other_host_controller_interfaces_registering_are_no_hci_registration(wording):
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        # the guides and TSGs name the cmdlets that watch an action plan, nothing failing
        "To monitor the deployment, run Get-ActionPlanInstance -ActionPlanInstanceID $id and check "
        "its Status property.",
        "Start-MonitoringActionplanInstanceToComplete -actionPlanInstanceID $guid",
    ],
)
def test_watching_an_action_plan_is_no_lifecycle_failure(wording):
    assert family_of(wording) is None


def test_a_failed_action_plan_instance_record_is_the_lifecycle():
    text = (
        "PS C:\\> Get-ActionPlanInstance -ActionPlanInstanceID 5f0c\n"
        "InstanceID     : 5f0c\nActionPlanName : Deployment\nStatus         : Failed"
    )
    assert family_of(text) == "azure-local-lifecycle"


@pytest.mark.parametrize(
    "wording",
    [
        # the localized remote-connection wrapper (Microsoft's localized TechNet pages) and, in
        # its message, the firewall in the name localized Windows gives it
        "Enter-PSSession : La connexion au serveur distant node1 a échoué avec le message d'erreur "
        "suivant : WinRM ne peut pas terminer l'opération. Vérifiez que le nom d'ordinateur "
        "spécifié est valide, que l'ordinateur est accessible sur le réseau et qu'une exception de "
        "pare-feu pour le service WinRM est activée.",
        'Enter-PSSession : Beim Verbinden mit dem Remoteserver "node1" ist folgender Fehler '
        "aufgetreten: Der WinRM-Client kann den Vorgang nicht abschließen. Stellen Sie sicher, "
        "dass eine Firewallausnahme für den WinRM-Dienst aktiviert ist.",
        "New-PSSession : [node1] Error al conectarse al servidor remoto node1. Mensaje de error: "
        "WinRM no puede completar la operación. Compruebe que haya habilitada una excepción de "
        "firewall para el servicio WinRM.",
        "Enter-PSSession : Connessione al server remoto node1 non riuscita con il seguente "
        "messaggio di errore: WinRM non è in grado di completare l'operazione. Verificare che sia "
        "abilitata un'eccezione del firewall per il servizio WinRM.",
        "Falha na conexão ao servidor remoto node1 com a seguinte mensagem de erro: O WinRM não "
        "pode concluir a operação. Verifique se uma exceção de firewall para o serviço WinRM está "
        "habilitada.",
        "Enter-PSSession : リモート サーバー node1 への接続に失敗しました。次のエラー メッセージが"
        "返されました: WinRM は操作を完了できません。WinRM サービスのファイアウォールの例外が"
        "有効になっていることを確認してください。",
        "Enter-PSSession : 連線到遠端伺服器 node1 失敗，傳回下列錯誤訊息: WinRM 無法完成操作。"
        "請確認 WinRM 服務的防火牆例外已啟用。",
    ],
)
def test_the_localized_unreachable_message_names_the_firewall(wording):
    assert family_of(wording) == "remoting-unreachable"


@pytest.mark.parametrize(
    "wording",
    [
        # the same wrappers with the other failures keep their families
        'Enter-PSSession : Beim Verbinden mit dem Remoteserver "node1" ist folgender Fehler '
        "aufgetreten: Zugriff verweigert",
        # a firewall named outside a remote connection's failure is no WinRM failure
        "Le pare-feu Windows bloque le port 8080 de l'application.",
    ],
)
def test_localized_wrappers_without_the_firewall_keep_their_answer(wording):
    expected = "remoting-access-denied" if "Zugriff" in wording else None
    assert family_of(wording) == expected


@pytest.mark.parametrize(
    "wording",
    [
        # TSG/Update/UpdatePrerequisites-Failure-Remove-Incompatible-Extensions.md
        "C:\\CloudContent\\AzCliExtensions\\connectedmachine\\azext_connectedmachine\\aaz\\latest\\"
        "connectedmachine\\_delete.py:54: SyntaxWarning: invalid escape sequence '\\.'",
        # azure-local/known-issues.md 2503
        "SyntaxWarning: invalid escape sequence '\\W' at CheckAndInstall-CliExtensions",
    ],
)
def test_incompatible_cli_extensions_in_the_update_prerequisites_are_the_lifecycle(wording):
    assert family_of(wording) == "azure-local-lifecycle"


def test_a_python_syntax_warning_elsewhere_is_no_lifecycle_failure():
    text = (
        "/usr/lib/python3/dist-packages/foo/bar.py:12: SyntaxWarning: invalid escape sequence '\\d'"
    )
    assert family_of(text) is None


@pytest.mark.parametrize(
    "wording",
    [
        # TSG/Deployment/Triggering-deployment-settings-validation-call-results-in-OperationTimeout-...
        "System.FormatException: String was not recognized as a valid DateTime.\n"
        "   at System.DateTimeParse.Parse(String s, DateTimeFormatInfo dtfi, DateTimeStyles styles)\n"
        "   at EdgeCommonClient.NotificationClientUtils.IsNotificationWithinExpiry(String notification)",
        # TSG/Update/Update-Hangs-after-Secret-Rotation.md
        "System.Security.Authentication.AuthenticationException: client certificate rejected\n"
        "   at Microsoft.AzureStack.Common.Infrastructure.WebLayer.SecurityAuditLogger."
        "MtlsCertificateException(Exception exception, String subjectName, String thumbprint)",
    ],
)
def test_azure_locals_own_components_in_a_stack_are_the_lifecycle(wording):
    assert family_of(wording) == "azure-local-lifecycle"


def test_azure_stack_hubs_frames_are_no_azure_local_failure():
    text = (
        "Azure Stack Hub update failed: System.Exception: boom\n"
        "   at Microsoft.AzureStack.Common.Infrastructure.WebLayer.Client.Send(Request r)"
    )
    assert family_of(text) is None


# Session 7, third cycle: set 14's classes in the remoting and Arc families, each from its source
# (cited in families.yaml).


@pytest.mark.parametrize(
    "wording",
    [
        # 0x80338111 in its other sentence: the quota's name quoted, "the maximum size configured in"
        "The WinRM client sent a request to the remote WS-Management service and was notified that "
        'the request size exceeded the maximum size configured in the "MaxEnvelopeSize" quota.',
        "Sending data to a remote command failed with the following error message: The WinRM "
        "client sent a request to the remote WS-Management service and was notified that the "
        'request size exceeded the maximum size configured in the "MaxEnvelopeSize" quota. For '
        "more information, see the about_Remote_Troubleshooting Help topic.",
    ],
)
def test_the_request_side_envelope_quota_in_its_other_wording_is_quota(wording):
    assert family_of(wording) == "remoting-quota"


def test_an_envelope_size_setting_without_a_failure_is_no_quota():
    assert (
        family_of(
            'winrm set winrm/config @{MaxEnvelopeSizekb="8192"} raises the maximum size '
            "configured in the MaxEnvelopeSize setting for large requests."
        )
        is None
    )


@pytest.mark.parametrize(
    "wording",
    [
        # dataplat/dbatools public/Get-DbaCmObject.ps1: every management protocol failed
        "WARNING: [23:47:12][Install-DbaInstance] Failed to get reboot status from sql01| Multiple "
        "protocol connections were attempted, but no successful connections could be established "
        "with the specified computer.",
        "WARNING: [10:02:11][Get-DbaCmObject] [sql01] Unable to find a connection to the target "
        "system. Ensure the name is typed correctly, and the server allows any of the following "
        "protocols: None, CimRM, CimDCOM, Wmi, PowerShellRemoting",
    ],
)
def test_dbatools_finding_no_management_protocol_is_remoting_unreachable(wording):
    assert family_of(wording) == "remoting-unreachable"


@pytest.mark.parametrize(
    "wording",
    [
        # dataplat/dbatools public/Get-DbaCmObject.ps1: CIM over WinRM / DCOM refused the account
        "WARNING: [10:02:11][Get-DbaCmObject] [sql01] Invalid connection credentials",
        "WARNING: [10:03:40][Get-DbaDiskSpace] [sql01] The credentials supplied are on the list of "
        "known bad credentials, skipping. Use -Force to override this.",
    ],
)
def test_dbatools_refusing_the_credential_is_remoting_access_denied(wording):
    assert family_of(wording) == "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        "[ERROR] [db01] Invalid connection credentials",
        "mongosh: [replica01] Invalid connection credentials, check the connection string",
    ],
)
def test_invalid_connection_credentials_outside_dbatools_is_no_remoting(wording):
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        '<f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="5" '
        'Machine="node1"></f:WSManFault>',
        "Enter-PSSession: Connecting to remote server node1 failed with the following error "
        'message : <f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" '
        'Code="2147942405" Machine="node1"><f:Message></f:Message></f:WSManFault>',
    ],
)
def test_a_wsmanfault_whose_code_is_access_denied_is_access_denied(wording):
    assert family_of(wording) == "remoting-access-denied"


@pytest.mark.parametrize("code", ["2689860592", "50", "2150858752"])
def test_a_wsmanfault_code_outside_the_access_denied_codes_is_not_access_denied(code):
    text = (
        f'<f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" '
        f'Code="{code}" Machine="node1"><f:Message><f:ProviderFault provider="PowerShell.7" '
        f'path="C:\\Windows\\system32\\PowerShell\\7.3.6\\pwrshplugin.dll"></f:ProviderFault>'
        f"</f:Message></f:WSManFault>"
    )
    assert family_of(text) != "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        # pykerberos' GSSError tuple alone (Ansible's "error closing connection: <exception>")
        "error closing connection: (('Unspecified GSS failure.  Minor code may provide more "
        "information', 851968), (\"Credentials cache file '/tmp/krb5cc_513' not found\", "
        "-1765328189))",
        "(('Unspecified GSS failure.  Minor code may provide more information', 851968), "
        '("Can\'t find client principal svc@CONTOSO.COM in cache collection", -1765328243))',
        # the file cache inside the pyspnego wrapper
        "SpnegoError (1): Major (851968): Unspecified GSS failure.  Minor code may provide more "
        "information, Minor (2529639107): Credentials cache file '/tmp/krb5cc_1000' not found",
    ],
)
def test_an_empty_credential_cache_in_pykerberos_own_exception_is_kerberos(wording):
    assert family_of(wording) == "remoting-kerberos"


@pytest.mark.parametrize(
    "wording",
    [
        "klist: Credentials cache file '/tmp/krb5cc_1000' not found",
        'psql: error: connection to server at "db1" (10.0.0.4), port 5432 failed: GSSAPI '
        "continuation error: Unspecified GSS failure.  Minor code may provide more information: "
        "Credentials cache file '/tmp/krb5cc_1000' not found",
    ],
)
def test_a_missing_credential_cache_file_of_other_clients_is_no_remoting(wording):
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        # the at-scale onboarding script failing to copy the agent's package
        "Onboarding script could not be copied:\nCannot find path "
        "'\\\\fs01\\AzureArcOnBoard\\AzureConnectedMachineAgent.msi' because it does not exist.",
        "Copy-Item : Access to the path 'C:\\ArcOnboarding\\AzureConnectedMachineAgent.msi' is "
        "denied.",
    ],
)
def test_an_onboarding_script_that_cannot_reach_the_agent_package_is_arc_agent(wording):
    assert family_of(wording) == "arc-agent"


@pytest.mark.parametrize(
    "wording",
    [
        "Copy AzureConnectedMachineAgent.msi to the remote share, then link the GPO.",
        "Copy-Item : Cannot find path 'C:\\deploy\\setup.msi' because it does not exist.",
    ],
)
def test_the_agent_package_named_without_a_failure_or_another_package_is_no_arc_agent(wording):
    assert family_of(wording) != "arc-agent"


@pytest.mark.parametrize(
    "wording",
    [
        # hashicorp/vagrant templates/locales/comm_winrm.yml host_down
        'While attempting to connect with WinRM, a "host is down" (EHOSTDOWN)\nerror was received. '
        "Please verify your WinRM settings are correct\nand try again.",
        'Errno::EHOSTDOWN: Host is down - connect(2) for "10.0.0.21" port 5986',
    ],
)
def test_a_winrm_endpoint_whose_host_is_down_is_remoting_unreachable(wording):
    assert family_of(wording) == "remoting-unreachable"


@pytest.mark.parametrize(
    "wording",
    [
        "ssh: connect to host 10.0.0.21 port 22: Host is down",
        "lpd: printer queue paused: Host is down (EHOSTDOWN)",
    ],
)
def test_a_host_down_without_winrm_is_no_remoting(wording):
    assert family_of(wording) not in {"remoting-unreachable"}


@pytest.mark.parametrize(
    "wording",
    [
        # xebialabs/overthere WinRmClient.runPrivileged: the JAAS Kerberos login before a request
        "com.xebialabs.overthere.winrm.WinRmRuntimeIOException: Login failure sending message on "
        "https://win01:5986/wsman error: Integrity check on decrypted field failed (31)",
        "Login failure sending message on http://win01.corp.local:5985/wsman error: Cannot locate "
        "default realm",
    ],
)
def test_overtheres_kerberos_login_failure_is_remoting_kerberos(wording):
    assert family_of(wording) == "remoting-kerberos"


def test_overtheres_other_send_failure_is_not_kerberos():
    # the same client's non-login failure ("Failure sending message on") names no Kerberos logon
    assert (
        family_of(
            "com.xebialabs.overthere.winrm.WinRmRuntimeIOException: Failure sending message on "
            "https://win01:5986/wsman error: Connection reset"
        )
        != "remoting-kerberos"
    )
