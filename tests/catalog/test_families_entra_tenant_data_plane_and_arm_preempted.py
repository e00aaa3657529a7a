"""Producers' own words for two causes: a data plane refusing an Entra token from another tenant
(Cosmos DB's "Provided AAD token was issued by the authority [...] which is not trusted by this
database account", the Entra SSH login's aad_certhandler "The tenant id from certificate (...) does
not match the one of the VM") is entra-tenant; a long-running operation replaced by a later one on
the same resource (Compute's OperationPreempted, AKS's AKSOperationPreempted wording) and the deploy
tasks' web client retrying Kudu's 409 are arm-conflict. Sources are cited beside each rule in
orchestrator/catalog/families.yaml. Look-alikes: Cosmos DB's audience refusal (substatus 5008),
the web client's retries of other statuses, Kubernetes pod preemption."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "wording",
    [
        "Failed to initialize Cosmos DB for users: ErrorResponse: Request blocked by Auth"
        " cosmos-abc : Provided AAD token was issued by the authority"
        " [72f988bf-86f1-41af-91ab-2d7cd011db47] which is not trusted by this database account."
        " Please ensure the token has been issued by the AAD tenant(s) [eebf5abf-4444-4",
        "Response status code does not indicate success: Unauthorized (401); Substatus: 5007;"
        " Reason: (Please ensure the token has been issued by the AAD tenant(s)"
        " [975f013f-7f24-47e8-a7d3-000000000000]",
        "Jan 17 23:24:50 vm0 aad_certhandler[1367]: The tenant id from certificate"
        " (11111111-2222-3333-4444-555555555555) does not match the one of the VM"
        " (66666666-7777-8888-9999-000000000000)",
    ],
)
def test_data_plane_refusals_of_another_tenants_token_name_entra_tenant(wording: str) -> None:
    assert family_of(wording) == "entra-tenant"


@pytest.mark.parametrize(
    "wording",
    [
        "Long running operation failed with status 'Canceled'. Additional Info:'The\n"
        "operation has been preempted by a more recent operation.'",
        'Code="OperationPreempted" Message="Operation execution has been preempted by a more'
        ' recent operation."',
        "Message: This operation has been preempted by another operation with ID 1234",
        "##[warning]Encountered a retriable status code: 409. Message: 'Conflict'.",
    ],
)
def test_operations_replaced_or_locked_by_another_name_arm_conflict(wording: str) -> None:
    assert family_of(wording) == "arm-conflict"


@pytest.mark.parametrize(
    "wording",
    [
        # Cosmos DB's audience refusal (substatus 5008, Azure/azure-sdk-for-java#42800)
        '{"innerErrorMessage":"[\\"Provided AAD token is intended for'
        " [https://acct.documents.azure.com/]. This database account accepts tokens intended for"
        ' [https://acct.documents.azure.com, https://cosmos.azure.com].\\"]","statusCode":401}',
        # the same web client's retry of a server error
        "Encountered a retriable status code: 503. Message: 'Service Unavailable'.",
        # Kubernetes scheduler preemption
        "Preempted by default/high-priority-pod on node node-1",
    ],
)
def test_lookalikes_are_not_tenant_or_conflict(wording: str) -> None:
    assert family_of(wording) not in {"entra-tenant", "arm-conflict"}
