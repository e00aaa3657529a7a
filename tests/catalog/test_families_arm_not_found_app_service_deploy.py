"""arm-not-found names the App Service deploy tasks' lookup of the app through ARM's resource list
finding none (Azure Pipelines' ResourceDoesntExist "Resource '<app>' doesn't exist. Resource should
exist before deployment.", Azure/webapps-deploy's "Deployment Failed, Error: Resource <app> doesn't
exist."; the twenty-third set's Azure/webapps-deploy#399), not another tool's bare "Resource <x>
doesn't exist". Producers cited in orchestrator/catalog/families.yaml (arm-not-found)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "wording",
    [
        "2024-02-12T13:32:39.8139749Z ##[debug][GET] https://management.azure.com/subscriptions/"
        "00000000-0000-0000-0000-000000000000/resources?$filter=resourceType EQ"
        " 'Microsoft.Web%2FSites' AND name EQ 'app***-tot'&api-version=2016-07-01\n"
        "2024-02-12T13:32:39.9341215Z ##[error]Deployment Faile***, Error: Resource app***-tot **"
        " doesn't exist.",
        "Error: Deployment Failed, Error: Resource contoso-web doesn't exist.",
        "##[error]Error: Resource 'contoso-web' doesn't exist. Resource should exist before"
        " deployment.",
    ],
)
def test_the_deploy_tasks_app_lookup_is_not_found(wording: str) -> None:
    assert family_of(wording) == "arm-not-found"


@pytest.mark.parametrize(
    "wording",
    [
        "Error: Resource contoso-web doesn't exist.",
        "The resource 'x' doesn't exist in the cache.",
        # the same task's other failures
        "Error: Failed to deploy web package to App Service.\nBad Request (CODE: 400)",
    ],
)
def test_other_resource_wordings_are_not_this(wording: str) -> None:
    assert family_of(wording) != "arm-not-found"
