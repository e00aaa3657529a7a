"""Read an Ansible inventory (YAML, or the JSON of `ansible-inventory --list`) as our inventory.

One inventory then serves both tools. Hosts become nodes (`ansible_host`, `ansible_port`);
the connection comes from `ansible_user`, `ansible_password` (only as an environment lookup),
`ansible_psrp_*`; the cluster and Azure target come from `hci_*` variables on the group that
defines the cluster. The result is the same plain data our own YAML format gives, so every
field goes through the same validation and error messages.

Variable precedence follows Ansible's: group vars (outer groups first) < host vars.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from orchestrator import echo
from orchestrator.errors import InputError

log = logging.getLogger(__name__)

# `{{ lookup('env', 'NAME') }}` / `{{ lookup("ansible.builtin.env", "NAME") }}`
_ENV_LOOKUP = re.compile(
    r"""^\{\{\s*lookup\(\s*['"](?:ansible\.builtin\.)?env['"]\s*,\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\)\s*\}\}$"""
)

# ansible_psrp_* (and core) variables -> our connection keys, with the type the psrp connection
# plugin gives them (ansible-core lib/ansible/plugins/connection/psrp.py DOCUMENTATION: names,
# aliases such as ansible_psrp_connection_backoff, and types).
_CONNECTION_VARS: dict[str, tuple[str, str]] = {
    "ansible_user": ("username", "str"),
    "ansible_psrp_user": ("username", "str"),
    "ansible_psrp_auth": ("auth", "str"),
    "ansible_psrp_connection_timeout": ("connection_timeout", "float"),
    "ansible_psrp_read_timeout": ("read_timeout", "float"),
    "ansible_psrp_operation_timeout": ("operation_timeout", "float"),
    "ansible_psrp_reconnection_retries": ("reconnection_retries", "int"),
    "ansible_psrp_connection_backoff": ("reconnection_backoff", "float"),
    "ansible_psrp_reconnection_backoff": ("reconnection_backoff", "float"),
    "ansible_psrp_message_encryption": ("message_encryption", "str"),
    "ansible_psrp_configuration_name": ("configuration_name", "str"),
    "ansible_psrp_negotiate_delegate": ("negotiate_delegate", "bool"),
    "ansible_psrp_certificate_pem": ("certificate_pem", "str"),
    "ansible_psrp_certificate_key_pem": ("certificate_key_pem", "str"),
    "ansible_psrp_proxy": ("proxy", "str"),
    # No Ansible equivalent: lowering security stays an explicit opt-in of ours.
    "hci_insecure": ("insecure", "bool"),
}
_HANDLED_PSRP_VARS = {
    *_CONNECTION_VARS,
    "ansible_psrp_password",
    "ansible_psrp_protocol",
    "ansible_psrp_cert_validation",
    "ansible_psrp_ca_cert",
    "ansible_psrp_cert_trust_path",
    "ansible_psrp_host",
    "ansible_psrp_port",
}
# Ansible's boolean() spellings (module_utils.parsing.convert_bool), for INI-sourced strings.
_TRUE = {"yes", "on", "1", "true", "y", "t"}
_FALSE = {"no", "off", "0", "false", "n", "f"}


def _port(vars_: Mapping[str, Any]) -> Any:
    """ansible_psrp_port wins over ansible_port (the plugin lists it last)."""
    return vars_.get("ansible_psrp_port", vars_.get("ansible_port"))


def _typed(value: Any, kind: str) -> Any:
    """Strings from INI inventories get the plugin's type; anything unconvertible is passed on
    unchanged so that the inventory loader names the field and the fix."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        if kind == "float":
            return float(text)
        if kind == "int":
            return int(text)
    except ValueError:
        return value
    if kind == "bool" and text.lower() in _TRUE | _FALSE:
        return text.lower() in _TRUE
    return value


def looks_like_ansible(data: Any) -> bool:
    return (
        isinstance(data, Mapping) and "cluster" not in data and ("all" in data or "_meta" in data)
    )


class _Groups:
    """Groups with their hosts, vars and children, from either inventory form."""

    def __init__(self) -> None:
        self.hosts: dict[str, list[str]] = {}
        self.vars: dict[str, dict[str, Any]] = {}
        self.children: dict[str, list[str]] = {}
        self.host_vars: dict[str, dict[str, Any]] = {}

    def members(self, group: str) -> list[str]:
        """Hosts of `group` and of every group below it; each group visited once (children
        may form a cycle or a diamond; a walk per path would be exponential)."""
        names: list[str] = []
        seen: set[str] = set()
        pending = [group]
        while pending:
            current = pending.pop(0)
            if current in seen:
                continue
            seen.add(current)
            names += [h for h in self.hosts.get(current, []) if h not in names]
            pending += self.children.get(current, [])
        return names

    def chain(self, host: str) -> tuple[str, ...] | None:
        """The outermost-first group path from `all` down to where `host` is listed (depth
        first, children in order; each group visited once)."""
        seen: set[str] = set()
        stack: list[tuple[str, tuple[str, ...]]] = [("all", ())]
        while stack:
            group, path = stack.pop()
            if group in seen:
                continue
            seen.add(group)
            here = (*path, group)
            if host in self.hosts.get(group, []):
                return here
            stack += [(child, here) for child in reversed(self.children.get(group, []))]
        return None


def _expect_mapping(value: Any, where: str, what: str, source: str) -> Mapping[Any, Any]:
    """`value` when it is a mapping (None is an empty one); else the input error naming it."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputError(where, f"{echo.prefix(value)}expected {what}", source=source)
    return value


def _expect_names(value: Any, where: str, source: str) -> list[str]:
    """Host or group names: the keys of a mapping (YAML form) or a list (JSON form)."""
    names = list(value) if isinstance(value, Mapping | list) else None
    if names is None:
        raise InputError(where, f"{echo.prefix(value)}expected a list of names", source=source)
    for name in names:
        if isinstance(name, bool) or not isinstance(name, str | int):
            raise InputError(
                where, f"{echo.prefix(name, path=where)}a name must be text", source=source
            )
    return [str(name) for name in names]


def _from_yaml(data: Mapping[str, Any], source: str) -> _Groups:
    groups = _Groups()

    def walk(name: str, body: Any) -> None:
        group = _expect_mapping(
            body, echo.segment(name), "a group mapping (hosts, vars, children)", source
        )
        hosts = _expect_mapping(
            group.get("hosts"),
            f"{echo.segment(name)}.hosts",
            "a mapping of host names to variables",
            source,
        )
        groups.hosts[name] = _expect_names(hosts, f"{echo.segment(name)}.hosts", source)
        for host, host_vars in hosts.items():
            where = f"{echo.segment(name)}.hosts.{echo.segment(host)}"
            variables = _expect_mapping(host_vars, where, "a mapping of variables", source)
            groups.host_vars.setdefault(str(host), {}).update(_variables(variables, where, source))
        groups.vars[name] = _variables(
            _expect_mapping(
                group.get("vars"), f"{echo.segment(name)}.vars", "a mapping of variables", source
            ),
            f"{echo.segment(name)}.vars",
            source,
        )
        children = _expect_mapping(
            group.get("children"),
            f"{echo.segment(name)}.children",
            "a mapping of group names",
            source,
        )
        groups.children[name] = _expect_names(children, f"{echo.segment(name)}.children", source)
        for child, child_body in children.items():
            walk(str(child), child_body)

    for name, body in data.items():
        walk(str(name), body)
    return groups


def _from_json(data: Mapping[str, Any], source: str) -> _Groups:
    groups = _Groups()
    for name, body in data.items():
        if name == "_meta":
            continue
        group = _expect_mapping(body, echo.segment(name), "a group (hosts, vars, children)", source)
        groups.hosts[str(name)] = _expect_names(
            group.get("hosts", []), f"{echo.segment(name)}.hosts", source
        )
        groups.vars[str(name)] = _variables(
            _expect_mapping(
                group.get("vars"), f"{echo.segment(name)}.vars", "a mapping of variables", source
            ),
            f"{echo.segment(name)}.vars",
            source,
        )
        groups.children[str(name)] = _expect_names(
            group.get("children", []), f"{echo.segment(name)}.children", source
        )
    meta = _expect_mapping(data.get("_meta"), "_meta", "a mapping with hostvars", source)
    hostvars = _expect_mapping(
        meta.get("hostvars"), "_meta.hostvars", "a mapping of host names to variables", source
    )
    for host, host_vars in hostvars.items():
        where = f"_meta.hostvars.{echo.segment(host)}"
        groups.host_vars[str(host)] = _variables(
            _expect_mapping(host_vars, where, "a mapping of variables", source), where, source
        )
    return groups


def _variables(variables: Mapping[Any, Any], where: str, source: str) -> dict[str, Any]:
    """Variable names are text (Ansible's are identifiers)."""
    for key in variables:
        if not isinstance(key, str):
            raise InputError(
                where, f"{echo.prefix(key, path=where)}a variable name must be text", source=source
            )
    return dict(variables)


def _effective_vars(groups: _Groups, host: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for group in groups.chain(host) or ("all",):
        merged.update(groups.vars.get(group, {}))
    merged.update(groups.host_vars.get(host, {}))
    return merged


def _cluster_hosts(groups: _Groups, source: str) -> list[str]:
    """The hosts of the group whose vars define hci_cluster_name.

    `ansible-inventory --list` (without --export) pushes group vars down into hostvars, so
    there the cluster is the set of hosts that carry hci_cluster_name.
    """
    defining = [g for g, v in groups.vars.items() if "hci_cluster_name" in v]
    if len(defining) > 1:
        raise InputError(
            "hci_cluster_name",
            f"defined by several groups ({', '.join(map(echo.segment, defining))}); keep one cluster per inventory file",
            source=source,
        )
    if defining:
        hosts = groups.members(defining[0])
    else:
        hosts = [h for h, v in groups.host_vars.items() if "hci_cluster_name" in v]
    if not hosts:
        raise InputError(
            "hci_cluster_name",
            "no group of hosts defines it; set hci_cluster_name (and hci_azure) in the vars of "
            "the group that holds the cluster's nodes",
            source=source,
        )
    names = {str(_effective_vars(groups, h).get("hci_cluster_name")) for h in hosts}
    if len(names) > 1:
        raise InputError(
            "hci_cluster_name",
            f"hosts name different clusters ({', '.join(map(echo.segment, sorted(names)))}); keep one cluster per inventory file",
            source=source,
        )
    return hosts


def _password_env(value: Any, host: str, source: str) -> str:
    match = _ENV_LOOKUP.match(str(value).strip())
    if not match:
        # never echo the value: it is probably the password itself
        raise InputError(
            f"{echo.segment(host)}.ansible_password",
            "a literal password is not accepted; use an environment lookup, "
            "e.g. ansible_password: \"{{ lookup('env', 'HCI_PASSWORD') }}\"",
            source=source,
        )
    return match.group(1)


def _connection(vars_: Mapping[str, Any], host: str, source: str) -> dict[str, Any]:
    conn: dict[str, Any] = {"transport": vars_.get("hci_transport", "psrp")}
    for var, (key, kind) in _CONNECTION_VARS.items():
        if var in vars_:
            conn[key] = _typed(vars_[var], kind)
    if "ansible_password" in vars_ or "ansible_psrp_password" in vars_:
        value = vars_.get("ansible_password", vars_.get("ansible_psrp_password"))
        conn["password_env"] = _password_env(value, host, source)
    protocol = vars_.get("ansible_psrp_protocol")
    if protocol is not None:
        conn["ssl"] = str(protocol).lower() == "https"
    elif str(_port(vars_)) == "5985":
        conn["ssl"] = False  # the plugin derives http from port 5985
    validation = vars_.get("ansible_psrp_cert_validation")
    ca = vars_.get("ansible_psrp_ca_cert", vars_.get("ansible_psrp_cert_trust_path"))
    if str(validation).lower() == "ignore":
        conn["cert_validation"] = False  # the plugin ignores ca_cert when validation is off
    elif ca is not None:
        conn["cert_validation"] = ca
    elif validation is not None:
        conn["cert_validation"] = True
    for var in vars_:
        if var.startswith("ansible_psrp_") and var not in _HANDLED_PSRP_VARS:
            log.warning("%s: %s is not used by orchestrate and is ignored", host, var)
    return conn


def from_ansible(data: Mapping[str, Any], source: str) -> dict[str, Any]:
    """Translate an Ansible inventory into our inventory's plain-data form."""
    groups = _from_json(data, source) if "_meta" in data else _from_yaml(data, source)
    hosts = _cluster_hosts(groups, source)
    per_host = {h: _effective_vars(groups, h) for h in hosts}
    first = per_host[hosts[0]]
    nodes = []
    connection: dict[str, Any] | None = None
    for host, vars_ in per_host.items():
        node: dict[str, Any] = {
            "name": host,
            "host": vars_.get("ansible_host", vars_.get("ansible_psrp_host", host)),
        }
        port = _port(vars_)
        if port is not None:
            node["port"] = _typed(port, "int")
        nodes.append(node)
        this = _connection(vars_, host, source)
        if connection is None:
            connection = this
        elif this != connection:
            differing = sorted(
                k for k in set(this) | set(connection) if this.get(k) != connection.get(k)
            )
            raise InputError(
                echo.segment(host),
                f"connection settings differ from {echo.segment(hosts[0])} ({', '.join(differing)}); "
                "orchestrate uses one connection for the whole cluster: set them on the group",
                source=source,
            )
    result: dict[str, Any] = {
        "cluster": {"name": first.get("hci_cluster_name"), "nodes": nodes},
        "connection": connection,
    }
    if first.get("hci_cmdlet_host") is not None:
        result["cluster"]["cmdlet_host"] = first["hci_cmdlet_host"]
    if first.get("hci_azure") is not None:
        result["azure"] = first["hci_azure"]
    if first.get("hci_lab") is not None:
        result["lab"] = first["hci_lab"]
    return result
