"""The inventory as frozen value objects.

Validators live on the models so that every way of building an inventory (YAML file, Ansible
inventory, Python API) gets the same rules. A validator raises `FieldError` naming the attribute;
the loader adds the path (`cluster.nodes[2].host`) and the file name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from orchestrator.clouds import CLOUD_NAMES, cloud_of_region, clouds, region_source
from orchestrator.inventory import rules

TRANSPORTS = ("psrp", "lab")
AUTH_METHODS = ("basic", "ntlm", "negotiate", "kerberos", "credssp", "certificate")
# Auth methods whose security context can encrypt WinRM messages over plain HTTP (pypsrp).
ENCRYPTING_AUTH = ("ntlm", "negotiate", "kerberos", "credssp")
MESSAGE_ENCRYPTION = ("auto", "always", "never")
CREDENTIAL_KINDS = ("environment", "cli", "managed_identity", "token_env:NAME")
SERVICE_STATES = ("running", "stopped")

Transport = Literal["psrp", "lab"]


class FieldError(ValueError):
    """A single bad field. `show_value=False` for anything that may be a secret."""

    def __init__(self, field: str, value: Any, fix: str, *, show_value: bool = True) -> None:
        self.field = field
        self.value = value
        self.fix = fix
        self.show_value = show_value
        # echo loads the catalog's redaction: imported when an input is bad, not at start-up
        from orchestrator import echo

        shown = echo.prefix(value, path=field, secret=not show_value)
        super().__init__(f"{field}: {shown}{fix}")


def _rule(
    check: Callable[[str], str | None], *, may_be_secret: bool = False
) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """`may_be_secret`: a field that names a secret's variable; a bad value is most likely the
    secret itself, pasted in by mistake, so the error never repeats it."""

    def validate(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        problem = check(value)
        if problem:
            raise FieldError(attribute.name, value, problem, show_value=not may_be_secret)

    return validate


def _one_of(choices: tuple[str, ...]) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def validate(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in choices:
            raise FieldError(attribute.name, value, f"use one of: {', '.join(choices)}")

    return validate


def _port(_instance: Any, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and not 1 <= value <= 65535:
        raise FieldError(attribute.name, value, "use a TCP port between 1 and 65535")


@attrs.frozen
class Node:
    name: str = attrs.field(validator=_rule(rules.netbios_name))
    host: str = attrs.field(validator=_rule(rules.host_name))
    port: int | None = attrs.field(default=None, validator=_port)


def _unique_node_names(
    _instance: Any, attribute: attrs.Attribute[Any], nodes: tuple[Node, ...]
) -> None:
    if not nodes:
        raise FieldError(attribute.name, [], "list at least one node")
    seen: set[str] = set()
    for node in nodes:
        key = node.name.lower()
        if key in seen:
            raise FieldError(
                attribute.name, node.name, "node names must be unique (case-insensitive)"
            )
        seen.add(key)


@attrs.frozen
class Cluster:
    name: str = attrs.field(validator=_rule(rules.netbios_name))
    nodes: tuple[Node, ...] = attrs.field(converter=tuple, validator=_unique_node_names)
    cmdlet_host: str | None = attrs.field(default=None)
    # The outbound proxy every node needs for Azure (machine `https_proxy`, seeds/001); None: direct.
    https_proxy: str | None = attrs.field(default=None)

    @https_proxy.validator
    def _proxy(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        problem = rules.proxy_url(value) if value is not None else None
        if problem:
            # a URL with user:password in it is a secret: never echo it
            secret = "@" in value.split("://", 1)[-1].split("/", 1)[0] if value else False
            raise FieldError(attribute.name, value, problem, show_value=not secret)

    @cmdlet_host.validator
    def _cmdlet_host_is_a_node(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        names = [n.name for n in self.nodes]
        if value is not None and value.lower() not in (n.lower() for n in names):
            raise FieldError(attribute.name, value, f"use the name of a node: {', '.join(names)}")

    @property
    def entry_node(self) -> Node:
        """The node that runs the cluster-level cmdlets (and opens the second hop)."""
        if self.cmdlet_host is None:
            return self.nodes[0]
        return next(n for n in self.nodes if n.name.lower() == self.cmdlet_host.lower())

    def node(self, name: str) -> Node:
        return next(n for n in self.nodes if n.name.lower() == name.lower())


def _cert_validation(_instance: Any, attribute: attrs.Attribute[Any], value: bool | str) -> None:
    if isinstance(value, bool):
        return
    if not Path(value).is_file():
        raise FieldError(
            attribute.name,
            value,
            "use true, false, or the path of an existing CA bundle (PEM) file",
        )


def _existing_file(_instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and not Path(value).is_file():
        raise FieldError(attribute.name, value, "use the path of an existing PEM file")


def _positive_seconds(_instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if isinstance(value, bool) or value <= 0:
        raise FieldError(attribute.name, value, "use a positive number of seconds")


def _not_negative(_instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if isinstance(value, bool) or value < 0:
        raise FieldError(attribute.name, value, "use zero or a positive number")


@attrs.frozen
class Connection:
    """How to reach the nodes. The psrp keys mirror Ansible's `ansible_psrp_*` variables (same
    names, meanings and defaults) so that one inventory can drive both tools."""

    transport: str = attrs.field(default="psrp", validator=_one_of(TRANSPORTS))
    auth: str = attrs.field(default="negotiate", validator=_one_of(AUTH_METHODS))
    ssl: bool = True
    cert_validation: bool | str = attrs.field(default=True, validator=_cert_validation)
    username: str | None = None
    password_env: str | None = attrs.field(
        default=None, validator=_rule(rules.environment_variable_name, may_be_secret=True)
    )
    connection_timeout: float = attrs.field(default=30.0, validator=_positive_seconds)
    read_timeout: float = attrs.field(default=30.0, validator=_positive_seconds)
    operation_timeout: float = attrs.field(default=20.0, validator=_positive_seconds)
    reconnection_retries: int = attrs.field(default=0, validator=_not_negative)
    reconnection_backoff: float = attrs.field(default=2.0, validator=_not_negative)
    message_encryption: str = attrs.field(default="auto", validator=_one_of(MESSAGE_ENCRYPTION))
    configuration_name: str = attrs.field(
        default="Microsoft.PowerShell", validator=_rule(rules.configuration_name)
    )
    negotiate_delegate: bool = False
    certificate_pem: str | None = attrs.field(default=None, validator=_existing_file)
    certificate_key_pem: str | None = attrs.field(default=None, validator=_existing_file)
    # Plain HTTP without message encryption, or no certificate validation, only when asked for.
    insecure: bool = False
    # The HTTP proxy to reach the nodes' WinRM through. None: connect directly, whatever the
    # controller's HTTPS_PROXY/HTTP_PROXY say (those are for Azure, not for the nodes; pypsrp
    # would otherwise follow them through requests, issue 12 item 11).
    proxy: str | None = attrs.field(default=None)

    @proxy.validator
    def _proxy(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        problem = rules.proxy_url(value) if value is not None else None
        if problem:
            secret = "@" in value.split("://", 1)[-1].split("/", 1)[0] if value else False
            raise FieldError(attribute.name, value, problem, show_value=not secret)

    def __attrs_post_init__(self) -> None:
        if self.read_timeout <= self.operation_timeout:
            # Every idle long-poll Receive would otherwise end as a read timeout (psrp-peer.md §8).
            raise FieldError(
                "read_timeout",
                self.read_timeout,
                f"must be greater than operation_timeout ({self.operation_timeout:g} s)",
            )
        if self.auth == "certificate":
            if not self.ssl:
                raise FieldError("ssl", self.ssl, "certificate auth needs ssl: true (HTTPS)")
            if self.certificate_pem is None or self.certificate_key_pem is None:
                raise FieldError(
                    "certificate_pem",
                    self.certificate_pem,
                    "certificate auth needs certificate_pem and certificate_key_pem (PEM files)",
                )
        elif self.certificate_pem is not None or self.certificate_key_pem is not None:
            raise FieldError(
                "certificate_pem", self.certificate_pem, "only used with auth: certificate"
            )
        if self.message_encryption == "always" and self.auth not in ENCRYPTING_AUTH:
            raise FieldError(
                "message_encryption",
                self.message_encryption,
                f"message encryption needs auth {', '.join(ENCRYPTING_AUTH)}",
            )

    @property
    def default_port(self) -> int:
        return 5986 if self.ssl else 5985

    @property
    def encrypts_messages(self) -> bool:
        """Whether WinRM message encryption protects plain-HTTP traffic (pypsrp's 'auto')."""
        return self.auth in ENCRYPTING_AUTH and self.message_encryption != "never"

    def password(self, environ: Mapping[str, str] | None = None) -> str | None:
        """Resolve the password reference; the value is never stored on the model."""
        if self.password_env is None:
            return None
        env = os.environ if environ is None else environ
        value = env.get(self.password_env)
        if value is None:
            # The name is not repeated: a password pasted here in its place would be.
            raise FieldError(
                "password_env",
                self.password_env,
                "the environment variable it names is not set; export the password in it "
                "before running",
                show_value=False,
            )
        return value


def _credential(_instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if value in ("environment", "cli", "managed_identity"):
        return
    if value.startswith("token_env:") and not rules.environment_variable_name(value[10:]):
        return
    raise FieldError(
        attribute.name,
        value,
        f"use one of: {', '.join(CREDENTIAL_KINDS)} (NAME is an environment variable holding the token)",
        show_value=False,  # the field a token gets pasted into: never repeated
    )


def _tags(_instance: Any, attribute: attrs.Attribute[Any], value: Mapping[str, str]) -> None:
    for name, tag_value in value.items():
        problem = rules.tag(name, tag_value)
        if problem:
            from orchestrator import echo

            raise FieldError(f"{attribute.name}.{echo.segment(name)}", tag_value, problem)


@attrs.frozen
class AzureTarget:
    region: str
    subscription_id: str = attrs.field(validator=_rule(rules.guid))
    tenant_id: str = attrs.field(validator=_rule(rules.guid))
    resource_group: str = attrs.field(validator=_rule(rules.resource_group_name))
    cloud: str = attrs.field(default="AzureCloud", validator=_one_of(CLOUD_NAMES))
    arc_resource_group: str | None = attrs.field(
        default=None, validator=_rule(rules.resource_group_name)
    )
    resource_name: str | None = attrs.field(default=None, validator=_rule(rules.azcm_resource_name))
    credential: str = attrs.field(default="environment", validator=_credential)
    tags: Mapping[str, str] = attrs.field(factory=dict, validator=_tags)
    # Overrides for private or emulated endpoints (the lab's ARM emulator); HTTPS only.
    arm_endpoint: str | None = attrs.field(default=None, validator=_rule(rules.https_url))
    graph_endpoint: str | None = attrs.field(default=None, validator=_rule(rules.https_url))
    ca_bundle: str | None = attrs.field(default=None, validator=_rule(rules.existing_file))

    @property
    def arm_url(self) -> str:
        return self.arm_endpoint or "https://" + clouds()[self.cloud].endpoints["arm"]

    @property
    def graph_url(self) -> str:
        return self.graph_endpoint or "https://" + clouds()[self.cloud].endpoints["graph"]

    def __attrs_post_init__(self) -> None:
        # Whether HCI is offered in the region is asked of Azure by the region pre-check; here
        # only what is certain offline: the name's form, and a region of another cloud.
        cloud = clouds()[self.cloud]
        canonical = cloud.canonical_region(self.region)
        other = cloud_of_region(canonical) if canonical else None
        if canonical is None or (other is not None and other != self.cloud):
            if other is None:
                raise FieldError(
                    "region",
                    self.region,
                    "not an Azure region name; use letters and digits, e.g. eastus or East US",
                )
            accepted = ", ".join(f"{k} ({v})" for k, v in cloud.regions.items())
            raise FieldError(
                "region",
                self.region,
                f"not a supported region for {self.cloud} (it is a region of {other}); "
                f"{self.cloud} offers Azure Stack HCI in: {accepted}, by {region_source()}",
            )
        object.__setattr__(self, "region", canonical)


# The releases a lab node can play (orchestrator/lab/world.py LAB_RELEASES).
LAB_RELEASES = ("21H2", "22H2", "23H2", "24H2")


@attrs.frozen
class LabNodeSpec:
    """Facts of one simulated node; anything left out takes the healthy default."""

    reachable: bool = True
    hcisvc: str = attrs.field(default="running", validator=_one_of(SERVICE_STATES))
    himds: str = attrs.field(default="running", validator=_one_of(SERVICE_STATES))
    clock_offset_s: float = 0.0
    # The OS release the lab node runs (docs/lab.md); None keeps the lab's default, 21H2.
    release: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(_one_of(LAB_RELEASES))
    )


MODULE_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def _module_version(instance: Any, attribute: Any, value: str | None) -> None:
    if value is not None and not MODULE_VERSION.match(value):
        raise FieldError(
            attribute.name, value, "give an Az.StackHCI version as MAJOR.MINOR.PATCH, e.g. 2.1.2"
        )


@attrs.frozen
class LabSpec:
    seed: int = 0
    scenario: str | None = None
    # The Az.StackHCI version installed on every node (the lab's default is 2.6.0); it decides
    # the identity model the lab plays (docs/lab.md "Module versions").
    module_version: str | None = attrs.field(default=None, validator=_module_version)
    nodes: Mapping[str, LabNodeSpec] = attrs.field(factory=dict)


@attrs.frozen
class Inventory:
    cluster: Cluster
    connection: Connection = attrs.field(factory=Connection)
    azure: AzureTarget | None = None
    lab: LabSpec | None = None
    source: str = "<memory>"

    def __attrs_post_init__(self) -> None:
        if self.lab is not None and self.connection.transport != "lab":
            raise FieldError(
                "lab", "...", "a lab: section needs connection.transport: lab", show_value=False
            )
        names = {n.name.lower() for n in self.cluster.nodes}
        for name in self.lab.nodes if self.lab else {}:
            if name.lower() not in names:
                from orchestrator import echo

                raise FieldError(
                    f"lab.nodes.{echo.segment(name)}",
                    name,
                    "name a node listed under cluster.nodes",
                )

    def require_azure(self) -> AzureTarget:
        """The azure section, for flows that talk to Azure; its absence is an input error."""
        if self.azure is None:
            from orchestrator.errors import InputError

            raise InputError(
                "azure",
                "this flow talks to Azure: add the azure section (cloud, region, "
                "subscription_id, tenant_id, resource_group) to the inventory",
                source=self.source,
            )
        return self.azure

    def port_of(self, node: Node) -> int:
        return node.port if node.port is not None else self.connection.default_port
