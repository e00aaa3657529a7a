"""arm-throttling no longer takes a bare HTTP 429 / "Too Many Requests": every HTTP API says it of
its own limits (urllib, npm, .NET's HttpClient, WebClient), so a text that shows no mark of ARM at
all (no resource ID, management host, ARM code such as the compact TooManyRequests, ARM client or
ARM's own throttling wording) gets no family. Beside ARM's marks it still names ARM's throttling. Cited in
orchestrator/catalog/families.yaml (arm-throttling, `unless`)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "wording",
    [
        "urllib.error.HTTPError: HTTP Error 429: Too Many Requests",
        "HTTP Error 429: Too Many Requests",
        "npm ERR! 429 Too Many Requests - GET https://registry.npmjs.org/left-pad",
        "Response status code does not indicate success: 429 (Too Many Requests).",
        "The remote server returned an error: (429) Too Many Requests.",
    ],
)
def test_other_apis_too_many_requests_are_not_arm_throttling(wording: str) -> None:
    assert family_of(wording) != "arm-throttling"


@pytest.mark.parametrize(
    "wording",
    [
        "azure.core.exceptions.HttpResponseError: Operation returned an invalid status 'Too Many"
        " Requests'\nGET https://management.azure.com/subscriptions/0000/resourceGroups/rg1/"
        "providers/Microsoft.Compute/virtualMachines?api-version=2023-03-01",
        "Exception: CloudError: Azure Error: 429\nMessage: Request is temporarily throttled because"
        " resource /subscriptions/0000/resourcegroups/rg1/providers/Microsoft.ManagedIdentity/"
        "userAssignedIdentities/id1 has issued too many requests. Retry after 20 seconds.",
        "Status: 429 (Too Many Requests) ErrorCode: SubscriptionRequestsThrottled",
        "Failure sending request: StatusCode=429 -- Original Error: context deadline exceeded",
        "performing CreateOrUpdate: unexpected status 429 (429 Too Many Requests) with error:"
        " RetryableError: A retryable error occurred.",
        '{"error":{"code":"TooManyRequests","message":"The request is being throttled."}}',
    ],
)
def test_too_many_requests_beside_arm_marks_is_arm_throttling(wording: str) -> None:
    assert family_of(wording) == "arm-throttling"
