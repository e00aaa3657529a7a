"""`$obj | Format-List` as the lab emits it: the records PowerShell's list view writes for an
object with no view definition, as property bags (what crosses the wire).

Shape (PowerShell/PowerShell src/System.Management.Automation/FormatAndOutput/common/
FormattingObjects.cs and FormatViewGenerator_List.cs, GenerateListViewEntryFromProperties):
FormatStartData {shapeInfo: ListViewHeaderInfo}, GroupStartData, one FormatEntryData
{formatEntryInfo: ListViewEntry {listViewFieldList: [ListViewField {label: null, propertyName,
formatPropertyField: FormatPropertyField {propertyValue: display string}}]}}, GroupEndData,
FormatEndData. Each record carries its class GUID in ClassId2e4f51ef21dd47e99d3c952918aff9cd.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from orchestrator.transport import formatting as f


def _record(clsid: str, **fields: Any) -> dict[str, Any]:
    return {f.CLASS_ID: clsid, **fields}


def _display(value: Any) -> str:
    # Out-String of a property value: $null prints nothing, enums their name.
    return "" if value is None else str(value)


def format_list(obj: Mapping[str, Any]) -> list[dict[str, Any]]:
    fields = [
        _record(
            f.LIST_VIEW_FIELD,
            label=None,
            propertyName=name,
            formatPropertyField=_record(
                f.PROPERTY_FIELD, propertyValue=_display(value), alignment=0
            ),
        )
        for name, value in obj.items()
    ]
    return [
        _record(
            f.FORMAT_START,
            shapeInfo=_record(f.LIST_VIEW_HEADER),
            groupingEntry=None,
            pageHeaderEntry=None,
            pageFooterEntry=None,
            autosizeInfo=None,
        ),
        _record(f.GROUP_START, shapeInfo=None, groupingEntry=None),
        _record(
            f.FORMAT_ENTRY,
            formatEntryInfo=_record(f.LIST_VIEW_ENTRY, listViewFieldList=fields),
            outOfBand=False,
            writeStream="None",
        ),
        _record(f.GROUP_END, groupingEntry=None),
        _record(f.FORMAT_END, groupingEntry=None),
    ]
