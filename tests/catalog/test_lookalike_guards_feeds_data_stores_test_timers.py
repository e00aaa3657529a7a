"""Look-alike guards (session 11 review, cycle K): failures of other products with their own causes
that share words with the families ("timeout ... exceeded", "timed out", "unauthorized",
"authentication failed", "forbidden", "Access denied", "Too Many Requests", "quota", "rate limit",
"deadline exceeded", "expired", "Server Error"), each quoted in the producer's wording from the source
or page beside it (hosts, users and numbers filled in as the product prints them): container
registries and package feeds (Docker, pip, NuGet, Maven, git over HTTPS, apt's expired key), data
stores' and brokers' own authentication and their application-level timers (Kafka, Redis, PostgreSQL
and node-postgres, MongoDB, SQL Server drivers, MySQL, MQTT), test runners' timers (Mocha, Playwright
Test), gRPC status codes, kubectl / Kubernetes quota / Helm, Ansible, Vagrant and OpenSSH, AWS's
IAM, signature and limit errors, Google APIs' 429s, and HTTP 5xx from a service. None is an Azure,
Entra ID, WinRM, network or TLS cause the families name, so none may name one (network-timeout named
Playwright's "Test timeout of <n>ms exceeded" through axios's "timeout of <n>ms exceeded", and
arm-throttling named Google's API 429s through "Too Many Requests", before each was narrowed)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

OTHER_CAUSES = [
    # https://github.com/distribution/distribution/blob/0d6b721dc3ceacb5d678c25b718b2f40a507c2d8/registry/api/errcode/register.go#L40
    'Error response from daemon: Head "https://registry.example.com/v2/team/app/manifests/1.4.2": unauthorized: authentication required',
    # https://github.com/distribution/distribution/blob/0d6b721dc3ceacb5d678c25b718b2f40a507c2d8/registry/api/errcode/register.go#L52
    "The push refers to repository [docker.io/alice/app]\n5f70bf18a086: Preparing\ndenied: requested access to the resource is denied",
    # https://github.com/distribution/distribution/blob/0d6b721dc3ceacb5d678c25b718b2f40a507c2d8/registry/api/errcode/register.go#L147
    "Error response from daemon: manifest for alpine:9.99 not found: manifest unknown: manifest unknown",
    # https://docs.docker.com/docker-hub/download-rate-limit/
    "Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit",
    # https://github.com/mochajs/mocha/blob/e6b9ee773481fd739ae24caeb42f32ac0b010f95/lib/runnable.js#L425
    'Error: Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called; if returning a Promise, ensure it resolves. (/home/runner/work/api/test/users.spec.js)',
    # https://github.com/IBM/sarama/blob/bd98b3aec67780cf514f219ed0342c5c1d9e1b75/errors.go#L396
    "kafka: client has run out of available brokers to talk to: kafka server: SASL Authentication failed",
    # https://github.com/IBM/sarama/blob/bd98b3aec67780cf514f219ed0342c5c1d9e1b75/errors.go#L338
    "kafka server: The client is not authorized to access this topic",
    # https://github.com/IBM/sarama/blob/bd98b3aec67780cf514f219ed0342c5c1d9e1b75/errors.go#L294
    "producer error: kafka server: Request exceeded the user-specified time limit in the request",
    # https://github.com/redis/redis-py/blob/34817ce2a2accc893a81180fe737e0c4f5ac6b0c/redis/_parsers/base.py#L97
    "redis.exceptions.AuthenticationError: invalid username-password pair or user is disabled.",
    # https://github.com/redis/redis-py/blob/34817ce2a2accc893a81180fe737e0c4f5ac6b0c/redis/_parsers/socket.py#L77
    "redis.exceptions.TimeoutError: Timeout reading from socket",
    # https://github.com/grpc/grpc-go/blob/4793ad0474669eafbd5346c8a3d098fdfa542498/internal/status/status.go#L202
    "rpc error: code = DeadlineExceeded desc = context deadline exceeded",
    # https://github.com/grpc/grpc-go/blob/4793ad0474669eafbd5346c8a3d098fdfa542498/internal/status/status.go#L202
    "rpc error: code = PermissionDenied desc = Permission 'secretmanager.versions.access' denied for resource 'projects/my-proj/secrets/db-pass/versions/latest' (or it may not exist).",
    # https://github.com/grpc/grpc-go/blob/4793ad0474669eafbd5346c8a3d098fdfa542498/internal/status/status.go#L202
    "rpc error: code = Unauthenticated desc = Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
    # https://github.com/grpc/grpc-go/blob/4793ad0474669eafbd5346c8a3d098fdfa542498/internal/status/status.go#L202
    "rpc error: code = ResourceExhausted desc = Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'spanner.googleapis.com' for consumer 'project_number:123456789012'.",
    # https://github.com/brianc/node-postgres/blob/c9e57617bc92c2ded23a75345f50eadc527bd131/packages/pg-pool/index.js#L224
    "Error: timeout exceeded when trying to connect\n    at Timeout._onTimeout (/app/node_modules/pg-pool/index.js:224:27)",
    # https://github.com/brianc/node-postgres/blob/c9e57617bc92c2ded23a75345f50eadc527bd131/packages/pg-pool/index.js#L276
    "Error: Connection terminated due to connection timeout\n    at /app/node_modules/pg-pool/index.js:45:11",
    # https://github.com/brianc/node-postgres/blob/c9e57617bc92c2ded23a75345f50eadc527bd131/packages/pg/lib/client.js#L204
    "Error: Connection terminated unexpectedly\n    at Connection.<anonymous> (/app/node_modules/pg/lib/client.js:132:73)",
    # https://github.com/postgres/postgres/blob/master/src/backend/tcop/postgres.c
    "ERROR:  canceling statement due to statement timeout\nSTATEMENT:  SELECT count(*) FROM events WHERE created_at > now() - interval '90 days'",
    # https://github.com/postgres/postgres/blob/master/src/backend/libpq/auth.c
    'psql: error: connection to server at "db.internal" (10.0.0.5), port 5432 failed: FATAL:  password authentication failed for user "app"',
    # https://github.com/postgres/postgres/blob/master/src/backend/libpq/auth.c
    'FATAL:  no pg_hba.conf entry for host "10.0.0.7", user "app", database "orders", SSL off',
    # https://github.com/mongodb/node-mongodb-native/blob/bb35ded18aa1031d8e4be88cad4fc1cc1225b00e/src/sdam/topology.ts#L639
    "MongoServerSelectionError: Server selection timed out after 30000 ms\n    at Topology.selectServer (/app/node_modules/mongodb/lib/sdam/topology.js:278:38)",
    # https://github.com/tediousjs/tedious/blob/a99826d30bad0a70396d67fa3a3d5e7705e29fae/src/connection.ts#L2339
    "RequestError: Timeout: Request failed to complete in 15000ms\n    at Connection.requestTimeout (/app/node_modules/tedious/lib/connection.js:1204:21)",
    # https://github.com/microsoft/mssql-jdbc/blob/34285fd75cc26e84bfe50fc77fd138f31a0b3675/src/main/java/com/microsoft/sqlserver/jdbc/SQLServerResource.java#L58
    "com.microsoft.sqlserver.jdbc.SQLServerException: The query has timed out.\n\tat com.microsoft.sqlserver.jdbc.TDSCommand.checkForInterrupt(IOBuffer.java:7660)",
    # https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html
    "ERROR 1205 (HY000): Lock wait timeout exceeded; try restarting transaction",
    # https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html
    "ERROR 1040 (HY000): Too many connections",
    # https://github.com/eclipse/paho.mqtt.java/blob/9c742c1d83e71132452e08d325e5a90d1631c302/org.eclipse.paho.client.mqttv3/src/main/resources/org/eclipse/paho/client/mqttv3/internal/nls/messages.properties
    "Timed out waiting for a response from the server (32000)\n\tat org.eclipse.paho.client.mqttv3.internal.Token.waitForCompletion(Token.java:94)",
    # https://github.com/ansible/ansible/blob/c9ac477e53a99e95781f333eec3329a935c1bf95/lib/ansible/plugins/connection/ssh.py#L1050
    'fatal: [web1]: FAILED! => {"msg": "Timeout (12s) waiting for privilege escalation prompt: "}',
    # https://github.com/ansible/ansible/blob/c9ac477e53a99e95781f333eec3329a935c1bf95/lib/ansible/plugins/connection/ssh.py#L463
    'fatal: [web1]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: deploy@10.0.0.4: Permission denied (publickey,password).", "unreachable": true}',
    # https://github.com/hashicorp/vagrant/blob/35f3160f4ad6edc3a9f3aa9570adfc1a4d73aaa5/templates/locales/en.yml#L581
    'Timed out while waiting for the machine to boot. This means that\nVagrant was unable to communicate with the guest machine within\nthe configured ("config.vm.boot_timeout" value) time period.\n\nIf you look above, you should be able to see the error(s) that\nVagrant had when attempting to connect to the machine. These errors\nare usually good hints as to what may be wrong.',
    # https://github.com/openssh/openssh-portable/blob/0ef0f5a839831c213f24e3f2ae434765c607fb50/packet.c#L2096
    "Unable to negotiate with 10.0.0.4 port 22: no matching host key type found. Their offer: ssh-rsa,ssh-dss",
    # https://github.com/openssh/openssh-portable/blob/0ef0f5a839831c213f24e3f2ae434765c607fb50/auth.c#L341
    "Received disconnect from 10.0.0.4 port 22:2: Too many authentication failures\nDisconnected from 10.0.0.4 port 22",
    # https://github.com/pypa/pip/blob/6d309205789d368b2749d93fd6193d584811efd5/src/pip/_internal/network/download.py#L389
    "ERROR: HTTP error 403 while getting https://pypi.internal.example.com/packages/acme_lib-2.1.0-py3-none-any.whl",
    # https://github.com/pypa/pip/blob/6d309205789d368b2749d93fd6193d584811efd5/src/pip/_internal/network/auth.py#L568
    "WARNING: 401 Error, Credentials not correct for https://pypi.internal.example.com/simple/acme-lib/\nERROR: Could not find a version that satisfies the requirement acme-lib==2.1.0 (from versions: none)\nERROR: No matching distribution found for acme-lib==2.1.0",
    # https://github.com/NuGet/NuGet.Client/blob/fac35579c8c3c92799361e5695e9f7539b4fd5a2/src/NuGet.Core/NuGet.Protocol/Strings.resx#L226
    "error NU1301: Unable to load the service index for source https://nuget.internal.example.com/v3/index.json.\n  Response status code does not indicate success: 401 (Unauthorized).",
    # https://github.com/NuGet/NuGet.Client/blob/fac35579c8c3c92799361e5695e9f7539b4fd5a2/src/NuGet.Core/NuGet.Protocol/Strings.resx#L226
    "error NU1301: Unable to load the service index for source https://nuget.internal.example.com/v3/index.json.\n  Response status code does not indicate success: 403 (Forbidden).",
    # https://github.com/apache/maven-resolver/blob/26ae4829d1d8eeb5314bd62b6bc966bebf64b590/maven-resolver-transport-apache/src/main/java/org/eclipse/aether/transport/apache/ApacheTransporter.java#L575
    # (Apache HttpClient 4.5's HttpResponseException prints "status code: <n>, reason phrase: <p>")
    "[ERROR] Failed to execute goal on project api: Could not resolve dependencies for project com.acme:api:jar:1.0: Could not transfer artifact com.acme:core:pom:1.0 from/to nexus (https://nexus.example.com/repository/maven-public/): status code: 401, reason phrase: Unauthorized (401)",
    # https://github.com/git/git/blob/1a3e64c6c4a623626ff0687008732a8e007e2a1c/remote-curl.c#L526
    "remote: HTTP Basic: Access denied\nfatal: Authentication failed for 'https://gitlab.com/acme/api.git/'",
    # https://github.com/git/git/blob/1a3e64c6c4a623626ff0687008732a8e007e2a1c/remote-curl.c#L526
    "remote: Support for password authentication was removed on August 13, 2021.\nremote: Please see https://docs.github.com/get-started/getting-started-with-git/about-remote-repositories#cloning-with-https-urls for information on currently recommended modes of authentication.\nfatal: Authentication failed for 'https://github.com/acme/api.git/'",
    # https://github.com/git/git/blob/1a3e64c6c4a623626ff0687008732a8e007e2a1c/http.c#L1915
    "error: RPC failed; HTTP 403 curl 22 The requested URL returned error: 403\nfatal: the remote end hung up unexpectedly",
    # https://github.com/ansible/ansible/blob/c9ac477e53a99e95781f333eec3329a935c1bf95/lib/ansible/galaxy/collection/gpg.py#L263
    "W: GPG error: https://packages.example.com/apt stable InRelease: The following signatures were invalid: EXPKEYSIG 1A2B3C4D5E6F7A8B Example Repo <repo@example.com>\nE: The repository 'https://packages.example.com/apt stable InRelease' is not signed.",
    # https://github.com/kubernetes/kubectl/blob/dee3483a3d6a64c07fdf746caf80af446dee99ac/pkg/cmd/util/helpers.go#L254
    "error: You must be logged in to the server (Unauthorized)",
    # https://github.com/kubernetes/apiserver/blob/24a394e516bfda066d7e2221d7d92c052de27c54/pkg/admission/plugin/resourcequota/controller.go#L622
    'Error from server (Forbidden): error when creating "deploy.yaml": pods "web-7d9f8b6c5-x2x4k" is forbidden: exceeded quota: compute-resources, requested: limits.memory=2Gi, used: limits.memory=8Gi, limited: limits.memory=8Gi',
    # https://github.com/helm/helm/blob/e9b85e4de16ad45805843fb121748018cf89094b/pkg/cmd/install.go#L162
    "Error: INSTALLATION FAILED: timed out waiting for the condition",
    # https://github.com/helm/helm/blob/e9b85e4de16ad45805843fb121748018cf89094b/pkg/cmd/upgrade.go#L262
    "Error: UPGRADE FAILED: context deadline exceeded",
    # https://github.com/external-secrets/external-secrets/blob/master/providers/v1/aws/util/errors_test.go#L33
    "some AccessDeniedException: User: arn:aws:sts::123123123123:assumed-role/foobar is not authorized to perform: secretsmanager:GetSecretValue on resource: example\n\tstatus code: 400, request id: df34-75f-0c5f-4b4c-a71a-f93d581d177c",
    # https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
    "An error occurred (RequestLimitExceeded) when calling the DescribeInstances operation (reached max retries: 4): Request limit exceeded.",
    # https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
    "An error occurred (VcpuLimitExceeded) when calling the RunInstances operation: You have requested more vCPU capacity than your current vCPU limit of 32 allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.",
    # https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
    "An error occurred (SignatureDoesNotMatch) when calling the PutObject operation: The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    # https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
    "An error occurred (InvalidAccessKeyId) when calling the ListObjectsV2 operation: The AWS Access Key Id you provided does not exist in our records.",
    # https://github.com/urllib3/urllib3/blob/6a8536b6e1b0cbe69ae801337c599951e527ae29/src/urllib3/exceptions.py#L100
    "requests.exceptions.RetryError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v1/orders (Caused by ResponseError('too many 503 error responses'))",
    # https://github.com/psf/requests/blob/1f6589ec3a1ee910f9a65cc3ceac60b26677bc0e/src/requests/models.py
    "requests.exceptions.HTTPError: 500 Server Error: Internal Server Error for url: https://api.example.com/v1/orders",
    # https://github.com/psf/requests/blob/1f6589ec3a1ee910f9a65cc3ceac60b26677bc0e/src/requests/models.py
    "requests.exceptions.HTTPError: 502 Server Error: Bad Gateway for url: https://api.example.com/v1/orders",
    # https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout
    "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>",
    # https://github.com/curl/curl/blob/5c61e168698a72b87437d58ed728bcdea6d5db42/lib/http.c#L634
    "curl: (22) The requested URL returned error: 503",
    # https://github.com/microsoft/playwright/blob/d4e1023f6c03a8dced50eb3db88c2217e7c1a86a/packages/playwright/src/worker/timeoutManager.ts#L184
    "  1) [chromium] › tests/login.spec.ts:12:5 › signs in ────────\n\n    Test timeout of 30000ms exceeded.",
    # https://github.com/microsoft/playwright/blob/d4e1023f6c03a8dced50eb3db88c2217e7c1a86a/packages/playwright/src/worker/timeoutManager.ts#L190
    'Error: Test timeout of 30000ms exceeded while running "beforeEach" hook.',
    # https://github.com/microsoft/playwright/blob/d4e1023f6c03a8dced50eb3db88c2217e7c1a86a/packages/playwright/src/worker/timeoutManager.ts#L194
    'Error: "beforeAll" hook timeout of 60000ms exceeded.',
    # https://github.com/microsoft/playwright/blob/d4e1023f6c03a8dced50eb3db88c2217e7c1a86a/packages/playwright/src/common/testType.ts#L298
    "TimeoutError: Step timeout of 5000ms exceeded.",
    # https://github.com/googleapis/python-api-core/blob/bfc6651411d3e13867fefe691884940627f9b6b6/google/api_core/exceptions.py#L366
    "google.api_core.exceptions.TooManyRequests: 429 Too many requests. Please try again later.",
    # https://developers.google.com/gmail/api/guides/handle-errors
    "googleapi: Error 429: Too many concurrent requests for user, rateLimitExceeded",
]


@pytest.mark.parametrize("wording", OTHER_CAUSES)
def test_other_products_own_cause_names_no_family(wording: str) -> None:
    assert family_of(wording) is None
