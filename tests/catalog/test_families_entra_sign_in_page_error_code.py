"""The Microsoft Entra sign-in page's troubleshooting details name the AADSTS code as a bare number
("Error Code: 53003" then "Request Id: <guid>", "Correlation Id: <guid>", "App name: ..."), the
number the reference table is keyed by (MicrosoftDocs/entra-docs
docs/identity-platform/reference-error-codes.md, "Lookup current error code information"). The
code is read only with the page's Request Id line after it: another product's "Error Code: <n>"
is not Entra's (orchestrator/catalog/diagnose.py _AADSTS_PAGE)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

PAGE = (
    "Error Code: {code}\n"
    "Request Id: 0b2c4d6e-1a3b-4c5d-8e9f-0a1b2c3d4e5f\n"
    "Correlation Id: 9f8e7d6c-5b4a-4321-8fed-cba987654321\n"
    "Timestamp: 2025-03-12T07:09:30.500Z\n"
    "App name: Contoso Tool\n"
    "App id: 00000000-0000-0000-0000-000000000001\n"
)


@pytest.mark.parametrize(
    ("code", "family"),
    [
        # Conditional Access blocked the sign-in (AADSTS53003), the page's token-protection wording
        ("53003", "entra-interaction-required"),
        # MFA required (AADSTS50076)
        ("50076", "entra-interaction-required"),
        # the refresh token expired through inactivity (AADSTS700082)
        ("700082", "entra-session-expired"),
    ],
)
def test_sign_in_page_error_code_is_the_aadsts_code(code: str, family: str) -> None:
    text = (
        "Sorry, a security policy is preventing access\n"
        "An organization security policy requiring token protection is preventing this application"
        " from accessing the resource. You may be able to use a different application.\n\n"
        + PAGE.format(code=code)
    )
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # the SDN diagnostics' socket code (no sign-in page around it)
        "Loadbalancer Mux is not connected to SLBM. Network Error Code: 53003, Error Message: none.",
        # a bare "Error Code:" number without the page's Request Id line after it
        "Upload failed.\nError Code: 53003\nPlease contact your administrator.",
        # another service's request id that is not a GUID
        "Error Code: 53003\nRequest Id: REQ-12345\n",
    ],
)
def test_other_error_code_lines_are_not_aadsts(text: str) -> None:
    assert family_of(text) is None
