"""The ARM and Microsoft Graph calls the flows need, on the azure-core pipeline.

azure-core's RetryPolicy is the one retry layer for HTTP: it honours Retry-After on 429 and
retries 408/429/5xx, POST included (as Azure's own SDKs do); every call made here is idempotent
(reads, deletes, provider registration), so a retry never does a change twice. Errors are mapped once, here, to the
project's Azure error classes, keeping the service's error code.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from azure.core import PipelineClient
from azure.core.credentials import TokenCredential
from azure.core.exceptions import (
    ClientAuthenticationError,
    ServiceRequestError,
    ServiceResponseError,
)
from azure.core.pipeline.policies import (
    BearerTokenCredentialPolicy,
    HeadersPolicy,
    RetryPolicy,
    UserAgentPolicy,
)
from azure.core.pipeline.transport import HttpTransport, RequestsTransport
from azure.core.rest import HttpRequest, HttpResponse

from orchestrator import __version__
from orchestrator.azure.rbac import PermissionBlock
from orchestrator.errors import (
    AzureAuthenticationFailed,
    AzureConflict,
    AzureError,
    AzurePermissionDenied,
    AzureProviderNotRegistered,
    AzureTransientError,
)

# API versions the Az.StackHCI module uses for the same calls (facts notes §1.2).
API = {
    "permissions": "2022-04-01",
    "providers": "2021-04-01",
    "resourcegroups": "2021-04-01",
    "clusters": "2023-03-01",
    "machines": "2022-03-10",
}


def _sign_in_failed(error: ClientAuthenticationError, label: str) -> AzureError:
    """The credential could not get a token (azure-identity: nothing configured, expired login);
    a failed Azure call like any other, so pre-checks report it instead of crashing."""
    first_line = str(error).split("\n")[0]
    return AzureAuthenticationFailed(401, "SignInFailed", first_line, request=label)


def azure_error(status: int, code: str, message: str, request: str = "") -> AzureError:
    """The project's error for an ARM/Graph error response (also used by the lab's plane)."""
    kind: type[AzureError] = AzureError
    if status == 401:
        kind = AzureAuthenticationFailed
    elif status == 403:
        kind = AzurePermissionDenied
    elif status == 409:
        kind = (
            AzureProviderNotRegistered
            if code == "MissingSubscriptionRegistration"
            else AzureConflict
        )
    elif status == 429 or status >= 500:
        kind = AzureTransientError
    return kind(status, code, message, request=request)


def is_absent(error: AzureError) -> bool:
    """A 404 that means "this resource does not exist" (a read answers None, a delete False);
    a subscription that is not found (or not visible to the caller) is an error, never absence."""
    return error.status == 404 and error.code != "SubscriptionNotFound"


def _raise_for(response: HttpResponse, request: str) -> None:
    if response.status_code < 400:
        return
    try:
        body = response.json()
    except ValueError:
        body = {}
    error = body.get("error", {}) if isinstance(body, dict) else {}
    code = str(error.get("code") or response.reason or response.status_code)
    message = str(error.get("message") or response.text()[:300])
    raise azure_error(response.status_code, code, message, request)


def _tls_failure(error: BaseException) -> bool:
    """True when the endpoint's certificate was not trusted (wrong CA bundle, or TLS
    inspection by a proxy): not transient, retrying cannot help."""
    seen: set[int] = set()
    pending: list[object] = [error]
    while pending:
        item = pending.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(
            item
        ):
            return True
        pending += [item.__cause__, item.__context__, getattr(item, "inner_exception", None)]
    return False


class _NoRetryOnTls(RetryPolicy[Any, Any]):
    """azure-core's RetryPolicy, except that an untrusted certificate fails at once (it would
    otherwise retry it like a dropped connection, sleeping for a minute in all)."""

    def increment(self, settings: dict[str, Any], response: Any = None, error: Any = None) -> bool:
        if error is not None and _tls_failure(error):
            return False
        return bool(super().increment(settings, response=response, error=error))


class _RestClient:
    def __init__(
        self,
        base_url: str,
        credential: TokenCredential,
        scope: str,
        *,
        transport: HttpTransport[Any, Any] | None = None,
        retry_total: int = 4,
        ca_bundle: str | None = None,
    ) -> None:
        policies = [
            HeadersPolicy({"Accept": "application/json"}),
            UserAgentPolicy(base_user_agent=f"hci-orchestrator/{__version__}"),
            _NoRetryOnTls(retry_total=retry_total, retry_backoff_factor=0.8, retry_backoff_max=60),
            BearerTokenCredentialPolicy(credential, scope),
        ]
        if transport is None:
            # certificate validation is always on; a lab or private CA is added, never bypassed
            transport = RequestsTransport(connection_verify=ca_bundle or True)
        self.base_url = base_url.rstrip("/")
        self._client: PipelineClient[HttpRequest, HttpResponse] = PipelineClient(
            base_url=self.base_url, policies=policies, transport=transport
        )

    def send(
        self, method: str, path: str, *, params: dict[str, str] | None = None, json: Any = None
    ) -> HttpResponse:
        request = HttpRequest(method, self.base_url + path, params=params, json=json)
        label = f"{method} {path}"
        try:
            response: HttpResponse = self._client.send_request(request)
        except ClientAuthenticationError as error:
            raise _sign_in_failed(error, label) from None
        except (ServiceRequestError, ServiceResponseError) as error:
            first_line = str(error).split("\n")[0]
            if _tls_failure(error) or "SSLError" in first_line:
                raise AzureError(0, "TLSValidationFailed", first_line, request=label) from None
            raise AzureTransientError(
                0, error.__class__.__name__, first_line, request=label
            ) from None
        _raise_for(response, label)
        return response

    def get_or_none(self, path: str, api_version: str) -> dict[str, Any] | None:
        try:
            response = self.send("GET", path, params={"api-version": api_version})
        except AzureError as error:
            if is_absent(error):
                return None
            raise
        body: dict[str, Any] = response.json()
        return body

    def pages(
        self, path: str, params: dict[str, str], key: str = "value"
    ) -> Iterator[dict[str, Any]]:
        response = self.send("GET", path, params=params)
        while True:
            body = response.json()
            yield from body.get(key, [])
            next_link = body.get("nextLink") or body.get("@odata.nextLink")
            if not next_link:
                return
            response = self.send("GET", next_link.removeprefix(self.base_url))


class ArmClient:
    """Azure Resource Manager, scoped to one subscription."""

    def __init__(
        self, base_url: str, credential: TokenCredential, subscription_id: str, **options: Any
    ) -> None:
        self.subscription_id = subscription_id
        self._credential = credential
        self._scope = base_url.rstrip("/") + "/.default"
        self._rest = _RestClient(base_url, credential, self._scope, **options)
        self._sub = f"/subscriptions/{subscription_id}"

    def access_token(self) -> tuple[str, str]:
        """A fresh ARM token and the account it belongs to (upn, else the app id), as the
        cluster cmdlets take them; the token is handed over, never logged."""
        try:
            token = self._credential.get_token(self._scope).token
        except ClientAuthenticationError as error:
            raise _sign_in_failed(error, "get_token") from None
        return token, token_account(token)

    def permissions(self, resource_group: str | None = None) -> list[PermissionBlock]:
        """Effective permissions of the caller at subscription or resource-group scope."""
        scope = self._sub + (f"/resourceGroups/{quote(resource_group)}" if resource_group else "")
        return [
            PermissionBlock.from_arm(block)
            for block in self._rest.pages(
                f"{scope}/providers/Microsoft.Authorization/permissions",
                {"api-version": API["permissions"]},
            )
        ]

    def provider(self, namespace: str) -> dict[str, Any] | None:
        return self._rest.get_or_none(f"{self._sub}/providers/{namespace}", API["providers"])

    def provider_state(self, namespace: str) -> str:
        provider = self.provider(namespace)
        return (
            str(provider.get("registrationState", "NotRegistered")) if provider else "NotRegistered"
        )

    def provider_locations(self, namespace: str, resource_type: str) -> list[str]:
        provider = self.provider(namespace) or {}
        for rtype in provider.get("resourceTypes", []):
            if str(rtype.get("resourceType", "")).lower() == resource_type.lower():
                return [str(loc) for loc in rtype.get("locations", [])]
        return []

    def register_provider(self, namespace: str) -> str:
        response = self._rest.send(
            "POST",
            f"{self._sub}/providers/{namespace}/register",
            params={"api-version": API["providers"]},
        )
        return str(response.json().get("registrationState", "Registering"))

    def resource_group(self, name: str) -> dict[str, Any] | None:
        return self._rest.get_or_none(
            f"{self._sub}/resourcegroups/{quote(name)}", API["resourcegroups"]
        )

    def _cluster_path(self, resource_group: str, name: str) -> str:
        return f"{self._sub}/resourceGroups/{quote(resource_group)}/providers/Microsoft.AzureStackHCI/clusters/{quote(name)}"

    def hci_cluster(self, resource_group: str, name: str) -> dict[str, Any] | None:
        return self._rest.get_or_none(self._cluster_path(resource_group, name), API["clusters"])

    def arc_settings(self, resource_group: str, cluster: str) -> dict[str, Any] | None:
        return self._rest.get_or_none(
            self._cluster_path(resource_group, cluster) + "/arcSettings/default", API["clusters"]
        )

    def delete_hci_cluster(self, resource_group: str, name: str) -> bool:
        return self._delete(self._cluster_path(resource_group, name), API["clusters"])

    def _machine_path(self, resource_group: str, name: str) -> str:
        return f"{self._sub}/resourceGroups/{quote(resource_group)}/providers/Microsoft.HybridCompute/machines/{quote(name)}"

    def arc_machine(self, resource_group: str, name: str) -> dict[str, Any] | None:
        return self._rest.get_or_none(self._machine_path(resource_group, name), API["machines"])

    def delete_arc_machine(self, resource_group: str, name: str) -> bool:
        return self._delete(self._machine_path(resource_group, name), API["machines"])

    def _delete(self, path: str, api_version: str) -> bool:
        """True when something was deleted, False when it was already gone (idempotent)."""
        try:
            response = self._rest.send("DELETE", path, params={"api-version": api_version})
        except AzureError as error:
            if error.status == 404:
                return False
            raise
        return response.status_code != 204


class GraphClient:
    """Microsoft Graph: the `<cluster>` and `<cluster>.arc` app registrations."""

    def __init__(self, base_url: str, credential: TokenCredential, **options: Any) -> None:
        self._rest = _RestClient(
            base_url, credential, base_url.rstrip("/") + "/.default", **options
        )

    def applications(self, display_name: str) -> list[dict[str, Any]]:
        escaped = display_name.replace("'", "''")
        return list(
            self._rest.pages("/v1.0/applications", {"$filter": f"displayName eq '{escaped}'"})
        )

    def delete_application(self, object_id: str) -> bool:
        try:
            self._rest.send("DELETE", f"/v1.0/applications/{quote(object_id)}")
        except AzureError as error:
            if error.status == 404:
                return False
            raise
        return True


def token_account(token: str) -> str:
    """The account a JWT access token was issued to (its upn / unique_name / appid claim).

    Read without verification: this only labels the token for -AccountId; the service
    verifies it."""
    import base64
    import json

    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return ""
    for claim in ("upn", "unique_name", "preferred_username", "appid", "oid"):
        if claims.get(claim):
            return str(claims[claim])
    return ""
