"""ARM's policy denial in its additionalInfo (type PolicyViolation) as clients print it without the
code (az, Azure Pipelines, raw JSON, the Java SDK's PolicyViolationErrorInfo), Container Apps'
region without capacity (ManagedEnvironmentNoAvailableCapacityInRegion), and WCF's
InvalidSecurity fault ("An error occurred when verifying security for the message.", weak
token-time: vendors give the clocks as its cause). Sources beside each rule in
orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "Deployment failed. Correlation ID: 1. Additional Information:Type: PolicyViolation\n"
            'Info: {\n    "policyDefinitionDisplayName": "Require a tag on resource groups",\n'
            '    "policyAssignmentName": "rg-tags"\n}',
            "arm-policy",
        ),
        (
            "##[error]Resource 'st1' was refused. Error Type: PolicyViolation, Policy Definition"
            " Name : Allowed locations, Policy Assignment Name : a1.",
            "arm-policy",
        ),
        (
            '{"additionalInfo":[{"type":"PolicyViolation","info":{"evaluationDetails":'
            '{"evaluatedExpressions":[{"result":"True","expression":"type"}]}}}]}',
            "arm-policy",
        ),
        (
            "com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException: Unrecognized field"
            ' "policyEffect" (class com.microsoft.azure.PolicyViolationErrorInfo), not marked as'
            " ignorable",
            "arm-policy",
        ),
        (
            '{"code": "ManagedEnvironmentNoAvailableCapacityInRegion", "message": "No capacity'
            " available in this region for provisioning an environment, please try again in"
            ' another region."}',
            "arm-location",
        ),
        (
            "System.ServiceModel.Security.MessageSecurityException: An unsecured or incorrectly"
            " secured fault was received from the other party. See the inner FaultException for"
            " the fault code and detail. ---> System.ServiceModel.FaultException: An error"
            " occurred when verifying security for the message.",
            "token-time",
        ),
        (
            "SoapFault exception: [s:Sender] An error occurred when verifying security for the"
            " message. in /var/www/app/vendor/crm/Client.php:1311",
            "token-time",
        ),
    ],
)
def test_wordings_name_their_family(text: str, family: str) -> None:
    assert family_of(text) == family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # Azure Policy's compliance state listing: a policy evaluated, nothing denied
        (
            '{"complianceState": "NonCompliant", "policyEvaluationDetails": {"evaluatedExpressions":'
            ' [{"result": "False", "expression": "tags"}]}, "policyDefinitionName": "tags"}',
            None,
        ),
        # WCF's fault for credentials the service refused (FailedAuthentication)
        (
            "System.ServiceModel.Security.MessageSecurityException: An unsecured or incorrectly"
            " secured fault was received from the other party. ---> FaultException: At least one"
            " security token in the message could not be validated.",
            None,
        ),
        # another cloud's capacity refusal
        (
            "InsufficientInstanceCapacity: We currently do not have sufficient p4d.24xlarge"
            " capacity in the Availability Zone you requested (us-east-1a).",
            None,
        ),
    ],
)
def test_lookalikes(text: str, family: str | None) -> None:
    assert family_of(text) == family
