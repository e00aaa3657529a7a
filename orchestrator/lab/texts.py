"""Every message text the lab prints, with where it comes from.

Sources: seeds/000 (HCI registration troubleshooting), seeds/001 (Connect Azure Stack HCI to
Azure), seeds/002 (Arc agent connection troubleshooting), and notes/azure-stack-hci-facts.md
(`facts §x`). Texts marked "lab wording" are not in any source: the real text is unknown, the
lab keeps the documented start and fills the rest; classifiers should match only the start.
Placeholders are `str.format` fields.
"""

from __future__ import annotations

# --- Register-AzStackHCI / Unregister-AzStackHCI (facts §1.2-1.6) ------------------------------

# facts §1.4 / seeds/000 heading: the aggregate per-node certificate error (WacErrorCode 9110).
CERT_FAILURE = (
    "Failed to register. Couldn't generate self-signed certificate on node(s) {generate}. "
    "Couldn't set and verify registration certificate on node(s) {verify}. Make sure every "
    "clustered node is up and has Internet connectivity (at least outbound to Azure)."
)
# stackhci.ps1 @06618c80 (Az.StackHCI 2.x), $NoExistingRegistrationExistsErrorMessage (9101).
REPAIR_NOT_REGISTERED = (
    "Can't repair registration because the cluster isn't registered yet. Register the cluster "
    "using Register-AzStackHCI without the -RepairRegistration option."
)
# facts §1.6, 9104.
REGION_MISMATCH = (
    "There is already an Azure Stack HCI resource with the same resource ID in region {existing}, "
    "which is different from the input region {requested}. Either specify the same region or "
    "delete the existing resource and try again."
)
# stackhci.ps1 @06618c80 (Az.StackHCI 2.x), $ArcMachineAlreadyExistsInResourceGroupError (9105).
ARC_NAME_CLASH = (
    "Arc machine(s) with names: {names} already exists in the Resource Group {group}. Use a "
    "different Resource group for registration or specify a different Arc for Servers Resource "
    "Group."
)
# facts §1.6, 9106.
RESOURCE_GONE = (
    "The Azure resource with ID {resource_id} doesn't exist. Unregister the cluster using "
    "Unregister-AzStackHCI and then try again."
)
# stackhci.ps1 @06618c80 (Az.StackHCI 2.x), $RegisteredWithDifferentResourceId (9107).
REGISTERED_ELSEWHERE = (
    "Azure Stack HCI is already registered with Azure resource ID {resource_id}. To register or "
    "change registration, first unregister the cluster using Unregister-AzStackHCI, then try again."
)
# facts §1.6, 9108.
REGION_UNSUPPORTED = "Azure Stack HCI is not yet available in region {region}. Please choose one of these regions: {regions}."
# facts §1.6, 9115.
UNREGISTER_NEEDS_PARAMETERS = (
    "Additional parameters are required to unregister. Run 'Get-Help Unregister-AzStackHCI -Full' "
    "for more information."
)
# facts §1.6, 9117.
ARC_UNREGISTRATION_FAILED = "ARC unregistration failed"
# stackhci.ps1 @06618c80 (Az.StackHCI 2.x), $HCIResourceGroupNameDifferentErrorMessage (9125),
# $HCIResourceNameDifferentErrorMessage (9127), $HCISubscriptionDifferentErrorMessage (9128),
# $ArcAlreadyRegisteredInDifferentResourceGroupError (9129).
RG_DIFFERS = (
    "Cluster resource has already been created in resource group : {existing}. Skip "
    "'-ResourceGroupName' or provide '-ResourceGroupName' as {existing} in Register-AzStackHCI to "
    "perform registration."
)
NAME_DIFFERS = (
    "Cluster is already registered with resource name : {existing}. Skip '-ResourceName' or "
    "provide '-ResourceName' as {existing} in Register-AzStackHCI to perform registration."
)
SUBSCRIPTION_DIFFERS = (
    "Cluster is already registered to subscription id : {existing}. Skip '-SubscriptionId' or "
    "provide '-SubscriptionId' as {existing} in Register-AzStackHCI to perform registration."
)
ARC_RG_DIFFERS = (
    "Arc servers are already registered in Resource Group: {existing}. To change resource groups, "
    "please unregister and register again"
)
# facts §1.6, 9132 / 9131.
RP_ROLE_FAILED = "Failed to assign Arc roles to HCI Resource Provider"
# stackhci.ps1 @06618c80 (Az.StackHCI 2.x), $ArcAlreadyEnabledInADifferentResourceError (WacErrorCode 2).
ARC_ELSEWHERE = (
    "Below mentioned cluster node(s) are already Arc enabled with a different ARM Resource Id:\n"
    "{lines}\nDisconnect Arc agent on these nodes and run Register-AzStackHCI again."
)
# facts §1.5 step 2.
ARC_ROLES_FAILED = (
    "Failed to assign required roles for Azure Arc integration. Your Azure AD account must be an "
    "Owner or User Access Administrator in the subscription to enable Azure Arc integration."
)
# facts §1.5 step 5.
ARC_NODES_FAILED = (
    "Some clustered nodes couldn't be Arc-enabled right now. Check the Arc Scheduled Task logs to "
    "investigate further."
)
# stackhci.ps1 @06618c80 (Az.StackHCI 2.x), $ArcSettingsPatchFailedWarningMessage (the C5 warning).
ARC_VERIFY_WARNING = (
    "Arc for Servers registration failed. Visit https://learn.microsoft.com/en-us/azure-stack/hci/"
    "deploy/troubleshoot-hci-registration#registration-completes-successfully-but-azure-arc-"
    "connection-in-portal-says-not-installed and follow the troubleshooting steps. If Azure-Arc "
    "registration continues failing for more than 12 hours, contact support."
)
# stackhci.ps1 @06618c80 (Az.StackHCI 2.x), $UnregisterArcFailedError (B2 / C2; seeds/000 quotes a
# documentation variant of the same text).
ARC_DISABLE_FAILED = (
    "Couldn't disable Azure Arc integration on Node {node}. Try running "
    "Disable-AzureStackHCIArcIntegration Cmdlet on the node. If the node is in a state where "
    "Disable-AzureStackHCIArcIntegration Cmdlet could not be run, remove the node from the cluster "
    "and try Unregister-AzStackHCI Cmdlet again."
)
# The node cmdlet's own failure: no source gives Disable-AzureStackHCIArcIntegration's text; the
# line operators see (ARC_DISABLE_FAILED) is Unregister-AzStackHCI's host message about it
# (stackhci.ps1 @06618c80, Disable-ArcForServers: Write-ErrorLog $UnregisterArcFailedError).
ARC_DISABLE_NODE_FAILED = (
    "lab: Disable-AzureStackHCIArcIntegration failed: the Arc agent could not disconnect the "
    "machine from Azure"
)
# lab: where ApplicationId is empty the module always passes -AccessToken (stackhci.ps1
# @06618c80); no source shows the node cmdlets' answer without it.
ARC_MSI_NEEDS_TOKEN = (
    "lab: Azure Arc integration on this cluster uses the cluster's managed identity; pass "
    "-AccessToken (a token from http://127.0.0.1:42542/metadata/identity/oauth2/token)"
)
# stackhci.ps1 @06618c80 (Az.StackHCI 2.x), $UnregistrationSuccessDetailsMessage.
UNREGISTER_SUCCESS = (
    "Azure Stack HCI is successfully unregistered. The Azure resource representing Azure Stack HCI "
    "has been deleted. Azure Stack HCI can't sync with Azure until you register again."
)
# seeds/000 "Unable to acquire token for tenant with error" (A6 / B4).
MULTI_TENANT = (
    "Unable to acquire token for tenant with error. You must use multi-factor authentication to "
    "access tenant. Please rerun 'Connect-AzAccount' with additional parameter '-TenantId'."
)
# facts §1.2 step 11, 9102.
NOT_A_CLUSTER = (
    "Computer {computer} is not part of an Azure Stack HCI cluster. Use the -ComputerName parameter "
    "to specify an Azure Stack HCI cluster node and try again."
)

