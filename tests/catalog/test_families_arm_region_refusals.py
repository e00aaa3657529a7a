"""Region refusals as the services, SDKs and drivers word them beside ARM's own codes: AKS's node
size not allowed in the region, Azure Container Instances' capacity refusal, a service's
Microsoft Foundry's "Unsupported region for ... Please check the region availability",
"Region doesn't support", the docker-machine Azure driver's "Invalid location". Each rule's
producer is cited beside it in orchestrator/catalog/families.yaml. Another cloud's or product's
own region refusal is no Azure region's (the look-alikes below)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "wording",
    [
        "(BadRequest) The VM size of AgentPoolProfile:nodepool1 is not allowed in your subscription"
        " in location 'westus'.  For more details, please visit https://aka.ms/aks/quotas-skus-regions"
        "\nCode: BadRequest",
        'Original Error: Code="BadRequest" Message="The VM size of Standard_B2s is not allowed in'
        " your subscription in location 'westus2'. The available VM sizes are 'standard_d2ps_v5'\"",
        "ServiceUnavailable: The requested resource with '1' CPU and '1.5' GB memory is not"
        " available in the location 'westeurope' at this moment. Please retry with a different"
        " resource request or in another location.",
        "Error Message: Failed to create hosted agent: 400: Unsupported region for Foundry Hosted"
        " Agents. Please check the region availability and try again.",
        "Deployment Error Details:\nBadRequest: Region doesn\u2019t support Classic resource mode for"
        " Application Insights resources. Please use Workspace-based mode.",
        "Error creating machine: Error in driver during machine creation: Invalid location: West"
        " US. Available locations: East US, Central US, North Europe",
    ],
)
def test_region_refusals_in_the_services_words_name_arm_location(wording: str) -> None:
    assert family_of(wording) == "arm-location"


@pytest.mark.parametrize(
    "wording",
    [
        # a product or item missing from a warehouse location, a VM size named without a region
        "UserError: Product Widget is not available in the location WH/Stock.",
        "The VM size Standard_B1s is not allowed for this image.",
        # a region named in a success or a plan line
        "Region westus3 selected; Foundry Hosted Agents are supported in this region.",
        # another product's own region refusal (review, cycle H): an Amazon Timestream example's
        # check of the AWS CLI's region (build-trust/ockam @163655c52 examples/command/portals/
        # databases/influxdb/amazon_timestream/aws_cli/metrics_corp/run.sh) and Netflix Priam's S3
        # endpoint lookup (Netflix/Priam priam/src/main/java/com/netflix/priam/aws/S3FileSystem.java,
        # older versions: IllegalStateException("Unsupported region for this application: " + region))
        "Timestream is not available in the region 'us-west-1' that you aws cli is configured to"
        " use.\nIt is available in the following regions: us-east-1 us-east-2 us-west-2 eu-west-1",
        "java.lang.IllegalStateException: Unsupported region for this application: ap-northeast-2",
    ],
)
def test_look_alikes_of_the_region_refusals_are_not_named(wording: str) -> None:
    assert family_of(wording) is None
