"""ARM and token-expiry failures in products' own words (the twenty-fifth set's classes, by
producer): the Azure SDK for Go track-1 clients' 404 with ARM's generic NotFound (arm-not-found),
the Azure portal's "Resource provider ... not registered for the subscription"
(arm-provider-registration), Azure Virtual Desktop's "must be in same location as" (arm-location),
the Arc SQL onboarding script's role-assignment check and Azure Policy's remediation identity
(arm-authorization), Power BI Embedded's ClientError_TokenExpired (token-time); with near misses
from the same producers. Producers cited in orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # velero-io/velero#261 (autorest, logfmt-escaped quotes) and the unescaped form
        (
            'level=error msg="error creating snapshot" error="rpc error: code = Unknown desc ='
            " disk.SnapshotsClient#CreateOrUpdate: Failure responding to request: StatusCode=404"
            ' -- Original Error: autorest/azure: Service returned an error. Status=404 Code=\\"NotFound\\"'
            ' Message=\\"The entity was not found.\\""',
            "arm-not-found",
        ),
        (
            "compute.DisksClient#Get: Failure responding to request: StatusCode=404 -- Original"
            ' Error: autorest/azure: Service returned an error. Status=404 Code="NotFound"'
            ' Message="The entity was not found."',
            "arm-not-found",
        ),
        # MicrosoftDocs/bot-docs#1261
        (
            "Resource provider 'Microsoft.Web' not registered for the subscription",
            "arm-provider-registration",
        ),
        # learn.microsoft.com troubleshoot/azure/virtual-desktop/troubleshoot-powershell
        (
            "New-AzWvdApplicationGroup_CreateExpanded: ActivityId: e5fe6c1d-5f2c-4db9-817d-e423b8b7d168"
            " Error: ApplicationGroup must be in same location as associated HostPool",
            "arm-location",
        ),
        # microsoft/azure_arc#1394, Azure/azure-policy#660
        (
            "WARNING: User does not have permissions to assign roles. This is pre-requisite to on"
            " board SQL Server - Azure Arc resources.",
            "arm-authorization",
        ),
        (
            "The managed identity for this assignment does not have the appropriate permissions to"
            " remediate these resources. To add these permissions, go to the Edit Assignment page"
            " for this Policy and re-save it.",
            "arm-authorization",
        ),
        # docs.powerembedded.com: could-not-load-data-for-this-visual-token-expired
        ("Could not load data for this visual: ClientError_TokenExpired", "token-time"),
    ],
)
def test_products_arm_and_token_wordings_are_named(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # App Service's NotFound for a deployment credential, not a resource (automationadmin.com)
        "web.AppsClient#UpdateSourceControl: Failure responding to request: StatusCode=404 --"
        ' Original Error: autorest/azure: Service returned an error. Status=404 Code="NotFound"'
        ' Message="Cannot find User with name ***."',
        # data-plane autorest clients' own not-found codes
        "keyvault.BaseClient#GetSecret: Failure responding to request: StatusCode=404 -- Original"
        ' Error: autorest/azure: Service returned an error. Status=404 Code="SecretNotFound"'
        ' Message="A secret with (name/id) foo was not found in this key vault."',
        "batch.PoolClient#Get: Failure responding to request: StatusCode=404 -- Original Error:"
        ' autorest/azure: Service returned an error. Status=404 Code="PoolNotFound"'
        ' Message="The specified pool does not exist."',
        # az's own notice (it registers and goes on)
        "Resource provider 'Microsoft.Web' used by this operation is not registered. We are"
        " registering for you.",
        # other permission refusals with the same words
        "User does not have permissions to access this folder.",
        "The user does not have permission to assign licenses.",
        # Power BI's other visual errors
        "Could not load data for this visual: ClientError_TokenInvalid",
    ],
)
def test_the_same_producers_other_failures_get_no_family(wording: str) -> None:
    assert family_of(wording) is None
