"""rclone's OAuth wrapper (lib/oauthutil maybeWrapOAuthError): "couldn't fetch token: invalid_grant:
maybe token expired? - try refreshing with "rclone config reconnect <remote>:"" is Entra ID's
expired sign-in only for a Microsoft remote (OneDrive, SharePoint, Microsoft Graph); another
provider's invalid_grant (Google Drive, Dropbox) names no family."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        'ERROR : Failed to create file system for "work-od:backup": failed to get root: Get'
        ' "https://graph.microsoft.com/v1.0/drives/b!x/root": couldn\'t fetch token:'
        ' invalid_grant: maybe token expired? - try refreshing with "rclone config reconnect'
        ' work-od:"',
        'CRITICAL: Failed to create file system for "onedrive:": couldn\'t fetch token:'
        ' invalid_grant: maybe token expired? - try refreshing with "rclone config reconnect'
        ' onedrive:"',
    ],
)
def test_rclone_microsoft_remote_invalid_grant_is_session_expired(text: str) -> None:
    assert family_of(text) == "entra-session-expired"


@pytest.mark.parametrize(
    "text",
    [
        'CRITICAL: Failed to create file system for "gdrive:": couldn\'t fetch token:'
        ' invalid_grant: maybe token expired? - try refreshing with "rclone config reconnect'
        ' gdrive:"',
        'Failed to create file system for "dropbox:": couldn\'t fetch token: invalid_grant:'
        ' maybe token expired? - try refreshing with "rclone config reconnect dropbox:"',
    ],
)
def test_rclone_other_provider_invalid_grant_names_no_family(text: str) -> None:
    assert family_of(text) is None