# stackhci.ps1 @06618c80, $RegistrationSuccessDetailsMessage.
REGISTER_SUCCESS = (
    "Azure Stack HCI is successfully registered. An Azure resource representing Azure Stack HCI "
    "has been created in your Azure subscription to enable an Azure-consistent monitoring, "
    "billing, and support experience."
)
# stackhci.ps1 @06618c80, $ArcRegistrationDisableInProgressError (9113).
ARC_DISABLE_IN_PROGRESS = (
    "Unregister of Azure Arc integration is in progress. Try Unregister-AzStackHCI to finish "
    "unregistration and then try Register-AzStackHCI again."
)
# stackhci.ps1 @06618c80, $UpgradeOSMessage: the caption of Confirm-UserAcknowledgmentToUpgradeOS's
# ShouldProcess on builds <= 20349 (module 2.6.0, ChangeLog "Added EOL Message for 22H2").
UPGRADE_OS = (
    "Your system is running Azure Local, version 22H2, and will no longer receive security updates "
    "and support after May 31, 2025. To continue receiving security updates and support, you must "
    "upgrade your operating system. Visit https://aka.ms/azlocal-os-upgrade to learn more."
)
# stackhci.ps1 @06618c80, $MandatoryExtensionInfoMessage (a warning on 22H2 and later).
MANDATORY_EXTENSIONS = (
    "You agree that by registering Azure Stack HCI with an Azure subscription, additional "
    "features will be installed by Microsoft which may transmit data to Microsoft to help "
    "identify issues, improve product quality, and facilitate remote support. Learn more at "
    "aka.ms/azurestackhcimandatoryextensions."
)
# Confirm-UserAcknowledgmentToUpgradeOS when the answer is No.
ABORTED_BY_USER = "Aborting based on user input"
# stackhci.ps1 @06618c80, the outer catch of Register-/Unregister-AzStackHCI (Write-ErrorLog).
EXCEPTION_IN = "Exception occurred in {cmdlet}"
# Module 1.4.x asked to confirm the default region when -Region was omitted (ChangeLog 1.4.0
# "Added default region confirmation prompt if the region is not mentioned"; -Region became
# mandatory in 2.0.0). The prompt's words are not in any stored source: lab wording.
DEFAULT_REGION_PROMPT = "Region is not specified. Register with the default region {region}?"

