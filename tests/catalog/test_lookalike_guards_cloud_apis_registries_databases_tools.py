"""Look-alike guards (issue 14 catalog review): real failure texts of other products that share
words with the families (403, 429, Forbidden, denied, timeout, certificate, token, proxy, location,
region, policy, conflict, not found, too many, expired, revoked) and whose cause is that product's own
(an IAM or RBAC rule, a registry's or a broker's credentials, a cloud project's disabled API or
region, a rate limit, a test's timeout, an OpenPGP key), which no family's action fixes. Each text is
quoted from the public page beside it (a different page for each); none may name a family. Collected
for the look-alike probe of the catalog review; the probe's texts the catalog does name on purpose
(urllib3's ReadTimeoutError as network-timeout, JWT and Kerberos clock-skew libraries as token-time)
are not here, and the OpenID Connect providers' answers are in
test_lookalike_guards_other_oidc_providers.py."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

LOOKALIKES = [
    # --- AWS S3 and STS (botocore, the AWS SDKs for .NET, Go and Java, R's aws.s3, Terraform's AWS provider) ---
    (
        "https://github.com/aws-samples/non-profit-blockchain/issues/3",
        "fatal error: An error occurred (403) when calling the HeadObject operation: Forbidden",
    ),
    (
        "https://github.com/aws-samples/aws-rds-snapshot-management/issues/6",
        '"errorMessage": "An error occurred (AccessDenied) when calling the GetObject operation: Access Denied",\n"errorType": "ClientError",',
    ),
    (
        "https://github.com/cloudyr/aws.s3/issues/314",
        '[1] "<?xml version=\\"1.0\\" encoding=\\"UTF-8\\"?>\\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>24D20E9A24DCBE40</RequestId></Error>"\nError in parse_aws_s3_response(r, Sig, verbose = verbose) : \n  Forbidden (HTTP 403).',
    ),
    (
        "https://github.com/aws/aws-sdk-net/issues/3271",
        "AmazonS3Client 312|2024-04-08T22:57:46.393Z|ERROR|Received error response: [] --> Amazon.S3.AmazonS3Exception: Error making request with Error Code Forbidden and Http Status Code Forbidden. No further error information was returned by the service.",
    ),
    (
        "https://github.com/aws/aws-sdk-go-v2/issues/346",
        "*s3err.RequestFailure\nAccessDenied: Access Denied status code: 403, request id: 03B863B8110F81F2, host id: FhXCJS1vfS/jmUQcHAMRb+aQNrJoO7lTNOpTlsdpMMsNOWCMLBQhoDKsLxZicN/8ArJZMRBdpg0=",
    ),
    (
        "https://github.com/bzhanglab/PepQuery/issues/84",
        "com.amazonaws.services.s3.model.AmazonS3Exception: Forbidden (Service: Amazon S3; Status Code: 403; Error Code: 403 Forbidden; Request ID: 5SN2JH16SK78MB17; S3 Extended Request ID: est1Adk2fWim/TiYfxaK4/; Proxy: null)\n        at com.amazonaws.http.AmazonHttpClient$RequestExecutor.handleErrorResponse(AmazonHttpClient.java:1879)",
    ),
    (
        "https://github.com/hashicorp/terraform-provider-aws/issues/32809",
        "Error: waiting for EKS Cluster (githubissue) create: ExpiredTokenException: The security token included in the request is expired\n\tstatus code: 403, request id: a16bb54f-d47d-4283-b431-70f06fb0112f",
    ),
    (
        "https://github.com/aws-samples/serverless-patterns/issues/970",
        "Error: error configuring Terraform AWS Provider: error validating provider credentials: error calling sts:GetCallerIdentity: operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: 6d1b2715-c592-449e-8c50-f6f8a7e27ca7, api error ExpiredToken: The security token included in the request is expired",
    ),
    (
        "https://github.com/hashicorp/terraform-provider-aws/issues/125",
        "* InvalidClientTokenId: The security token included in the request is invalid.\n    status code: 403, request id: caa59160-f75f-11e5-9241-eb1509222747",
    ),
    # --- Kubernetes RBAC, admission and optimistic-concurrency refusals ---
    (
        "https://github.com/yogeshlonkar/pod-dependency-init-container/issues/1",
        'code: 403, statusCode: 403 } pods is forbidden: User "system:serviceaccount:{{MY_NAMESPACE}}:default" cannot list resource "pods" in API group "" at the cluster scope Error: pods is forbidden: User "system:serviceaccount:{{MY_NAMESPACE}}:default" cannot list resource "pods" in API group "" at the cluster scope',
    ),
    (
        "https://github.com/rancher/rancher/issues/17409",
        'Error from server (Forbidden): pods is forbidden: User "u-ia7333ttq4" cannot list pods in the namespace "default": RBAC: clusterrole.rbac.authorization.k8s.io "p-qmgdx-namespaces-edit" not found',
    ),
    (
        "https://github.com/lwolf/kube-cleanup-operator/issues/81",
        'E1227 08:28:34.712122       1 reflector.go:178] pkg/controller/controller.go:154: Failed to list *v1.Pod: pods is forbidden: User "system:serviceaccount:default:cleanup-operator" cannot list resource "pods" in API group "" in the namespace "default"',
    ),
    (
        "https://github.com/derailed/k9s/issues/268",
        'E0813 08:51:26.146233   47872 reflector.go:125] pkg/mod/k8s.io/client-go@v0.0.0-20190718183610-8e956561bbf5/tools/cache/reflector.go:98: Failed to list *v1beta1.PodMetrics: pods.metrics.k8s.io is forbidden: User "(...)" cannot list pods.metrics.k8s.io at the cluster scope',
    ),
    (
        "https://github.com/kubernetes-client/java/issues/1439",
        "nested exception is io.kubernetes.client.openapi.ApiException: Forbidden",
    ),
    (
        "https://github.com/open-policy-agent/gatekeeper/pull/727",
        '59m         Warning   FailedAdmission   deployment/gatekeeper-controller-manager   Admission webhook "validation.gatekeeper.sh" denied request: [Namespace:  Kind: Namespace Name: tt3] by constraint ns-must-have-gk you must provide labels: {"gatekeeper"}',
    ),
    (
        "https://github.com/open-policy-agent/gatekeeper/issues/1987",
        '{"level":"info","ts":1638608393.0369968,"logger":"webhook","msg":"denied admission","process":"admission","event_type":"violation","constraint_name":"app-armor","constraint_group":"constraints.gatekeeper.sh"}',
    ),
    (
        "https://github.com/containerbuildsystem/osbs-client/pull/273",
        '{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "buildconfig \\"docker-hello-world-master\\" cannot be updated: the object has been modified; please apply your changes to the latest version and try again",\n  "reason": "Conflict",\n  "details": {\n    "name": "docker-hello-world-master",\n    "kind": "buildconfig"\n  },\n  "code": 409\n}',
    ),
    (
        "https://github.com/halkyonio/operator/issues/15",
        'time="2018-12-03T14:59:17Z" level=error msg="Operation cannot be fulfilled on components.component.k8s.io \\"fruit-backend-sb\\": the object has been modified; please apply your changes to the latest version and try again"',
    ),
    (
        "https://github.com/rancher/dashboard/issues/1250",
        'gitrepos.fleet.cattle.io "simple"  the object has been modified; please apply your changes to the latest version and try again',
    ),
    # --- GitHub, GitLab and OpenAI API refusals and rate limits ---
    (
        "https://github.com/app-sre/github-mirror/pull/62",
        'github.GithubException.RateLimitExceededException: 403 {"documentation_url": "https://docs.github.com/en/free-pro-team@latest/rest/overview/resources-in-the-rest-api#secondary-rate-limits", "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}',
    ),
    (
        "https://github.com/github-changelog-generator/github-changelog-generator/issues/993",
        "Octokit::TooManyRequests GET https://api.github.com/repos/mitre/heimdall2/issues/4910/events?per_page=100: 403 - You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FA2D:87B1:8879E3:1176C87:6570B7E6.",
    ),
    (
        "https://github.com/KnpLabs/php-github-api/issues/1070",
        '"exception": {\n    "class": "Github\\Exception\\RuntimeException",\n    "message": "API rate limit exceeded for installation ID xxxxxxx.",\n    "code": 403,',
    ),
    (
        "https://github.com/Ivy-Interactive/Ivy-Tendril/issues/2423",
        "HTTP 403: You have exceeded a secondary rate limit. Please wait a few minutes before you try again. For more on scraping GitHub and how it may affect your rights, please review our Terms of Service (https://docs.github.com/en/site-policy/github-terms/github-terms-of-service)",
    ),
    (
        "https://github.com/OpenBMB/ChatDev/issues/399",
        "openai.RateLimitError: Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.', 'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}",
    ),
    (
        "https://github.com/continuedev/continue/issues/9500",
        "Model: GPT-4o\nProvider: openai\nStatus Code: 429\n\n429 You exceeded your current quota, please check your plan and billing details.",
    ),
    (
        "https://github.com/DLR-SC/gitlab2prov/issues/92",
        "gitlab.exceptions.GitlabHttpError: 404: 404 Project Not Found\nThe above exception was the direct cause of the following exception:\ngitlab.exceptions.GitlabGetError: 404: 404 Project Not Found",
    ),
    (
        "https://github.com/git-as-svn/git-as-svn/issues/344",
        '{"error":"insufficient_scope","error_description":"The request requires higher privileges than provided by the access token.","scope":"api"}',
    ),
    (
        "https://github.com/cooperspencer/gickup/pull/337",
        "POST https://gitlab.com/api/v4/projects: 400\n{ name: [has already been taken], path: [has already been taken],\n  project_namespace.name: [has already been taken] }",
    ),
    (
        "https://github.com/gabrie-allaigre/sonar-gitlab-plugin/issues/79",
        "Caused by: java.io.IOException: Server returned HTTP response code: 401 for URL: http://myGitlab/api/v4/projects\n\tat com.talanlabs.gitlab.api.v4.http.GitLabHTTPRequestor.parse(GitLabHTTPRequestor.java:336)",
    ),
    # --- Google Cloud: locations, regions and disabled APIs ---
    (
        "https://github.com/Liscor/terraform_cloud_run_sgtm/issues/9",
        "Error: googleapi: Error 403: Permission denied on 'locations/europe-west4' (or it may not exist), forbidden",
    ),
    (
        "https://github.com/firezone/firezone/pull/7711",
        'Error: Error creating Subnetwork: googleapi: Error 403: Permission denied on \'locations/me-central2\' (or it may not exist). Details: [ { "@type": "type.googleapis.com/google.rpc.ErrorInfo", "domain": "googleapis.com", "metadatas": { "consumer": "projects/firezone-staging", "location": "me-central2", "service": "" }, "reason": "LOCATION_POLICY_VIOLATED" }, { "@type": "type.googleapis.com/google.rpc.Help", "links": [ { "description": "Access to the region is unavailable. Please contact our sales team at https://cloud.google.com/contact for further assistance." } ] } ] , forbidden',
    ),
    (
        "https://github.com/GoogleCloudPlatform/gsutil/issues/1676",
        "2024/03/07 03:14:26 ERROR : Attempt 1/3 failed with 1 errors and: googleapi: Error 403: We're sorry, but this service is not available in your location, forbidden",
    ),
    (
        "https://github.com/google-gemini/gemini-cli/issues/1614",
        "✕ [API Error: User location is not supported for the API use. (Status: \n  FAILED_PRECONDITION)]",
    ),
    (
        "https://github.com/iBUHub/AIStudioToAPI/issues/212",
        'Processing failed: Proxy browser error: Google API returned error: 403 PERMISSION_DENIED {"error":{"code":403,"message":"Region not supported.","status":"PERMISSION_DENIED"}}',
    ),
    (
        "https://github.com/run-llama/llama_index/issues/9733",
        'InactiveRpcError: <_InactiveRpcError of RPC that terminated with:\n\tstatus = StatusCode.FAILED_PRECONDITION\n\tdetails = "User location is not supported for the API use."\n\tdebug_error_string = "UNKNOWN:Error received from peer ipv4:173.194.69.95:443 {grpc_status:9, grpc_message:"User location is not supported for the API use."}"',
    ),
    (
        "https://github.com/googleapis/google-api-nodejs-client/issues/2873",
        "Error: People API has not been used in project xxxxx before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/people.googleapis.com/overview?project=xxxxx then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry",
    ),
    (
        "https://github.com/GoogleCloudPlatform/community/pull/884",
        "* google_project_services.project: Error creating services: failed to list services: googleapi: Error 403: Service Usage API has not been used in project 1021909506549 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/serviceusage.googleapis.com/overview?project=1021909506549 then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry., accessNotConfigured",
    ),
    (
        "https://github.com/google-gemini/gemini-cli/issues/1343",
        '✕ [API Error: {\n    "error": {\n      "code": 403,\n      "message": "Gemini for Google Cloud API has not been used in project sciortino-test-sandbox-395446 before or it is disabled.",\n      "status": "PERMISSION_DENIED",\n      "details": [\n        {\n          "@type": "type.googleapis.com/google.rpc.ErrorInfo",\n          "reason": "SERVICE_DISABLED",\n          "domain": "googleapis.com"',
    ),
    (
        "https://github.com/googleapis/google-cloud-datastore/issues/97",
        "com.google.gcloud.datastore.DatastoreException: The Cloud Datastore API is not enabled for the project <project-id>",
    ),
    # --- Package registries and container registries ---
    (
        "https://github.com/npm/cli/issues/5517",
        'error code E403\nerror 403 403 Forbidden - PUT https://registry.npmjs.org/cra-template-essential - You do not have permission to publish "cra-template-essential". Are you logged in as the correct user? In most cases, you or one of your dependencies are requesting a package version that is forbidden by your security policy, or error 403 on a server you do not have access to.',
    ),
    (
        "https://github.com/semantic-release/semantic-release/issues/3186",
        "npm ERR! code E403\nnpm ERR! 403 403 Forbidden - PUT https://registry.npmjs.org/react-susflow - You may not perform that action with these credentials.\nnpm ERR! 403 In most cases, you or one of your dependencies are requesting\nnpm ERR! 403 a package version that is forbidden by your security policy, or\nnpm ERR! 403 on a server you do not have access to.",
    ),
    (
        "https://github.com/npm/cli/issues/805",
        "npm ERR! code E403\nnpm ERR! 403 403 Forbidden - GET https://registry.npmjs.intuit.com/neo4j-driver\nnpm ERR! 403 In most cases, you or one of your dependencies are requesting\nnpm ERR! 403 a package version that is forbidden by your security policy.",
    ),
    (
        "https://github.com/npm/npm/issues/13646",
        'npm ERR! publish Failed PUT 403\nnpm ERR! code E403\n\nnpm ERR! you do not have permission to publish "react-full-page". Are you logged in as the correct user? : react-full-page',
    ),
    (
        "https://github.com/docker/hub-feedback/issues/1611",
        "The push refers to repository [docker.io/vladgh/testautobuildhooks]\n73046094a9b8: Preparing\n73046094a9b8: Layer already exists\nerrors:\ndenied: requested access to the resource is denied\nunauthorized: authentication required",
    ),
    (
        "https://github.com/docker/hub-feedback/issues/2429",
        "Error: ERROR: Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit",
    ),
    (
        "https://github.com/docker/hub-feedback/issues/2505",
        "Error response from daemon: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit",
    ),
    # --- Databases, caches and brokers (PostgreSQL, Redis, RabbitMQ, OrientDB, HBase's Kerberos) ---
    (
        "https://github.com/redis/ioredis/issues/812",
        "Error: Ready check failed: NOAUTH Authentication required.",
    ),
    (
        "https://github.com/timescale/helm-charts/issues/223",
        '2020-09-08 07:35:02 UTC [436]: [5f573426.1b4-2] postgres@postgres,app=[unknown] [28000] FATAL:  pg_hba.conf rejects connection for host "10.121.14.113", user "postgres", database "postgres", SSL off\n2020-09-08 07:35:04 UTC [440]: [5f573428.1b8-2] postgres@postgres,app=[unknown] [28P01] FATAL:  password authentication failed for user "postgres"',
    ),
    (
        "https://github.com/sameersbn/docker-postgresql/issues/171",
        'psql: error: connection to server at "192.168.6.272", port 7496 failed: FATAL: no pg_hba.conf entry for host "192.168.6.272", user "postgres", database "biotime", SSL off',
    ),
    (
        "https://github.com/freol35241/ltss/issues/212",
        'Error during connection setup: (psycopg2.OperationalError) connection to server at "77b2833f-timescaledb" (172.30.33.0), port 5432 failed: FATAL: password authentication failed for user "postgres" (Background on this error at: https://sqlalche.me/e/20/e3q8) (retrying in 3 seconds)',
    ),
    (
        "https://github.com/zalando/postgres-operator/issues/964",
        'org.postgresql.util.PSQLException: FATAL: pg_hba.config rejects connection for host "xxx.xxx.xx.xxx", user "xxx", database "xxx", SSL off',
    ),
    (
        "https://github.com/akka/alpakka/issues/761",
        "com.rabbitmq.client.AuthenticationFailureException: ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile.\n\tat com.rabbitmq.client.impl.AMQConnection.start(AMQConnection.java:351)",
    ),
    (
        "https://github.com/RasaHQ/rasa-x-helm/issues/165",
        "2021-03-11 15:06:55 DEBUG    rasa.core.brokers.pika  - Connecting to 'amqps://b-HOST.amazonaws.com' failed with error 'ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile.'. Trying again.",
    ),
    (
        "https://github.com/orientechnologies/orientdb/issues/4128",
        "[ERROR] HTTP Invoker encountered an error while invoking the HTTP. Reason: HTTP/1.1 409 Conflict\n[ERROR] HTTP Invoker encountered an error while invoking the HTTP. Reason: com.orientechnologies.orient.core.exception.OConcurrentModificationException: Cannot UPDATE the record #16:582304 because the version is not the latest. Probably you are updating an old record or it has been modified by another user (db=v759 your=v758)",
    ),
    (
        "https://github.com/apache/dolphinscheduler/issues/3271",
        "java.io.IOException: Call to xxxxxxxxx:16020 failed on local exception: javax.security.sasl.SaslException: GSS initiate failed [Caused by GSSException: No valid credentials provided (Mechanism level: Failed to find any Kerberos tgt)]",
    ),
    (
        "https://github.com/apache/texera/issues/3525",
        "2025-07-02 23:09:57.285 GMT [1152835] FATAL:  sorry, too many clients already",
    ),
    (
        "https://github.com/Aurora-Admin-Panel/deploy/issues/10",
        "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) FATAL: sorry, too many clients already",
    ),
    (
        "https://github.com/TBroTeam/TBro/issues/57",
        "Error!: SQLSTATE[08006] [7] FATAL:  sorry, too many clients already<br/>",
    ),
    # --- Test runners, SSH host keys, ACME rate limits and OpenPGP signatures ---
    (
        "https://github.com/javascript-tutorial/en.javascript.info/issues/1866",
        'Error: Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called; if returning a Promise, ensure it resolves.',
    ),
    (
        "https://github.com/concourse/semver-resource/pull/3",
        "Cloning into '/tmp/semver-git-repo'...\nHost key verification failed.\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\nerror bumping version: exit status 128",
    ),
    (
        "https://github.com/carsonmcdonald/Python-Flask-neo4j-Heroku-Example/issues/2",
        "Cloning into 'Python-Flask-neo4j-Heroku-Example'...\nThe authenticity of host 'github.com (192.30.253.112)' can't be established.\nRSA key fingerprint is SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8.\nWarning: Permanently added 'github.com,192.30.253.112' (RSA) to the list of known hosts.\nPermission denied (publickey).\nfatal: Could not read from remote repository.",
    ),
    (
        "https://github.com/certbot/certbot/issues/6318",
        "acme.messages.Error: urn:ietf:params:acme:error:rateLimited :: There were too many requests of a given type :: Error finalizing order :: too many certificates already issued for exact set of domains: test2.criticalsupplies.somedomain.com: see https://letsencrypt.org/docs/rate-limits/",
    ),
    (
        "https://github.com/webprofusion/certify/issues/333",
        '+Response from server:\n\t+ Code: 429\n\t+ Content: {\n  "type": "urn:acme:error:rateLimited",\n  "detail": "Error creating new cert :: too many certificates already issued for exact set of domains: www.DOMAIN.com.br: see https://letsencrypt.org/docs/rate-limits/",\n  "status": 429\n}',
    ),
    (
        "https://github.com/acmesh-official/acme.sh/issues/1855",
        '[Wed Sep 26 06:02:48 UTC 2018] Sign failed: "detail":"Error creating new cert :: too many certificates already issued for: azure.com: see https://letsencrypt.org/docs/rate-limits/"',
    ),
    (
        "https://github.com/albertlauncher/albert/issues/1087",
        "W: An error occurred during the signature verification. The repository is not updated and the previous index files will be used. GPG error: http://download.opensuse.org/repositories/home:/manuelschneid3r/xUbuntu_21.10  InRelease: The following signatures were invalid: EXPKEYSIG 1488EB46E192A257 home:manuelschneid3r OBS Project <home:manuelschneid3r@build.opensuse.org>",
    ),
    (
        "https://github.com/aptly-dev/aptly/issues/1336",
        "GPG error: https://cli.github.com/packages stable InRelease: The following signatures were invalid: EXPKEYSIG 23F3D4EA75716059 GitHub CLI <opensource+cli@github.com>",
    ),
    (
        "https://github.com/Yubico/libfido2/issues/629",
        "==> Verifying source file signatures with gpg...\n    libfido2-1.11.0.tar.gz ... FAILED (public key A166878817F3906C has been revoked)",
    ),
    (
        "https://github.com/zcash/zcash/issues/3634",
        "The following signatures were invalid: KEYEXPIRED 1539886450",
    ),
]


@pytest.mark.parametrize(
    ("url", "text"), LOOKALIKES, ids=[url.split("github.com/")[-1] for url, _ in LOOKALIKES]
)
def test_another_products_failure_names_no_family(url, text):
    assert family_of(text) is None, url


def test_each_text_is_from_its_own_page():
    urls = [url for url, _ in LOOKALIKES]
    assert len(urls) == len(set(urls))
