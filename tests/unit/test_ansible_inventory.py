"""One inventory for both tools: Ansible YAML and `ansible-inventory --list` JSON."""

from __future__ import annotations

import json

import pytest
import yaml

from orchestrator.errors import InputError
from orchestrator.inventory import load_inventory
from tests.conftest import EXAMPLES, REPO

LIST_JSON = REPO / "tests" / "fixtures" / "ansible" / "inventory-list.json"


def _expected_shape(inv):
    assert inv.cluster.name == "hci01"
    assert [(n.name, n.host) for n in inv.cluster.nodes] == [
        (f"node{i}", f"node{i}.contoso.local") for i in range(1, 5)
    ]
    assert inv.cluster.entry_node.name == "node1"
    c = inv.connection
    assert (c.transport, c.auth, c.ssl, c.cert_validation) == ("psrp", "negotiate", True, True)
    assert (c.username, c.password_env) == ("CONTOSO\\hciadmin", "HCI_PASSWORD")
    assert inv.azure.subscription_id == "6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90"


def test_ansible_yaml_inventory_reads_like_ours():
    _expected_shape(load_inventory(EXAMPLES / "ansible" / "hosts.yml"))


def test_ansible_inventory_list_json_reads_the_same():
    # generated with `ansible-inventory -i examples/ansible/hosts.yml --list` (ansible-core 2.21)
    _expected_shape(load_inventory(LIST_JSON))


def _ansible(tmp_path, mutate):
    data = yaml.safe_load((EXAMPLES / "ansible" / "hosts.yml").read_text())
    mutate(data["all"]["children"]["hci01"])
    path = tmp_path / "hosts.yml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_port_5985_means_http_as_in_the_psrp_plugin(tmp_path):
    def mutate(group):
        group["vars"]["ansible_port"] = 5985
        del group["vars"]["ansible_psrp_protocol"]

    inv = load_inventory(_ansible(tmp_path, mutate))
    assert inv.connection.ssl is False
    assert [inv.port_of(n) for n in inv.cluster.nodes] == [5985] * 4


def test_host_vars_override_group_vars(tmp_path):
    def mutate(group):
        group["vars"]["ansible_psrp_protocol"] = "http"
        group["hosts"]["node2"]["ansible_port"] = 5999

    inv = load_inventory(_ansible(tmp_path, mutate))
    assert inv.connection.ssl is False
    assert [inv.port_of(n) for n in inv.cluster.nodes] == [5985, 5999, 5985, 5985]


