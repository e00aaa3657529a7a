"""Look-alike guards (session 10 review): real failure texts of OTHER causes that share words with
the families (sign-in, expiry, refusal, timeout, certificate, quota) and that no family may name.
Each text is quoted from the public thread beside it (the product's own message; user names,
hosts and identifiers as the thread shows them). A family named for any of them is an
over-match: the text's cause is the other product's own (a database login, an RBAC rule, a
package feed's credentials, a query that ran too long), which no family's advice fixes."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

LOOKALIKES = [
    # --- OAuth / identity providers other than Entra ID ---
    # https://github.com/marcospereirampj/python-keycloak/issues/339 (Keycloak: authorization code)
    '{"error": "invalid_grant", "error_description": "Code not valid"}',
    # https://github.com/keycloak/keycloak/issues/13357 (Keycloak adapter)
    "ERROR 25 --- [nio-8080-exec-2] o.k.adapters.OAuthRequestAuthenticator   : failed to turn code into token\n"
    "ERROR 25 --- [nio-8080-exec-2] o.k.adapters.OAuthRequestAuthenticator   : status from server: 400\n"
    'ERROR 25 --- [nio-8080-exec-2] o.k.adapters.OAuthRequestAuthenticator   :    {"error":"invalid_grant",'
    '"error_description":"Code not valid"}',
    # https://github.com/mauriciovigolo/keycloak-angular/issues/464 (Keycloak: code reused)
    "WARN  [org.keycloak.protocol.oidc.utils.OAuth2CodeParser] (executor-thread-27) Code"
    " 'b199dad6-06c2-4e3d-9054-ebff4d96b459' already used for userSession"
    " '463987a6-5ab5-484b-b12a-24ee20abb1da' and client '9f330c7c-4985-4c0c-8185-8932b9fa7297'.",
    # https://github.com/marcospereirampj/python-keycloak/issues/207
    'keycloak.exceptions.KeycloakGetError: 400: b\'{"error":"invalid_grant",'
    '"error_description":"Incorrect redirect_uri"}\'',
    # https://github.com/googleworkspace/python-samples/issues/1644 (Google OAuth refresh token)
    "google.auth.exceptions.RefreshError: ('invalid_grant: Token has been expired or revoked.',"
    " {'error': 'invalid_grant', 'error_description': 'Token has been expired or revoked.'})",
    # https://github.com/googleapis/google-auth-library-python/issues/1043
    "google.auth.exceptions.RefreshError: ('invalid_grant: Bad Request', '{\\n  \"error\":"
    ' "invalid_grant",\\n  "error_description": "Bad Request"\\n}\')',
    # https://github.com/mbegan/Okta-PSModule/issues/65 (Okta API token)
    "Write-Error:  errorCode: E0000011; errorSummary: Invalid token provided; errorId:"
    " oae5F52UwRnQsOUuKlNn7nhkw  causes:\n"
    "WARNING: Microsoft.PowerShell.Commands.HttpResponseException : Unauthorized\n"
    "WARNING: Response status code does not indicate success: 401 (Unauthorized).",
    # https://github.com/craibo/ha-red-energy-au/issues/25 (Okta authentication state)
    "Okta authentication failed - HTTP 403: This operation is not allowed in the current"
    " authentication state. (Code: E0000079).",
    # --- AWS ---
    # https://github.com/aws-samples/aws-iot-twinmaker-samples/issues/147
    "botocore.exceptions.ClientError: An error occurred (ExpiredToken) when calling the CreateRole"
    " operation: The security token included in the request is expired",
    # https://github.com/cfn-sphere/cfn-sphere/issues/55
    "AWS API Error: BotoServerError: 403 Forbidden\n"
    '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\n  <Error>\n'
    "    <Type>Sender</Type>\n    <Code>ExpiredToken</Code>\n"
    "    <Message>The security token included in the request is expired</Message>\n  </Error>\n"
    "  <RequestId>689b4496-ca92-11e5-9a31-4932678efe5c</RequestId>\n</ErrorResponse>",
    # https://github.com/romange/helio/issues/15 (S3)
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>ExpiredToken</Code><Message>The provided'
    " token has expired.</Message><RequestId>FOO</RequestId><HostId>BARR</HostId></Error>",
    # https://github.com/jrl84/amazon-sp-api/issues/57
    "The security token included in the request is invalid",
    # --- SSH, RDP ---
    # https://github.com/kaist-cp/cs220/issues/35
    "Cloning into 'cs220'...\ngit@github.com: Permission denied (publickey).\n"
    "fatal: Could not read from remote repository.\n\nPlease make sure you have the correct access"
    " rights\nand the repository exists.",
    # https://github.com/snowdrop/k8s-infra/issues/235 (Ansible)
    'fatal: [h01-121]: FAILED! => {"changed": false, "elapsed": 389, "msg": "timed out waiting for'
    ' ping module test success: Failed to connect to the host via ssh: Host key verification failed."}',
    # https://github.com/FreeRDP/FreeRDP/issues/7975
    "[WARN][com.freerdp.core.nla] - SPNEGO received NTSTATUS: STATUS_LOGON_FAILURE [0xC000006D] from"
    " server\n[ERROR][com.freerdp.core] - nla_recv_pdu:freerdp_set_last_error_ex"
    " ERRCONNECT_LOGON_FAILURE [0x00020014]\n[ERROR][com.freerdp.core.rdp] - rdp_recv_callback:"
    " CONNECTION_STATE_NLA - nla_recv_pdu() fail",
    # https://github.com/FreeRDP/FreeRDP/issues/4502
    "[ERROR][com.freerdp.core] - freerdp_set_last_error ERRCONNECT_PASSWORD_CERTAINLY_EXPIRED"
    " [0x0002000F]",
    # https://github.com/FreeRDP/FreeRDP/issues/2077
    "credssp_recv() error: -1\nfreerdp_set_last_error 0x20009\nAuthentication failure, check"
    " credentials.\nIf credentials are valid, the NTLMSSP implementation may be to blame.\n"
    "Error: protocol security negotiation or connection failure",
    # https://github.com/mRemoteNG/mRemoteNG/issues/875
    "RDP disconnected!\n2825 The remote computer requires Network Level Authentication, which your"
    " computer does not support. For assistance, contact your system administrator or technical"
    " support.",
    # --- databases and brokers with their own causes ---
    # https://github.com/mirromutth/mysql-action/issues/3
    "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)",
    # https://github.com/NamelessMC/Nameless/issues/368
    "SQLSTATE[28000] [1045] Access denied for user 'u500224313_netsw'@'10.2.1.9' (using password: YES)",
    # https://github.com/adamlofts/mysql1_dart/issues/44
    "Error 1130 (ost '): 192.168.1.5' is not allowed to connect to this MariaDB server",
    # https://github.com/microsoft/sql-server-samples/issues/1392
    "Cannot connect to Mubashir.\n\nLogin failed for user 'sa'. (Microsoft SQL Server, Error: 18456)",
    # https://github.com/microsoft/mssql-docker/issues/506
    "Logon       Error: 18456, Severity: 14, State: 7.\n"
    "Logon       Login failed for user 'sa'. Reason: An error occurred while evaluating the"
    " password. [CLIENT: 172.18.0.3]\n"
    "Microsoft.Data.SqlClient.SqlException (0x80131904): Login failed for user 'sa'.",
    # https://github.com/rabbitmq/rabbitmq-server/issues/2309
    "RabbitMQ.Client.Exceptions.BrokerUnreachableException: None of the specified endpoints were"
    " reachable ---> RabbitMQ.Client.Exceptions.AuthenticationFailureException: ACCESS_REFUSED -"
    " Login was refused using authentication mechanism PLAIN. For details see the broker logfile.",
    # https://github.com/amqp-node/amqplib/issues/237
    'Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - Login was'
    ' refused using authentication mechanism PLAIN. For details see the broker logfile."',
    # https://github.com/redis/ioredis/issues/1086
    "ReplyError: NOAUTH Authentication required.",
    # https://github.com/redis/redis/issues/3946
    "Connection: Connection error: The remote host closed the connection\n"
    "Connection: Connection error on AUTH: Execution timeout",
    # --- quota, SKU and capacity refusals of other clouds ---
    # https://github.com/mesosphere-backup/terraform-dcos/issues/61 (GCP)
    "* google_compute_instance.public-agent: Quota 'CPUS' exceeded.  Limit: 8.0 in region us-east1.\n"
    "* google_compute_address.master: Quota 'STATIC_ADDRESSES' exceeded.  Limit: 1.0 in region us-east1.",
    # https://github.com/fastai/course-v3/pull/165
    "ERROR: (gcloud.compute.instances.create) Could not fetch resource:\n"
    " - Quota 'GPUS_ALL_REGIONS' exceeded. Limit: 0.0 globally.",
    # https://github.com/verilog-to-routing/vtr-verilog-to-routing/issues/1874
    '"Quota C2_CPUS exceeded. Limit: 24.0 in region us-west1.". Details: "[{message: "Quota C2_CPUS'
    ' exceeded. Limit: 24.0 in region us-west1.", domain: usageLimits, reason: quotaExceeded}]"',
    # https://github.com/kestra-io/plugin-gcp/issues/698
    "Error Code: UNAVAILABLE, errorSource: COMPUTE_ENGINE, Error Message: The zone"
    " 'projects/airbnb-prices-eu/zones/europe-west4-b' does not have enough resources available to"
    " fulfill the request.  Try a different zone, or try again later.",
    # --- package feeds ---
    # https://github.com/zowe/zowe-cli/issues/445
    'npm ERR! code E401\nnpm ERR! Unable to authenticate, need: Basic realm="Artifactory Realm"',
    # https://github.com/derbyjs/derby-site/issues/66
    "npm ERR! code E401\nnpm ERR! Unable to authenticate, your authentication token seems to be"
    " invalid.\nnpm ERR! To correct this please try logging in again with:\nnpm ERR!     npm login",
    # https://github.com/gak/pygooglechart/issues/18
    "HTTP error 403 while getting http://pygooglechart.slowchop.com/files/download/pygooglechart-0.3.0.tar.gz"
    " (from https://pypi.python.org/simple/pygooglechart/)\nCould not install requirement pygooglechart"
    " because of HTTP error HTTP Error 403: Forbidden for URL"
    " http://pygooglechart.slowchop.com/files/download/pygooglechart-0.3.0.tar.gz",
    # https://github.com/mvo5/unattended-upgrades/issues/241
    "Could not install packages due to an EnvironmentError: 404 Client Error: Not Found for url:"
    " https://pypi.org/simple/unattended-upgrades/",
    # https://github.com/NVIDIA/apex/issues/336
    "Could not fetch URL https://packagecloud.io/github/git-lfs/pypi/simple/pip/: 404 Client Error:"
    " Not Found for url: https://packagecloud.io/github/git-lfs/pypi/simple/pip/ - skipping",
    # --- Kubernetes RBAC ---
    # https://github.com/cloudtty/cloudtty/issues/469
    'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:default"'
    ' cannot list resource "pods" in API group "" in the namespace "default"',
    # https://github.com/GluuFederation/cloud-native-edition/issues/543
    'HTTP response body: {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",'
    '"message":"pods is forbidden: User \\"system:serviceaccount:gluu:default\\" cannot list resource'
    ' \\"pods\\" in API group \\"\\" in the namespace \\"gluu\\"","reason":"Forbidden",'
    '"details":{"kind":"pods"},"code":403}',
    # https://github.com/mikkeloscar/pdb-controller/issues/31
    'level=error msg="namespaces is forbidden: User \\"system:serviceaccount:kube-system:pdb-controller\\"'
    ' cannot list resource \\"namespaces\\" in API group \\"\\" at the cluster scope"',
    # --- client-certificate rejections ---
    # https://github.com/kubernetes/ingress-nginx/issues/7176
    "400 Bad Request\nNo required SSL certificate was sent\nnginx/1.19.2",
    # https://github.com/chromium/badssl.com/issues/131
    "Certificate-based authentication failed\nERR_BAD_SSL_CLIENT_AUTH_CERT\nThis server requires a"
    " certificate for authentication, and didn't accept the one sent by the browser.",
    # --- certificate expiry (the validity condition: recognised, never a family's name) ---
    # https://github.com/spring-attic/spring-authorization-server/issues/2073 (an expired certificate)
    "Caused by: sun.security.validator.ValidatorException: PKIX path validation failed:"
    " java.security.cert.CertPathValidatorException: validity check failed\n"
    "\tat java.base/sun.security.validator.PKIXValidator.doValidate(PKIXValidator.java:318) ~[na:na]",
    # https://github.com/ostafen/xdcc-cli/issues/4
    "x509: certificate has expired or is not yet valid: current time 2023-01-28T09:08:05+01:00 is"
    " after 2023-01-08T09:42:48Z .",
    # --- application-level timeouts ---
    # https://github.com/dotnet/SqlClient/issues/647
    "Microsoft.Data.SqlClient.SqlException (0x80131904): Execution Timeout Expired.  The timeout"
    " period elapsed prior to completion of the operation or the server is not responding.\n"
    " ---> System.ComponentModel.Win32Exception (258): Unknown error 258\n"
    "   at Microsoft.Data.SqlClient.SqlCommand.<>c.<ExecuteDbDataReaderAsync>b__164_0(Task`1 result)",
    # https://github.com/SparkDevNetwork/Rock/issues/1144
    "System.Data.SqlClient.SqlException\t.Net SqlClient Data Provider\tTimeout expired. The timeout"
    " period elapsed prior to completion of the operation or the server is not responding.",
    # https://github.com/dotnet/SqlClient/issues/2471
    "Microsoft.Data.SqlClient.SqlException: Execution Timeout Expired.  The timeout period elapsed"
    " prior to completion of the operation or the server is not responding. --->"
    " System.ComponentModel.Win32Exception: The wait operation timed out\n"
    "   at Microsoft.Data.SqlClient.SqlCommand.EndExecuteNonQueryAsync(IAsyncResult asyncResult)",
    # https://github.com/jestjs/jest/issues/14695
    'thrown: "Exceeded timeout of 15000 ms for a test.\n'
    'Use jest.setTimeout(newTimeout) to increase the timeout value, if this is a long-running test."',
    # https://github.com/jestjs/jest/issues/12035 (Puppeteer)
    "TimeoutError: Element .breadcrumb-container not found\n"
    "    waiting for function failed: timeout 600ms exceeded",
    # https://github.com/RichardStark/fullstack-hy2020.github.io/pull/42
    '"Exceeded timeout of 5000 ms for a hook.Use jest.setTimeout(newTimeout) to increase the timeout'
    ' value, if this is a long-running test."',
    # https://github.com/siteserver/cms/issues/3496
    '{"message":"Timeout expired. The timeout period elapsed prior to completion of the operation or'
    ' the server is not responding.","addDate":"2022-10-31 11:19:12"}',
    # --- more identity and feed refusals ---
    # https://github.com/carvel-dev/kapp/issues/71
    'Pod watching error: pods is forbidden: User "deploy-manager" cannot list resource "pods" in API'
    ' group "" at the cluster scope',
    # https://github.com/php-amqplib/php-amqplib/issues/273 (the broker's log)
    "closing AMQP connection <0.506.0> (127.0.0.1:48722 -> 127.0.0.1:5672):\n"
    "{handshake_error,starting,0,\n{amqp_error,access_refused,\n"
    "\"AMQPLAIN login refused: user 'rabbit' - invalid credentials\",\n'connection.start_ok'}}",
    # https://github.com/npm/npm/issues/7744
    "42 error code E401\n43 error Request was not authorized : pipeline-routing",
    # https://github.com/eclipse-sirius/sirius-web/issues/1786
    'code E401\nnpm ERR! Unable to authenticate, need: Basic realm="GitHub Package Registry"',
    # https://github.com/ESGF/esgf-installer/issues/217 is a refused local socket (network-refused's,
    # see the note below); MySQL's socket file missing names nothing:
    # https://github.com/mirromutth/mysql-action/issues/3
    "ERROR 2002 (HY000): Can't connect to local MySQL server through socket"
    " '/var/run/mysqld/mysqld.sock' (2)",
    # https://github.com/mochajs/mocha/issues/4268 (Mocha's test timer, axios's words)
    'Error: Timeout of 3000ms exceeded. For async tests and hooks, ensure "done()" is called; if'
    " returning a Promise, ensure it resolves.",
    # https://github.com/hubotio/hubot-mock-adapter/issues/18
    'Error: Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called; if'
    " returning a Promise, ensure it resolves. (E:\\chatbots\\test\\test-bot\\test\\test.js)\n"
    "      at listOnTimeout (internal/timers.js:531:17)\n"
    "      at processTimers (internal/timers.js:475:7)",
    # https://github.com/mochajs/mocha/issues/3010 (Mocha before v4)
    "Error: timeout of 2000ms exceeded. Ensure the done() callback is being called in this test.",
    # --- HTTP 5xx from a service ---
    # https://github.com/rabbitmq/rabbitmq-server/issues/1081
    "RabbitMQ management API call failed: HTTP 500: Internal Server Error",
]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_another_products_own_failure_names_no_family(text):
    assert family_of(text) is None


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # OpenJDK's PKIX wrapper around a trust reason stays the trust failure's (BasicChecker's
        # "signature check failed", PKIXValidator's "unable to find valid certification path")
        (
            "sun.security.validator.ValidatorException: PKIX path validation failed:"
            " java.security.cert.CertPathValidatorException: signature check failed",
            "tls-untrusted",
        ),
        (
            "javax.net.ssl.SSLHandshakeException: PKIX path building failed:"
            " sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid"
            " certification path to requested target",
            "tls-untrusted",
        ),
        # axios's own timeout keeps network-timeout (the words Mocha shares, without its advice)
        ("AxiosError: timeout of 15000ms exceeded", "network-timeout"),
        (
            "Error: timeout of 30000ms exceeded\n    at createError"
            " (/app/node_modules/axios/lib/core/createError.js:16:15)",
            "network-timeout",
        ),
        # a database or cache that refuses the TCP connection is network-refused: nothing listens
        # on that port, which is the family's cause and its check (psql, redis-py)
        (
            'psql: error: connection to server at "localhost" (::1), port 5432 failed: Connection'
            " refused (0x0000274D/10061)\n        Is the server running on that host and accepting"
            " TCP/IP connections?",
            "network-refused",
        ),
        (
            "redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.",
            "network-refused",
        ),
    ],
)
def test_the_look_alikes_neighbours_keep_their_family(text, family):
    assert family_of(text) == family
