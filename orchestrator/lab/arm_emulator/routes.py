"""The ARM and Graph routes the orchestrator's client calls, answered from the lab's LabAzure.

Only what orchestrator/azure/arm.py sends is served (anything else is a loud 400, so a client
change that the emulator does not know fails a test instead of passing silently). Bodies and
error bodies have the service's shapes: ARM `{"error": {"code", "message"}}`, Graph the same
plus `innerError`. Every handler runs with the world's lock held by the caller.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal

import attrs

from orchestrator.lab import texts
from orchestrator.lab.azure import (
    ARC_NAMESPACE,
    HCI_NAMESPACE,
    LRO_DELETE_TYPES,
    ArmError,
    LabAzure,
    ResourceId,
    TokenGrant,
)

Service = Literal["arm", "graph"]

# --- texts the services return (ARM: azure-docs "Troubleshoot common Azure deployment errors"
# and "Understand how Azure Resource Manager throttles requests"; Graph: "Microsoft Graph error
# responses and resource types" and "throttling guidance") --------------------------------------
MISSING_API_VERSION = (
    "The api-version query parameter (?api-version=) is required for all requests."
)
MISSING_AUTHORIZATION = "Authentication failed. The 'Authorization' header is missing."
INVALID_AUTHORIZATION = (
    "Authentication failed. The 'Authorization' header is provided in an invalid format."
)
WRONG_TENANT = (
    "The access token is from the wrong issuer 'https://sts.windows.net/{token_tenant}/'. It "
    "must match the tenant 'https://sts.windows.net/{tenant}/' associated with this "
    "subscription. Please use the authority (URL) 'https://login.windows.net/{tenant}' to get "
    "the token."
)
ARM_THROTTLED = (
    "Number of '{kind}' requests for subscription '{subscription}' actor '{actor}' exceeded. "
    "Please try again after '{seconds}' seconds after additional tokens are available. Refer to "
    "https://aka.ms/arm-throttling for additional information."
)
ARM_INTERNAL_ERROR = (
    "Encountered internal server error. Diagnostic information: timestamp '{timestamp}', "
    "subscription id '{subscription}', tracking id '{tracking}', request correlation id "
    "'{tracking}'."
)
ARM_GATEWAY_TIMEOUT = (
    "The gateway did not receive a response from '{namespace}' within the specified time period."
)
GRAPH_NOT_FOUND = (
    "Resource '{id}' does not exist or one of its queried reference-property objects are not "
    "present."
)
GRAPH_DENIED = "Insufficient privileges to complete the operation."
GRAPH_THROTTLED = "Too many requests, please retry after the time given in Retry-After."
GRAPH_BAD_FILTER = "Invalid filter clause"


@attrs.frozen
class Request:
    method: str
    path: str  # percent-decoded, without the query
    raw_path: str  # as sent, for nextLink
    query: Mapping[str, str]
    base_url: str  # https://host:port as the client addressed it


@attrs.frozen
class Answer:
    status: int
    body: Any = None  # JSON-able; None: an empty body
    headers: Mapping[str, str] = attrs.field(factory=dict)


Handler = Callable[[LabAzure, TokenGrant, Request, Mapping[str, str], int], Answer]


@attrs.frozen
class Route:
    name: str  # what fault rules name (faults.ROUTES)
    service: Service
    pattern: re.Pattern[str]
    handlers: Mapping[str, Handler]  # by method

    def action(self, method: str, groups: Mapping[str, str]) -> str:
        """The ARM action the request needs (for AuthorizationFailed texts)."""
        return ACTIONS[self.name].get(method, "").format(**groups)


_SUB = r"^/subscriptions/(?P<sub>[^/]+)"
_RG = r"/resourcegroups/(?P<rg>[^/]+)"
_CLUSTER = _SUB + _RG + r"/providers/microsoft\.azurestackhci/clusters/(?P<name>[^/]+)"

ACTIONS: dict[str, dict[str, str]] = {
    "permissions": {"GET": "Microsoft.Authorization/permissions/read"},
    "provider": {"GET": "Microsoft.Resources/subscriptions/providers/read"},
    "register": {"POST": "{ns}/register/action"},
    "operationstatus": {"GET": "{ns}/locations/operationStatuses/read"},
    "operationresult": {"GET": "{ns}/locations/operationResults/read"},
    "resourcegroup": {"GET": "Microsoft.Resources/subscriptions/resourceGroups/read"},
    "cluster": {
        "GET": "Microsoft.AzureStackHCI/clusters/read",
        "DELETE": "Microsoft.AzureStackHCI/clusters/delete",
    },
    "arcsettings": {
        "GET": "Microsoft.AzureStackHCI/clusters/arcSettings/read",
        "DELETE": "Microsoft.AzureStackHCI/clusters/arcSettings/delete",
    },
    "machine": {
        "GET": "Microsoft.HybridCompute/machines/read",
        "DELETE": "Microsoft.HybridCompute/machines/delete",
    },
    "extensions": {"GET": "Microsoft.HybridCompute/machines/read"},  # the machine is read first
    "gateway": {"GET": "Microsoft.HybridCompute/gateways/read"},
    "applications": {"GET": "microsoft.directory/applications/allProperties/read"},
    "application": {"DELETE": "microsoft.directory/applications/delete"},
}


def arm_error(error: ArmError, service: Service = "arm") -> Answer:
    body: dict[str, Any] = {"error": {"code": error.code, "message": error.message}}
    headers: dict[str, str] = {}
    if service == "graph":
        body["error"]["innerError"] = {
            "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "request-id": str(uuid.uuid4()),
        }
    if error.status == 401:
        # azure-core's BearerTokenCredentialPolicy reads this challenge (and only acts on CAE
        # claims challenges, so an invalid token is not retried with the same token).
        headers["WWW-Authenticate"] = (
            'Bearer authorization_uri="https://login.microsoftonline.com/common", '
            f'error="invalid_token", error_description="{error.code}"'
        )
    return Answer(error.status, body, headers)


# --- ARM ------------------------------------------------------------------------------------------


def _permissions(
    azure: LabAzure, grant: TokenGrant, request: Request, groups: Mapping[str, str], page: int
) -> Answer:
    sub = groups["sub"]
    azure.existing_subscription(sub)
    scope = f"/subscriptions/{sub}" + (f"/resourceGroups/{groups['rg']}" if groups["rg"] else "")
    blocks = [
        {**block, "dataActions": [], "notDataActions": []}
        for block in azure.permissions(grant.principal_id, scope)
    ]
    return Answer(200, _paged(request, blocks, page))


def _paged(request: Request, items: list[dict[str, Any]], page: int) -> dict[str, Any]:
    """ARM's list shape: `value` holds one page, `nextLink` (absent on the last page) the URL
    of the next one."""
    skip = int(request.query.get("$skipToken", "0") or 0)
    body: dict[str, Any] = {"value": items[skip : skip + page]}
    if skip + page < len(items):
        version = request.query.get("api-version", "")
        body["nextLink"] = (
            f"{request.base_url}{request.raw_path}?api-version={version}&$skipToken={skip + page}"
        )
    return body


def provider_body(azure: LabAzure, subscription_id: str, namespace: str) -> dict[str, Any]:
    """`GET /subscriptions/{id}/providers/{namespace}`: state, and where each type is offered
    (the Provider shape of azure-rest-api-specs Microsoft.Resources stable/2021-04-01)."""
    sub = azure.subscriptions[subscription_id]
    canonical = next((k for k in sub.providers if k.lower() == namespace.lower()), namespace)
    locations = azure.provider_locations(subscription_id)
    types = {
        HCI_NAMESPACE.lower(): ("clusters", "clusters/arcSettings"),
        ARC_NAMESPACE.lower(): ("machines", "machines/extensions"),
    }.get(canonical.lower(), ())
    return {
        "id": f"/subscriptions/{subscription_id}/providers/{canonical}",
        "namespace": canonical,
        "registrationState": azure.provider_state(subscription_id, canonical),
        "registrationPolicy": "RegistrationRequired",
        "resourceTypes": [
            {"resourceType": t, "locations": list(locations), "apiVersions": []} for t in types
        ],
    }


def _provider(
    azure: LabAzure, grant: TokenGrant, request: Request, groups: Mapping[str, str], page: int
) -> Answer:
    azure.subscription(grant.principal_id, groups["sub"])
    return Answer(200, provider_body(azure, groups["sub"], groups["ns"]))


def _register(
    azure: LabAzure, grant: TokenGrant, request: Request, groups: Mapping[str, str], page: int
) -> Answer:
    azure.register_provider(grant.principal_id, groups["sub"], groups["ns"])
    return Answer(200, provider_body(azure, groups["sub"], groups["ns"]))


def _resource_group(
    azure: LabAzure, grant: TokenGrant, request: Request, groups: Mapping[str, str], page: int
) -> Answer:
    return Answer(200, azure.get_group(grant.principal_id, groups["sub"], groups["rg"]).to_arm())


def _get_resource(
    azure: LabAzure, grant: TokenGrant, request: Request, groups: Mapping[str, str], page: int
) -> Answer:
    return Answer(200, azure.get(grant.principal_id, request.path).to_arm())


def _machine_extensions(
    azure: LabAzure, grant: TokenGrant, request: Request, groups: Mapping[str, str], page: int
) -> Answer:
    """Machine Extensions - List (`GET .../Microsoft.HybridCompute/machines/{name}/extensions`;
    Azure/azure-rest-api-specs specification/hybridcompute/resource-manager/
    Microsoft.HybridCompute/stable/2022-03-10/examples/LISTExtension.json @ 837d3669dacae0ef):
    `{"value": [MachineExtension...]}` paged by `nextLink`, each with id, name, location,
    type `Microsoft.HybridCompute/machines/extensions` and properties (publisher, type,
    provisioningState, instanceView). The machine is read first, so a missing machine or a
    denied read answers as a machine GET does (404 ResourceNotFound, 403), like the in-process
    LabControlPlane.arc_machine_extensions."""
    machine = request.path[: -len("/extensions")]
    azure.get(grant.principal_id, machine)
    prefix = machine.lower() + "/extensions/"
    items = [r.to_arm() for key, r in sorted(azure.resources.items()) if key.startswith(prefix)]
    return Answer(200, _paged(request, items, page))


def _delete_resource(
    azure: LabAzure, grant: TokenGrant, request: Request, groups: Mapping[str, str], page: int
) -> Answer:
    """ARM: 200 when the resource was deleted, 204 when there was nothing to delete; for a
    long-running type (LRO_DELETE_TYPES), 202 with `Azure-AsyncOperation` (the status
    resource), `Location` (the result) and `Retry-After`, as ARM's async contract has it."""
    if ResourceId.parse(request.path).type.lower() not in LRO_DELETE_TYPES:
        return Answer(200 if azure.delete(grant.principal_id, request.path) else 204)
    operation = azure.begin_delete(grant.principal_id, request.path)
    if operation is None:
        return Answer(204)
    if operation.status != "InProgress":
        return Answer(200)
    return Answer(
        202, None, operation_headers(request, operation.namespace, operation.location, operation.id)
    )


