"""arm-throttling is Azure Resource Manager's 429, not MSAL.NET's own throttling of a client that
keeps asking Entra ID for tokens (MsalThrottledServiceException / MsalThrottledUiRequiredException,
MsalErrorMessage.cs "Your app has been throttled by AAD due to too many requests"): that look-alike
names nothing, while ARM's throttling in the SDK wrappers is still named. The producers are cited
in orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "wording",
    [
        "Microsoft.Identity.Client.MsalThrottledServiceException: Your app has been throttled by"
        " AAD due to too many requests. To avoid this, cache your tokens see"
        " https://aka.ms/msal-net-throttling.\n   at"
        " Microsoft.Identity.Client.Internal.Requests.RequestBase.RunAsync()",
        "MSAL.NetCore.4.61.3.0 Error: Your app has been throttled by AAD due to too many requests."
        " To avoid this, cache your tokens see https://aka.ms/msal-net-throttling.",
    ],
)
def test_msal_net_throttling_names_nothing(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        "Azure.RequestFailedException: Number of 'read' requests for subscription"
        " '00000000-0000-0000-0000-000000000000' actor 'a' exceeded. Please try again after '17'"
        " seconds after additional tokens are available.\nStatus: 429 (Too Many Requests)\n"
        "ErrorCode: SubscriptionRequestsThrottled",
        "compute.VirtualMachinesClient#Get: Failure responding to request: StatusCode=429 --"
        ' Original Error: autorest/azure: Service returned an error. Status=429 Code="TooManyRequests"',
    ],
)
def test_arm_throttling_in_sdk_wrappers_is_still_named(wording: str) -> None:
    assert family_of(wording) == "arm-throttling"
