"""The ARM and Microsoft Graph calls the flows need, on the azure-core pipeline.

azure-core's RetryPolicy is the one retry layer for HTTP: it honours Retry-After on 429 and
retries 408/429/5xx, POST included (as Azure's own SDKs do); every call made here is idempotent
(reads, deletes, provider registration), so a retry never does a change twice. Every wait it
makes (back-off, Retry-After) and every LRO poll goes through the run's WaitBudget
(orchestrator/azure/waits.py), which caps them. Every path segment is checked against Azure's
naming rules before it is sent (orchestrator/azure/names.py). Errors are mapped once, here, to
the project's Azure error classes, keeping the service's error code.

Long-running operations: a DELETE answered 202 with `Azure-AsyncOperation` / `Location` is
polled to its end by azure-core's LROPoller with LROBasePolling (no hand loop):
Microsoft.AzureStackHCI Clusters_Delete and ArcSettings_Delete are `x-ms-long-running-operation`
(azure-rest-api-specs specification/azurestackhci/resource-manager/Microsoft.AzureStackHCI/
stable/2023-03-01/clusters.json and arcSettings.json; responses 200, 202, 204). Provider
registration is not an LRO in the spec (Providers_Register answers 200 with the provider, state
`Registering`): its end is waited for by polling the provider (waits.wait_until_registered).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from typing import Any, cast
from urllib.parse import quote

from azure.core import PipelineClient
from azure.core.credentials import TokenCredential
from azure.core.exceptions import (
    ClientAuthenticationError,
    HttpResponseError,
    ServiceRequestError,
    ServiceResponseError,
)
from azure.core.pipeline import PipelineResponse
from azure.core.pipeline.policies import (
    BearerTokenCredentialPolicy,
    HeadersPolicy,
    RequestIdPolicy,
    RetryPolicy,
    UserAgentPolicy,
)
from azure.core.pipeline.policies._utils import get_retry_after
from azure.core.pipeline.transport import HttpTransport, RequestsTransport
from azure.core.polling import LROPoller
from azure.core.polling.base_polling import (
    LocationPolling,
    LROBasePolling,
    OperationResourcePolling,
    StatusCheckPolling,
)
from azure.core.rest import HttpRequest, HttpResponse

from orchestrator import __version__
from orchestrator.azure.names import checked
from orchestrator.azure.rbac import PermissionBlock
from orchestrator.azure.waits import WaitBudget, wait_until_registered
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
    # Gateways - Get (azure-rest-api-specs hybridcompute stable/2024-07-10
    # examples/gateway/Gateway_Get.json): the first stable version with Microsoft.HybridCompute/gateways
    "gateways": "2024-07-10",
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


class _CappedRetry(RetryPolicy[Any, Any]):
    """azure-core's RetryPolicy, except that an untrusted certificate fails at once (it would
    otherwise retry it like a dropped connection, sleeping for a minute in all), and that every
    wait (Retry-After, back-off) goes through the run's WaitBudget, which refuses one that
    passes a cap instead of sleeping it out."""

    def __init__(self, budget: WaitBudget, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._budget = budget

    def increment(self, settings: dict[str, Any], response: Any = None, error: Any = None) -> bool:
        if error is not None and _tls_failure(error):
            return False
        return bool(super().increment(settings, response=response, error=error))

    def _sleep_for_retry(self, response: Any, transport: Any) -> bool:
        retry_after = get_retry_after(response)
        if not retry_after:
            return False
        status = response.http_response.status_code
        self._budget.wait(retry_after, why=f"Retry-After on {status}", sleep=transport.sleep)
        return True

    def _sleep_backoff(self, settings: dict[str, Any], transport: Any) -> None:
        backoff = self.get_backoff_time(settings)
        if backoff > 0:
            self._budget.wait(backoff, why="retry back-off", sleep=transport.sleep)


class _ArmPolling(LROBasePolling[None, HttpRequest, HttpResponse]):
    """ARM's LRO protocol on azure-core's LROBasePolling: the `Azure-AsyncOperation` status
    resource first, then `Location`, then the status code (what azure-mgmt-core's ARMPolling
    chooses, without that extra dependency); each wait between polls is budgeted."""

    def __init__(self, budget: WaitBudget, operation: Any) -> None:
        super().__init__(
            timeout=budget.caps.poll_interval_s,
            lro_algorithms=[
                OperationResourcePolling("azure-asyncoperation"),
                LocationPolling(),
                StatusCheckPolling(),
            ],
        )
        self._budget = budget
        self._operation_scope = operation

    def _sleep(self, delay: float) -> None:
        self._budget.wait(
            delay,
            why=f"polling {self._operation_scope.label}",
            sleep=self._transport.sleep,
            scopes=[self._operation_scope],
        )


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
        budget: WaitBudget | None = None,
    ) -> None:
        self.budget = budget or WaitBudget()
        policies = [
            HeadersPolicy({"Accept": "application/json"}),
            RequestIdPolicy(),  # x-ms-client-request-id, which the LRO poller re-sends
            UserAgentPolicy(base_user_agent=f"hci-orchestrator/{__version__}"),
            _CappedRetry(
                self.budget,
                retry_total=retry_total,
                retry_backoff_factor=0.8,
                retry_backoff_max=60,
                timeout=self.budget.caps.per_call_s,
            ),
            BearerTokenCredentialPolicy(credential, scope),
        ]
        if transport is None:
            # certificate validation is always on; a lab or private CA is added, never bypassed
            transport = RequestsTransport(connection_verify=ca_bundle or True)
        self.base_url = base_url.rstrip("/")
        self.transport = transport
        self._client: PipelineClient[HttpRequest, HttpResponse] = PipelineClient(
            base_url=self.base_url, policies=policies, transport=transport
        )

    def send(
        self, method: str, path: str, *, params: dict[str, str] | None = None, json: Any = None
    ) -> HttpResponse:
        return self._send(method, path, params=params, json=json).http_response

    def _send(
        self, method: str, path: str, *, params: dict[str, str] | None = None, json: Any = None
    ) -> PipelineResponse[HttpRequest, HttpResponse]:
        request = HttpRequest(method, self.base_url + path, params=params, json=json)
        label = f"{method} {path}"
        try:
            with self.budget.scope("call", label):
                pipeline_response: PipelineResponse[HttpRequest, HttpResponse] = cast(
                    "PipelineResponse[HttpRequest, HttpResponse]",
                    self._client.send_request(request, _return_pipeline_response=True),
                )
        except ClientAuthenticationError as error:
            raise _sign_in_failed(error, label) from None
        except (ServiceRequestError, ServiceResponseError) as error:
            first_line = str(error).split("\n")[0]
            if _tls_failure(error) or "SSLError" in first_line:
                raise AzureError(0, "TLSValidationFailed", first_line, request=label) from None
            raise AzureTransientError(
                0, error.__class__.__name__, first_line, request=label
            ) from None
        _raise_for(pipeline_response.http_response, label)
        return pipeline_response

    def delete(self, path: str, params: dict[str, str]) -> bool:
        """DELETE, polled to its end when ARM answers 202 (an LRO). True when something was
        deleted, False when it was already gone (200/202 vs 204/404: idempotent)."""
        label = f"DELETE {path}"
        try:
            initial = self._send("DELETE", path, params=params)
        except AzureError as error:
            if is_absent(error):
                return False
            raise
        status = initial.http_response.status_code
        if status == 204:
            return False
        if status == 202:
            with self.budget.scope("operation", label) as operation:
                poller: LROPoller[None] = LROPoller(
                    self._client,
                    initial,
                    lambda _response: None,
                    _ArmPolling(self.budget, operation),
                )
                try:
                    poller.result()
                except HttpResponseError as error:
                    raise _operation_failed(error, label) from None
                except (ServiceRequestError, ServiceResponseError) as error:
                    first_line = str(error).split("\n")[0]
                    raise AzureTransientError(
                        0, error.__class__.__name__, first_line, request=label
                    ) from None
        return True

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


def _operation_failed(error: HttpResponseError, label: str) -> AzureError:
    """A long-running operation that ended Failed/Canceled, or whose status read failed."""
    response: Any = error.response
    body: Any = {}
    if response is not None:
        try:
            body = response.json()
        except ValueError:
            body = {}
    detail = body.get("error") if isinstance(body, dict) else None
    detail = detail if isinstance(detail, dict) else {}
    status = int(response.status_code or 0) if response is not None else 0
    code = str(detail.get("code") or (body.get("status") if isinstance(body, dict) else None))
    message = str(detail.get("message") or str(error).split("\n")[0])
    if status >= 400:
        return azure_error(status, code, message, label)
    return AzureError(status, code if code != "None" else "OperationFailed", message, request=label)


class ArmClient:
    """Azure Resource Manager, scoped to one subscription."""

    def __init__(
        self, base_url: str, credential: TokenCredential, subscription_id: str, **options: Any
    ) -> None:
        self.subscription_id = checked("subscription", subscription_id)
        self._credential = credential
        self._scope = base_url.rstrip("/") + "/.default"
        self._rest = _RestClient(base_url, credential, self._scope, **options)
        self._sub = f"/subscriptions/{subscription_id}"

    @property
    def budget(self) -> WaitBudget:
        return self._rest.budget

    def access_token(self) -> tuple[str, str]:
        """A fresh ARM token and the account it belongs to (upn, else the app id), as the
        cluster cmdlets take them; the token is handed over, never logged."""
        try:
            token = self._credential.get_token(self._scope).token
        except ClientAuthenticationError as error:
            raise _sign_in_failed(error, "get_token") from None
        return token, token_account(token)

    def _group(self, resource_group: str) -> str:
        return f"{self._sub}/resourceGroups/{quote(checked('resource group', resource_group))}"

    def permissions(self, resource_group: str | None = None) -> list[PermissionBlock]:
        """Effective permissions of the caller at subscription or resource-group scope."""
        scope = self._group(resource_group) if resource_group is not None else self._sub
        return [
            PermissionBlock.from_arm(block)
            for block in self._rest.pages(
                f"{scope}/providers/Microsoft.Authorization/permissions",
                {"api-version": API["permissions"]},
            )
        ]

    def _provider_path(self, namespace: str) -> str:
        return f"{self._sub}/providers/{checked('provider namespace', namespace)}"

    def provider(self, namespace: str) -> dict[str, Any] | None:
        return self._rest.get_or_none(self._provider_path(namespace), API["providers"])

    def provider_state(self, namespace: str) -> str:
        provider = self.provider(namespace)
        return (
            str(provider.get("registrationState", "NotRegistered")) if provider else "NotRegistered"
        )

    def provider_locations(self, namespace: str, resource_type: str) -> list[str]:
        """Where the provider offers `resource_type` (display names, as ARM lists them)."""
        provider = self.provider(namespace) or {}
        for rtype in provider.get("resourceTypes", []):
            if str(rtype.get("resourceType", "")).lower() == resource_type.lower():
                return [str(loc) for loc in rtype.get("locations", [])]
        return []

    def register_provider(self, namespace: str) -> str:
        """Register the namespace and wait (bounded) until it reads Registered."""
        response = self._rest.send(
            "POST",
            self._provider_path(namespace) + "/register",
            params={"api-version": API["providers"]},
        )
        state = str(response.json().get("registrationState", "Registering"))
        if state == "Registered":
            return state
        return wait_until_registered(
            lambda: self.provider_state(namespace), namespace, self.budget, self._sleep
        )

    def _sleep(self, seconds: float) -> None:
        transport = self._rest.transport
        if transport is not None:
            transport.sleep(seconds)
        else:
            import time

            time.sleep(seconds)

    def resource_group(self, name: str) -> dict[str, Any] | None:
        path = f"{self._sub}/resourcegroups/{quote(checked('resource group', name))}"
        return self._rest.get_or_none(path, API["resourcegroups"])

    def _cluster_path(self, resource_group: str, name: str) -> str:
        cluster = quote(checked("HCI cluster", name), safe="")
        return f"{self._group(resource_group)}/providers/Microsoft.AzureStackHCI/clusters/{cluster}"

    def hci_cluster(self, resource_group: str, name: str) -> dict[str, Any] | None:
        return self._rest.get_or_none(self._cluster_path(resource_group, name), API["clusters"])

    def arc_settings(self, resource_group: str, cluster: str) -> dict[str, Any] | None:
        return self._rest.get_or_none(
            self._cluster_path(resource_group, cluster) + "/arcSettings/default", API["clusters"]
        )

    def delete_hci_cluster(self, resource_group: str, name: str) -> bool:
        return self._rest.delete(
            self._cluster_path(resource_group, name), {"api-version": API["clusters"]}
        )

    def _machine_path(self, resource_group: str, name: str) -> str:
        machine = quote(checked("Arc machine", name))
        return f"{self._group(resource_group)}/providers/Microsoft.HybridCompute/machines/{machine}"

    def arc_machine(self, resource_group: str, name: str) -> dict[str, Any] | None:
        return self._rest.get_or_none(self._machine_path(resource_group, name), API["machines"])

    def delete_arc_machine(self, resource_group: str, name: str) -> bool:
        return self._rest.delete(
            self._machine_path(resource_group, name), {"api-version": API["machines"]}
        )

    def arc_gateway(self, resource_group: str, name: str) -> dict[str, Any] | None:
        """`GET .../Microsoft.HybridCompute/gateways/{name}` (Gateways - Get): properties hold
        `gatewayEndpoint`, the URL the machines reach the gateway at, `gatewayId`, `gatewayType`
        and `provisioningState` (Gateway_Get.json @ 7b45b520). None when there is none."""
        gateway = quote(checked("Arc gateway", name))
        path = f"{self._group(resource_group)}/providers/Microsoft.HybridCompute/gateways/{gateway}"
        return self._rest.get_or_none(path, API["gateways"])

    def arc_machine_extensions(self, resource_group: str, name: str) -> list[dict[str, Any]]:
        """`GET .../machines/{name}/extensions` (Machine Extensions - List, HybridCompute)."""
        path = self._machine_path(resource_group, name) + "/extensions"
        return list(self._rest.pages(path, {"api-version": API["machines"]}))


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
        path = f"/v1.0/applications/{quote(checked('application object ID', object_id))}"
        try:
            self._rest.send("DELETE", path)
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
