"""TLS version refusals without TLS failure words: Schannel event 36871 with internal error state 10013
(no enabled protocol for the credential) and PackageManagement's NuGet provider bootstrap from the TLS
1.2-only provider list (LinkID=627338, weak, only that URI, as for the Gallery's "Unable to resolve
package source")."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "A fatal error occurred while creating a TLS client credential. The internal error state is 10013.",
        # curl's Schannel backend asked for TLS 1.3 on Windows 10 or older (lib/vtls/schannel.c)
        "curl: (35) schannel: TLS 1.3 not supported on Windows 10 or older",
        "A fatal error occurred while creating an SSL client credential. The internal error state is 10013.",
        "Schannel 36871: A fatal error occurred while creating a TLS server credential. The internal error"
        " state is 10013.",
        "WARNING: Unable to download from URI 'https://go.microsoft.com/fwlink/?LinkID=627338&clcid=0x409'"
        " to ''.\nWARNING: Unable to download the list of available providers. Check your internet"
        " connection.",
        "WARNING: MSG:UnableToDownload «https://go.microsoft.com/fwlink/?LinkID=627338&clcid=0x409» «»\n"
        "WARNING: Unable to download the list of available providers. Check your internet connection.",
    ],
)
def test_tls_version_refusals_in_schannel_and_packagemanagement_words_are_tls_protocol(text):
    assert family_of(text) == "tls-protocol"


@pytest.mark.parametrize(
    "text",
    [
        "WARNING: Unable to download the list of available providers. Check your internet connection.\n"
        "PackageManagement\\Install-PackageProvider : No match was found for the specified search criteria"
        " for the provider 'NuGet'. The package provider requires 'PackageManagement' and 'Provider' tags.",
        "Install-PackageProvider : No match was found for the specified search criteria for the provider"
        ' \'NuGet\'.\nException calling "ShouldContinue" with "2" argument(s)',
    ],
)
def test_the_nuget_bootstraps_other_lines_are_tls_protocol_without_the_uri(text):
    assert family_of(text) == "tls-protocol"


def test_a_missing_provider_other_than_nuget_names_nothing():
    text = (
        "Install-PackageProvider : No match was found for the specified search criteria for the provider"
        " 'ContosoProvider'. The package provider requires 'PackageManagement' and 'Provider' tags. Error."
    )
    assert family_of(text) is None


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # another Schannel internal state is another fault
        (
            "A fatal error occurred while creating a TLS client credential. The internal error state is 10010.",
            None,
        ),
        # another URI: nothing ties the warning to TLS
        ("WARNING: Unable to download from URI 'https://nuget.contoso.com/feed' to ''.", None),
        # a specific wording beside the bootstrap warning decides
        (
            "WARNING: Unable to download from URI 'https://go.microsoft.com/fwlink/?LinkID=627338&clcid=0x409'"
            " to ''.\nThe remote server returned an error: (407) Proxy Authentication Required.",
            "proxy",
        ),
        (
            "WARNING: Unable to download from URI 'https://go.microsoft.com/fwlink/?LinkID=627338&clcid=0x409'"
            " to ''.\nThe remote name could not be resolved: 'go.microsoft.com'",
            "network-dns",
        ),
    ],
)
def test_look_alikes_and_neighbours_of_the_tls_version_wordings(text, family):
    assert family_of(text) == family