def operation_headers(request: Request, namespace: str, location: str, op: str) -> dict[str, str]:
    sub = request.path.split("/")[2]
    version = request.query.get("api-version", "")
    base = f"{request.base_url}/subscriptions/{sub}/providers/{namespace}/locations/{location}"
    return {
        "Azure-AsyncOperation": f"{base}/operationStatuses/{op}?api-version={version}",
        "Location": f"{base}/operationResults/{op}?api-version={version}",
        "Retry-After": str(OPERATION_RETRY_AFTER_S),
    }


# What the lab's 202s and operation answers ask the client to wait between polls (lab choice).
OPERATION_RETRY_AFTER_S = 10


def _operation_status(
    azure: LabAzure, grant: TokenGrant, request: Request, groups: Mapping[str, str], page: int
) -> Answer:
    """The Azure-AsyncOperation status resource: {id, name, status, startTime[, endTime]}."""
    operation = azure.operation(groups["op"])
    headers = (
        {"Retry-After": str(OPERATION_RETRY_AFTER_S)} if operation.status == "InProgress" else {}
    )
    return Answer(200, operation.to_arm(), headers)


def _operation_result(
    azure: LabAzure, grant: TokenGrant, request: Request, groups: Mapping[str, str], page: int
) -> Answer:
    """The Location URL: 202 (and where to ask again) while in progress, 204 once done."""
    operation = azure.operation(groups["op"])
    if operation.status == "InProgress":
        return Answer(
            202, None, operation_headers(request, groups["ns"], groups["loc"], groups["op"])
        )
    return Answer(204)