# --- hcisvc debug channel and AAD (seeds/000) -------------------------------------------------

AAD_RETRYABLE = "ExecuteWithRetry operation AADTokenFetch failed with retryable error"
AAD_FAILED_ALL = "ExecuteWithRetry operation AADTokenFetch failed after all retries"
AAD_SUCCEEDED_RETRY = "ExecuteWithRetry operation AADTokenFetch succeeded in retry"
# RFC 6749 §5.2 error code; seeds/000 only says "an associated AAD exception" is logged.
AAD_TRANSIENT_EXCEPTION = (
    "AADSTS exception: temporarily_unavailable (lab: a transient token service error)"
)
# seeds/000 (A5).
AADSTS700027_EXPIRED = (
    "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key used is "
    "expired. Thumbprint of key used by client: '{thumbprint}', Found key 'Start={start}, End={end}'"
)
# seeds/000 (C11).
AADSTS80013 = (
    "AADSTS80013: OnPremisesPasswordValidationTimeSkew - The authentication attempt could not be "
    "completed due to time skew between the machine running the authentication agent and AD. "
    "Fix time sync issues."
)
# seeds/000 "User deleted the App IDs" (C1); seeds/002 for the azcmagent form (D4).
APP_NOT_FOUND = (
    "Application with identifier '{app_id}' was not found in the directory '{directory}'. This can "
    "happen if the application has not been installed by the administrator of the tenant or "
    "consented to by any user in the tenant. You may have sent your authentication request to the "
    "wrong tenant."
)
# seeds/000 "Not able to rotate certificates in Fairfax and Mooncake" (C3).
AADSTS700027_SIGNATURE = "exception: AADSTS700027: Client assertion failed signature validation"
ROTATE_INVALID_AUDIENCE = "RotateRegistrationCertificate failed: Invalid Audience"
# seeds/000 portal text for C1 (Azure Connection of the cluster resource).
PORTAL_DISCONNECTED_8H = "Disconnected - Cluster not in connected state for more than 8 hours"
# seeds/000 and seeds/001 (C9).
VM_LICENSE = (
    "There was a failure configuring the virtual machine role for '{vm}'. Job failed. Error opening "
    '"{vm}" clustered roles. The service being accessed is licensed for a particular number of '
    "connections. No more connections can be made to the service at this time because there are "
    "already as many connections as the service can accept."
)

