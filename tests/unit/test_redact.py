"""Secrets never survive redaction; ordinary diagnostic text is left alone."""

from __future__ import annotations

import pytest

from orchestrator.catalog import classify, redact

JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwcyJ9.c2lnbmF0dXJl"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"Register-AzStackHCI -ArmAccessToken {JWT} -AccountId a@b.c", JWT),
        (
            "Register-AzStackHCI -ArmAccessToken 'opaque-token-value' -AccountId a",
            "opaque-token-value",
        ),
        ('azcmagent connect --service-principal-secret "p@ss word!" -t t', "p@ss word!"),
        ("azcmagent connect -i 1234 -p hunter2secret -t tenant", "hunter2secret"),
        ("azcmagent connect --access-token=abc.def.ghi", "abc.def.ghi"),
        ("Authorization: Bearer abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz"),
        ('{"accessToken": "tok-123456", "expiresOn": 1}', "tok-123456"),
        ("client_secret=Zx8Q~secretvalue", "Zx8Q~secretvalue"),
        ("ArmAccessToken : real-token-here", "real-token-here"),
        ('$p = ConvertTo-SecureString "P@ssw0rd" -AsPlainText -Force', "P@ssw0rd"),
        ("https://acct.blob.core.windows.net/c/f?sv=2022&sig=AbCdEf%2B123", "AbCdEf%2B123"),
        (f"token in message {JWT} end", JWT),
    ],
)
def test_secrets_are_masked(text, secret):
    masked = redact(text)
    assert secret not in masked
    assert "***" in masked


@pytest.mark.parametrize(
    "text",
    [
        "Invalid client secret is provided",
        "Failed to acquire authorization token from SPN: Invalid client secret is provided",
        "ExecuteWithRetry operation AADTokenFetch failed with retryable error",
        "Couldn't generate self-signed certificate on node(s) {node1,node2}",
        "AZCM0041: The credentials supplied are invalid",
        "Register-AzStackHCI -SubscriptionId 6f2a1c3e -ComputerName node1 -TenantId 3c9d",
    ],
)
def test_diagnostic_text_is_unchanged(text):
    assert redact(text) == text


def test_evidence_is_redacted_before_it_is_stored():
    line = f"AZCM0041: invalid (azcmagent connect --service-principal-secret s3cr3tvalue {JWT})"
    (match,) = classify(line)
    evidence = match.evidence[0].text
    assert "s3cr3tvalue" not in evidence
    assert JWT not in evidence
    assert "AZCM0041" in evidence