# --- Graph ----------------------------------------------------------------------------------------

_DISPLAY_NAME_FILTER = re.compile(r"^\s*displayName\s+eq\s+'((?:[^']|'')*)'\s*$", re.IGNORECASE)


def _applications(
    azure: LabAzure, grant: TokenGrant, request: Request, groups: Mapping[str, str], page: int
) -> Answer:
    query = request.query.get("$filter")
    if query is None:
        apps = [a for a in azure.apps.values() if a.tenant_id == grant.tenant_id]
    else:
        match = _DISPLAY_NAME_FILTER.match(query)
        if match is None:
            raise ArmError(400, "Request_UnsupportedQuery", GRAPH_BAD_FILTER)
        apps = azure.apps_named(grant.tenant_id, match.group(1).replace("''", "'"))
    return Answer(
        200,
        {
            "@odata.context": f"{request.base_url}/v1.0/$metadata#applications",
            "value": [a.to_graph() for a in apps],
        },
    )


def _delete_application(
    azure: LabAzure, grant: TokenGrant, request: Request, groups: Mapping[str, str], page: int
) -> Answer:
    for app in list(azure.apps.values()):
        if app.object_id == groups["id"] and app.tenant_id == grant.tenant_id:
            azure.delete_app(app.app_id)
            return Answer(204)
    raise ArmError(404, "Request_ResourceNotFound", GRAPH_NOT_FOUND.format(id=groups["id"]))