# --- Microsoft-AzureStack-HCI/Admin events (seeds/000 "Out of policy error") -----------------

ADMIN_EVENTS: dict[int, tuple[str, str]] = {
    585: (
        "Warning",
        "Azure Stack HCI failed to renew license from Azure. To get more details about the specific "
        "error, enable the Microsoft-AzureStack-HCI/Debug event channel.",
    ),
    591: (
        "Error",
        "Azure Stack HCI failed to connect with Azure. If you continue to see this error, try running "
        "Register-AzStackHCI again with the -RepairRegistration parameter.",
    ),
    592: (
        "Information",
        "Azure Stack HCI has initiated a repair of its data. No further action from the user is "
        "required at this time.",
    ),
    594: (
        "Error",
        "Azure Stack HCI encountered an error accessing its data. To repair, please check which nodes "
        "are affected - if the entire cluster is OutOfPolicy (run Get-AzureStackHCI), run "
        "Unregister-AzStackHCI on the cluster, restart, and then run Register-AzStackHCI. If only this "
        "node is affected, remove this node from the cluster, restart, wait for the repair to "
        "complete, then rejoin the cluster.",
    ),
}

# --- ARM (error codes and texts as ARM returns them; seeds/002 shows the 403 and RP forms) -----

ARM_AUTHORIZATION_FAILED = (
    "The client '{client}' with object id '{object_id}' does not have authorization to perform "
    "action '{action}' over scope '{scope}' or the scope is invalid. If access was recently "
    "granted, please refresh your credentials."
)
ARM_NOT_REGISTERED = (
    "The subscription is not registered to use namespace '{namespace}'. See "
    "https://aka.ms/rps-not-found for how to register subscriptions."
)
ARM_RESOURCE_NOT_FOUND = (
    "The Resource '{type}/{name}' under resource group '{group}' was not found. For more details "
    "please go to https://aka.ms/ARMResourceNotFoundFix"
)
ARM_GROUP_NOT_FOUND = "Resource group '{group}' could not be found."
ARM_SUBSCRIPTION_NOT_FOUND = "The subscription '{subscription}' could not be found."
ARM_TOKEN_INVALID = "The access token is invalid."
ARM_TOKEN_EXPIRED = (
    "The access token expiry UTC time '{expired}' is earlier than current UTC time '{now}'."
)

# --- azcmagent (seeds/002 table of AZCM codes and known connection errors) -------------------

AZCM_CODES: dict[str, str] = {
    "AZCM0000": "The action was successful",
    "AZCM0001": "An unknown error occurred",
    "AZCM0011": "The user canceled the action (CTRL+C)",
    "AZCM0012": "The access token provided is invalid",
    "AZCM0013": "The tags provided are invalid",
    "AZCM0014": "The cloud is invalid",
    "AZCM0015": "The correlation ID specified is not a valid GUID",
    "AZCM0016": "Missing a mandatory parameter",
    "AZCM0017": "The resource name is invalid",
    "AZCM0018": "The command was executed without administrative privileges",
    "AZCM0041": "The credentials supplied are invalid",
    "AZCM0042": "Creation of the Arc-enabled server resource failed",
    "AZCM0043": "Deletion of the Arc-enabled server resource failed",
    "AZCM0044": "A resource with the same name already exists",
    "AZCM0061": "Unable to reach the agent service",
    "AZCM0062": "An error occurred while connecting the server",
    "AZCM0063": "An error occurred while disconnecting the server",
    "AZCM0064": "The agent service is not responding",
    "AZCM0065": "An internal agent communication error occurred",
    "AZCM0066": "The agent web service is not responding or unavailable",
    "AZCM0067": "The agent is already connected to Azure",
    "AZCM0068": "An internal error occurred while disconnecting the server from Azure",
    "AZCM0081": "An error occurred while downloading the Azure Active Directory managed identity certificate",
    "AZCM0101": "The command was not parsed successfully",
    "AZCM0102": "Unable to retrieve the computer hostname",
    "AZCM0103": "An error occurred while generating RSA keys",
    "AZCM0104": "Failed to read system information",
    # facts §2.2 (not in seeds/002's table).
    "AZCM0019": "The configuration file was not found",
    "AZCM0026": "Network Error",
}
# seeds/002 "Agent connection issues to service".
DEVICE_FLOW = "Failed to acquire authorization token device flow"
SPN_FLOW = "Failed to acquire authorization token from SPN"
DIAL_UNREACHABLE = "dial tcp {ip}:443: connect: network is unreachable"
DIAL_FORBIDDEN = "dial tcp {ip}:443: connect: network is Forbidden"
DIAL_NO_HOST = "dial tcp lookup {host}: no such host"
# Go's crypto/x509 text, what an agent sees behind a TLS-inspecting proxy (lab: not in the seeds).
X509_UNKNOWN_AUTHORITY = "x509: certificate signed by unknown authority"
SPN_FORBIDDEN = (
    "Failed to execute the refresh request. Error = 'Post https://{host}/{tenant}/oauth2/token?"
    "api-version=1.0: Forbidden'"
)
INVALID_CLIENT_SECRET = "Invalid client secret is provided"
ARM_GET_FORBIDDEN = "Get https://{host}{resource_id}?api-version=2019-03-18-preview:  Forbidden"
GET_ARM_RESOURCE = "Get ARM Resource Response"
CONNECT_ARM = "Failed to AzcmagentConnect ARM resource"

