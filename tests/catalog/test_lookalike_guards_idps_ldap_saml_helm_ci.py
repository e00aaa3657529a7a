"""Look-alike guards: other products' sign-in, directory, deployment and CI failures that share
words with the families (NotAuthorizedException, Invalid login token, Token expired, invalid_grant,
refresh token ... expired, revoked, Invalid Credentials, You do not have enough permissions,
Unauthorized, 401, already exists, existing resource conflict, canceled, maximum execution time)
and name none of them: AWS Cognito user pools, Google Sign-In for the web, SAML service-provider
libraries (node-saml, java-saml, python3-saml), Active Directory's LDAP bind refusals (80090308
AcceptSecurityContext data 52e/525) through ldapjs, go-ldap, Novell LDAP, Spring LDAP and PHP,
Helm's release conflicts, kubectl's 401, GitHub Actions runners' cancellations and time limits,
Duo, PingFederate and Salesforce OAuth answers. Each text is quoted from the public thread beside
it (the catalog review's look-alike probe; all pass at the commit that adds this file)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

OTHER_PRODUCTS = [
    # https://github.com/qqaatw/JciHitachiHA/issues/33
    "2022-11-02 13:14:58.302 ERROR (Dummy-5) [JciHitachi.aws_connection] An error occurred when acquiring a new AwsCredentials: NotAuthorizedException Invalid login token. Token expired: 1667365798 >= 1667235770",
    # https://github.com/amazon-archives/amazon-cognito-identity-js/issues/336
    "Change Password throwing error: NotAuthorizedException: Incorrect username or password",
    # https://github.com/furaiev/amazon-cognito-identity-dart-2/issues/157
    "Unhandled Exception: CognitoClientException{statusCode: 400, code: NotAuthorizedException, name: NotAuthorizedException, message: Incorrect username or password.}",
    # https://github.com/amazon-archives/amazon-cognito-identity-js/issues/91
    '{"__type":"NotAuthorizedException","message":"Invalid login token. Couldn\'t verify signed token."}',
    # https://github.com/pmill/aws-cognito/issues/42
    'Fatal error: Uncaught exception \'Aws\\CognitoIdentityProvider\\Exception\\CognitoIdentityProviderException\' with message \'Error executing "AdminInitiateAuth" on "https://cognito-idp.eu-west-2.amazonaws.com"; AWS HTTP error: Client error: `POST https://cognito-idp.eu-west-2.amazonaws.com` resulted in a `400 Bad Request` response:\n{"__type":"NotAuthorizedException","message":"Unable to verify secret hash for client 2od40<snip>rf9crnnej"}',
    # https://github.com/ellaisys/aws-cognito/issues/94
    'Error executing "AdminInitiateAuth" on "https://cognito-idp.us-east-1.amazonaws.com"; AWS HTTP error: Client error: `POST https://cognito-idp.us-east-1.amazonaws.com` resulted in a `400 Bad Request` response: {"__type":"NotAuthorizedException","message":"Incorrect username or password."} NotAuthorizedException (client): Incorrect username or password.',
    # https://github.com/aws-amplify/aws-sdk-ios/issues/1409
    "Not Authorized Exception Invalid refresh Token - AWS Cognito",
    # https://github.com/google/google-api-javascript-client/issues/812
    "Uncaught {error: 'idpiframe_initialization_failed', details: 'R'}",
    # https://github.com/google/google-api-javascript-client/issues/811
    'the google credentials popup appears and then after validate the user mail, it closes and show this error on browser console :\nerror: "popup_closed_by_user"  instead to login the user account.',
    # https://github.com/node-saml/node-saml/issues/436
    "rejected: `No valid subject confirmation found among those available in the SAML assertion`",
    # https://github.com/SAML-Toolkits/java-saml/issues/275
    "`Signature validation failed. SAML Response rejected` error",
    # https://github.com/SAML-Toolkits/python3-saml/issues/133
    "'Invalid SAML Response. Not match the saml-schema-protocol-2.0.xsd'",
    # https://github.com/shaozi/ldap-authentication/issues/37
    "80090308: LdapErr: DSID-0C090446, comment: AcceptSecurityContext error, data 52e, v4563\\x00",
    # https://github.com/dsbenghe/Novell.Directory.Ldap.NETStandard/issues/196
    'i am getting ""Invalid Credentials" error and but the username and password is correct.\n\nInner exception:80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v2580',
    # https://github.com/ldapjs/node-ldapjs/issues/208
    "InvalidCredentialsError: 80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1",
    # https://github.com/go-ldap/ldap/issues/469
    'LDAP Result Code 49 \\"Invalid Credentials\\": 80090308: LdapErr: DSID-0C090447, comment: AcceptSecurityContext error, data 52e, v3839\\u0000"',
    # https://github.com/nuxsmin/sysPass/issues/1099
    "Connection error (BIND)\nInvalid credentials (49)\n2018-11-14 04:00:55 [EXCEPTION] [N/A] Connection error (BIND)\n#0 /var/www/html/lib/SP/Providers/Auth/Ldap/LdapConnection.php(114): SP\\Providers\\Auth\\Ldap\\LdapConnection->bind()",
    # https://github.com/reportportal/reportportal/issues/1953
    "An error occurred while connecting to server: You do not have enough permissions. [LDAP: error code 49 - 80090308: LdapErr: DSID-0C090439, comment: AcceptSecurityContext error, data 52e, v4563]; nested exception is javax.naming.AuthenticationException: [LDAP: error code 49 - 80090308: LdapErr: DSID-0C090439, comment: AcceptSecurityContext error, data 52e, v4563]",
    # https://github.com/vatesfr/xen-orchestra/issues/3846
    'Code:  -32000 Message:  unknown error from the peer\n"message": "80090308: LdapErr: DSID-0C090400, comment: AcceptSecurityContext error, data 52e, v1db1\\u0000",\n"stack": "InvalidCredentialsError: 80090308: LdapErr: DSID-0C090400, comment: AcceptSecurityContext error, data 52e, v1db1\\u0000\n    at messageCallback (/etc/xo/xo-builds/xen-orchestra-201909010936/node_modules/ldapjs/lib/client/client.js:1419:45)',
    # https://github.com/Octopussy-Project/Octopussy/issues/532
    "DSID-0C090334, comment: AcceptSecurityContext error, data 525, vece",
    # https://github.com/jsumners/node-activedirectory/issues/43
    'ERROR: {"lde_message":"80090308: LdapErr: DSID-0C09042F, comment: AcceptSecurityContext error, data 52e, v2580\\u0000","lde_dn":null}',
    # https://github.com/helm/helm/issues/11122
    "Warning  FailedReleaseSync  4m22s (x7 over 58m)  helm-operator  synchronization of release '' in namespace '' failed: installation failed: rendered manifests contain a resource that already exists. Unable to continue with install: existing resource conflict: namespace: name_space, name: helm_name, existing_kind: /v1, Kind=Service, new_kind: /v1, Kind=Service",
    # https://github.com/helm/helm/issues/7788
    'ts=2020-03-20T17:14:14.437960577Z caller=release.go:216 component=release release=prometheus-operator targetNamespace=monitoring resource=monitoring:helmrelease/prometheus-operator helmVersion=v3 error="Helm release failed" revision=8.12.3 err="failed to upgrade chart for release [prometheus-operator]: rendered manifests contain a resource that already exists. Unable to continue with install: existing resource conflict: kind: PrometheusRule, namespace: monitoring, name: prometheus-operator-node-time"\nts=2020-03-20T17:14:14.448558466Z caller=release.go:227 component=release release=prometheus-operator targetNamespace=monitoring resource=monitoring:helmrelease/prometheus-operator helmVersion=v3 error="Helm uninstall failed" err="failed to uninstall release \'prometheus-operator\': uninstall: Release not loaded: prometheus-operator: release: not found"',
    # https://github.com/helm/helm/issues/8513
    "Error: rendered manifests contain a resource that already exists. Unable to continue with install: could not get information about the resource: resource name may not be empty",
    # https://github.com/fluxcd/helm-controller/issues/231
    '{"level":"error","ts":"2021-03-12T08:44:44.246Z","logger":"controller.helmrelease","msg":"Reconciler error","reconciler group":"helm.toolkit.fluxcd.io","reconciler kind":"HelmRelease","name":"strimzi","namespace":"strimzi","error":"Helm install failed: rendered manifests contain a resource that already exists. Unable to continue with install: ServiceAccount \\"strimzi-cluster-operator\\" in namespace \\"strimzi\\" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key \\"app.kubernetes.io/managed-by\\": must be set to \\"Helm\\""}',
    # https://github.com/helm/helm/issues/5878
    'At first, it outputs "Error: release test failed: services "test" already exists"',
    # https://github.com/kubernetes/kubernetes/issues/127720
    'I0929 11:41:14.795976  551862 request.go:1351] Response Body: {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}\nerror: You must be logged in to the server (Unauthorized)',
    # https://github.com/canonical/microk8s/issues/1626
    "However, in kubeclt I get this: \nerror: You must be logged in to the server (Unauthorized)",
    # https://github.com/kubernetes/minikube/issues/4353
    "2019/05/25 01:11:28 No matching credentials were found, falling back on anonymous\n$ kubectl get pods\nerror: You must be logged in to the server (Unauthorized)",
    # https://github.com/actions/runner/issues/2323
    "Frequent intermittent failure `Error: The operation was canceled.` which stops Github Actions job",
    # https://github.com/lowlighter/metrics/issues/731
    "The job running on runner GitHub Actions 3 has exceeded the maximum execution time of 360 minutes.",
    # https://github.com/actions/runner/issues/685
    "The job running on runner ghrunner-yza3xr has exceeded the maximum execution time of 360.",
    # https://github.com/actions/runner-images/issues/11858
    "The operation was canceled.\n\nDeploy-Preview\nThe runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled.\nDeploy-Preview\nThe operation was canceled.",
    # https://github.com/sclorg/testing-farm-as-github-action/issues/209
    "Request was canceled on user request.",
    # https://github.com/actions/runner-images/issues/9807
    "The request was cancelled by the remote provider",
    # https://github.com/duosecurity/duo_universal_php/issues/6
    "invalid_grant: The provided authorization grant (e.g., authorization code) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
    # https://github.com/alvarop/dkbc/issues/1
    "request https://sso.digikey.com/as/token.oauth2\n{'error_description': 'No attributes found in the context of this grant.', 'error': 'invalid_grant'}",
    # https://github.com/FreshSupaSulley/Auto-2FA/issues/4
    "Duo denied handling request at /push/v2/device/transactions (was the device deleted?)",
    # https://github.com/jsforce/jsforce/issues/482
    "{ [invalid_grant: authentication failure] name: 'invalid_grant' } error while trying to retrieve accesstoken and refreshtoken",
    # https://github.com/javsalgar/rbac-online-talk/issues/1
    "[app128.dvb401:/home/users/ashish.chalak/.certs/kubernetes/achalak]$ kubectl get pods\nerror: You must be logged in to the server (Unauthorized)",
]


@pytest.mark.parametrize("text", OTHER_PRODUCTS)
def test_another_products_failure_names_no_family(text):
    assert family_of(text) is None