def _route(name: str, service: Service, pattern: str, **handlers: Handler) -> Route:
    return Route(name, service, re.compile(pattern, re.IGNORECASE), handlers)


ROUTES = (
    _route(
        "permissions",
        "arm",
        _SUB + f"(?:{_RG})?" + r"/providers/microsoft\.authorization/permissions$",
        GET=_permissions,
    ),
    _route("register", "arm", _SUB + r"/providers/(?P<ns>[^/]+)/register$", POST=_register),
    _route(
        "operationstatus",
        "arm",
        _SUB
        + r"/providers/(?P<ns>[^/]+)/locations/(?P<loc>[^/]+)/operationstatuses/(?P<op>[^/]+)$",
        GET=_operation_status,
    ),
    _route(
        "operationresult",
        "arm",
        _SUB + r"/providers/(?P<ns>[^/]+)/locations/(?P<loc>[^/]+)/operationresults/(?P<op>[^/]+)$",
        GET=_operation_result,
    ),
    _route("provider", "arm", _SUB + r"/providers/(?P<ns>[^/]+)$", GET=_provider),
    _route("resourcegroup", "arm", _SUB + _RG + "$", GET=_resource_group),
    _route(
        "arcsettings",
        "arm",
        _CLUSTER + r"/arcsettings/(?P<setting>[^/]+)$",
        GET=_get_resource,
        DELETE=_delete_resource,
    ),
    _route("cluster", "arm", _CLUSTER + "$", GET=_get_resource, DELETE=_delete_resource),
    _route(
        "machine",
        "arm",
        _SUB + _RG + r"/providers/microsoft\.hybridcompute/machines/(?P<name>[^/]+)$",
        GET=_get_resource,
        DELETE=_delete_resource,
    ),
    _route(
        "extensions",
        "arm",
        _SUB + _RG + r"/providers/microsoft\.hybridcompute/machines/(?P<name>[^/]+)/extensions$",
        GET=_machine_extensions,
    ),
    _route(
        "gateway",
        "arm",
        _SUB + _RG + r"/providers/microsoft\.hybridcompute/gateways/(?P<name>[^/]+)$",
        GET=_get_resource,
    ),
    _route("applications", "graph", r"^/v1\.0/applications$", GET=_applications),
    _route(
        "application", "graph", r"^/v1\.0/applications/(?P<id>[^/]+)$", DELETE=_delete_application
    ),
)


