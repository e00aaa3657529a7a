"""Simulated Azure: tenants, subscriptions, RBAC, resource providers, resource groups, resources
and app registrations, with the error codes and texts ARM and Entra return.

The API is in-process and shaped after ARM/Graph calls (get/put/delete a resource by ID, POST an
action, register a provider, create a role assignment, list app registrations), so an
`AzureControlPlane` lab adapter and a loopback ARM emulator can both serve it. It holds state
only; it knows nothing about nodes or flows. Every mutating call checks the caller's effective
permissions (wildcards and NotActions) the way ARM does.

Tokens are opaque random strings; only their SHA-256 is kept, so a snapshot never contains one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from datetime import datetime, timedelta
from typing import Any

import attrs

from orchestrator.clouds import clouds
from orchestrator.lab import texts
from orchestrator.lab.clock import VirtualClock

HCI_NAMESPACE = "Microsoft.AzureStackHCI"
ARC_NAMESPACE = "Microsoft.HybridCompute"
GUEST_CONFIG_NAMESPACE = "Microsoft.GuestConfiguration"
HYBRID_CONNECTIVITY_NAMESPACE = "Microsoft.HybridConnectivity"
# The registration RG tag (facts §0.4, §1.2 step 18): only groups carrying it are ever deleted.
CREATED_BY_TAG = ("CreatedBy", "4C02703C-F5D0-44B0-ADC3-4ED5C2839E61")
# The Azure Stack HCI resource provider's first-party application (facts §4, AVM PR #3364).
HCI_RP_APP_ID = "1412d89f-b8a8-4111-b4fd-e82905cbd85d"


class ArmError(Exception):
    """An ARM/Graph error response: HTTP status, error code and message, as ARM returns them."""

    def __init__(self, status: int, code: str, message: str) -> None:
        self.status = status
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")


@attrs.define
class Tenant:
    id: str
    cloud: str
    display_name: str = "Default Directory"
    # A10: app permissions need an admin's consent before registration can complete.
    admin_consent_required: bool = False


@attrs.define
class Subscription:
    id: str
    tenant_id: str
    display_name: str
    # namespace -> Registered | Registering | NotRegistered
    providers: dict[str, str] = attrs.field(factory=dict)
    # namespace -> when its registration, begun, reads Registered (ARM registers asynchronously)
    registering_until: dict[str, datetime] = attrs.field(factory=dict)
    # where Microsoft.AzureStackHCI offers `clusters` (display names, as ARM lists them)
    hci_locations: list[str] = attrs.field(factory=list)


@attrs.define
class AsyncOperation:
    """A long-running ARM operation (a DELETE answered 202): InProgress until `ends_at`, then
    Succeeded, when its change is made (the resource goes)."""

    id: str
    resource_id: str
    namespace: str
    location: str
    started_at: datetime
    ends_at: datetime
    status: str = "InProgress"

    def to_arm(self) -> dict[str, Any]:
        """An Azure-AsyncOperation status resource (ARM's async operation contract)."""
        body: dict[str, Any] = {
            "id": f"/providers/{self.namespace}/locations/{self.location}/operationStatuses/{self.id}",
            "name": self.id,
            "status": self.status,
            "startTime": self.started_at.isoformat(),
        }
        if self.status != "InProgress":
            body["endTime"] = self.ends_at.isoformat()
        return body


@attrs.define
class Principal:
    object_id: str
    kind: str  # User | ServicePrincipal
    name: str  # UPN for users, display name for service principals
    tenants: list[str] = attrs.field(factory=list)
    app_id: str | None = None


@attrs.define
class RoleDefinition:
    id: str
    name: str
    actions: list[str]
    not_actions: list[str] = attrs.field(factory=list)
    is_custom: bool = False
    assignable_scopes: list[str] = attrs.field(factory=lambda: ["/"])
    description: str = ""


@attrs.define
class RoleAssignment:
    id: str
    principal_id: str
    role_definition_id: str
    scope: str


@attrs.define
class ResourceGroup:
    subscription_id: str
    name: str
    location: str
    tags: dict[str, str] = attrs.field(factory=dict)

    @property
    def id(self) -> str:
        return f"/subscriptions/{self.subscription_id}/resourceGroups/{self.name}"

    def to_arm(self) -> dict[str, Any]:
        """The body of `GET /subscriptions/{id}/resourcegroups/{name}`."""
        return {
            "id": self.id,
            "name": self.name,
            "type": "Microsoft.Resources/resourceGroups",
            "location": self.location,
            "tags": dict(self.tags),
            "properties": {"provisioningState": "Succeeded"},
        }


@attrs.define
class Resource:
    id: str
    type: str
    name: str
    location: str
    properties: dict[str, Any] = attrs.field(factory=dict)
    tags: dict[str, str] = attrs.field(factory=dict)
    identity: dict[str, str] | None = None

    def to_arm(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "location": self.location,
            "tags": dict(self.tags),
            "properties": _copy(self.properties),
        }
        if self.identity is not None:
            body["identity"] = dict(self.identity)
        return body


@attrs.define
class AppRegistration:
    app_id: str
    object_id: str
    display_name: str
    tenant_id: str
    sp_object_id: str
    consent_granted: bool = True
    key_thumbprints: list[str] = attrs.field(factory=list)  # uploaded certificates
    secret_hashes: list[str] = attrs.field(factory=list)

    def to_graph(self) -> dict[str, Any]:
        """An application object as Microsoft Graph v1.0 lists it (the fields the flows read)."""
        return {
            "id": self.object_id,
            "appId": self.app_id,
            "displayName": self.display_name,
            "signInAudience": "AzureADMyOrg",
        }


@attrs.define
class TokenGrant:
    principal_id: str
    tenant_id: str
    expires_at: datetime


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _b64_json(value: dict[str, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


# Built-in role definitions: IDs and permissions as Azure publishes them (azure-docs
# articles/role-based-access-control/built-in-roles); for the Arc roles only the actions that
# matter to registration and onboarding are listed.
OWNER = RoleDefinition("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner", ["*"])
CONTRIBUTOR = RoleDefinition(
    "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "Contributor",
    ["*"],
    [
        "Microsoft.Authorization/*/Delete",
        "Microsoft.Authorization/*/Write",
        "Microsoft.Authorization/elevateAccess/Action",
        "Microsoft.Blueprint/blueprintAssignments/write",
        "Microsoft.Blueprint/blueprintAssignments/delete",
        "Microsoft.Compute/galleries/share/action",
    ],
)
USER_ACCESS_ADMINISTRATOR = RoleDefinition(
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    "User Access Administrator",
    ["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"],
)
READER = RoleDefinition("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader", ["*/read"])
ARC_ONBOARDING = RoleDefinition(
    "b64e21ea-ac4e-4cdf-9dc9-5b892992bee7",
    "Azure Connected Machine Onboarding",
    [
        "Microsoft.HybridCompute/machines/read",
        "Microsoft.HybridCompute/machines/write",
        "Microsoft.HybridCompute/privateLinkScopes/read",
        "Microsoft.GuestConfiguration/guestConfigurationAssignments/read",
    ],
)
ARC_RESOURCE_ADMINISTRATOR = RoleDefinition(
    "cd570a14-e51a-42ad-bac8-bafd67325302",
    "Azure Connected Machine Resource Administrator",
    [
        "Microsoft.Authorization/*/read",
        "Microsoft.HybridCompute/machines/*",
        "Microsoft.HybridCompute/privateLinkScopes/*",
        "Microsoft.HybridCompute/*/read",
        "Microsoft.Resources/subscriptions/resourceGroups/read",
    ],
)
# The role the HCI resource provider needs on the Arc resource group (seeds/000 C4).
ARC_RESOURCE_MANAGER = RoleDefinition(
    "f5819b54-e033-4d82-ac66-4fec3cbf3f4c",
    "Azure Connected Machine Resource Manager",
    [
        "Microsoft.Authorization/*/read",
        "Microsoft.HybridCompute/machines/read",
        "Microsoft.HybridCompute/*/read",
        "Microsoft.HybridCompute/machines/delete",
        "Microsoft.HybridCompute/machines/write",
        "Microsoft.HybridCompute/machines/extensions/read",
        "Microsoft.HybridCompute/machines/extensions/write",
        "Microsoft.HybridCompute/machines/extensions/delete",
        "Microsoft.HybridConnectivity/endpoints/read",
        "Microsoft.HybridConnectivity/endpoints/write",
        "Microsoft.Resources/subscriptions/resourceGroups/read",
    ],
)
# The custom "Azure Stack HCI registration role", verbatim as Microsoft documents it today
# (MicrosoftDocs/azure-stack-docs azure-stack/hci/deploy/register-with-azure.md, "Assign
# permissions using PowerShell", commit 4df0ccf2, ms.date 02/01/2023: seeds/001's role plus
# roleAssignments/read and HybridConnectivity/register/action); the resource-group write and
# delete lines are added below only for "Create new".
HCI_REGISTRATION_ROLE_ACTIONS = [
    "Microsoft.Resources/subscriptions/resourceGroups/read",
    "Microsoft.AzureStackHCI/register/action",
    "Microsoft.AzureStackHCI/Unregister/Action",
    "Microsoft.AzureStackHCI/clusters/*",
    "Microsoft.Authorization/roleAssignments/write",
    "Microsoft.Authorization/roleAssignments/read",
    "Microsoft.HybridCompute/register/action",
    "Microsoft.GuestConfiguration/register/action",
    "Microsoft.HybridConnectivity/register/action",
]
# seeds/001: the two lines to add for "Create new" resource group.
HCI_REGISTRATION_ROLE_RG_ACTIONS = [
    "Microsoft.Resources/subscriptions/resourceGroups/write",
    "Microsoft.Resources/subscriptions/resourceGroups/delete",
]
BUILT_IN_ROLES = (
    OWNER,
    CONTRIBUTOR,
    USER_ACCESS_ADMINISTRATOR,
    READER,
    ARC_ONBOARDING,
    ARC_RESOURCE_ADMINISTRATOR,
    ARC_RESOURCE_MANAGER,
)


def _pattern(action: str) -> re.Pattern[str]:
    return re.compile("^" + ".*".join(re.escape(p) for p in action.split("*")) + "$", re.IGNORECASE)


def action_matches(granted: str, action: str) -> bool:
    """ARM action matching: case-insensitive, `*` matches any run of characters (also `/`)."""
    return bool(_pattern(granted).match(action))


def role_allows(role: RoleDefinition, action: str) -> bool:
    return any(action_matches(a, action) for a in role.actions) and not any(
        action_matches(n, action) for n in role.not_actions
    )


def scope_covers(scope: str, target: str) -> bool:
    scope, target = scope.rstrip("/").lower(), target.rstrip("/").lower()
    return scope == "" or target == scope or target.startswith(scope + "/")


@attrs.frozen
class ResourceId:
    subscription_id: str
    resource_group: str
    namespace: str
    types: tuple[str, ...]
    names: tuple[str, ...]

    @property
    def type(self) -> str:
        return "/".join((self.namespace, *self.types))

    @property
    def name(self) -> str:
        return self.names[-1]

    @classmethod
    def parse(cls, resource_id: str) -> ResourceId:
        parts = resource_id.strip("/").split("/")
        if (
            len(parts) < 8
            or parts[0].lower() != "subscriptions"
            or parts[2].lower() != "resourcegroups"
            or parts[4].lower() != "providers"
            or len(parts[6:]) % 2
        ):
            raise ArmError(400, "InvalidResourceId", f"'{resource_id}' is not a valid resource ID.")
        rest = parts[6:]
        return cls(parts[1], parts[3], parts[5], tuple(rest[0::2]), tuple(rest[1::2]))


# Resource types whose DELETE is a long-running operation (x-ms-long-running-operation in
# Azure/azure-rest-api-specs specification/azurestackhci/resource-manager/
# Microsoft.AzureStackHCI/stable/2023-03-01/clusters.json Clusters_Delete and arcSettings.json
# ArcSettings_Delete: 200, 202, 204). Microsoft.HybridCompute machines delete answers at once.
LRO_DELETE_TYPES = frozenset(
    {"microsoft.azurestackhci/clusters", "microsoft.azurestackhci/clusters/arcsettings"}
)
# How long the lab's asynchronous answers last, in the world's time (lab choices; Azure gives
# no figure: "registration may take several minutes").
PROVIDER_REGISTRATION_S = 30.0
DELETE_OPERATION_S = 20.0


def resource_id(subscription: str, group: str, type_: str, *names: str) -> str:
    namespace, *types = type_.split("/")
    segments = "/".join(f"{t}/{n}" for t, n in zip(types, names, strict=True))
    return f"/subscriptions/{subscription}/resourceGroups/{group}/providers/{namespace}/{segments}"


class LabAzure:
    """Azure as the lab sees it. Callers are principals identified by object ID."""

    def __init__(self, clock: VirtualClock, new_guid: Any) -> None:
        self.clock = clock
        self._new_guid = new_guid
        self.tenants: dict[str, Tenant] = {}
        self.subscriptions: dict[str, Subscription] = {}
        self.principals: dict[str, Principal] = {}
        self.role_definitions: dict[str, RoleDefinition] = {r.id: r for r in BUILT_IN_ROLES}
        self.role_assignments: dict[str, RoleAssignment] = {}
        self.resource_groups: dict[str, ResourceGroup] = {}
        self.resources: dict[str, Resource] = {}
        self.apps: dict[str, AppRegistration] = {}
        self.tokens: dict[str, TokenGrant] = {}
        self.operations: dict[str, AsyncOperation] = {}
        # knobs: how long registration and a long-running delete take (0: at once)
        self.provider_registration_s = PROVIDER_REGISTRATION_S
        self.delete_operation_s = DELETE_OPERATION_S

    # --- directory ----------------------------------------------------------------------------

    def add_tenant(self, tenant_id: str, cloud: str, **kwargs: Any) -> Tenant:
        tenant = Tenant(tenant_id, cloud, **kwargs)
        self.tenants[tenant_id] = tenant
        # The HCI resource provider's service principal exists in every tenant that uses HCI.
        self._ensure_rp_principal(tenant_id)
        return tenant

    def add_subscription(
        self, subscription_id: str, tenant_id: str, *, name: str = "", registered: bool = True
    ) -> Subscription:
        state = "Registered" if registered else "NotRegistered"
        cloud = self.tenants[tenant_id].cloud if tenant_id in self.tenants else "AzureCloud"
        sub = Subscription(
            subscription_id,
            tenant_id,
            name or f"lab-{subscription_id[:8]}",
            {
                HCI_NAMESPACE: state,
                ARC_NAMESPACE: state,
                GUEST_CONFIG_NAMESPACE: state,
                HYBRID_CONNECTIVITY_NAMESPACE: state,
            },
            # what ARM would list today; the offline list is the lab's seed (clouds.json)
            hci_locations=list(clouds()[cloud].regions.values()),
        )
        self.subscriptions[subscription_id] = sub
        return sub

    def add_user(self, upn: str, tenants: list[str], *, object_id: str | None = None) -> Principal:
        user = Principal(object_id or self._new_guid(), "User", upn, list(tenants))
        self.principals[user.object_id] = user
        return user

    def add_role_definition(self, role: RoleDefinition) -> RoleDefinition:
        self.role_definitions[role.id] = role
        return role

    def add_custom_hci_role(
        self, subscription_id: str, *, with_group_rights: bool
    ) -> RoleDefinition:
        actions = list(HCI_REGISTRATION_ROLE_ACTIONS)
        if with_group_rights:
            actions[1:1] = HCI_REGISTRATION_ROLE_RG_ACTIONS
        return self.add_role_definition(
            RoleDefinition(
                self._new_guid(),
                "Azure Stack HCI registration role",
                actions,
                [],
                is_custom=True,
                assignable_scopes=[f"/subscriptions/{subscription_id}"],
                description="Custom Azure role to allow subscription-level access to register Azure Stack HCI",
            )
        )

    def role_by_name(self, name: str) -> RoleDefinition:
        return next(r for r in self.role_definitions.values() if r.name.lower() == name.lower())

    def assign_role(self, principal_id: str, role_name: str, scope: str) -> RoleAssignment:
        """Seed an assignment directly (no permission check): the world's initial state."""
        role = self.role_by_name(role_name)
        for existing in self.role_assignments.values():
            if (
                existing.principal_id == principal_id
                and existing.role_definition_id == role.id
                and existing.scope.lower() == scope.lower()
            ):
                return existing
        assignment = RoleAssignment(self._new_guid(), principal_id, role.id, scope)
        self.role_assignments[assignment.id] = assignment
        return assignment

    def remove_assignments(self, principal_id: str, *, role_name: str | None = None) -> int:
        role_id = self.role_by_name(role_name).id if role_name else None
        doomed = [
            a.id
            for a in self.role_assignments.values()
            if a.principal_id == principal_id
            and (role_id is None or a.role_definition_id == role_id)
        ]
        for key in doomed:
            del self.role_assignments[key]
        return len(doomed)

    def assignments_for(self, principal_id: str) -> list[RoleAssignment]:
        return [a for a in self.role_assignments.values() if a.principal_id == principal_id]

    def hci_rp_principal(self, tenant_id: str) -> Principal:
        return self._ensure_rp_principal(tenant_id)

    def _ensure_rp_principal(self, tenant_id: str) -> Principal:
        for p in self.principals.values():
            if p.app_id == HCI_RP_APP_ID and tenant_id in p.tenants:
                return p
        rp = Principal(
            self._new_guid(), "ServicePrincipal", "Azure Stack HCI", [tenant_id], HCI_RP_APP_ID
        )
        self.principals[rp.object_id] = rp
        return rp

    # --- tokens and sign-in -------------------------------------------------------------------

    def issue_token(self, principal_id: str, tenant_id: str, *, lifetime_s: int = 3600) -> str:
        """An ARM access token for the principal (tokens live about 1 h, facts §5)."""
        principal = self.principals.get(principal_id)
        if principal is None:
            raise KeyError(principal_id)
        # Shaped like a JWT so clients can read whom it names (the upn, or a service
        # principal's appid: what -AccountId takes); the third part is a random secret instead
        # of a signature, and only its digest is kept.
        claims: dict[str, str] = {"tid": tenant_id, "oid": principal_id}
        if principal.kind == "User":
            claims["upn"] = principal.name
        elif principal.app_id:
            claims["appid"] = principal.app_id
        token = ".".join(
            (_b64_json({"typ": "JWT", "alg": "none"}), _b64_json(claims), secrets.token_urlsafe(24))
        )
        expires = self.clock.now() + timedelta(seconds=lifetime_s)
        self.tokens[_digest(token)] = TokenGrant(principal_id, tenant_id, expires)
        return token

    def resolve_token(self, token: str) -> TokenGrant:
        grant = self.tokens.get(_digest(token))
        if grant is None:
            raise ArmError(401, "InvalidAuthenticationToken", texts.ARM_TOKEN_INVALID)
        now = self.clock.now()
        if grant.expires_at <= now:
            raise ArmError(
                401,
                "ExpiredAuthenticationToken",
                texts.ARM_TOKEN_EXPIRED.format(
                    expired=grant.expires_at.isoformat(), now=now.isoformat()
                ),
            )
        return grant

    def reset_credential(self, app_id: str) -> str:
        """Like `az ad sp credential reset`: a new client secret, returned once, stored hashed."""
        app = self.apps[app_id]
        secret = secrets.token_urlsafe(24)
        app.secret_hashes = [_digest(secret)]
        return secret

    def sign_in_service_principal(self, tenant_id: str, app_id: str, secret: str) -> Principal:
        """Client-credentials sign-in; raises ArmError with Entra's texts (seeds/002)."""
        tenant = self.tenants.get(tenant_id)
        app = self.apps.get(app_id)
        if tenant is None or app is None or app.tenant_id != tenant_id:
            directory = tenant.display_name if tenant else tenant_id
            raise ArmError(
                401,
                "AADSTS700016",
                texts.APP_NOT_FOUND.format(app_id=app_id, directory=directory),
            )
        if _digest(secret) not in app.secret_hashes:
            raise ArmError(401, "AADSTS7000215", texts.INVALID_CLIENT_SECRET)
        return self.principals[app.sp_object_id]

    # --- permissions ---------------------------------------------------------------------------

    def allowed(self, principal_id: str, action: str, scope: str) -> bool:
        for assignment in self.assignments_for(principal_id):
            role = self.role_definitions.get(assignment.role_definition_id)
            if role and scope_covers(assignment.scope, scope) and role_allows(role, action):
                return True
        return False

    def permissions(self, principal_id: str, scope: str) -> list[dict[str, list[str]]]:
        """`GET {scope}/providers/Microsoft.Authorization/permissions`: one entry per role that
        applies at the scope, with its actions and notActions (wildcards left for the caller)."""
        found = []
        for assignment in self.assignments_for(principal_id):
            role = self.role_definitions.get(assignment.role_definition_id)
            if role and scope_covers(assignment.scope, scope):
                found.append({"actions": list(role.actions), "notActions": list(role.not_actions)})
        return found

    def authorize(self, principal_id: str, action: str, scope: str) -> None:
        if self.allowed(principal_id, action, scope):
            return
        principal = self.principals.get(principal_id)
        raise ArmError(
            403,
            "AuthorizationFailed",
            texts.ARM_AUTHORIZATION_FAILED.format(
                client=principal.name if principal else principal_id,
                object_id=principal_id,
                action=action,
                scope=scope,
            ),
        )

    # --- subscriptions and providers -----------------------------------------------------------

    def subscription(self, principal_id: str, subscription_id: str) -> Subscription:
        """A subscription as the principal's sign-in context sees it: listed only when some role
        assignment reaches into it (at, above or below the subscription scope)."""
        sub = self.subscriptions.get(subscription_id)
        principal = self.principals.get(principal_id)
        sub_scope = f"/subscriptions/{subscription_id}"
        visible = sub is not None and any(
            scope_covers(a.scope, sub_scope) or scope_covers(sub_scope, a.scope)
            for a in self.assignments_for(principal_id)
        )
        if sub is None or principal is None or not visible:
            raise ArmError(
                404,
                "SubscriptionNotFound",
                texts.ARM_SUBSCRIPTION_NOT_FOUND.format(subscription=subscription_id),
            )
        return sub

    def existing_subscription(self, subscription_id: str) -> Subscription:
        """ARM answers 404 for a subscription that does not exist, 403 for one not granted."""
        sub = self.subscriptions.get(subscription_id)
        if sub is None:
            raise ArmError(
                404,
                "SubscriptionNotFound",
                texts.ARM_SUBSCRIPTION_NOT_FOUND.format(subscription=subscription_id),
            )
        return sub

    def provider_state(self, subscription_id: str, namespace: str) -> str:
        """registrationState; a registration begun reads Registering until its time is up."""
        sub = self.subscriptions[subscription_id]
        for key, value in sub.providers.items():
            if key.lower() == namespace.lower():
                until = sub.registering_until.get(key)
                if value == "Registering" and until is not None and self.clock.now() >= until:
                    sub.providers[key] = value = "Registered"
                    del sub.registering_until[key]
                return value
        return "NotRegistered"

    def register_provider(
        self,
        principal_id: str,
        subscription_id: str,
        namespace: str,
        *,
        duration_s: float | None = None,
    ) -> str:
        """POST .../providers/{ns}/register: starts the registration and answers at once with
        registrationState Registering (Providers_Register, azure-rest-api-specs
        Microsoft.Resources stable/2021-04-01); it reads Registered `duration_s` later."""
        sub = self.subscription(principal_id, subscription_id)
        self.authorize(
            principal_id, f"{namespace}/register/action", f"/subscriptions/{subscription_id}"
        )
        state = self.provider_state(subscription_id, namespace)
        if state in ("Registered", "Registering"):
            return state
        duration = self.provider_registration_s if duration_s is None else duration_s
        canonical = next((k for k in sub.providers if k.lower() == namespace.lower()), namespace)
        if duration <= 0:
            sub.providers[canonical] = "Registered"
        else:
            sub.providers[canonical] = "Registering"
            sub.registering_until[canonical] = self.clock.now() + timedelta(seconds=duration)
        return sub.providers[canonical]

    def provider_locations(self, subscription_id: str) -> list[str]:
        """Where Microsoft.AzureStackHCI offers `clusters` to this subscription (display
        names, as `GET .../providers/Microsoft.AzureStackHCI` lists them)."""
        return list(self.subscriptions[subscription_id].hci_locations)

    # --- resource groups -----------------------------------------------------------------------

    def _group_key(self, subscription_id: str, name: str) -> str:
        return f"{subscription_id}/{name}".lower()

    def find_group(self, subscription_id: str, name: str) -> ResourceGroup | None:
        return self.resource_groups.get(self._group_key(subscription_id, name))

    def get_group(self, principal_id: str, subscription_id: str, name: str) -> ResourceGroup:
        self.existing_subscription(subscription_id)
        scope = f"/subscriptions/{subscription_id}/resourceGroups/{name}"
        self.authorize(principal_id, "Microsoft.Resources/subscriptions/resourceGroups/read", scope)
        group = self.find_group(subscription_id, name)
        if group is None:
            raise ArmError(
                404, "ResourceGroupNotFound", texts.ARM_GROUP_NOT_FOUND.format(group=name)
            )
        return group

    def create_group(
        self,
        principal_id: str,
        subscription_id: str,
        name: str,
        location: str,
        tags: dict[str, str] | None = None,
    ) -> ResourceGroup:
        self.existing_subscription(subscription_id)
        scope = f"/subscriptions/{subscription_id}/resourceGroups/{name}"
        self.authorize(
            principal_id, "Microsoft.Resources/subscriptions/resourceGroups/write", scope
        )
        group = self.find_group(subscription_id, name)
        if group is None:
            group = ResourceGroup(subscription_id, name, location, dict(tags or {}))
            self.resource_groups[self._group_key(subscription_id, name)] = group
        return group

    def seed_group(
        self, subscription_id: str, name: str, location: str, **tags: str
    ) -> ResourceGroup:
        group = ResourceGroup(subscription_id, name, location, dict(tags))
        self.resource_groups[self._group_key(subscription_id, name)] = group
        return group

    def delete_group(self, principal_id: str, subscription_id: str, name: str) -> bool:
        scope = f"/subscriptions/{subscription_id}/resourceGroups/{name}"
        self.authorize(
            principal_id, "Microsoft.Resources/subscriptions/resourceGroups/delete", scope
        )
        group = self.resources_in_group(subscription_id, name)
        for resource in group:
            del self.resources[resource.id.lower()]
        return self.resource_groups.pop(self._group_key(subscription_id, name), None) is not None

    def resources_in_group(self, subscription_id: str, name: str) -> list[Resource]:
        prefix = f"/subscriptions/{subscription_id}/resourcegroups/{name}/".lower()
        return [r for key, r in self.resources.items() if key.startswith(prefix)]

    # --- resources -----------------------------------------------------------------------------

    def find(self, rid: str) -> Resource | None:
        self.settle_operations()
        return self.resources.get(rid.lower())

    # --- long-running operations ---------------------------------------------------------------

    def settle_operations(self) -> None:
        """Finish every operation whose time is up: its change is made then."""
        now = self.clock.now()
        for operation in self.operations.values():
            if operation.status == "InProgress" and now >= operation.ends_at:
                operation.status = "Succeeded"
                self.remove(operation.resource_id)

    def operation(self, operation_id: str) -> AsyncOperation:
        self.settle_operations()
        found = self.operations.get(operation_id)
        if found is None:
            raise ArmError(404, "NotFound", f"Operation '{operation_id}' was not found.")
        return found

    def begin_delete(
        self, principal_id: str, rid: str, *, duration_s: float | None = None
    ) -> AsyncOperation | None:
        """DELETE of a long-running type: None when there is nothing to delete (204), else
        the operation (202), which removes the resource (and its children) when it ends. A
        second DELETE while one runs answers with the same operation."""
        parsed = ResourceId.parse(rid)
        self.authorize(principal_id, f"{parsed.type}/delete", rid)
        resource = self.find(rid)
        if resource is None:
            return None
        for running in self.operations.values():
            if running.status == "InProgress" and running.resource_id.lower() == rid.lower():
                return running
        duration = self.delete_operation_s if duration_s is None else duration_s
        now = self.clock.now()
        resource.properties["provisioningState"] = "Deleting"
        operation = AsyncOperation(
            self._new_guid(),
            resource.id,
            parsed.namespace,
            resource.location.replace(" ", "").lower(),
            now,
            now + timedelta(seconds=max(0.0, duration)),
        )
        self.operations[operation.id] = operation
        self.settle_operations()
        return operation

    def get(self, principal_id: str, rid: str) -> Resource:
        parsed = ResourceId.parse(rid)
        self.existing_subscription(parsed.subscription_id)
        self.authorize(principal_id, f"{parsed.type}/read", rid)
        resource = self.find(rid)
        if resource is None:
            raise ArmError(
                404,
                "ResourceNotFound",
                texts.ARM_RESOURCE_NOT_FOUND.format(
                    type=parsed.type, name=parsed.name, group=parsed.resource_group
                ),
            )
        return resource

    def put(
        self,
        principal_id: str,
        rid: str,
        *,
        location: str,
        properties: dict[str, Any] | None = None,
        tags: dict[str, str] | None = None,
        identity: dict[str, str] | None = None,
    ) -> Resource:
        parsed = ResourceId.parse(rid)
        self.existing_subscription(parsed.subscription_id)
        self.authorize(principal_id, f"{parsed.type}/write", rid)
        if self.find_group(parsed.subscription_id, parsed.resource_group) is None:
            raise ArmError(
                404,
                "ResourceGroupNotFound",
                texts.ARM_GROUP_NOT_FOUND.format(group=parsed.resource_group),
            )
        if self.provider_state(parsed.subscription_id, parsed.namespace) != "Registered":
            raise ArmError(
                409,
                "MissingSubscriptionRegistration",
                texts.ARM_NOT_REGISTERED.format(namespace=parsed.namespace),
            )
        existing = self.find(rid)
        if existing is not None:
            if properties:
                existing.properties.update(_copy(properties))
            if tags is not None:
                existing.tags = dict(tags)
            if identity is not None:
                existing.identity = dict(identity)
            return existing
        resource = Resource(
            rid,
            parsed.type,
            parsed.name,
            location,
            _copy(properties or {}),
            dict(tags or {}),
            identity,
        )
        self.resources[rid.lower()] = resource
        return resource

    def delete(self, principal_id: str, rid: str) -> bool:
        """DELETE: 200 when it existed, 204 (False) when it did not; children go with it."""
        parsed = ResourceId.parse(rid)
        self.authorize(principal_id, f"{parsed.type}/delete", rid)
        return self.remove(rid)

    def remove(self, rid: str) -> bool:
        """Delete without a caller: the portal user or the service itself (scenarios, sync)."""
        prefix = rid.lower() + "/"
        for key in [k for k in self.resources if k.startswith(prefix)]:
            del self.resources[key]
        return self.resources.pop(rid.lower(), None) is not None

    def action(self, principal_id: str, rid: str, action: str) -> Resource:
        resource = self.get(principal_id, rid)
        self.authorize(principal_id, f"{resource.type}/{action}/action", rid)
        return resource

    def list_by_type(self, type_: str) -> list[Resource]:
        return [r for r in self.resources.values() if r.type.lower() == type_.lower()]

    # --- role assignments through ARM ----------------------------------------------------------

    def create_assignment(
        self, caller_id: str, principal_id: str, role_name: str, scope: str
    ) -> RoleAssignment:
        self.authorize(caller_id, "Microsoft.Authorization/roleAssignments/write", scope)
        if self.has_assignment(principal_id, role_name, scope):
            raise ArmError(409, "RoleAssignmentExists", "The role assignment already exists.")
        return self.assign_role(principal_id, role_name, scope)

    def delete_assignment(self, caller_id: str, assignment_id: str) -> None:
        assignment = self.role_assignments.get(assignment_id)
        if assignment is None:
            return
        self.authorize(
            caller_id, "Microsoft.Authorization/roleAssignments/delete", assignment.scope
        )
        del self.role_assignments[assignment_id]

    def has_assignment(self, principal_id: str, role_name: str, scope: str) -> bool:
        role = self.role_by_name(role_name)
        return any(
            a.role_definition_id == role.id and a.scope.lower() == scope.lower()
            for a in self.assignments_for(principal_id)
        )

    # --- app registrations (Graph) -------------------------------------------------------------

    def create_app(self, tenant_id: str, display_name: str) -> AppRegistration:
        tenant = self.tenants[tenant_id]
        app = AppRegistration(
            self._new_guid(),
            self._new_guid(),
            display_name,
            tenant_id,
            self._new_guid(),
            consent_granted=not tenant.admin_consent_required,
        )
        self.apps[app.app_id] = app
        self.principals[app.sp_object_id] = Principal(
            app.sp_object_id, "ServicePrincipal", display_name, [tenant_id], app.app_id
        )
        return app

    def apps_named(self, tenant_id: str, display_name: str) -> list[AppRegistration]:
        return [
            a
            for a in self.apps.values()
            if a.tenant_id == tenant_id and a.display_name.lower() == display_name.lower()
        ]

    def delete_app(self, app_id: str) -> bool:
        app = self.apps.pop(app_id, None)
        if app is None:
            return False
        self.principals.pop(app.sp_object_id, None)
        self.remove_assignments(app.sp_object_id)
        return True

    def grant_admin_consent(self, app_id: str) -> None:
        self.apps[app_id].consent_granted = True
