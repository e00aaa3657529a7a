""".NET's X509ChainStatusFlags in SslStream's chain message, flag by flag.

dotnet/runtime System.Net.Security (Strings.resx net_ssl_io_cert_chain_validation) prints "The remote
certificate is invalid because of errors in the certificate chain: {0}" with the chain's
X509ChainStatusFlags, comma-separated, as PowerShell 7's web cmdlets and HttpClient show it
(measure-26: "Invoke-RestMethod: The remote certificate is invalid because of errors in the
certificate chain: NotTimeValid", memstechtips/Winhance#424). The whole flag table
(learn.microsoft.com/dotnet/api/system.security.cryptography.x509certificates.x509chainstatusflags):
the trust flags, read as OpenSSL's reasons the family already names (untrusted root, no chain,
certificate rejected, revoked, signature failure, unsuitable purpose, invalid CA), are tls-untrusted;
RevocationStatusUnknown / OfflineRevocation tls-revocation; NotTimeValid the tls-certificate-validity
condition (a partial answer, never the family); every other flag names nothing.
"""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose
from tests.catalog.wordings import family_of

PS7 = "Invoke-RestMethod: The remote certificate is invalid because of errors in the certificate chain: "
HTTPCLIENT = (
    "System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception.\n"
    " ---> System.Security.Authentication.AuthenticationException: The remote certificate is invalid "
    "because of errors in the certificate chain: "
)

FLAGS = {
    "NoError": None,
    "NotTimeValid": None,
    "NotTimeNested": None,
    "Revoked": "tls-untrusted",
    "NotSignatureValid": "tls-untrusted",
    "NotValidForUsage": "tls-untrusted",
    "UntrustedRoot": "tls-untrusted",
    "RevocationStatusUnknown": "tls-revocation",
    "Cyclic": None,
    "InvalidExtension": None,
    "InvalidPolicyConstraints": None,
    "InvalidBasicConstraints": "tls-untrusted",
    "InvalidNameConstraints": None,
    "HasNotSupportedNameConstraint": None,
    "HasNotDefinedNameConstraint": None,
    "HasNotPermittedNameConstraint": None,
    "HasExcludedNameConstraint": None,
    "PartialChain": "tls-untrusted",
    "CtlNotTimeValid": None,
    "CtlNotSignatureValid": None,
    "CtlNotValidForUsage": None,
    "HasWeakSignature": None,
    "OfflineRevocation": "tls-revocation",
    "NoIssuanceChainPolicy": None,
    "ExplicitDistrust": "tls-untrusted",
    "HasNotSupportedCriticalExtension": None,
}


@pytest.mark.parametrize("prefix", [PS7, HTTPCLIENT], ids=["ps7", "httpclient"])
@pytest.mark.parametrize("flag", sorted(FLAGS))
def test_each_flag_names_its_family(prefix, flag):
    assert family_of(prefix + flag) == FLAGS[flag]


def test_not_time_valid_is_the_validity_condition():
    result = diagnose(PS7 + "NotTimeValid")
    assert result.family is None
    assert [m.family.id for m in result.conditions] == ["tls-certificate-validity"]


@pytest.mark.parametrize(
    ("flags", "family"),
    [
        ("NotTimeValid, PartialChain", "tls-untrusted"),
        ("HasWeakSignature, UntrustedRoot", "tls-untrusted"),
        ("NotSignatureValid, NotTimeValid", "tls-untrusted"),
        ("RevocationStatusUnknown, OfflineRevocation", "tls-revocation"),
        ("NotTimeValid, HasWeakSignature", None),
        ("InvalidNameConstraints, HasNotPermittedNameConstraint", None),
    ],
)
def test_flag_lists(flags, family):
    assert family_of(PS7 + flags) == family


def test_the_generic_wrapper_without_flags_stays_weak_tls_untrusted():
    text = "Invoke-RestMethod : The remote certificate is invalid according to the validation procedure."
    assert family_of(text) == "tls-untrusted"
