"""Validation rules for names and identifiers, each with the fix to show when it fails.

Every rule returns None when the value is good, or a sentence that says what is accepted.
Sources are cited per rule; the messages never echo secret values.
"""

from __future__ import annotations

import re
import uuid

# Windows computer and cluster names are NetBIOS names: at most 15 characters
# (the failover cluster network name has the same limit).
_NETBIOS = re.compile(r"^(?!-)[A-Za-z0-9-]{1,15}(?<!-)$")
_HOSTNAME_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
# azcmagent / Arc resource names: seeds/002, AZCM0017 "only uses alphanumeric characters,
# hyphens and/or underscores. The name cannot end with a hyphen or underscore."
_AZCM_RESOURCE_NAME = re.compile(r"^[A-Za-z0-9_-]*[A-Za-z0-9]$")
# Azure resource group names: 1-90 characters; letters, digits, underscores, parentheses,
# hyphens and periods; must not end in a period (Azure naming rules for Microsoft.Resources).
_RESOURCE_GROUP = re.compile(r"^[\w().-]{0,89}[\w()-]$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
# Azure tag rules: name up to 512 characters without < > % & \ ? /, value up to 256.
_TAG_NAME_FORBIDDEN = set("<>%&\\?/")


def netbios_name(value: str) -> str | None:
    if _NETBIOS.match(value) and not value.isdigit():
        return None
    return (
        "use 1-15 letters, digits or hyphens, not all digits, "
        "not starting or ending with a hyphen (a Windows computer or cluster name)"
    )


def host_name(value: str) -> str | None:
    if _is_ip_address(value):
        return None
    labels = value.rstrip(".").split(".")
    if len(value) <= 253 and all(_HOSTNAME_LABEL.match(label) for label in labels):
        return None
    return "use a DNS name (labels of letters, digits and hyphens) or an IP address"


def _is_ip_address(value: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def guid(value: str) -> str | None:
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        parsed = None
    if parsed is not None and len(value) == 36 and value.count("-") == 4:
        return None
    return "use a GUID such as 00000000-0000-0000-0000-000000000000"


def azcm_resource_name(value: str) -> str | None:
    if _AZCM_RESOURCE_NAME.match(value) and len(value) <= 64:
        return None
    return (
        "use letters, digits, hyphens and underscores only (at most 64), "
        "not ending with a hyphen or underscore (azcmagent rule, AZCM0017)"
    )


def resource_group_name(value: str) -> str | None:
    if _RESOURCE_GROUP.match(value):
        return None
    return (
        "use 1-90 letters, digits, underscores, parentheses, hyphens or periods, "
        "not ending with a period (Azure resource group naming rule)"
    )


def environment_variable_name(value: str) -> str | None:
    if _ENV_NAME.match(value):
        return None
    return (
        "this must be the NAME of an environment variable (letters, digits, underscores), "
        "not the secret itself; export the secret, e.g. HCI_PASSWORD, and write its name here"
    )


def tag(name: str, value: str) -> str | None:
    if not name or len(name) > 512 or _TAG_NAME_FORBIDDEN & set(name):
        return "tag names are 1-512 characters without < > % & \\ ? / (Azure tag rule, AZCM0013)"
    if len(value) > 256:
        return "tag values are at most 256 characters (Azure tag rule, AZCM0013)"
    return None


def https_url(value: str) -> str | None:
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme == "https" and parts.hostname and not parts.query:
        return None
    return "use an https:// URL (tokens are never sent over plain HTTP)"


def proxy_url(value: str) -> str | None:
    """An outbound proxy as `setx https_proxy` takes it (seeds/001): http(s)://host[:port]."""
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.username or parts.password:
        return "no credentials in the proxy URL (they would be stored in the machine environment)"
    try:
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError:
        return "use a port between 1 and 65535"
    plain = parts.path in ("", "/") and not parts.query and not parts.fragment
    # The URL is a native argument (setx.exe): a host that is a DNS name or an IP address
    # cannot carry quotes or spaces that Windows PowerShell would split into more arguments.
    host_ok = parts.hostname is not None and host_name(parts.hostname) is None
    if parts.scheme in ("http", "https") and host_ok and plain and value.isprintable():
        return None
    return "use a proxy URL such as http://proxy.contoso.local:3128"


def existing_file(value: str) -> str | None:
    from pathlib import Path

    return None if Path(value).is_file() else "use the path of an existing file"


# PowerShell session configuration (endpoint) names as Register-PSSessionConfiguration accepts
# them, e.g. Microsoft.PowerShell or PowerShell.7; they become part of the WinRM resource URI.
_CONFIGURATION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def configuration_name(value: str) -> str | None:
    if _CONFIGURATION_NAME.match(value):
        return None
    return "use a session configuration name such as Microsoft.PowerShell (letters, digits, . _ -)"


# /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.HybridCompute/gateways/<name>
# (azure-stack-docs azure-local/deploy/deployment-azure-arc-gateway-overview.md: the Arc gateway
# is a Microsoft.HybridCompute resource; its Properties page shows this resource ID, which
# Invoke-AzStackHciArcInitialization takes as -ArcGatewayID).
_ARC_GATEWAY_ID = re.compile(
    r"^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[\w.()-]{1,90}"
    r"/providers/Microsoft\.HybridCompute/gateways/[\w.-]{1,80}$",
    re.IGNORECASE,
)


def arc_gateway_id(value: str) -> str | None:
    if _ARC_GATEWAY_ID.match(value.strip()):
        return None
    return (
        "not an Arc gateway resource ID; use /subscriptions/<id>/resourceGroups/<group>/"
        "providers/Microsoft.HybridCompute/gateways/<name> (the gateway's Properties page)"
    )


def proxy_bypass(entries: list[str], machine_names: list[str]) -> str | None:
    """Microsoft's rules for the Azure Local bypass list (azure-stack-docs
    azure-local/deploy/deployment-without-azure-arc-gateway.md, Configurator app): comma
    separated, no CIDR, no <local>, and at least every machine's name."""
    for entry in entries:
        if "/" in entry:
            return (
                f"{entry!r}: CIDR notation isn't supported in the bypass list; use a wildcard "
                "such as 192.168.1.*"
            )
        if entry.lower() == "<local>":
            return "'<local>' isn't supported in the bypass list; use localhost"
    names = {e.lower() for e in entries}
    missing = [n for n in machine_names if n.lower() not in names]
    if missing:
        return (
            f"add the machines' names ({', '.join(missing)}): the bypass list must hold each "
            "machine's NetBIOS name and IP address"
        )
    return None
