"""Reading PowerShell's formatting records: what `... | Format-List` / `Format-Table` emit.

`Register-AzStackHCI` and `Unregister-AzStackHCI` end with `Write-Output $obj | Format-List`
(Azure/azure-powershell src/StackHCI/StackHCI.Autorest/custom/stackhci.ps1 @06618c80, every
exit path of both functions), so their pipeline output is not the result object but the
formatting protocol of PowerShell's format/out commands: FormatStartData, GroupStartData, one
FormatEntryData per object, GroupEndData, FormatEndData
(PowerShell/PowerShell src/System.Management.Automation/FormatAndOutput/common/
FormattingObjects.cs). Across a serialization boundary each record is a property bag of its
public fields; its class is told by the GUID in `ClassId2e4f51ef21dd47e99d3c952918aff9cd`, the
way PowerShell's own FormatObjectDeserializer does (FormattingObjectsDeserializer.cs), because
deserialized type names may be lost on the way.

`read_formatted` turns each FormatEntryData into what the user would read on screen: a list
view entry becomes {label: value} (the label, or the property name when the view has no
label, FormatViewGenerator_List.cs), a table row becomes {column header: value}, raw text a
string. Values are display strings, as Out-Default prints them. Anything that is not a
formatting record passes through unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

CLASS_ID = "ClassId2e4f51ef21dd47e99d3c952918aff9cd"
# FormattingObjects.cs, the CLSID constant of each class.
FORMAT_START = "033ecb2bc07a4d43b5ef94ed5a35d280"
FORMAT_END = "cf522b78d86c486691226b40aa69e95c"
GROUP_START = "9e210fe47d09416682b841769c78b8a3"
GROUP_END = "4ec4f0187cb04f4cb6973460dfe252df"
FORMAT_ENTRY = "27c87ef9bbda4f709f6b4002fa4af63c"
LIST_VIEW_HEADER = "830bdcb24c1642258724e441512233a4"
TABLE_HEADER = "e3b7a39c089845d388b2e84c5d38f5dd"
TABLE_COLUMN = "7572aa4155ec4558817a615acf7dd92e"
LIST_VIEW_ENTRY = "cf58f450baa848ef8eb3504008be6978"
LIST_VIEW_FIELD = "b761477330ce4fb2a665999879324d73"
TABLE_ROW = "0e59526e2dd441aa91e7fc952caf4a36"
RAW_TEXT = "29ED81BA914544d4BC430F027EE053E9"
PROPERTY_FIELD = "78b102e894f742aca8c1d6737b6ff86a"

# What the type names are on the node (before "Deserialized." is prepended by the client).
TYPE_NAMES = {
    FORMAT_START: "FormatStartData",
    FORMAT_END: "FormatEndData",
    GROUP_START: "GroupStartData",
    GROUP_END: "GroupEndData",
    FORMAT_ENTRY: "FormatEntryData",
    LIST_VIEW_HEADER: "ListViewHeaderInfo",
    TABLE_HEADER: "TableHeaderInfo",
    TABLE_COLUMN: "TableColumnInfo",
    LIST_VIEW_ENTRY: "ListViewEntry",
    LIST_VIEW_FIELD: "ListViewField",
    TABLE_ROW: "TableRowEntry",
    RAW_TEXT: "RawTextFormatEntry",
    PROPERTY_FIELD: "FormatPropertyField",
}
FORMAT_NAMESPACE = "Microsoft.PowerShell.Commands.Internal.Format"


def class_id(item: Any) -> str | None:
    if isinstance(item, Mapping):
        value = item.get(CLASS_ID)
        return str(value) if value is not None else None
    return None


def is_formatting(item: Any) -> bool:
    return class_id(item) in (FORMAT_START, FORMAT_END, GROUP_START, GROUP_END, FORMAT_ENTRY)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _field_value(field: Any) -> str:
    inner = field.get("formatPropertyField") if isinstance(field, Mapping) else None
    if isinstance(inner, Mapping):
        return _text(inner.get("propertyValue"))
    return _text(field.get("propertyValue")) if isinstance(field, Mapping) else _text(field)


def _heading(field: Mapping[str, Any]) -> str:
    return _text(field.get("label") or field.get("propertyName"))


def _columns(start: Mapping[str, Any]) -> list[str] | None:
    shape = start.get("shapeInfo")
    if class_id(shape) != TABLE_HEADER or not isinstance(shape, Mapping):
        return None
    return [_heading(c) for c in shape.get("tableColumnInfoList") or [] if isinstance(c, Mapping)]


def _entry(record: Mapping[str, Any], columns: list[str] | None) -> Any:
    info = record.get("formatEntryInfo")
    kind = class_id(info)
    if not isinstance(info, Mapping):
        return _text(info)
    if kind == LIST_VIEW_ENTRY:
        return {
            _heading(field): _field_value(field)
            for field in info.get("listViewFieldList") or []
            if isinstance(field, Mapping)
        }
    if kind == TABLE_ROW:
        values = [_field_value(f) for f in info.get("formatPropertyFieldList") or []]
        headers = columns or [str(i) for i in range(len(values))]
        return dict(zip(headers, values, strict=False))
    if kind == RAW_TEXT:
        return _text(info.get("text"))
    return {k: v for k, v in info.items() if k != CLASS_ID}


def read_formatted(output: Iterable[Any]) -> list[Any]:
    """The output as the user reads it: formatting records become {label: value} per entry
    (list and table views) or text; the start, group and end records themselves vanish."""
    result: list[Any] = []
    columns: list[str] | None = None
    for item in output:
        kind = class_id(item)
        if kind in (FORMAT_START, GROUP_START):
            columns = _columns(item) or columns
        elif kind == FORMAT_END:
            columns = None
        elif kind == GROUP_END:
            continue
        elif kind == FORMAT_ENTRY:
            result.append(_entry(item, columns))
        else:
            result.append(item)
    return result


def was_formatted(output: Iterable[Any]) -> bool:
    return any(is_formatting(item) for item in output)
