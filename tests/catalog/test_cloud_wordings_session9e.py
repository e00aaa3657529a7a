"""Session 9, cycle E: the eighteenth set's miss classes in the Entra ID and ARM families, each
named as its producer prints it in all its forms (the producer is cited beside each rule in
families.yaml), and the look-alikes that set showed answered: a resource principal missing from
the tenant and data-plane services' own request quotas."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # hashicorp/terraform-provider-azurerm data sources: ARM's 404 in the provider's words
        ('Error: Error: Resource Group "default" was not found', "arm-not-found"),
        (
            'Error: Error: Storage Account "stdiag01" (Resource Group "rg-shared") was not found',
            "arm-not-found",
        ),
        (
            'Error: Network Interface "nic-01" (Resource Group "rg-net") was not found!\n\n'
            '  with data.azurerm_network_interface.nic,\n  on main.tf line 3, in data "azurerm_'
            'network_interface" "nic":',
            "arm-not-found",
        ),
        (
            'Error: managed disk "data-01" (Resource Group "rg-vm") was not found',
            "arm-not-found",
        ),
        (
            'Error: Resource Group (Subscription: "00000000-0000-0000-0000-000000000000"\n'
            'Resource Group Name: "rg-missing") was not found\n\n'
            '  with data.azurerm_resource_group.rg,\n  on main.tf line 1, in data "azurerm_resource_'
            'group" "rg":',
            "arm-not-found",
        ),
        (
            '│ Error: Key Vault (Subscription: "00000000-0000-0000-0000-000000000000"\n'
            '│ Resource Group Name: "rg-sec"\n│ Key Vault Name: "kv-app") was not found',
            "arm-not-found",
        ),
        # the database providers' region access refusal (ProvisioningDisabled), in its forms
        (
            'Error: waiting for creation of Server (Subscription: "00000000-0000-0000-0000-000000000000"'
            '\nResource Group Name: "rg-sql"\nServer Name: "sql-01"): polling after CreateOrUpdate:'
            " polling failed: the Azure API returned the following error:\n\n"
            'Status: "ProvisioningDisabled"\nCode: ""\nMessage: "Provisioning is restricted in this'
            " region. Please choose a different region. For exceptions to this rule please open a"
            " support request with Issue type of 'Service and subscription limits'.\"",
            "arm-location",
        ),
        (
            '{"code": "ProvisioningDisabled", "message": "MSDN subscriptions are restricted from'
            " provisioning in this region. Please choose a different region. For exceptions to this"
            " rule please open a support request with Issue type of 'Service and subscription"
            " limits'.\"}",
            "arm-location",
        ),
        (
            "(ProvisioningDisabled) Your subscription does not have access to create a server in the"
            " selected region.",
            "arm-location",
        ),
        (
            "Location 'East US' is not accepting creation of new Windows Azure SQL Database servers"
            " for the subscription '00000000-0000-0000-0000-000000000000' at this time.",
            "arm-location",
        ),
        ("Provisioning in the requested region isn't supported.", "arm-location"),
        # ARM's deployments endpoint refusing the deployment's location
        (
            'ERROR: {"code": "LocationNotAvailableForDeployment", "message": "The provided'
            " location 'East US' is not available for deployment. List of available regions is"
            " 'EASTUS,WESTUS'.\"}",
            "arm-location",
        ),
        (
            "New-AzSubscriptionDeployment: The provided location 'mars' is not available for"
            " deployment.",
            "arm-location",
        ),
        # a resource whose provisioning state is not terminal (RequestConflict)
        (
            "ERROR: deployment failed: RequestConflict: Cannot modify resource with id"
            " '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/"
            "ai-01' because the resource entity provisioning state is not terminal. Please wait for"
            " the provisioning state to become terminal and then retry the request.",
            "arm-conflict",
        ),
        (
            "Cannot modify resource with id '...' because the resource entity provisioning state is"
            " not terminal.",
            "arm-conflict",
        ),
        # AKS: an operation replaced by a later one
        (
            'Error: waiting for the deletion of Node Pool "stateful" (Managed Kubernetes Cluster'
            ' "aks-01" / Resource Group "rg-aks"): Code="Canceled" Message="The operation was'
            ' overriden and canceled by a later operation 00000000-0000-0000-0000-000000000000."',
            "arm-conflict",
        ),
        # Azure Machine Learning's workspace entity conflict
        (
            "Conflict of operation, another operation on same entity is already running in"
            " workspace mlops-ws.",
            "arm-conflict",
        ),
        # the management groups provider: moving a subscription needs roleAssignments write
        (
            "Error: creating Management Group Subscription Association: managementgroups."
            "SubscriptionsClient#Create: Failure responding to request: StatusCode=400 -- Original"
            ' Error: autorest/azure: Service returned an error. Status=400 Code="BadRequest"'
            ' Message="Permission to write and delete on resources of type'
            " 'Microsoft.Authorization/roleAssignments' is required on the subscription or its"
            ' ancestors."',
            "arm-authorization",
        ),
        (
            '{\n  "error": {\n    "code": "BadRequest",\n    "message": "Permission to write and'
            " delete on resources of type 'Microsoft.Authorization/roleAssignments' is required on"
            ' the subscription or its ancestors.",\n    "details": "Subscription ID:'
            " '/subscriptions/0000'\"\n  }\n}",
            "arm-authorization",
        ),
        (
            "Owner level access is required on the subscription or its ancestors.",
            "arm-authorization",
        ),
        # the azurerm provider's Azure CLI token lookup: the cached sign-in aged out or was never made
        (
            "Error: Error building AzureRM Client: No valid (unexpired) Azure CLI Auth Tokens found."
            " Please run `az login`.",
            "entra-session-expired",
        ),
        # its 'Authorization Tokens were not found'
        # never signed in, no family: test_families_entra_session_expired_not_signed_in.py
    ],
)
def test_the_eighteenth_sets_classes_name_their_family_in_the_producers_forms(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # AADSTS500011: the resource (API) principal is missing, not the signing-in app; the usual
        # fix is the resource URI or scope of the request (here the OAuth error field beside it)
        "{'error':'invalid_resource','error_description':'AADSTS500011: The resource principal"
        " named https://management.core.windows.net was not found in the tenant named contoso."
        " This can happen if the application has not been installed by the administrator of the"
        " tenant or consented to by any user in the tenant. You might have sent your"
        " authentication request to the wrong tenant.",
        '{"error":"invalid_resource","error_description":"The requested resource is not configured'
        ' in the tenant."}',
        # data-plane services' own request quotas (their tier or throughput, not ARM's budget)
        'com.azure.core.exception.HttpResponseException: Status code 429, "{"type":'
        '"https://azconfig.io/errors/too-many-requests","title":"Resource utilization has'
        ' surpassed the assigned quota","policy":"Total Requests","status":429}"',
        "Response status code does not indicate success: TooManyRequests (429); Substatus: 3200;"
        ' Reason: ("Request rate is large. More Request Units may be needed, so no changes were'
        ' made. Please retry this request later. Learn more: http://aka.ms/cosmosdb-error-429")',
        "Azure.RequestFailedException: Requests to the ChatCompletions_Create Operation under"
        " Azure OpenAI API version 2024-02-01 have exceeded call rate limit of your current OpenAI"
        " S0 pricing tier. Please go here: https://aka.ms/oai/quotaincrease if you would like to"
        " further increase the default rate limit.\nStatus: 429 (Too Many Requests)",
        # azurerm's DEBUG line for a managed resource gone since the last refresh (recreated)
        "2024-01-01T10:00:00.000Z [DEBUG] provider.terraform-provider-azurerm: App Service"
        ' "app-01" (resource group "rg-web") was not found - removing from state',
        # another product's "canceled by a later operation" (a client-side mutex)
        "DefaultTyping.keystroke(); mutex was canceled by a later operation",
        # a Kubernetes condition's reason named ProvisioningDisabled (another product's word)
        "status: False, reason: ProvisioningDisabled, message: Worker provisioning is disabled;"
        " existing workers may continue",
        # SharePoint CSOM's IDCRL refusal: the same sentence for a wrong password, an account that
        # must use MFA and a tenant that refuses legacy sign-in; the text cannot show which
        "Microsoft.SharePoint.Client.IdcrlException: The sign-in name or password does not match"
        " one in the Microsoft account system.\n   at Microsoft.SharePoint.Client.Idcrl.IdcrlAuth."
        "GetServiceToken(String securityXml, String serviceTarget, String servicePolicy)",
    ],
)
def test_look_alikes_of_the_eighteenth_sets_classes_are_not_named(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # ARM's own throttling still names arm-throttling
        (
            'Status=429 Code="TooManyRequests" Message="The request is being throttled as the limit'
            " has been reached for operation type - Read_ObservationWindow_00:05:00. For more"
            ' information, see - https://aka.ms/srpthrottlinglimits"',
            "arm-throttling",
        ),
        (
            "Status: 429 (Too Many Requests) ErrorCode: SubscriptionRequestsThrottled",
            "arm-throttling",
        ),
        # the signing-in app missing from the tenant still names entra-app-not-found
        (
            '{"error":"unauthorized_client","error_description":"AADSTS700016: Application with'
            " identifier '00000000-0000-0000-0000-000000000000' was not found in the directory"
            " 'contoso'.\"}",
            "entra-app-not-found",
        ),
        (
            '{"error":"unauthorized_client","error_description":"The client is not registered."}',
            "entra-app-not-found",
        ),
        # ARM's own location refusal for a resource type keeps arm-location
        (
            "The provided location 'westus3' is not available for resource type"
            " 'Microsoft.AzureStackHCI/clusters'.",
            "arm-location",
        ),
        # an ARM 404 with its code keeps arm-not-found
        ("ResourceGroupNotFound: Resource group 'rg1' could not be found.", "arm-not-found"),
    ],
)
def test_the_neighbours_of_the_eighteenth_sets_classes_keep_their_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # MSAL for Python's ID token time check, before and after af30e44
        (
            "msal.oauth2cli.oidc.IdTokenError: 9. The current time MUST be before the time"
            " represented by the exp Claim. Current epoch = 1700000000.  The id_token was: {}",
            "token-time",
        ),
        (
            "WARNING: 9. The ID token already expires. Make sure your computer's time is correctly"
            " synchronized. Current epoch = 2024-01-01 10:00:00.  The id_token was approximately: {}",
            "token-time",
        ),
        (
            "9. The ID token already expires. Make sure your computer's time and time zone are both"
            " correct. Current epoch = 2024-01-01 10:00:00.",
            "token-time",
        ),
        # go-azure-sdk's Azure CLI authorizer: the configured subscription is not the CLI account's
        (
            "Error: building account: could not acquire access token to parse claims: obtaining"
            ' subscription ID: the provided subscription ID "00000000-0000-0000-0000-000000000000"'
            " is not known by Azure CLI",
            "arm-not-found",
        ),
        # MSAL.NET's claims challenge (MFA / Conditional Access step-up), without and with a code
        (
            "Microsoft.Identity.Client.MsalClaimsChallengeException: The returned error contains a"
            " claims challenge. For additional info on how to handle claims related to multifactor"
            " authentication, Conditional Access, and incremental consent, see"
            " https://aka.ms/msal-conditional-access-claims.",
            "entra-interaction-required",
        ),
        (
            "MsalClaimsChallengeException: AADSTS65001: The user or administrator has not consented"
            " to use the application with ID 'x'. The returned error contains a claims challenge.",
            "entra-consent",
        ),
        # MSAL.js InteractionRequiredAuthError: the cached sign-in is gone or aged out
        (
            "InteractionRequiredAuthError: no_tokens_found: No refresh token found in the cache."
            " Please sign-in.",
            "entra-session-expired",
        ),
        (
            "InteractionRequiredAuthError: bad_token: Identity provider returned bad_token due to an"
            " expired or invalid refresh token. Please invoke an interactive API to resolve.",
            "entra-session-expired",
        ),
        (
            "InteractionRequiredAuthError: native_account_unavailable: The requested account is not"
            " available in the native broker. It may have been deleted or logged out. Please sign-in"
            " again using an interactive API.",
            "entra-session-expired",
        ),
    ],
)
def test_the_identity_libraries_own_wordings_name_their_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # the Storage resource provider's throttling message, without the 429 or the code beside it
        "storage.FileSharesClient#Get: Failure responding to request: The request is being throttled"
        " as the limit has been reached for operation type - Read_ObservationWindow_00:05:00. For"
        " more information, see - https://aka.ms/srpthrottlinglimits",
        "Message: The request is being throttled as the limit has been reached for operation type -"
        " Write_ObservationWindow_00:01:00.",
    ],
)
def test_the_storage_resource_providers_throttling_is_arm_throttling(wording: str) -> None:
    assert family_of(wording) == "arm-throttling"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Azure Pipelines' Azure CLI / PowerShell tasks on AADSTS7000222, in English and translated
        (
            "##[error]Secret expired, update service connection at"
            " https://dev.azure.com/contoso/proj/_settings/adminservices?resourceId=0000 See"
            " https://aka.ms/azdo-rm-workload-identity-conversion to learn more about conversion to"
            " secret-less service connections.",
            "entra-client-credential",
        ),
        (
            "##[error]Le secret a expiré, mettez à jour la connexion au service à l’adresse"
            " https://dev.azure.com/contoso/proj/_settings/adminservices?resourceId=0000 Consultez"
            " https://aka.ms/azdo-rm-workload-identity-conversion pour en savoir plus sur la"
            " conversion vers des connexions au service sans secret.",
            "entra-client-credential",
        ),
        (
            "##[error]Could not fetch access token for Azure. Verify if the Service Principal used is"
            " valid and not expired.",
            "entra-client-credential",
        ),
        # the wrapper yields to the code the token endpoint gave
        (
            "##[error]Could not fetch access token for Azure. Verify if the Service Principal used is"
            " valid and not expired. AADSTS90002: Tenant 'contoso' not found.",
            "entra-tenant",
        ),
    ],
)
def test_azure_pipelines_service_connection_wordings_name_their_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Azure Pipelines' ARM template deployment task after a 403 from the deployment
        (
            "##[error]Please make sure the Service Principal with name contoso-sp is assigned the"
            " right roles for the entity rg1. Follow the link for more details:"
            " https://docs.microsoft.com/en-us/azure/role-based-access-control/role-assignments-portal",
            "arm-authorization",
        ),
        (
            "##[error]Please make sure the Managed Service Identity used for deployment is assigned"
            " the right roles for the Resource Group rg1. Follow the link for more details:"
            " https://docs.microsoft.com/en-us/azure/active-directory/managed-identities-azure-"
            "resources/howto-assign-access-portal",
            "arm-authorization",
        ),
        # ... the same 403 for a policy denial: the policy's wording decides
        (
            "##[error]RequestDisallowedByPolicy: Resource 'st1' was disallowed by policy.\n"
            "##[error]Please make sure the Service Principal with name contoso-sp is assigned the"
            " right roles for the entity rg1.",
            "arm-policy",
        ),
    ],
)
def test_azure_pipelines_deployment_403_wordings_name_their_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # other servers' 429s, shown by their producer and no ARM marker
        "npm ERR! code E429\nnpm ERR! 429 Too Many Requests - GET https://registry.npmjs.org/lodash",
        "ERROR: HTTP Error 429: Too Many Requests for url: https://pypi.org/simple/requests/",
        "requests.exceptions.HTTPError: 429 Client Error: Too Many Requests for url:"
        " https://huggingface.co/api/models/bert-base-uncased",
        "Error from server (TooManyRequests): the server has received too many requests and has"
        " asked us to try again later",
        "Error response from daemon: toomanyrequests: too many requests, please retry later",
        "The remote server returned an error: (429) Too Many Requests.\n   at"
        " Microsoft.SharePoint.Client.ClientRequest.ExecuteQueryToServer(ChunkStringBuilder sb)",
    ],
)
def test_other_servers_429s_are_not_arm_throttling(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        # ARM's own 429s keep arm-throttling, also with a request URL or ARM's code in capitals
        "GET https://management.azure.com/subscriptions/0000/providers/Microsoft.Compute/"
        "virtualMachines\n--------------------------------------------------------------------\n"
        "RESPONSE 429: 429 Too Many Requests\nERROR CODE: SubscriptionRequestsThrottled",
        'Status=429 Code="TooManyRequests" Message="Too many requests. Please retry."',
        'urllib3.connectionpool : https://management.azure.com:443 "GET /subscriptions/0000/'
        'providers/Microsoft.Storage/storageAccounts HTTP/1.1" 429 253',
    ],
)
def test_arms_own_429s_stay_arm_throttling(wording: str) -> None:
    assert family_of(wording) == "arm-throttling"
