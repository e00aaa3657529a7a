"""Every naming/identifier rule with good and bad values (the same rules the real tools apply)."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orchestrator.inventory import rules


@pytest.mark.parametrize("value", ["node1", "HCI-N01", "a", "n" * 15, "1node"])
def test_netbios_name_accepts(value):
    assert rules.netbios_name(value) is None


@pytest.mark.parametrize(
    "value", ["", "n" * 16, "-node", "node-", "node_1", "node.1", "12345", "nöde"]
)
def test_netbios_name_rejects(value):
    assert "1-15 letters, digits or hyphens" in rules.netbios_name(value)


@pytest.mark.parametrize(
    "value", ["node1", "node1.contoso.local", "10.0.0.5", "fe80::1", "n-1.example.com.", "x" * 63]
)
def test_host_name_accepts(value):
    assert rules.host_name(value) is None


@pytest.mark.parametrize(
    "value", ["node 1", "-bad.example.com", "a..b", "x" * 64, "node_1.local", "h/x"]
)
def test_host_name_rejects(value):
    assert "DNS name" in rules.host_name(value)


@pytest.mark.parametrize(
    "value", ["00000000-0000-0000-0000-000000000000", "6F2A1C3E-0B7D-4E1A-9C55-2D8E4F1A7B90"]
)
def test_guid_accepts(value):
    assert rules.guid(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "not-a-guid",
        "6f2a1c3e0b7d4e1a9c552d8e4f1a7b90",  # uuid.UUID parses it, the cmdlets want the dashed form
        "{6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90}",
        "6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b9",
        "6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b9g",
    ],
)
def test_guid_rejects(value):
    assert "GUID" in rules.guid(value)


@pytest.mark.parametrize("value", ["hci01", "HCI_01", "a-b_c", "x", "cluster-2"])
def test_azcm_resource_name_accepts(value):
    assert rules.azcm_resource_name(value) is None


@pytest.mark.parametrize("value", ["hci01-", "hci01_", "hci 01", "hci.01", "hci/01", "", "x" * 65])
def test_azcm_resource_name_rejects(value):
    assert "AZCM0017" in rules.azcm_resource_name(value)


@given(st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=64))
def test_azcm_resource_name_matches_the_agent_rule(value):
    # seeds/002 AZCM0017: alphanumerics, hyphens, underscores; cannot end with hyphen or underscore
    accepted = rules.azcm_resource_name(value) is None
    assert accepted == (value[-1] not in "-_")


@pytest.mark.parametrize("value", ["hci01-rg", "rg.with.dots", "RG_(prod)", "r", "r" * 90])
def test_resource_group_name_accepts(value):
    assert rules.resource_group_name(value) is None


@pytest.mark.parametrize(
    "value", ["ends-with-dot.", "has space", "slash/rg", "", "r" * 91, "star*"]
)
def test_resource_group_name_rejects(value):
    assert "resource group naming rule" in rules.resource_group_name(value)


@pytest.mark.parametrize("value", ["HCI_PASSWORD", "_x", "a1"])
def test_environment_variable_name_accepts(value):
    assert rules.environment_variable_name(value) is None


@pytest.mark.parametrize("value", ["P@ssw0rd!", "1abc", "has space", "with-dash"])
def test_environment_variable_name_rejects_without_echoing(value):
    problem = rules.environment_variable_name(value)
    assert "NAME of an environment variable" in problem
    assert value not in problem


@pytest.mark.parametrize(
    ("name", "value"), [("env", "prod"), ("Owner", "Team A"), ("k" * 512, "v" * 256)]
)
def test_tag_accepts(name, value):
    assert rules.tag(name, value) is None


@pytest.mark.parametrize(
    ("name", "value"), [("", "x"), ("a<b", "x"), ("a/b", "x"), ("k" * 513, "x"), ("k", "v" * 257)]
)
def test_tag_rejects(name, value):
    assert "AZCM0013" in rules.tag(name, value)
