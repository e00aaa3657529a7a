"""Transports other than PowerShell Remoting, by the inventory's `connection.transport` name.

The transport factory builds `psrp` itself and asks here for any other name. Whoever provides
a transport fills the registry: through the `hci_orchestrator.transports` entry point group
(pyproject.toml; the lab registers `lab` there), loaded the first time a name is asked for,
or by calling `register`. This module imports none of them, so the product path (a run over
PowerShell Remoting, `--help`, `diagnose`...) loads no lab code (tests/unit/test_layering.py).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from orchestrator.errors import InputError

if TYPE_CHECKING:
    from orchestrator.inventory.models import Inventory
    from orchestrator.transport.factory import Connector

ENTRY_POINT_GROUP = "hci_orchestrator.transports"

# connector_maker(inventory, insecure=...) -> Connector
ConnectorMaker = Callable[..., "Connector"]
_MAKERS: dict[str, ConnectorMaker] = {}


def register(name: str, maker: ConnectorMaker) -> None:
    _MAKERS[name] = maker


def connector_maker(name: str) -> ConnectorMaker:
    """The registered maker for transport `name` (entry points are read on first need)."""
    if name not in _MAKERS:
        for point in entry_points(group=ENTRY_POINT_GROUP, name=name):
            maker: Any = point.load()
            register(name, maker)
            break
    if name not in _MAKERS:
        raise InputError(
            "connection.transport",
            f"no transport named {name!r} is installed (transports register under the "
            f"{ENTRY_POINT_GROUP} entry point group: reinstall the package, e.g. "
            "pip install -e ., if this is a checkout)",
        )
    return _MAKERS[name]


def make_connector(inventory: Inventory, *, insecure: bool = False) -> Connector:
    return connector_maker(inventory.connection.transport)(inventory, insecure=insecure)
