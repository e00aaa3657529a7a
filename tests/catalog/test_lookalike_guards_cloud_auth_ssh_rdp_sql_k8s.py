"""Look-alike guards (session 11 review, cycle J): failures of other causes and other products that
share words with the families (an expired token, a timeout that "elapsed", "forbidden", "Permission
denied", "authentication error", "CredSSP", "capacity", 401 from a package feed, "too many"), each
quoted from the public thread beside it: AWS STS / SDK token expiry, Google OAuth's invalid_grant,
SQL Server's command timeout (SqlCommand.CommandTimeout, not the network), Kubernetes RBAC refusals,
OpenSSH's and RDP's own failures, npm registry 401s, EC2 capacity refusals, PostgreSQL's connection
limit. None is an Azure, Entra ID, WinRM, network or TLS cause the families name, so none may name
one (entra-session-expired named Google's invalid_grant through the hint after it, "If refresh token
has expired", before its phrase was narrowed to Entra ID's and MSAL's own wordings)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

OTHER_CAUSES = [
    # https://github.com/miquella/vaulted/issues/107
    "An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired",
    # https://github.com/aws/aws-cli/issues/4613
    "An error occurred (ExpiredToken) when calling the GetBucketPolicy operation: The provided token has expired.",
    # https://github.com/awslabs/aws-orbit-workbench/issues/707
    "botocore.errorfactory.ExpiredTokenException: An error occurred (ExpiredTokenException) when calling the AssumeRoleWithWebIdentity operation: Token expired: current date/time 1624482533 must be before the expiration date/time1624482335",
    # https://github.com/mapbox/ecs-watchbot/issues/61
    "[Wed, 12 Oct 2016 14:14:51 GMT] [watchbot] ExpiredToken: The security token included in the request is expired\n    at Request.extractError (/usr/local/src/watchbot/node_modules/aws-sdk/lib/protocol/query.js:40:29)",
    # https://github.com/cloudquery/cq-provider-aws/pull/1171
    'lambda.functions: failed to resolve table "aws_lambda_function_concurrency_configs": operation error Lambda: ListProvisionedConcurrencyConfigs, https response error StatusCode: 403, RequestID: xxxx, api error ExpiredTokenException: The security token included in the request is expired',
    # https://github.com/aws-amplify/amplify-backend/pull/1993
    "Failed to list secrets. ExpiredToken: The security token included in the request is expired",
    # https://github.com/FridaSupport/CognitiveTestingMX/issues/74
    "5/29/2020 4:31:39 PM - Connection failed\n5/29/2020 4:31:39 PM - Execution Timeout Expired.  The timeout period elapsed prior to completion of the operation or the server is not responding.\n5/29/2020 4:31:39 PM - DB RunOutputQuery {HSE13_X_Confg.txt} in {myDB} as {output} : Error",
    # https://github.com/itssimple/journal-limpet/issues/13
    "Microsoft.Data.SqlClient.SqlException (0x80131904): Execution Timeout Expired. \nThe timeout period elapsed prior to completion of the operation or the server is not responding.\n---> System.ComponentModel.Win32Exception (258): Unknown error 258",
    # https://github.com/dotnet/SqlClient/issues/2471
    "System.AggregateException: One or more errors occurred. ---> Microsoft.Data.SqlClient.SqlException: Execution Timeout Expired.  The timeout period elapsed prior to completion of the operation or the server is not responding. ---> System.ComponentModel.Win32Exception: The wait operation timed out\n   --- End of inner exception stack trace ---\n   at Microsoft.Data.SqlClient.SqlCommand.EndExecuteNonQueryAsync(IAsyncResult asyncResult)",
    # https://github.com/Navegate/Navegate/issues/42
    "Error: Timeout expired. The timeout period elapsed prior to completion of the operation or the server is not responding.",
    # https://github.com/kubernetes-sigs/cluster-api/issues/1600
    'Failed to list *v1.ConfigMap: configmaps is forbidden: User "system:serviceaccount:capi-system:default" cannot list resource "configmaps" in API group "" at the cluster scope',
    # https://github.com/vmware-archive/kubewatch/issues/95
    'E0418 04:56:17.489683       1 reflector.go:201] github.com/skippbox/kubewatch/pkg/controller/controller.go:147: Failed to list *v1.Pod: pods is forbidden: User "system:serviceaccount:default:default" cannot list pods at the cluster scope',
    # https://github.com/StarRocks/starrocks-kubernetes-operator/issues/512
    '2024-04-19T10:47:10.774+0800\tERROR\tmain\tunable to set up warehouse reconciler\t{"error": "starrockswarehouses.starrocks.com is forbidden: User \\"system:serviceaccount:starrocks:starrocks\\" cannot list resource \\"starrockswarehouses\\" in API group \\"starrocks.com\\" at the cluster scope"}',
    # https://github.com/GoogleCloudPlatform/gke-autoneg-controller/issues/64
    'E0727 18:09:24.891173       1 leaderelection.go:306] error retrieving resource lock autoneg-system/controller-leader-election-helper: configmaps "controller-leader-election-helper" is forbidden: User "system:serviceaccount:autoneg-system:autoneg" cannot get resource "configmaps" in API group "" in the namespace "autoneg-system"',
    # https://github.com/nickola/web-console/issues/18
    "Host key verification failed.",
    # https://github.com/Burnett01/rsync-deployments/issues/39
    "kex_exchange_identification: Connection closed by remote host\nConnection closed by X.X.X.X port ***\nrsync: connection unexpectedly closed (0 bytes received so far) [sender]\nrsync error: unexplained error (code 255) at io.c(228) [sender=3.2.4]",
    # https://github.com/jumpserver/jumpserver/issues/74
    "SSH Error: Permission denied (publickey,gssapi-keyex,gssapi-with-mic).\n    while connecting to 172.16.0.68:22\nIt is sometimes useful to re-run the command using -vvvv, which prints SSH debug output to help diagnose the issue.",
    # https://github.com/rocketeers/rocketeer/issues/770
    "\\\nHost key verification failed.\\\\r\\\nlost connection",
    # https://github.com/confluentinc/mcp-confluent/issues/150
    '906 verbose stack HttpErrorAuthUnknown: Unable to authenticate, need: Bearer realm="confluent/confluent-npm", Basic realm="confluent/confluent-npm"\n907 verbose statusCode 401\n909 error code E401\n910 error Unable to authenticate, your authentication token seems to be invalid.\n911 error To correct this please try logging in again with:\n911 error   npm login',
    # https://github.com/0Shark/live-interview/issues/3
    "npm error code E401\nnpm error Incorrect or missing password.\nnpm error If you were trying to login, change your password, create an\nnpm error authentication token or enable two-factor authentication then\nnpm error that means you likely typed your password in incorrectly.",
    # https://github.com/parmsang/gatsby-starter-ecommerce/issues/47
    'npm ERR! code E401\nnpm ERR! Unable to authenticate, need: BASIC realm="Sonatype Nexus Repository Manager"',
    # https://github.com/microsoft/azure-pipelines-tasks/issues/10967
    "2019-07-25T11:38:16.6030859Z npm http fetch GET 401 https://pkgs.dev.azure.com/yyyyyyy/_packaging/ZZZ/npm/registry/@progress%2fkendo-angular-dropdowns 47ms",
    # https://github.com/commonwarexyz/monorepo/issues/2859
    'ERROR deployer: failed to create EC2 deployment error=AwsEc2(Unhandled(Unhandled { source: ErrorMetadata { code: Some("InsufficientInstanceCapacity"), message: Some("We currently do not have sufficient t4g.xlarge capacity in the Availability Zone you requested (eu-north-1a). Our system will be working on provisioning additional capacity.")',
    # https://github.com/red-hat-storage/ocs-ci/issues/9263
    "level=error msg=Error: creating EC2 Instance: InsufficientInstanceCapacity: We currently do not have sufficient m6i.xlarge capacity in the Availability Zone you requested (us-east-2a). Our system will be working on provisioning additional capacity. You can currently get m6i.xlarge capacity by not specifying an Availability Zone in your request or choosing us-east-2b, us-east-2c.\nlevel=error msg=\tstatus code: 500, request id: 889de2c1-f2f8-460c-a127-847a8493109a",
    # https://github.com/skyplane-project/skyplane/issues/299
    "01:05:03 [WARN]  An error occurred (InsufficientInstanceCapacity) when calling the RunInstances operation (reached max retries: 4): We currently do not have sufficient m5.8xlarge capacity in the Availability Zone you requested (us-west-1a).",
    # https://github.com/hardwario/gupload/issues/5
    '{\n  "error": "invalid_grant",\n  "error_description": "Token has been expired or revoked."\n}\nIf refresh token has expired, then use --oauth-refetch-refresh-token to refetch refresh token',
    # https://github.com/pulumi/pulumi-gcp/issues/479
    'error: getting secrets manager: secrets (code=Unknown): rpc error: code = Unauthenticated desc = transport: oauth2: cannot fetch token: 400 Bad Request\nResponse: {\n  "error": "invalid_grant",\n  "error_description": "reauth related error (rapt_required)",\n  "error_subtype": "rapt_required"\n}',
    # https://github.com/googleworkspace/python-samples/issues/1644
    'google.auth.exceptions.RefreshError: (\'invalid_grant: Invalid JWT Signature.\', \'{\n "error": "invalid_grant",\n "error_description": "Invalid JWT Signature."\n}\')',
    # https://github.com/googleapis/google-cloud-python/issues/15087
    "google.api_core.exceptions.Unauthenticated: 401 Request had invalid authentication credentials",
    # https://github.com/leafo/pgmoon/issues/47
    "2016-12-20 11:14:09 CST [25669-1] mqtt@test_mqtt FATAL:  sorry, too many clients already\n2016-12-20 11:14:09 CST [25667-1] mqtt@test_mqtt FATAL:  remaining connection slots are reserved for non-replication superuser connections",
    # https://github.com/openstate/open-raadsinformatie/issues/198
    "(psycopg2.OperationalError) FATAL: sorry, too many clients already (Background on this error at: http://sqlalche.me/e/e3q8)",
    # https://github.com/lncapital/torq/issues/1
    'Object { description: "pq: remaining connection slots are reserved for non-replication superuser connections", code: "", attributes: null }',
    # https://github.com/AcuGIS/OpenTileServer/issues/21
    "Connection to database failed: FATAL:  remaining connection slots are reserved for non-replication superuser connections",
    # https://github.com/stascorp/rdpwrap/issues/480
    "An authentication error has occurred.\nThe function requested is not supported.\nRemote computer: [computername]\nThis could be due to CredSSP encryption oracle remediation.\nFor more information, see https://go.microsoft.com/fwlink/?linkid=866660",
    # https://github.com/ansible-lockdown/Windows-2022-CIS/issues/65
    "Remote Desktop Connection\nAn authentication error has occurred. The function is not supported.\nRemote Computer: [ip address] \nThis could be due to CredSSP encryption oracle remediation.",
    # https://github.com/3gstudent/SharpRDPCheck/issues/1
    "The server requires that the client support Enhanced RDP Security with CredSSP",
    # https://github.com/neutrinolabs/xrdp/issues/1083
    "An internal error has occured.",
    # client-certificate rejections, HTTP answers about TLS, Go test timeouts, and more of the above
    # https://github.com/traefik/traefik/issues/6312
    "level=debug msg=\"'502 Bad Gateway' caused by: remote error: tls: bad certificate\"",
    # https://github.com/chromium/badssl.com/issues/546
    "<head><title>400 No required SSL certificate was sent</title></head>",
    # https://github.com/chromium/badssl.com/issues/546
    "<center><h1>400 Bad Request</h1></center>\n<center>The SSL certificate error</center>",
    # https://github.com/bcgit/bc-java/issues/1762
    "org.bouncycastle.tls.TlsFatalAlertReceived: handshake_failure(40)",
    # https://github.com/gdt-dev/gdt/issues/37
    "[gdt] [happy-path] wait: 10m before\npanic: test timed out after 10m0s\nrunning tests:\n        TestKubernetesClusterHappyPath (10m0s)\n        TestKubernetesClusterHappyPath/happy-path (10m0s)\n\ngoroutine 114 [running]:\ntesting.(*M).startAlarm.func1()\n        /usr/local/go/src/testing/testing.go:2366 +0x385",
    # https://github.com/ipfs/gateway-conformance/issues/46
    "=== RUN   TestGatewayTar/GET_TAR_has_expected_root_directory\npanic: test timed out after 10m0s\nrunning tests:\n\tTestGatewayTar (9m52s)",
    # https://github.com/fybrik/fybrik/issues/2077
    "CI tests fail with `panic: test timed out after 10m0s`",
    # https://github.com/submariner-io/submariner/issues/593
    "go test suite was abruptly stopping the test execution with PANIC as the tests could not be completed in the default 10 mins duration.",
    # https://github.com/cloud-custodian/cloud-custodian/issues/9216
    "region:us-east-1 error:An error occurred (ExpiredToken) when calling the AssumeRole operation: The security token included in the request is expired\nregion:us-east-1 error:An error occurred (ExpiredTokenException) when calling the GetFunction operation: The security token included in the request is expired",
    # https://github.com/ansible/ansible/issues/19584
    "Failed to connect to the host via ssh: Permission denied (publickey,password).",
    # https://github.com/Terminals-Origin/Terminals/issues/184
    "An authentication error has occurred and the required function is not supported",
    # https://github.com/bin456789/reinstall/issues/343
    "出现身份验证错误。要求的函数不受支持。可能是由于CredSSP加密数据库修正。",
    # https://github.com/apecloud/kubeblocks/issues/7904
    'W0731 06:08:51.207328       1 reflector.go:535] pkg/mod/k8s.io/client-go@v0.28.3/tools/cache/reflector.go:229: failed to list *v1.Deployment: deployments.apps is forbidden: User "system:serviceaccount:kb-system:kubeblocks" cannot list resource "deployments" in API group "apps" at the cluster scope',
    # https://github.com/microsoft/genaiscript/issues/1846
    "npm error code E401\nnpm error Unable to authenticate, your authentication token seems to be invalid.\nnpm error To correct this please try logging in again with:\nnpm error   npm login",
    # https://github.com/nminaya/grammar-nazi-bot/issues/354
    "Microsoft.Data.SqlClient.SqlException (0x80131904): Execution Timeout Expired.  The timeout period elapsed prior to completion of the operation or the server is not responding.\n ---> System.ComponentModel.Win32Exception (258): Unknown error 258\nClientConnectionId:2aa91a26-338c-4a05-a867-af9239d1ff97\nError Number:-2,State:0,Class:11",
    # https://github.com/puckel/docker-airflow/issues/430
    "webserver exists , FATAL: sorry, too many clients already",
    # https://github.com/scylladb/scylla-cluster-tests/issues/5119
    "botocore.exceptions.ClientError: An error occurred (InsufficientInstanceCapacity) when calling the RunInstances operation (reached max retries: 4): We currently do not have sufficient im4gn.xlarge capacity in the Availability Zone you requested (us-east-1c). Our system will be working on provisioning additional capacity.",
]


@pytest.mark.parametrize("wording", OTHER_CAUSES)
def test_other_cause_names_no_family(wording: str) -> None:
    assert family_of(wording) is None