def find_route(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    for route in ROUTES:
        match = route.pattern.match(path)
        if match and method in route.handlers:
            return route, {k: v or "" for k, v in match.groupdict().items()}
    return None


def default_error(
    route: Route,
    request: Request,
    groups: Mapping[str, str],
    status: int,
    caller: tuple[str, str],
    retry_after: int | None,
) -> ArmError:
    """What the service says for `status` on this request (for injected faults)."""
    graph = route.service == "graph"
    sub = groups.get("sub", "")
    name, object_id = caller
    if status == 401:
        return ArmError(401, "InvalidAuthenticationToken", texts.ARM_TOKEN_INVALID)
    if status == 403:
        if graph:
            return ArmError(403, "Authorization_RequestDenied", GRAPH_DENIED)
        return ArmError(
            403,
            "AuthorizationFailed",
            texts.ARM_AUTHORIZATION_FAILED.format(
                client=name,
                object_id=object_id,
                action=route.action(request.method, groups),
                scope=request.path,
            ),
        )
    if status == 404:
        if graph:
            return ArmError(
                404, "Request_ResourceNotFound", GRAPH_NOT_FOUND.format(id=request.path)
            )
        if route.name == "resourcegroup":
            return ArmError(
                404, "ResourceGroupNotFound", texts.ARM_GROUP_NOT_FOUND.format(group=groups["rg"])
            )
        if route.name in ("cluster", "arcsettings", "machine"):
            rid = ResourceId.parse(request.path)
            return ArmError(
                404,
                "ResourceNotFound",
                texts.ARM_RESOURCE_NOT_FOUND.format(
                    type=rid.type, name=rid.name, group=rid.resource_group
                ),
            )
        return ArmError(404, "NotFound", f"'{request.path}' was not found.")
    if status == 409:
        return ArmError(
            409,
            "Conflict",
            "The request conflicts with the current state of the target resource.",
        )
    if status == 429:
        if graph:
            return ArmError(429, "TooManyRequests", GRAPH_THROTTLED)
        kind = {"GET": "read", "DELETE": "delete"}.get(request.method, "write")
        return ArmError(
            429,
            "SubscriptionRequestsThrottled",
            ARM_THROTTLED.format(
                kind=kind, subscription=sub, actor=object_id, seconds=retry_after or 0
            ),
        )
    if status == 504:
        return ArmError(
            504,
            "GatewayTimeout",
            ARM_GATEWAY_TIMEOUT.format(namespace=groups.get("ns") or "Microsoft.AzureStackHCI"),
        )
    if status >= 500:
        tracking = str(uuid.uuid4())
        return ArmError(
            status,
            "InternalServerError" if status == 500 else "ServiceUnavailable",
            ARM_INTERNAL_ERROR.format(
                timestamp=datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
                subscription=sub,
                tracking=tracking,
            ),
        )
    return ArmError(status, "BadRequest", "The request is invalid.")
