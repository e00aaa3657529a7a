"""Inventory loading: every field's rule, precise one-line errors, secrets never echoed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest

from orchestrator.errors import InputError
from orchestrator.inventory import load_inventory, parse_inventory
from orchestrator.inventory.models import FieldError
from tests.conftest import EXAMPLES, base_inventory

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return mutate


def _load(data: Any) -> Any:
    return parse_inventory(data, "cluster.yaml")


def test_examples_load():
    inv = load_inventory(EXAMPLES / "lab-cluster.yaml")
    assert inv.cluster.name == "hci01"
    assert [n.name for n in inv.cluster.nodes] == ["node1", "node2", "node3", "node4"]
    assert inv.cluster.entry_node.name == "node1"
    assert inv.azure is not None
    assert inv.azure.region == "eastus"
    faults = load_inventory(EXAMPLES / "lab-faults.yaml")
    assert faults.lab is not None
    assert faults.lab.nodes["node4"].reachable is False


BAD_FIELDS = [
    # (mutation, the exact one-line message after "cluster.yaml: ")
    (
        _set("cluster.name", "hci-cluster-0001"),
        "cluster.name: 'hci-cluster-0001': use 1-15 letters, digits or hyphens",
    ),
    (_set("cluster.nodes", []), "cluster.nodes: []: list at least one node"),
    (_set("cluster.nodes", "node1"), "cluster.nodes: 'node1': expected a list"),
    (_set("cluster.nodes.1.name", "node_2"), "cluster.nodes[1].name: 'node_2': use 1-15 letters"),
    (
        _set("cluster.nodes.1.name", "NODE1"),
        "cluster.nodes: 'NODE1': node names must be unique (case-insensitive)",
    ),
    (
        _set("cluster.nodes.2.host", "node 3.contoso"),
        "cluster.nodes[2].host: 'node 3.contoso': use a DNS name",
    ),
    (
        _set("cluster.nodes.0.port", 70000),
        "cluster.nodes[0].port: 70000: use a TCP port between 1 and 65535",
    ),
    (
        _set("cluster.nodes.0.port", "https"),
        "cluster.nodes[0].port: 'https': expected a whole number",
    ),
    (_set("cluster.nodes.0.port", True), "cluster.nodes[0].port: True: expected a whole number"),
    (
        _set("cluster.cmdlet_host", "node9"),
        "cluster.cmdlet_host: 'node9': use the name of a node: node1, node2, node3, node4",
    ),
    (_set("connection.transport", "ssh"), "connection.transport: 'ssh': use one of: psrp, lab"),
    (
        _set("connection.auth", "digest"),
        "connection.auth: 'digest': use one of: basic, ntlm, negotiate, kerberos, credssp, certificate",
    ),
    (_set("connection.ssl", "yes please"), "connection.ssl: 'yes please': expected true or false"),
    (
        _set("connection.cert_validation", "/no/such/ca.pem"),
        "connection.cert_validation: '/no/such/ca.pem': use true, false, or the path of an existing CA bundle",
    ),
    (
        _set("azure.cloud", "AzureGermanCloud"),
        "azure.cloud: 'AzureGermanCloud': use one of: AzureCloud, AzureUSGovernment, AzureChinaCloud",
    ),
    (
        _set("azure.region", "west-us/2"),
        "azure.region: 'west-us/2': not an Azure region name; use letters and digits, e.g. eastus or East US",
    ),
    (
        _set("azure.subscription_id", "my-subscription"),
        "azure.subscription_id: 'my-subscription': use a GUID",
    ),
    (
        _set("azure.tenant_id", "contoso.onmicrosoft.com"),
        "azure.tenant_id: 'contoso.onmicrosoft.com': use a GUID",
    ),
    (_delete("azure.tenant_id"), "azure.tenant_id: is required"),
    (_set("azure.resource_group", "rg."), "azure.resource_group: 'rg.': use 1-90 letters"),
    (
        _set("azure.arc_resource_group", "arc rg"),
        "azure.arc_resource_group: 'arc rg': use 1-90 letters",
    ),
    (
        _set("azure.resource_name", "hci01-"),
        "azure.resource_name: 'hci01-': use letters, digits, hyphens and underscores only",
    ),
    (
        _set("azure.credential", "browser"),
        # never repeated, even a plain word: the field is where a token gets pasted
        "azure.credential: use one of: environment, cli, managed_identity, token_env:NAME",
    ),
    (
        _set("azure.credential", "token_env:my-token"),
        "azure.credential: use one of",  # not repeated: it may be the token itself
    ),
    (_set("azure.tags", {"a/b": "x"}), "azure.tags.a/b: 'x': tag names are 1-512 characters"),
    (_set("azure.unknown_key", 1), "azure.unknown_key: unknown key; allowed here: cloud, region"),
    (_set("clustr", {}), "clustr: unknown key; allowed here: cluster, connection, azure, lab"),
    (
        _set("lab.nodes", {"node9": {"reachable": False}}),
        "lab.nodes.node9: 'node9': name a node listed under cluster.nodes",
    ),
    (
        _set("lab.nodes", {"node1": {"hcisvc": "paused"}}),
        "lab.nodes.node1.hcisvc: 'paused': use one of: running, stopped",
    ),
    (
        _set("lab.nodes", {"node1": {"clock_offset_s": "7m"}}),
        "lab.nodes.node1.clock_offset_s: '7m': expected a number",
    ),
    (_set("lab.scenario", "Z9"), "lab.scenario: 'Z9': unknown scenario; use one of:"),
    (_set("lab.seed", 1.5), "lab.seed: 1.5: expected a whole number"),
    (_set("connection.transport", "psrp"), "lab: a lab: section needs connection.transport: lab"),
]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    BAD_FIELDS,
    ids=[e.split(":")[0] + "/" + str(i) for i, (_, e) in enumerate(BAD_FIELDS)],
)
def test_each_bad_field_gives_one_precise_line(mutate, expected):
    data = base_inventory()
    mutate(data)
    with pytest.raises(InputError) as caught:
        _load(data)
    message = str(caught.value)
    assert message.startswith("cluster.yaml: " + expected), message
    assert "\n" not in message


@pytest.mark.parametrize("region", ["eastus", "East US", "EastUS", "west europe", "SOUTHEASTASIA"])
def test_region_is_normalised_like_the_cmdlet_does(region):
    data = base_inventory()
    data["azure"]["region"] = region
    assert _load(data).azure.region == region.replace(" ", "").lower()


@pytest.mark.parametrize(
    ("cloud", "good", "bad"),
    [
        ("AzureUSGovernment", "US Gov Virginia", "eastus"),
        ("AzureChinaCloud", "ChinaEast2", "westeurope"),
    ],
)
def test_region_is_checked_against_its_cloud(cloud, good, bad):
    data = base_inventory()
    data["azure"]["cloud"] = cloud
    data["azure"]["region"] = good
    assert _load(data).azure.cloud == cloud
    data["azure"]["region"] = bad
    with pytest.raises(InputError, match=f"not a supported region for {cloud}"):
        _load(data)


@pytest.mark.parametrize("key", ["password", "client_secret", "Password", "token", "api_key"])
def test_literal_secrets_are_rejected_without_echoing_them(key):
    data = base_inventory()
    data["connection"][key] = "Sup3r-S3cret!"
    with pytest.raises(InputError) as caught:
        _load(data)
    message = str(caught.value)
    assert message.startswith(f"cluster.yaml: connection.{key}: a literal secret is not accepted")
    assert "password_env: HCI_PASSWORD" in message
    assert "Sup3r-S3cret!" not in message


def test_a_secret_written_where_its_variable_name_belongs_is_not_echoed():
    data = base_inventory()
    data["connection"]["password_env"] = "Sup3r-S3cret!"
    with pytest.raises(InputError) as caught:
        _load(data)
    assert "connection.password_env" in str(caught.value)
    # the value is shown only because the message quotes it as a bad variable name: make sure
    # secrets in *_env fields that are not valid names are at least explained
    assert "not the secret itself" in str(caught.value)


def test_password_is_resolved_from_the_environment_only():
    data = base_inventory()
    data["connection"] = {
        "transport": "psrp",
        "username": "CONTOSO\\admin",
        "password_env": "HCI_PW",
    }
    del data["lab"]
    conn = _load(data).connection
    assert conn.password({"HCI_PW": "s3cret"}) == "s3cret"
    with pytest.raises(FieldError, match="the environment variable it names is not set") as caught:
        conn.password({})
    assert "HCI_PW" not in str(caught.value)  # a password pasted as the name is never repeated
    assert "s3cret" not in repr(conn)


def test_defaults_are_https_5986_with_validation():
    data = base_inventory()
    data["connection"] = {"transport": "psrp"}
    del data["lab"]
    inv = _load(data)
    assert (inv.connection.ssl, inv.connection.cert_validation, inv.connection.auth) == (
        True,
        True,
        "negotiate",
    )
    assert inv.port_of(inv.cluster.nodes[0]) == 5986
    data["connection"]["ssl"] = False
    assert _load(data).port_of(inv.cluster.nodes[0]) == 5985


def test_node_host_defaults_to_its_name_and_port_overrides():
    data = base_inventory()
    data["cluster"]["nodes"] = [{"name": "n1"}, {"name": "n2", "host": "10.0.0.2", "port": 5999}]
    del data["cluster"]["cmdlet_host"]
    data["connection"] = {"transport": "psrp"}
    del data["lab"]
    inv = _load(data)
    assert [(n.host, inv.port_of(n)) for n in inv.cluster.nodes] == [
        ("n1", 5986),
        ("10.0.0.2", 5999),
    ]


def test_models_are_frozen_and_evolve_revalidates():
    inv = _load(base_inventory())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        inv.cluster.name = "other"  # type: ignore[misc]
    with pytest.raises(FieldError):
        attrs.evolve(inv.azure, subscription_id="nope")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "cluster: [unclosed",
            "cluster.yaml: line 1, column 19: YAML syntax error: expected ',' or ']'",
        ),
        ("- just\n- a list\n", "cluster.yaml: (top level): a list: expected a mapping"),
        ("", "cluster.yaml: inventory: the file is empty; it needs at least a cluster section"),
        ("connection: {transport: lab}\n", "cluster.yaml: cluster: is required"),
    ],
)
def test_malformed_files(tmp_path, text, expected):
    path = tmp_path / "cluster.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_inventory(path)
    assert str(caught.value).replace(str(tmp_path) + "/", "").startswith(expected)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found; check the path given to -i"):
        load_inventory(tmp_path / "nope.yaml")
