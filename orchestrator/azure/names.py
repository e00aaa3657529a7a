"""Every value spliced into an ARM or Graph URL path is checked against Azure's naming rules
first, and refused, never normalised.

Why: a node reports some of these values (the resource group in `azcmagent show -j`, the Arc
group an arcSettings resource records). `..`, `.` and `/` in a path segment are rewritten by the
HTTP layer (RFC 3986 section 5.2.4 removes dot segments; percent-encoding is decoded by
servers), so `rg/../../otherSub` would address a different resource than the one named. A value
that is not a valid name of its kind is refused with the rule it broke.

Rules and sources:
- subscription ID, Graph object ID: a GUID (Azure/azure-rest-api-specs common-types
  resource-management v3 types.json, SubscriptionIdParameter; Graph object IDs are GUIDs).
- resource group: 1-90 characters, letters or digits (Unicode), `_ - . ( )`, not ending with a
  period (MicrosoftDocs/azure-docs articles/azure-resource-manager/management/
  resource-name-rules.md, Microsoft.Resources resourcegroups, commit 849e815a, ms.date
  11/20/2023; the same pattern as common-types ResourceGroupNameParameter `^[-\\w\\._\\(\\)]+$`).
- Arc machine: `^[a-zA-Z0-9-_\\.]{1,54}$` (azure-rest-api-specs Microsoft.HybridCompute
  machineName parameter).
- HCI cluster: the Clusters_* operations declare no pattern (azure-rest-api-specs
  Microsoft.AzureStackHCI stable/2023-03-01 clusters.json), so the characters no ARM resource
  name may carry are refused (the naming-rules page's "can't use `<>*%&:\\?+/` or control
  characters"), and so are `#`, names ending with a period or space, and dot segments.
- resource provider namespace: dotted identifiers (`Microsoft.AzureStackHCI`).
- Arc gateway: the shape `--arc-gateway-id` accepts (inventory/rules.py arc_gateway_id: 1-80 of
  letters, digits, `_ - .`); no pattern of the gatewayName parameter was read from the spec, so
  this is the tool's conservative rule, not Azure's.
"""

from __future__ import annotations

import re

from orchestrator.errors import AzureNameRefused

_GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_RESOURCE_GROUP = re.compile(r"^[-\w.()]{1,90}$")
_MACHINE = re.compile(r"^[a-zA-Z0-9_.-]{1,54}$")
_GATEWAY = re.compile(r"^[\w.-]{1,80}$")
_NAMESPACE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)+$")
_FORBIDDEN_ANYWHERE = set('<>*%&:\\?+/#"')

RULES = {
    "subscription": "a GUID",
    "resource group": "1-90 letters, digits, '_', '-', '.', '(' or ')', not ending with '.'",
    "Arc machine": "1-54 of a-z, A-Z, 0-9, '_', '-' or '.'",
    "Arc gateway": "1-80 letters, digits, '_', '-' or '.'",
    "HCI cluster": '1-260 characters, none of <>*%&:\\?+/#" or control characters, '
    "not ending with '.' or a space",
    "provider namespace": "dotted identifiers such as Microsoft.AzureStackHCI",
    "application object ID": "a GUID",
    "arcSettings name": "the name 'default'",
}


def _shown(value: object) -> str:
    """The refused value for the message: repr (control characters escaped), bounded."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _refuse(kind: str, value: object, source: str) -> AzureNameRefused:
    where = f" (from {source})" if source else ""
    return AzureNameRefused(
        kind,
        f"{_shown(value)}{where} is not a valid Azure {kind} name ({RULES[kind]}); refusing to "
        "use it in an ARM path. Nothing was sent to Azure; correct the value where it comes from",
    )


def _is_dot_segment(value: str) -> bool:
    return value.strip(".") == ""


def _valid(kind: str, value: str) -> bool:
    if not value or _is_dot_segment(value):
        return False
    if kind in ("subscription", "application object ID"):
        return bool(_GUID.match(value))
    if kind == "resource group":
        return bool(_RESOURCE_GROUP.match(value)) and not value.endswith(".")
    if kind == "Arc machine":
        return bool(_MACHINE.match(value))
    if kind == "Arc gateway":
        return bool(_GATEWAY.match(value))
    if kind == "provider namespace":
        return bool(_NAMESPACE.match(value))
    if kind == "arcSettings name":
        return value == "default"
    if kind == "HCI cluster":
        return (
            len(value) <= 260
            and not (set(value) & _FORBIDDEN_ANYWHERE)
            and all(ch.isprintable() and ch not in "\t\r\n" for ch in value)
            and not value.endswith((".", " "))
        )
    raise ValueError(f"unknown kind of Azure name: {kind}")


def checked(kind: str, value: object, *, source: str = "") -> str:
    """`value` when it is a valid `kind` name, else AzureNameRefused (nothing is sent)."""
    if not isinstance(value, str) or not _valid(kind, value):
        raise _refuse(kind, value, source)
    return value


def is_valid(kind: str, value: object) -> bool:
    return isinstance(value, str) and _valid(kind, value)
