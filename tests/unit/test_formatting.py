"""Formatting records (Format-List / Format-Table output) read as the user sees them."""

from __future__ import annotations

from orchestrator.lab.formatting import format_list
from orchestrator.transport import formatting as f
from orchestrator.transport.base import Command
from orchestrator.transport.formatting import read_formatted, was_formatted


def test_a_list_view_entry_becomes_label_value_pairs() -> None:
    records = format_list({"Result": "Success", "Details": None, "Count": 3})
    assert [r[f.CLASS_ID] for r in records] == [
        f.FORMAT_START,
        f.GROUP_START,
        f.FORMAT_ENTRY,
        f.GROUP_END,
        f.FORMAT_END,
    ]
    assert was_formatted(records)
    # values are the display strings Out-Default prints ($null prints nothing)
    assert read_formatted(records) == [{"Result": "Success", "Details": "", "Count": "3"}]


def test_a_label_wins_over_the_property_name() -> None:
    records = format_list({"AzureResourceId": "/x"})
    field = records[2]["formatEntryInfo"]["listViewFieldList"][0]
    field["label"] = "ResourceId"
    assert read_formatted(records) == [{"ResourceId": "/x"}]


def test_a_table_view_reads_rows_under_their_column_headers() -> None:
    def column(label: str | None, name: str) -> dict[str, object]:
        return {f.CLASS_ID: f.TABLE_COLUMN, "label": label, "propertyName": name}

    def row(*values: str) -> dict[str, object]:
        fields = [{f.CLASS_ID: f.PROPERTY_FIELD, "propertyValue": v} for v in values]
        entry = {f.CLASS_ID: f.TABLE_ROW, "formatPropertyFieldList": fields}
        return {f.CLASS_ID: f.FORMAT_ENTRY, "formatEntryInfo": entry}

    shape = {
        f.CLASS_ID: f.TABLE_HEADER,
        "tableColumnInfoList": [column(None, "Name"), column("State", "Status")],
    }
    records = [
        {f.CLASS_ID: f.FORMAT_START, "shapeInfo": shape},
        {f.CLASS_ID: f.GROUP_START},
        row("hcisvc", "Running"),
        row("himds", "Stopped"),
        {f.CLASS_ID: f.GROUP_END},
        {f.CLASS_ID: f.FORMAT_END},
    ]
    assert read_formatted(records) == [
        {"Name": "hcisvc", "State": "Running"},
        {"Name": "himds", "State": "Stopped"},
    ]


def test_objects_that_are_not_formatting_records_pass_through() -> None:
    plain = [{"Name": "hcisvc"}, "text", 3]
    assert read_formatted(plain) == plain
    assert not was_formatted(plain)


def test_should_process_cmdlets_get_confirm_false_and_the_plan_shows_it() -> None:
    command = Command.cmdlet("Unregister-AzStackHCI", SubscriptionId="s")
    assert command.param("Confirm") is False
    assert command.render() == "Unregister-AzStackHCI -SubscriptionId s -Confirm:$false"
    # a step may decide otherwise, explicitly; read-only cmdlets get nothing
    assert Command.cmdlet("Start-Service", Name="x", Confirm=True).param("Confirm") is True
    assert Command.cmdlet("Get-Service", Name="x").param("Confirm") is None
    assert "-Confirm" not in Command.cmdlet("Get-AzureStackHCI").render()
