"""Lab results as the objects a real node sends: typed property bags, enums, error records.

The lab surface answers with plain dicts; over the wire Windows sends deserialized .NET
objects whose type names say what they are, so the emulator adds those (and the enum type of
a service's Status) before serializing. Error records carry the lab's message text,
FullyQualifiedErrorId and category exactly.
"""

from __future__ import annotations

from typing import Any

from psrpcore.types import (
    ErrorCategory,
    ErrorCategoryInfo,
    NETException,
    PSEnumBase,
    PSInt,
    PSNoteProperty,
    PSObject,
    PSType,
    add_member,
)
from psrpcore.types import ErrorRecord as PSErrorRecord

from orchestrator.transport import formatting
from orchestrator.transport.base import ErrorRecord


@PSType(["System.ServiceProcess.ServiceControllerStatus"])
class ServiceControllerStatus(PSEnumBase, base_type=PSInt):
    # System.ServiceProcess.ServiceControllerStatus values (.NET reference).
    Stopped = 1
    StartPending = 2
    StopPending = 3
    Running = 4
    ContinuePending = 5
    PausePending = 6
    Paused = 7


# What each cmdlet's objects are on Windows (their PSTypeNames after remoting).
TYPE_NAMES: dict[str, list[str]] = {
    "get-service": [
        "Deserialized.System.ServiceProcess.ServiceController",
        "Deserialized.System.ComponentModel.Component",
        "Deserialized.System.MarshalByRefObject",
        "Deserialized.System.Object",
    ],
    "start-service": [
        "Deserialized.System.ServiceProcess.ServiceController",
        "Deserialized.System.Object",
    ],
    "get-ciminstance": [
        "Deserialized.Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_OperatingSystem",
        "Deserialized.Microsoft.Management.Infrastructure.CimInstance",
        "Deserialized.System.Object",
    ],
}
_GENERIC = [
    "Deserialized.System.Management.Automation.PSCustomObject",
    "Deserialized.System.Object",
]


def _property_value(name: str, value: Any) -> Any:
    if name == "Status" and isinstance(value, str) and value in ServiceControllerStatus.__members__:
        return ServiceControllerStatus[value]
    return value


def _formatting_record(value: dict[str, Any]) -> PSObject:
    """A formatting record (lab/formatting.py) as the node serializes it: a property bag of the
    class's public fields, nested records included (SerializationDepth 1 per FormatInfoData,
    TypeTable_Types_Ps1Xml.cs), typed Microsoft.PowerShell.Commands.Internal.Format.*."""
    obj = PSObject()
    name = formatting.TYPE_NAMES.get(str(value.get(formatting.CLASS_ID)), "FormatInfoData")
    obj.PSObject.type_names = [
        f"{formatting.FORMAT_NAMESPACE}.{name}",
        f"{formatting.FORMAT_NAMESPACE}.FormatInfoData",
        "System.Object",
    ]
    for key, item in value.items():
        add_member(obj, PSNoteProperty(str(key), _nested(item)))
    return obj


def _nested(value: Any) -> Any:
    if isinstance(value, dict):
        return _formatting_record(value)
    if isinstance(value, list | tuple):
        return [_nested(v) for v in value]
    return value


def to_wire(value: Any, command_name: str) -> Any:
    """One output object of the lab as PowerShell would serialize it."""
    if isinstance(value, dict) and formatting.CLASS_ID in value:
        return _formatting_record(value)
    if isinstance(value, dict):
        obj = PSObject()
        obj.PSObject.type_names = TYPE_NAMES.get(command_name.lower(), _GENERIC)
        for name, item in value.items():
            add_member(obj, PSNoteProperty(str(name), _property_value(str(name), item)))
        return obj
    if isinstance(value, list | tuple):
        return [to_wire(v, command_name) for v in value]
    return value


def _category(name: str | None) -> ErrorCategory:
    try:
        return ErrorCategory[name] if name else ErrorCategory.NotSpecified
    except KeyError:
        return ErrorCategory.NotSpecified


def error_parts(record: ErrorRecord, command_name: str) -> dict[str, Any]:
    """Keyword arguments for `ServerPipeline.write_error` from a lab error record."""
    exception = NETException(Message=record.message)
    return {
        "exception": exception,
        "category_info": ErrorCategoryInfo(
            Category=_category(record.category), Activity=command_name
        ),
        "fully_qualified_error_id": record.fully_qualified_error_id or "NotSpecified",
    }


def terminating_record(record: ErrorRecord, command_name: str) -> PSErrorRecord:
    parts = error_parts(record, command_name)
    return PSErrorRecord(
        Exception=parts["exception"],
        CategoryInfo=parts["category_info"],
        FullyQualifiedErrorId=parts["fully_qualified_error_id"],
    )
