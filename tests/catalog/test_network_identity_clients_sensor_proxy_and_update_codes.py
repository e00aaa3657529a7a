"""Identity clients' network failures, Defender for Identity's sensor behind a proxy, Windows Update's 408.

- Go's UnknownAuthorityError (golang/go src/crypto/x509/verify.go, "x509: certificate signed by unknown
  authority") retyped inside adal's "Failed to execute the refresh request. Error = '...'" (Azure/go-autorest
  autorest/adal/token.go), as SparebankenVest/public-helm-charts issue 63 quotes akv2k8s: "X509 certificate
  signed by unknow authority" -> tls-untrusted. Go's other x509 errors keep their own answers.
- Microsoft Defender for Identity's sensor setup log "validateCreateSensorResult=LicenseInvalid": the producer's
  known-issues page (learn.microsoft.com/defender-for-identity/troubleshooting-known-issues, "Proxy
  authentication problems present as a licensing error") gives a proxy answering 401/403 instead of 407 as
  its cause -> proxy. Other results of the same call name nothing.
- Left unnamed, with their reasons (precision first):
  - MSAL for Android's "MsalServiceException: IOException while requesting metadata": any I/O failure of the
    authority's metadata request (a name that does not resolve, a refused or timed-out connect, a TLS
    failure) is reported with these words; its "Caused by:" line names the family when it is there.
  - Windows Update's 0x8024401C (WU_E_PT_HTTP_STATUS_REQUEST_TIMEOUT, "Same as HTTP status 408",
    learn.microsoft.com/windows/win32/wua_sdk/wua-networking-error-codes): its documented meaning is a
    timeout answered by the server, the source of the text (akunzai/windows-secure-auditor issue 29) an
    isolated network; the code alone cannot choose between them.
  - akv2k8s' env-injector "failed to validate credentials ... status=\"403 Forbidden\"": the injector's own
    auth endpoint answers 403 when a pod's credentials do not validate; only a packet capture showed a
    corporate proxy in SparebankenVest/azure-key-vault-to-kubernetes issue 221.
"""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

ADAL_REFRESH_X509_RETYPED = (
    'main.go:306 ] "failed to get authorizer from azure key vault credential" err="adal: failed  to execute '
    'refresh  request. Error = \'post "https://login.microsoftonline.com/adclient-id/oauth2/token?api-version=1.0" '
    ": X509 certificate signed by unknow authority'\""
)

SENSOR_LICENSE_INVALID = (
    "[1C60:1AA8][2018-03-24T23:59:13]i000: 2018-03-25 02:59:13.1237 Info InteractiveDeploymentManager "
    "ValidateCreateSensorAsync returned [validateCreateSensorResult=LicenseInvalid]] [1C60:1AA8]"
    "[2018-03-25T00:27:56]i000: 2018-03-25 03:27:56.7399 Debug SensorBootstrapperApplication Engine.Quit "
    "[deploymentResultStatus=1602 isRestartRequired=False]] [1C60:15B8][2018-03-25T00:27:56]i500: Shutting "
    "down, exit code: 0x642"
)

MSAL_ANDROID_METADATA = (
    "com.microsoft.identity.client.exception.MsalServiceException: IOException while requesting metadata\n"
    "    at com.microsoft.identity.client.internal.controllers.MsalExceptionAdapter."
    "msalExceptionFromBaseException(MsalExceptionAdapter.java:74)\n"
    "    at android.os.Handler.handleCallback(Handler.java:836)"
)


@pytest.mark.parametrize(
    "text",
    [
        ADAL_REFRESH_X509_RETYPED,
        "X509 certificate signed by unknow authority",
        "x509: certificate signed by unknow authority",
        "x509: certificate signed by unknown authority",
    ],
)
def test_go_unknown_authority_retyped_is_tls_untrusted(text):
    assert family_of(text) == "tls-untrusted"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # the misspelling without Go's x509 prefix is too loose to name anything
        ("certificate signed by unknow authority", None),
        # Go's other x509 errors: not an unknown authority
        (
            "x509: certificate has expired or is not yet valid: current time 2024-01-01T00:00:00Z",
            None,
        ),
        (
            "x509: signature algorithm specifies an RSA public key, but have public key of type *ecdsa.PublicKey",
            None,
        ),
    ],
)
def test_go_x509_near_misses_keep_their_answers(text, family):
    assert family_of(text) == family


def test_defender_for_identity_sensor_license_invalid_is_proxy():
    assert family_of(SENSOR_LICENSE_INVALID) == "proxy"


@pytest.mark.parametrize(
    "text",
    [
        "Info InteractiveDeploymentManager ValidateCreateSensorAsync returned [validateCreateSensorResult=Success]]",
        "Info InteractiveDeploymentManager ValidateCreateSensorAsync returned [validateCreateSensorResult=License]]",
        "The license is invalid.",
    ],
)
def test_defender_for_identity_other_results_name_nothing(text):
    assert family_of(text) is None


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (MSAL_ANDROID_METADATA, None),
        (
            MSAL_ANDROID_METADATA
            + "\nCaused by: java.net.SocketTimeoutException: failed to connect to "
            "login.microsoftonline.com/20.190.151.7 (port 443) from /192.168.1.5 (port 40000) after 30000ms",
            "network-timeout",
        ),
        (
            MSAL_ANDROID_METADATA
            + '\nCaused by: java.net.UnknownHostException: Unable to resolve host "login.'
            'microsoftonline.com": No address associated with hostname',
            "network-dns",
        ),
        (
            "> $result = $updateSearcher.Search('IsInstalled=0')\nException from HRESULT: 0x8024401C\n"
            "    + CategoryInfo          : OperationStopped: (:) [], COMException",
            None,
        ),
        (
            'E0820 18:20:00.991120       1 authentication.go:116] "failed to validate credentials" '
            'url="http://akv2k8s-envinjector.akv2k8s.svc:80/auth/ns/pod?secret=s" status="403 Forbidden" '
            "statusCode=403",
            None,
        ),
    ],
)
def test_wordings_that_do_not_show_their_cause(text, family):
    assert family_of(text) == family