# --- Windows / PowerShell ---------------------------------------------------------------------

# The WinRM texts New-PSSession prints (about_Remote_Troubleshooting).
WINRM_UNREACHABLE = (
    "Connecting to remote server {host} failed with the following error message : WinRM cannot "
    "complete the operation. Verify that the specified computer name is valid, that the computer "
    "is accessible over the network, and that a firewall exception for the WinRM service is "
    "enabled and allows access from this computer. For more information, see the "
    "about_Remote_Troubleshooting Help topic."
)
WINRM_ACCESS_DENIED = (
    "Connecting to remote server {host} failed with the following error message : Access is "
    "denied. For more information, see the about_Remote_Troubleshooting Help topic."
)
# .NET WebException text for an untrusted TLS chain (Invoke-WebRequest behind TLS inspection).
TLS_TRUST = (
    "The underlying connection was closed: Could not establish trust relationship for the SSL/TLS "
    "secure channel."
)
DNS_NOT_RESOLVED = "The remote name could not be resolved: '{host}'"
CONNECT_FAILED = "Unable to connect to the remote server"

# lab wording: wevtutil's confirmation before enabling a debug/analytic channel (enabling clears
# it); no source gives the exact text. /q answers it (troubleshoot-hci-registration.md).
WEVTUTIL_CONFIRM = (
    "Enabling this log type will clear it on enable. Do you want to enable this log? [y/n]"
)


# An Azure Local mandatory extension that did not come up (F5): the enable failure as
# Microsoft's Azure Local supportability TSG quotes it for AzureEdgeLifecycleManager ("Extension
# failed during enable. Enable command timed out. Extension Message: Device initialization is in
# progress."); public GitHub TSG, 'Symptoms' section.
EXTENSION_ENABLE_TIMED_OUT = (
    "Extension failed during enable. Enable command timed out. Extension Message: Device "
    "initialization is in progress."
)
# Invoke-AzStackHciArcInitialization's console lines, as Microsoft's registration page shows a
# successful run (deployment-arc-register-server-permissions.md @ e3ff2d7add25, step 3 output).
BOOTSTRAP_SAVED = (
    "Configuration saved to: C:\\Users\\ADMINI~1\\AppData\\Local\\Temp\\bootstrap.json"
)
BOOTSTRAP_TRIGGER = "Triggering bootstrap on the device..."
BOOTSTRAP_WAIT = "Waiting for bootstrap to complete... Current Status: {status}"
BOOTSTRAP_OK = "Bootstrap succeeded."
BOOTSTRAP_LOGS = "Triggering bootstrap log collection as a best effort."
# LAB WORDING, not Microsoft's (docs/lab.md "Lab wording, not Microsoft's"): the page documents
# no failure text, and the Azure Local registration, Arc gateway and troubleshooting pages of
# MicrosoftDocs/azure-stack-docs and a code search (2026-12-06) found none; the product never
# matches on it.
BOOTSTRAP_FAILED = "Bootstrap failed: {detail}"
