"""A region refusal and a missing resource in the words of the tools that print them, from set 22:
Packer's azure-arm builder finding its storage account in another region, Cognitive Services'
template validation detail InvalidApiSetId (weak: it also covers a misspelt kind), and Azure
Databricks' REST API when the workspace resource ID names no workspace; with near misses that
name no family. Sources are cited beside each rule in orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "wording",
    [
        '--> azure: Error checking storage account: Storage Account "xxxxxxxxx" is not in location'
        ' "West US 2", but in location "Central US".',
        '{\n  "error": {\n    "code": "InvalidTemplateDeployment",\n    "message": "The template'
        " deployment 'main' is not valid according to the validation procedure. See inner errors"
        ' for details.",\n    "details": [\n      {\n        "code": "InvalidApiSetId",\n'
        '        "message": "The account type \'CognitiveServices\' is either invalid or unavailable'
        ' in given region."\n      }\n    ]\n  }\n}',
    ],
)
def test_region_refusals_in_tools_words_name_arm_location(wording: str) -> None:
    assert family_of(wording) == "arm-location"


def test_databricks_workspace_resource_id_not_found_names_arm_not_found() -> None:
    wording = (
        "##[error]\n\nError 404 The workspace with resource ID /subscriptions/ab2bae5e-fb62-41c0-824d-"
        "1b3ffd223823/resourceGroups/rg-i/providers/Microsoft.Databricks/workspaces/dbx-svc could"
        " not be found.\n\nHTTP ERROR 404\nProblem accessing /api/2.0/workspace/mkdirs."
    )
    assert family_of(wording) == "arm-not-found"


@pytest.mark.parametrize(
    "wording",
    [
        # another program's location check, and a workspace of another product
        'Error: file "report.pdf" is not in location "archive", but in location "inbox".',
        "Error: the workspace could not be found. Check the workspace name and try again.",
        "The workspace with ID 12345 could not be found.",
    ],
)
def test_other_location_and_workspace_messages_name_no_family(wording: str) -> None:
    assert family_of(wording) is None
