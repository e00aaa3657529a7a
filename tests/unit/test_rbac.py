"""Permission evaluation with wildcards and NotActions, against the seed's required list (A7)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orchestrator.azure.rbac import PermissionBlock, allowed, covers, missing, required_actions

OWNER = PermissionBlock(["*"])
# Built-in role definitions (Azure built-in roles reference): Contributor cannot write role
# assignments; User Access Administrator can, and reads everything.
CONTRIBUTOR = PermissionBlock(
    ["*"],
    [
        "Microsoft.Authorization/*/Delete",
        "Microsoft.Authorization/*/Write",
        "Microsoft.Authorization/elevateAccess/Action",
    ],
)
USER_ACCESS_ADMIN = PermissionBlock(["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"])
CUSTOM_HCI_ROLE = PermissionBlock(required_actions(create_resource_group=False))
SEED_001_ROLE = [
    "Microsoft.Resources/subscriptions/resourceGroups/read",
    "Microsoft.AzureStackHCI/register/action",
    "Microsoft.AzureStackHCI/Unregister/Action",
    "Microsoft.AzureStackHCI/clusters/*",
    "Microsoft.Authorization/roleAssignments/write",
    "Microsoft.HybridCompute/register/action",
    "Microsoft.GuestConfiguration/register/action",
]


def test_required_list_is_the_documented_custom_role():
    # register-with-azure.md today: seeds/001's role plus roleAssignments/read and
    # HybridConnectivity/register/action (issue 12.7)
    assert required_actions(create_resource_group=False) == (
        "Microsoft.Resources/subscriptions/resourceGroups/read",
        "Microsoft.AzureStackHCI/register/action",
        "Microsoft.AzureStackHCI/Unregister/Action",
        "Microsoft.AzureStackHCI/clusters/*",
        "Microsoft.Authorization/roleAssignments/write",
        "Microsoft.Authorization/roleAssignments/read",
        "Microsoft.HybridCompute/register/action",
        "Microsoft.GuestConfiguration/register/action",
        "Microsoft.HybridConnectivity/register/action",
    )
    assert required_actions(create_resource_group=True)[-2:] == (
        "Microsoft.Resources/subscriptions/resourceGroups/write",
        "Microsoft.Resources/subscriptions/resourceGroups/delete",
    )


@pytest.mark.parametrize(
    ("blocks", "create_rg", "expected_missing"),
    [
        ([OWNER], True, []),
        ([CONTRIBUTOR], False, ["Microsoft.Authorization/roleAssignments/write"]),
        ([USER_ACCESS_ADMIN, CONTRIBUTOR], True, []),  # the seed's "UAA with Contributor"
        (
            [USER_ACCESS_ADMIN],
            False,
            [
                "Microsoft.AzureStackHCI/register/action",
                "Microsoft.AzureStackHCI/Unregister/Action",
                "Microsoft.AzureStackHCI/clusters/*",
                "Microsoft.HybridCompute/register/action",
                "Microsoft.GuestConfiguration/register/action",
                "Microsoft.HybridConnectivity/register/action",
            ],
        ),
        ([CUSTOM_HCI_ROLE], False, []),
        (  # the role as seeds/001 printed it in 2021 lacks what today's page adds
            [PermissionBlock(SEED_001_ROLE)],
            False,
            [
                "Microsoft.Authorization/roleAssignments/read",
                "Microsoft.HybridConnectivity/register/action",
            ],
        ),
        (
            [CUSTOM_HCI_ROLE],
            True,
            [
                "Microsoft.Resources/subscriptions/resourceGroups/write",
                "Microsoft.Resources/subscriptions/resourceGroups/delete",
            ],
        ),
        ([], False, list(required_actions(create_resource_group=False))),
    ],
    ids=[
        "owner",
        "contributor",
        "uaa+contributor",
        "uaa-only",
        "custom-role",
        "seed-001-role",
        "custom-role+new-rg",
        "nothing",
    ],
)
def test_roles_against_the_required_actions(blocks, create_rg, expected_missing):
    assert missing(blocks, required_actions(create_resource_group=create_rg)) == expected_missing


def test_matching_is_case_insensitive():
    assert allowed(
        [PermissionBlock(["microsoft.azurestackhci/UNREGISTER/action"])],
        "Microsoft.AzureStackHCI/Unregister/Action",
    )


@pytest.mark.parametrize(
    ("pattern", "covered"),
    [
        ("*", True),
        ("Microsoft.AzureStackHCI/*", True),
        ("Microsoft.AzureStackHCI/clusters/*", True),
        ("*/read", False),
        ("Microsoft.AzureStackHCI/clusters/read", False),
        ("Microsoft.AzureStackHCI/clusters/*/read", False),
    ],
)
def test_a_wildcard_requirement_needs_an_equally_broad_grant(pattern, covered):
    assert covers(pattern, "Microsoft.AzureStackHCI/clusters/*") is covered


def test_a_not_action_inside_a_wildcard_requirement_breaks_it():
    block = PermissionBlock(
        ["Microsoft.AzureStackHCI/*"], ["Microsoft.AzureStackHCI/clusters/delete"]
    )
    assert not allowed([block], "Microsoft.AzureStackHCI/clusters/*")
    assert allowed([block], "Microsoft.AzureStackHCI/clusters/write")


def test_not_actions_subtract_only_within_their_own_block():
    # Contributor's NotAction on Authorization writes does not cancel UAA's grant
    assert allowed(
        [CONTRIBUTOR, USER_ACCESS_ADMIN], "Microsoft.Authorization/roleAssignments/write"
    )
    assert not allowed([CONTRIBUTOR], "Microsoft.Authorization/roleAssignments/write")


def test_from_arm_reads_the_permissions_api_shape():
    block = PermissionBlock.from_arm(
        {"actions": ["*"], "notActions": ["Microsoft.Authorization/*/Write"], "dataActions": []}
    )
    assert block.allows("Microsoft.HybridCompute/machines/read")
    assert not block.allows("Microsoft.Authorization/roleAssignments/write")


_segment = st.text(alphabet="abcXYZ.", min_size=1, max_size=6)


@given(st.lists(_segment, min_size=1, max_size=4))
def test_star_grants_everything_and_an_exact_grant_only_itself(parts):
    action = "/".join(parts)
    assert allowed([OWNER], action)
    assert allowed([PermissionBlock([action.upper()])], action)
    assert not allowed([PermissionBlock([action + "x"])], action)
    assert not allowed([PermissionBlock(["*"], [action])], action)
