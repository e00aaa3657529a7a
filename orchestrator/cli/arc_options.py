"""Options of the Arc agent verbs (arc-onboard, arc-offboard), validated with the agent's own
rules before anything runs (SCENARIOS.md D2: AZCM0013-0017), so the agent never has to refuse."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from orchestrator import echo
from orchestrator.errors import InputError
from orchestrator.inventory import rules
from orchestrator.steps.verb_constants import DEFAULT_SECRET_ENV

if TYPE_CHECKING:  # the engine and the inventory's models load when the verb runs (15.16)
    from orchestrator.engine.spec import OptionValue
    from orchestrator.inventory.models import Inventory, Node

F = TypeVar("F", bound=Callable[..., Any])

# seeds/002 AZCM0013: `Name=Value` pairs separated by commas; a name or value with spaces is
# enclosed in single quotes.
_TAG = re.compile(
    r"^\s*(?:'(?P<qname>[^']*)'|(?P<name>[^=,']+?))\s*=\s*(?:'(?P<qvalue>[^']*)'|(?P<value>[^=,']*?))\s*$"
)


def service_principal_options(*, required: bool) -> Callable[[F], F]:
    def decorate(fn: F) -> F:
        fn = click.option(
            "--secret-env",
            default=DEFAULT_SECRET_ENV,
            show_default=True,
            metavar="NAME",
            help="Environment variable holding the service principal's secret (never the "
            "secret itself).",
        )(fn)
        return click.option(
            "--service-principal-id",
            envvar="ARC_SP_ID",
            default=None,
            metavar="GUID",
            help="Application (client) ID of the onboarding service principal [env: ARC_SP_ID]"
            + ("." if required else "; without it, your own Azure sign-in is used."),
        )(fn)

    return decorate


def _quoted(text: str) -> str:
    return f"'{text}'" if " " in text else text


def parse_tags(value: str, *, field: str = "--tags") -> dict[str, str]:
    tags: dict[str, str] = {}
    for part in value.split(","):
        match = _TAG.match(part)
        name = (match.group("qname") or match.group("name") or "").strip() if match else ""
        if match is None or not name:
            raise InputError(
                field,
                f"{echo.quoted(part.strip())} is not Name=Value; write \"Name=Value,Other='Value with "
                "spaces'\" (azcmagent tag syntax, AZCM0013)",
            )
        tag_value = (
            match.group("qvalue")
            if match.group("qvalue") is not None
            else match.group("value") or ""
        )
        if " " in name and match.group("qname") is None:
            raise InputError(
                field,
                f"tag name {echo.quoted(name)} has spaces: enclose it in single quotes (AZCM0013)",
            )
        problem = rules.tag(name, tag_value)
        if problem:
            raise InputError(field, f"tag {echo.quoted(name)}: {problem}")
        tags[name] = tag_value
    return tags


def tags_text(tags: dict[str, str]) -> str | None:
    """The agent's --tags form of the tags, or None when there are none."""
    for name, value in tags.items():
        if "'" in name + value or "," in name + value or "=" in name + value:
            raise InputError(
                "tags",
                f"tag {echo.quoted(name)}: quotes, commas and '=' cannot be passed to azcmagent (AZCM0013)",
            )
    return ",".join(f"{_quoted(k)}={_quoted(v)}" for k, v in tags.items()) or None


def arc_options(
    inventory: Inventory,
    nodes: Sequence[Node],
    *,
    service_principal_id: str | None,
    secret_env: str,
    needs_principal: bool,
    needs_secret: bool,
    tags: str | None = None,
    correlation_id: str | None = None,
    resource_name: str = "{node}",
) -> dict[str, OptionValue]:
    """Every check the agent would make, made here first; returns the run options (no secret)."""
    if inventory.azure is None:
        raise InputError(
            "azure",
            f"{inventory.source} has no azure section; add subscription_id, tenant_id, region "
            "and resource_group (AZCM0016: missing mandatory parameters)",
        )
    if service_principal_id is not None and rules.guid(service_principal_id):
        raise InputError("--service-principal-id", rules.guid(service_principal_id) or "")
    if needs_principal and not service_principal_id:
        raise InputError(
            "--service-principal-id",
            "missing: give the onboarding service principal's application ID (or set "
            "ARC_SP_ID) (AZCM0016)",
        )
    problem = rules.environment_variable_name(secret_env)
    if problem:
        raise InputError("--secret-env", problem)
    if needs_secret and service_principal_id and not os.environ.get(secret_env):
        raise InputError(
            "--secret-env",
            f"{echo.variable(secret_env, DEFAULT_SECRET_ENV)} is not set; export the service "
            "principal's secret in it (AZCM0016)",
        )
    if correlation_id is not None and rules.guid(correlation_id):
        raise InputError(
            "--correlation-id",
            f"{echo.prefix(correlation_id)}{rules.guid(correlation_id)} (AZCM0015)",
        )
    merged = dict(inventory.azure.tags)
    if tags:
        merged.update(parse_tags(tags))
    if "{node}" not in resource_name and len(nodes) > 1:
        raise InputError(
            "--resource-name",
            f"{echo.quoted(resource_name)} would give every server the same name; include {{node}}",
        )
    for node in nodes:
        name = resource_name.replace("{node}", node.name)
        problem = rules.azcm_resource_name(name)
        if problem:
            raise InputError("--resource-name", f"{echo.quoted(name)} (for {node.name}): {problem}")
    return {
        "service_principal_id": service_principal_id,
        "secret_env": secret_env,
        "tags": tags_text(merged),
        "correlation_id": correlation_id,
        "resource_name": resource_name,
    }
