"""Read an inventory file into the models, turning every problem into one precise InputError.

The YAML is parsed by PyYAML; this module only walks the parsed data, so that each error can
name the field path, the bad value and the fix. Unknown keys are errors (a typo must not be
silently ignored), and keys that look like secrets get the "use an environment variable" fix.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from orchestrator import echo
from orchestrator.errors import InputError
from orchestrator.inventory.ansible import from_ansible, looks_like_ansible
from orchestrator.inventory.models import (
    AzureTarget,
    Cluster,
    Connection,
    FieldError,
    Inventory,
    LabNodeSpec,
    LabSpec,
    Node,
)
from orchestrator.inventory.yaml_text import parse_yaml, read_text

T = TypeVar("T")

_SECRET_KEY = re.compile(r"(passw(or)?d|pwd|secret|token|api_?key|private_?key)$", re.IGNORECASE)
_USE_ENV_REFERENCE = (
    "a literal secret is not accepted in the inventory; put it in an environment variable "
    "and reference it by name, e.g. password_env: HCI_PASSWORD"
)
# In the azure section the reference is the credential, not a *_env key.
_USE_AZURE_CREDENTIAL = (
    "a literal secret is not accepted in the inventory; use credential: environment "
    "(AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET in the environment) or "
    "credential: token_env:NAME"
)


class _Walker:
    """Typed access to parsed YAML with the field path carried along for error messages."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, value: Any, fix: str, *, show_value: bool = True) -> InputError:
        """One input error; the value is repeated only when `echo` allows it (never a secret,
        never a list or mapping, never more than a few words)."""
        return InputError(
            path, f"{echo.prefix(value, path=path, secret=not show_value)}{fix}", source=self.source
        )

    def mapping(
        self, value: Any, path: str, *, allowed: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(path or "(top level)", value, "expected a mapping of keys to values")
        for key in value:
            if key in allowed:
                continue
            where = f"{path}.{_key_text(key)}" if path else _key_text(key)
            if isinstance(key, str) and _SECRET_KEY.search(key) and not key.endswith("_env"):
                fix = _USE_AZURE_CREDENTIAL if path == "azure" else _USE_ENV_REFERENCE
                raise self.fail(where, None, fix, show_value=False)
            raise self.fail(
                where, key, f"unknown key; allowed here: {', '.join(allowed)}", show_value=False
            )
        for key in required:
            if value.get(key) is None:
                where = f"{path}.{key}" if path else key
                raise self.fail(where, None, "is required", show_value=False)
        return dict(value)

    def free_mapping(self, value: Any, path: str) -> dict[str, Any]:
        """A mapping whose keys are the user's own names (tags, lab nodes): text, or a whole
        number YAML read as one (`2024: x`)."""
        if not isinstance(value, Mapping):
            raise self.fail(path, value, "expected a mapping of names to values")
        for key in value:
            if isinstance(key, bool) or not isinstance(key, str | int):
                where = f"{path}.{_key_text(key)}"
                raise self.fail(where, key, "a name must be text; quote it", show_value=False)
        return {str(key): item for key, item in value.items()}

    def string(self, value: Any, path: str) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(path, value, "expected a text value")
        text = str(value).strip()
        if not text:
            raise self.fail(path, value, "must not be empty")
        return text

    def optional_string(self, value: Any, path: str) -> str | None:
        return None if value is None else self.string(value, path)

    def integer(self, value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, value, "expected a whole number")
        return value

    def number(self, value: Any, path: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(path, value, "expected a number")
        return float(value)

    def boolean(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(path, value, "expected true or false")
        return value

    def sequence(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(path, value, "expected a list")
        return value

    def build(self, path: str, factory: Callable[..., T], **kwargs: Any) -> T:
        """Construct a model, mapping its validators' FieldError onto the full field path."""
        try:
            return factory(**{k: v for k, v in kwargs.items() if v is not None})
        except FieldError as error:
            where = f"{path}.{error.field}" if path else error.field
            raise self.fail(where, error.value, error.fix, show_value=error.show_value) from None


def _key_text(key: Any) -> str:
    """A key as a field path shows it; a key that may be a pasted secret is not repeated."""
    if isinstance(key, str):
        return key if echo.safe_text(key) else "(a key not shown)"
    if key is None or isinstance(key, bool | int | float):
        return str(key) if len(repr(key)) <= echo.MAX_SHOWN else "(a key not shown)"
    return "(a key not shown)"


def _node(w: _Walker, raw: Any, path: str) -> Node:
    data = w.mapping(raw, path, allowed=("name", "host", "port"), required=("name",))
    name = w.string(data["name"], f"{path}.name")
    host = w.string(data.get("host", name), f"{path}.host")
    port = None if data.get("port") is None else w.integer(data["port"], f"{path}.port")
    return w.build(path, Node, name=name, host=host, port=port)


def _cluster(w: _Walker, raw: Any) -> Cluster:
    data = w.mapping(
        raw,
        "cluster",
        allowed=("name", "nodes", "cmdlet_host", "https_proxy"),
        required=("name", "nodes"),
    )
    nodes_raw = w.sequence(data["nodes"], "cluster.nodes")
    nodes = [_node(w, item, f"cluster.nodes[{i}]") for i, item in enumerate(nodes_raw)]
    return w.build(
        "cluster",
        Cluster,
        name=w.string(data["name"], "cluster.name"),
        nodes=nodes,
        cmdlet_host=w.optional_string(data.get("cmdlet_host"), "cluster.cmdlet_host"),
        https_proxy=w.optional_string(data.get("https_proxy"), "cluster.https_proxy"),
    )


_CONNECTION_TEXT = (
    "transport",
    "auth",
    "username",
    "password_env",
    "message_encryption",
    "configuration_name",
    "certificate_pem",
    "certificate_key_pem",
    "proxy",
)
_CONNECTION_SECONDS = (
    "connection_timeout",
    "read_timeout",
    "operation_timeout",
    "reconnection_backoff",
)
_CONNECTION_FLAGS = ("ssl", "negotiate_delegate", "insecure")


def _connection(w: _Walker, raw: Any) -> Connection:
    if raw is None:
        return Connection()
    p = "connection"
    data = w.mapping(
        raw,
        p,
        allowed=(
            *_CONNECTION_TEXT,
            *_CONNECTION_SECONDS,
            *_CONNECTION_FLAGS,
            "cert_validation",
            "reconnection_retries",
        ),
    )
    cert_validation: bool | str | None = None
    if "cert_validation" in data:
        value = data["cert_validation"]
        cert_validation = (
            value if isinstance(value, bool) else w.string(value, f"{p}.cert_validation")
        )
    retries = data.get("reconnection_retries")
    fields: dict[str, Any] = {
        key: w.optional_string(data.get(key), f"{p}.{key}") for key in _CONNECTION_TEXT
    }
    fields.update(
        {
            key: None if data.get(key) is None else w.number(data[key], f"{p}.{key}")
            for key in _CONNECTION_SECONDS
        }
    )
    fields.update(
        {
            key: None if data.get(key) is None else w.boolean(data[key], f"{p}.{key}")
            for key in _CONNECTION_FLAGS
        }
    )
    return w.build(
        p,
        Connection,
        cert_validation=cert_validation,
        reconnection_retries=None
        if retries is None
        else w.integer(retries, f"{p}.reconnection_retries"),
        **fields,
    )


def _azure(w: _Walker, raw: Any) -> AzureTarget | None:
    if raw is None:
        return None
    p = "azure"
    data = w.mapping(
        raw,
        p,
        allowed=(
            "cloud",
            "region",
            "subscription_id",
            "tenant_id",
            "resource_group",
            "arc_resource_group",
            "resource_name",
            "credential",
            "tags",
            "arm_endpoint",
            "graph_endpoint",
            "ca_bundle",
        ),
        required=("region", "subscription_id", "tenant_id", "resource_group"),
    )
    tags: dict[str, str] | None = None
    if data.get("tags") is not None:
        tag_map = w.free_mapping(data["tags"], f"{p}.tags")
        tags = {k: w.string(v, f"{p}.tags.{echo.segment(k)}") for k, v in tag_map.items()}
    text = {
        key: w.optional_string(data.get(key), f"{p}.{key}")
        for key in (
            "cloud",
            "region",
            "subscription_id",
            "tenant_id",
            "resource_group",
            "arc_resource_group",
            "resource_name",
            "credential",
            "arm_endpoint",
            "graph_endpoint",
            "ca_bundle",
        )
    }
    return w.build(p, AzureTarget, tags=tags, **text)


def _lab(w: _Walker, raw: Any) -> LabSpec | None:
    if raw is None:
        return None
    p = "lab"
    data = w.mapping(raw, p, allowed=("seed", "scenario", "nodes", "module_version"))
    nodes: dict[str, LabNodeSpec] = {}
    nodes_raw = w.free_mapping(data.get("nodes") or {}, f"{p}.nodes")
    for name, raw_spec in nodes_raw.items():
        np = f"{p}.nodes.{echo.segment(name)}"
        spec = w.mapping(
            raw_spec, np, allowed=("reachable", "hcisvc", "himds", "clock_offset_s", "release")
        )
        nodes[name] = w.build(
            np,
            LabNodeSpec,
            reachable=None
            if spec.get("reachable") is None
            else w.boolean(spec["reachable"], f"{np}.reachable"),
            hcisvc=w.optional_string(spec.get("hcisvc"), f"{np}.hcisvc"),
            himds=w.optional_string(spec.get("himds"), f"{np}.himds"),
            clock_offset_s=(
                None
                if spec.get("clock_offset_s") is None
                else w.number(spec["clock_offset_s"], f"{np}.clock_offset_s")
            ),
            release=w.optional_string(spec.get("release"), f"{np}.release"),
        )
    scenario = w.optional_string(data.get("scenario"), f"{p}.scenario")
    if scenario is not None:
        from orchestrator.lab.scenarios import SCENARIOS

        if scenario not in SCENARIOS:
            raise w.fail(
                f"{p}.scenario", scenario, f"unknown scenario; use one of: {', '.join(SCENARIOS)}"
            )
    seed = None if data.get("seed") is None else w.integer(data["seed"], f"{p}.seed")
    module_version = w.optional_string(data.get("module_version"), f"{p}.module_version")
    return w.build(
        p, LabSpec, seed=seed, scenario=scenario, nodes=nodes, module_version=module_version
    )


def parse_inventory(data: Any, source: str = "<memory>") -> Inventory:
    w = _Walker(source)
    top = w.mapping(
        data, "", allowed=("cluster", "connection", "azure", "lab"), required=("cluster",)
    )
    cluster = _cluster(w, top["cluster"])
    lab = _lab(w, top.get("lab"))
    if lab is not None and lab.scenario is not None and len(cluster.nodes) < 2:
        # Every scenario puts its fault on the second node or compares two (lab.scenarios).
        raise w.fail(
            "lab.scenario",
            lab.scenario,
            f"scenarios need a cluster of at least two nodes, cluster.nodes has "
            f"{len(cluster.nodes)}; add a node or drop lab.scenario",
        )
    return w.build(
        "",
        Inventory,
        cluster=cluster,
        connection=_connection(w, top.get("connection")),
        azure=_azure(w, top.get("azure")),
        lab=lab,
        source=source,
    )


def _reason(error: Exception) -> str:
    return (error.strerror if isinstance(error, OSError) else None) or error.__class__.__name__


def load_inventory(path: str | Path) -> Inventory:
    """Load and validate an inventory file; every problem is an InputError (exit code 2)."""
    source = str(path)
    try:
        text = read_text(str(path), source)
    except FileNotFoundError:
        raise InputError(
            "inventory", "file not found; check the path given to -i", source=source
        ) from None
    except IsADirectoryError:
        raise InputError(
            "inventory", "is a directory; give the inventory file itself to -i", source=source
        ) from None
    except (OSError, UnicodeDecodeError) as error:  # no permission, name too long, ...
        raise InputError(
            "inventory", f"cannot read the file ({_reason(error)}); check -i", source=source[:200]
        ) from None
    data = parse_yaml(text, source)  # JSON (ansible-inventory --list) is YAML too
    if data is None:
        raise InputError(
            "inventory",
            "the file is empty; it needs at least a cluster section (docs/inventory.md)",
            source=source,
        )
    if looks_like_ansible(data):
        data = from_ansible(data, source)
    return parse_inventory(data, source)


def inventory_hash(path: str | Path) -> str:
    """Content hash of the inventory file, stamped into plans and journals."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
