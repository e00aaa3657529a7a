"""An `unless` row may carry the family's own marks: {pattern: <regex>, except: <regex>} refuses the
family where the pattern matches, except where one of the marks appears anywhere in the text.
Rows sharing one marks pattern write it once (a YAML anchor) and the loader compiles it once; a
malformed row fails the load with an error naming the row and what is wrong
(orchestrator/catalog/families.py, families.yaml's field list). arm-throttling's four rows that
refuse another API's 429 (Graph and the AzureAD module, the Application Insights / Log Analytics
query APIs, Key Vault's and Storage's data planes, a bare HTTP 429) share ARM's marks: each still
refuses its look-alikes and still names an ARM-marked 429."""

from __future__ import annotations

from typing import Any

import pytest

from orchestrator.catalog.families import load_families, parse_families
from orchestrator.catalog.models import CatalogError
from tests.catalog.wordings import family_entry, family_of

ENTRY = family_entry(
    examples=["VM has reported a failure when processing extension 'X' on the Arc machine"]
)


def _load(unless: list[Any]) -> Any:
    return parse_families({"families": [{**ENTRY, "unless": unless}]}).get("arc-extension")


def test_an_unless_row_with_marks_applies_only_where_no_mark_is() -> None:
    family = _load(["RDP", {"pattern": "Remote Desktop", "except": r"\bArc\b|HybridCompute"}])
    plain, marked = family.unless
    assert plain.marks is None
    assert plain.pattern == "RDP"
    assert marked.pattern == "Remote Desktop"
    assert marked.search("Remote Desktop reported a failure")
    assert not marked.search("Remote Desktop on the Arc machine")
    assert not marked.search("an unrelated text")


def test_rows_sharing_one_marks_pattern_share_one_compiled_pattern() -> None:
    marks = r"\bArc\b|HybridCompute"
    family = _load([{"pattern": "RDP", "except": marks}, {"pattern": "mstsc", "except": marks}])
    first, second = family.unless
    assert first.marks is second.marks


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ({"pattern": "RDP", "marks": "Arc"}, r"unknown key\(s\) \['marks'\]"),
        ({"pattern": "RDP"}, "'except' must be a regex"),
        ({"except": "Arc"}, "'pattern' must be a regex"),
        ({"pattern": "RDP", "except": ["Arc"]}, "'except' must be a regex"),
        ({"pattern": "RDP", "except": "Arc("}, r"except pattern 'Arc\(' does not compile"),
        ({"pattern": "RDP(", "except": "Arc"}, r"pattern 'RDP\(' does not compile"),
        ({"pattern": "RDP", "except": "Arc|"}, "matches an empty text"),
        (42, "a regex or a mapping"),
    ],
)
def test_a_malformed_unless_row_fails_the_load_precisely(row: Any, error: str) -> None:
    with pytest.raises(CatalogError, match=rf"family arc-extension: .*{error}"):
        _load([row])


def _arm_rows() -> list[Any]:
    return [row for row in load_families().get("arm-throttling").unless if row.marks is not None]


def test_arm_throttlings_marked_rows_share_one_marks_pattern() -> None:
    rows = _arm_rows()
    # the two URL-on-another-host rows, the three other-Microsoft-APIs rows' kinds and the bare 429
    assert len(rows) == 6
    assert len({id(row.marks) for row in rows}) == 1


ARM_MARK = (
    "\nGET https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000/"
    "resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines?api-version=2023-03-01"
)

# one look-alike per row, in the rows' order: the row's pattern matches it and no ARM mark is in it
ROW_LOOK_ALIKES = [
    # a request line to another host (npm's registry), then any URL on another host (the GitHub
    # Actions runner downloading an action): these two rows wrote an older copy of the marks as a
    # negative lookahead until they joined &arm-marks
    "npm ERR! 429 Too Many Requests - GET https://registry.npmjs.org/lodash",
    "Failed to download action 'https://api.github.com/repos/actions/checkout/tarball/abc'."
    " Error: Response status code does not indicate success: 429 (Too Many Requests).",
    "Get-AzureAdAuditSigninLogs : Error occurred while executing GetAuditSignInLogs\nCode:"
    " UnknownError\nMessage: This request is throttled.\nHttpStatusCode: 429\n"
    "HttpStatusDescription: Too Many Requests",
    '{"error":{"message":"Rate limit of 86400 per day is exceeded.","code":"ThrottledError",'
    '"moreInfo":"https://aka.ms/api-limits"}} status: 429 Too Many Requests',
    'Error: retrieving Secret "foo" (Key Vault "https://myvault.vault.azure.net/"):'
    " keyvault.BaseClient#GetSecret: Failure responding to request: StatusCode=429 -- Original"
    ' Error: autorest/azure: Service returned an error. Status=429 Code="Throttled"',
    "urllib.error.HTTPError: HTTP Error 429: Too Many Requests",
]


@pytest.mark.parametrize("index", range(len(ROW_LOOK_ALIKES)))
def test_each_arm_row_refuses_its_look_alike_and_names_it_beside_an_arm_mark(index: int) -> None:
    from orchestrator.catalog.textview import TextView

    row = _arm_rows()[index]
    look_alike = ROW_LOOK_ALIKES[index]
    assert row.search(TextView.of(look_alike.splitlines()).flat)
    assert family_of(look_alike) is None
    assert family_of(look_alike + ARM_MARK) == "arm-throttling"


@pytest.mark.parametrize(
    "wording",
    [
        # Graph's own code TooManyRequests (the Graph PowerShell SDK), not ARM's
        "Get-MgUser_List: Too many requests. Please retry again later.\nStatus: 429"
        " (TooManyRequests)\nErrorCode: TooManyRequests",
        # azure_core (Rust) printing a Storage data-plane 429 by its StatusCode's name
        'OffloadError { kind: HttpFailed("Failed to stage header block for blob - HTTP'
        " TooManyRequests, error_code None: Error { context: Full(Custom { kind: HttpResponse {"
        " status: TooManyRequests, error_code: None }",
        # the AzureAD module's cmdlets (Get-AzureAD*) are Graph's, not Az's ARM cmdlets
        "Get-AzureADUser : Error occurred while executing GetUsers\nHttpStatusCode: 429\n"
        "HttpStatusDescription: Too Many Requests",
    ],
)
def test_graphs_code_and_rusts_status_name_are_no_arm_marks(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        '{"error":{"code":"TooManyRequests","message":"The request is being throttled."}}',
        "resources.GroupsClient#CreateOrUpdate: Failure sending request: StatusCode=429 --"
        " Original Error: autorest/azure: Service returned an error. Status=429",
        "Get-AzVM : Status: 429 (Too Many Requests)",
        # autorest's ServiceError form of ARM's code (Code="TooManyRequests")
        'Status=429 Code="TooManyRequests" Message="Too many requests. Please retry."',
        # ARM's code after the status, as the project's own retry test words it
        "New-AzResource: Status: 429 (Too Many Requests) TooManyRequests",
        "Status: 429 (Too Many Requests) TooManyRequests",
    ],
)
def test_arm_marked_429s_are_still_arm_throttling(wording: str) -> None:
    assert family_of(wording) == "arm-throttling"