def test_ca_path_and_ignore(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    inv = load_inventory(
        _ansible(tmp_path, lambda g: g["vars"].update(ansible_psrp_ca_cert=str(ca)))
    )
    assert inv.connection.cert_validation == str(ca)
    inv = load_inventory(
        _ansible(tmp_path, lambda g: g["vars"].update(ansible_psrp_cert_validation="ignore"))
    )
    assert inv.connection.cert_validation is False


def test_literal_password_is_refused_without_echo(tmp_path):
    path = _ansible(tmp_path, lambda g: g["vars"].update(ansible_password="Winter2026!"))
    with pytest.raises(InputError) as caught:
        load_inventory(path)
    message = str(caught.value)
    assert "node1.ansible_password: a literal password is not accepted" in message
    assert "lookup('env', 'HCI_PASSWORD')" in message
    assert "Winter2026!" not in message


def test_differing_connection_settings_are_named(tmp_path):
    path = _ansible(tmp_path, lambda g: g["hosts"]["node3"].update(ansible_user="other"))
    with pytest.raises(
        InputError, match=r"node3: connection settings differ from node1 \(username\)"
    ):
        load_inventory(path)


def test_missing_cluster_name_explains_where_to_put_it(tmp_path):
    path = _ansible(tmp_path, lambda g: g["vars"].pop("hci_cluster_name"))
    with pytest.raises(InputError, match=r"set hci_cluster_name .* in the vars of the group"):
        load_inventory(path)


def test_bad_azure_values_get_our_messages(tmp_path):
    path = _ansible(tmp_path, lambda g: g["vars"]["hci_azure"].update(tenant_id="contoso"))
    with pytest.raises(InputError, match=r"azure.tenant_id: 'contoso': use a GUID"):
        load_inventory(path)


def test_ansible_inventory_drives_precheck_on_the_lab(orchestrate, tmp_path):
    def lab(group):
        group["vars"]["hci_transport"] = "lab"
        group["vars"]["hci_lab"] = {"seed": 3, "nodes": {"node2": {"hcisvc": "stopped"}}}

    result = orchestrate("precheck", "-i", str(_ansible(tmp_path, lab)), "--output", "json")
    assert result.code == 1
    failed = [
        (r["node"], r["check"]) for r in json.loads(result.out)["results"] if r["status"] == "fail"
    ]
    assert failed == [("node2", "service:hcisvc")]


def test_psrp_connection_variables_map_onto_our_connection(tmp_path):
    key = tmp_path / "client.key"
    cert = tmp_path / "client.pem"
    key.write_text("-----BEGIN PRIVATE KEY-----\n")
    cert.write_text("-----BEGIN CERTIFICATE-----\n")

    def mutate(group):
        group["vars"].update(
            ansible_psrp_connection_timeout=45,
            ansible_psrp_read_timeout=90,
            ansible_psrp_operation_timeout=60,
            ansible_psrp_reconnection_retries=3,
            ansible_psrp_reconnection_backoff=1.5,
            ansible_psrp_message_encryption="always",
            ansible_psrp_configuration_name="JEA.Hci",
            ansible_psrp_negotiate_delegate=True,
        )

    c = load_inventory(_ansible(tmp_path, mutate)).connection
    assert (c.connection_timeout, c.read_timeout, c.operation_timeout) == (45.0, 90.0, 60.0)
    assert (c.reconnection_retries, c.reconnection_backoff) == (3, 1.5)
    assert (c.message_encryption, c.configuration_name, c.negotiate_delegate) == (
        "always",
        "JEA.Hci",
        True,
    )

    def certificate(group):
        group["vars"].update(
            ansible_psrp_auth="certificate",
            ansible_psrp_certificate_pem=str(cert),
            ansible_psrp_certificate_key_pem=str(key),
        )

    c = load_inventory(_ansible(tmp_path, certificate)).connection
    assert (c.auth, c.certificate_pem, c.certificate_key_pem) == (
        "certificate",
        str(cert),
        str(key),
    )


def test_ini_style_strings_get_the_plugins_types(tmp_path):
    # `ansible-inventory --list` of an INI inventory carries every value as a string
    def mutate(group):
        group["vars"].update(
            ansible_psrp_read_timeout="120",
            ansible_psrp_reconnection_retries="2",
            ansible_psrp_connection_backoff="0.5",  # the plugin's older alias
            ansible_psrp_negotiate_delegate="yes",
            hci_insecure="false",
        )
        group["hosts"]["node2"]["ansible_psrp_port"] = "5999"

    inv = load_inventory(_ansible(tmp_path, mutate))
    c = inv.connection
    assert (c.read_timeout, c.reconnection_retries, c.reconnection_backoff) == (120.0, 2, 0.5)
    assert (c.negotiate_delegate, c.insecure) == (True, False)
    assert [inv.port_of(n) for n in inv.cluster.nodes] == [5986, 5999, 5986, 5986]


def test_bad_psrp_values_are_named_by_our_field(tmp_path):
    def mutate(group):
        group["vars"]["ansible_psrp_read_timeout"] = "soon"

    with pytest.raises(InputError, match=r"connection\.read_timeout: 'soon': expected a number"):
        load_inventory(_ansible(tmp_path, mutate))

    def too_short(group):
        group["vars"]["ansible_psrp_read_timeout"] = 10

    with pytest.raises(InputError, match=r"read_timeout.*greater than operation_timeout"):
        load_inventory(_ansible(tmp_path, too_short))


def test_hci_insecure_is_the_explicit_opt_in_for_cleartext(tmp_path):
    def mutate(group):
        group["vars"].update(
            ansible_psrp_protocol="http",
            ansible_psrp_auth="basic",
            hci_insecure=True,
        )

    c = load_inventory(_ansible(tmp_path, mutate)).connection
    assert (c.ssl, c.auth, c.insecure) == (False, "basic", True)


def test_cert_validation_ignore_wins_over_a_ca_path_as_in_the_plugin(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")

    def trust_path(group):
        group["vars"]["ansible_psrp_cert_trust_path"] = str(ca)  # the plugin's alias of ca_cert

    assert load_inventory(_ansible(tmp_path, trust_path)).connection.cert_validation == str(ca)

    def ignored(group):
        group["vars"].update(ansible_psrp_ca_cert=str(ca), ansible_psrp_cert_validation="ignore")

    assert load_inventory(_ansible(tmp_path, ignored)).connection.cert_validation is False


def test_unused_psrp_variables_are_reported(tmp_path, caplog):
    def mutate(group):
        group["vars"].update(ansible_psrp_max_envelope_size=512000, ansible_psrp_read_timeout=60)

    with caplog.at_level("WARNING"):
        load_inventory(_ansible(tmp_path, mutate))
    ignored = [r.getMessage() for r in caplog.records]
    assert any("ansible_psrp_max_envelope_size is not used" in m for m in ignored)
    assert not any("read_timeout" in m for m in ignored)
