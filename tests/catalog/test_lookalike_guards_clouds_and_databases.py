"""Look-alike guards (session 10 review, cycle H): other clouds' region, capacity and quota
refusals, other identity providers' events, and databases' own password expiry, each quoted from
the public thread beside it. They share words with arm-location, arm-throttling, the Entra ID
families and token-time (a region not supported, a quota exceeded, an expired password, a client's
credentials), but their fix is in the other product: no family may name them."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

OTHER_PRODUCTS = [
    # --- Google Cloud: machine types, capacity, quota ---
    # https://github.com/GoogleCloudPlatform/bank-of-anthos/issues/1234
    "ERROR: (gcloud.compute.instances.create) Could not fetch resource:\n - Invalid value for field"
    " 'resource.machineType': 'https://compute.googleapis.com/compute/v1/projects/bank-of-anthos-xxxx/"
    "zones/europe-west8-a/machineTypes/n1-standard-1'. Machine type with name 'n1-standard-1' does not"
    " exist in zone 'europe-west8-a'.\"\n\nUse `gcloud compute machine-types list --zones` to see the"
    " available machine  types.\nmake: *** [Makefile:61: monolith-deploy] Error",
    # https://github.com/GoogleCloudPlatform/ai-on-gke/issues/849 (both texts)
    "Code: QUOTA_EXCEEDED\nMessage: Quota 'CPUS_ALL_REGIONS' exceeded.",
    "ERROR: (gcloud.compute.instances.create) Could not fetch resource:\n---\ncode:"
    " ZONE_RESOURCE_POOL_EXHAUSTED\nerrorDetails:\n- help:\n    links:\n    - description:"
    " Troubleshooting documentation\n      url: https://cloud.google.com/compute/docs/resource-error\n"
    "- localizedMessage:\n    locale: en-US\n    message: A e2-standard-2 VM instance is currently"
    " unavailable in the europe-west4-a\n      zone. Alternatively, you can try your request again"
    " with a different VM hardware\n      configuration or at a later time.",
    # https://github.com/fastai/course-v3/pull/430
    "ERROR: (gcloud.compute.instances.create) Could not fetch resource:\n - The resource"
    " 'projects/static-protocol-256618/zones/us-west1-b/acceleratorTypes/nvidia-tesla-p4' was not"
    " found",
    # https://github.com/GoogleCloudPlatform/cluster-toolkit/issues/4787
    "ERROR: bulkInsert API failures: ('smallslurm-a38usp:0', <HttpError 400 when requesting"
    " https://compute.googleapis.com/compute/beta/projects/.../regions/us-central1/instances/"
    "bulkInsert?alt=json returned \"Invalid value for field 'resource.instanceProperties': ... CT"
    ' machine types are not supported in regional scope.". Details: ...>)',
    # https://github.com/cloudfoundry/bosh-deployment/issues/427
    "Creating vm: Machine Type 'n1-standard-1' does not exists",
    # --- AWS: regions and configurations ---
    # https://github.com/aws/aws-sdk-js/issues/2497
    '"errorMessage": "Inaccessible host: `support.ap-southeast-2.amazonaws.com\'. This service may'
    ' not be available in the `ap-southeast-2\' region.",\n"errorType": "UnknownEndpoint",',
    # https://github.com/basset/basset/issues/43
    "==> amazon-ebs: Error launching source instance: Unsupported: The requested configuration is"
    " currently not supported. Please check the documentation for supported configurations.",
    # https://github.com/hashicorp/terraform-provider-aws/issues/4359
    "UnsupportedOperation: The functionality you requested is not available in this region",
    # https://github.com/hashicorp/terraform/issues/4635
    "Error refreshing state: 1 error(s) occurred:\n\n* 1 error(s) occurred:\n\n* Not a valid region:"
    " ap-northeast-2",
    # https://github.com/coiled/feedback/issues/121
    "ValueError: Unable to create cluster: No VPC subnets available",
    # --- other services' region and rate refusals ---
    # https://github.com/OpenCloudGaming/OpenNOW/issues/152 (GeForce NOW)
    "2026-03-28T10:02:20.286Z ERROR [main] Error occurred in handler for 'gfn:create-session':"
    ' {"httpStatus":403,"statusCode":63,"statusDescription":"REGION_NOT_SUPPORTED_FOR_STREAMING'
    ' 4192C0FE","unifiedErrorCode":1100136702,"sessionErrorCode":1,"gfnErrorCode":3237093695,'
    '"title":"Region Not Supported","description":"Streaming is not supported in your region."}',
    # https://github.com/maxiaobang7/ossnav/issues/3 (OpenAI API)
    '{\n  "error": {\n    "code": "unsupported_country_region_territory",\n    "message":'
    ' "Country, region, or territory not supported",\n    "param": null,\n    "type":'
    ' "request_forbidden"\n  }\n}',
    # https://github.com/openstax/domo/issues/142 (Domo API)
    'Exception 403 {"message":"API Rate limit reached.}',
    # --- Keycloak's own event log of a refused client ---
    # https://github.com/aws-samples/lambdaedge-openidconnect-samples/issues/36
    "WARN  [org.keycloak.events] (default task-330) type=CODE_TO_TOKEN_ERROR, realmId=<realm-id>,"
    " clientId=<client-id>, userId=null, ipAddress=<ip-addres>, error=invalid_client_credentials,"
    " grant_type=authorization_code",
    # https://github.com/pulsejet/nextcloud-oidc-login/issues/297
    "2024-10-08 20:15:47,489 WARN  [org.keycloak.events] (executor-thread-57)"
    ' type="CODE_TO_TOKEN_ERROR", realmId="master", realmName="master", clientId="nextcloud",'
    ' userId="null", ipAddress="xxx.xxx.xxx.xxx", error="invalid_client_credentials",'
    ' grant_type="authorization_code"',
    # --- databases' own password expiry (not a token's validity window) ---
    # https://github.com/besley/Slickflow/issues/19 (Oracle)
    '执行请求的操作时遇到错误:\n\nORA-28001: the password has expired\n28001. 00000 -  "the password'
    " has expired\"\n*Cause:    The user's account has expired and the password needs to be\n"
    "           changed.\n*Action:   Change the password or contact the database administrator.",
    # https://github.com/yajra/laravel-oci8/issues/839 (Oracle)
    "Yajra\\Pdo\\Oci8\\Exceptions\\Oci8Exception: oci_pconnect(): OCI_SUCCESS_WITH_INFO: ORA-28002:"
    " the password will expire within 13 days",
    # https://github.com/CloudWise-OpenSource/SAPNetworkMonitor/issues/11 (MySQL)
    "Your password has expired. To log in you must change it using a client that supports expired"
    " passwords.",
]


@pytest.mark.parametrize("text", OTHER_PRODUCTS)
def test_another_products_refusal_names_no_family(text: str) -> None:
    assert family_of(text) is None
