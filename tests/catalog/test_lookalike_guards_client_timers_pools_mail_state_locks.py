"""Look-alike guards (session 11 review, cycle L): failures of other products with their own causes
that share words with the families ("connection timed out", "timed out", "timeout ... exceeded",
"Authentication failed", "unauthorized", "Not authorized", "Reauthentication is needed", "locked"),
each quoted in the producer's wording from the source beside it (hosts, ids and numbers filled in as
the product prints them): client libraries' own deadlines on a connection that worked (SQLAlchemy's
and HikariCP's connection pools, the Cassandra driver's request timer, Kafka's producer and admin
timers), servers' and workers' own timers (RabbitMQ's delivery acknowledgement timeout, gunicorn's
worker timeout, Celery's task time limits, Azure Functions' function timeout), test runners' timers
(pytest-timeout, JUnit 4), Redis's own refusals, Exchange Online SMTP AUTH refusals, Google's
reauthentication, oauth2-proxy's code redemption, winget's and PowerShellGet's source
authentication, Terraform's state lock and aiohttp's HTTP status errors. None is a network path,
TLS, Entra ID, ARM or WinRM cause the families name, so none may name one: nginx's own log of a
client certificate it rejects is the web server's client authentication, not a server certificate
the node distrusts (network-timeout named
SQLAlchemy's QueuePool timeout and the Cassandra driver's "Client request timeout" through the
phrases "connection timed out" / "operation timed out", and tls-untrusted / tls-revocation named
nginx's "client SSL certificate verify error: (20|19|21|3:...)", before each was narrowed)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

OTHER_CAUSES = [
    # https://github.com/sqlalchemy/sqlalchemy/blob/f35da7e2b9349a08b8de1f6bd3b07c8bf8616790/lib/sqlalchemy/pool/impl.py#L166
    "sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00 (Background on this error at: https://sqlalche.me/e/20/3o7r)",
    # https://github.com/datastax/python-driver/blob/dd2343d8fecead045245a6679d8de8194cea215f/cassandra/cluster.py#L4527
    "cassandra.OperationTimedOut: errors={'10.0.0.1:9042': 'Client request timeout. See Session.execute[_async](timeout)'}, last_host=10.0.0.1:9042",
    # https://github.com/brettwooldridge/HikariCP/blob/604d7d5838e96afbbdd4e19eedab7497cf368eb6/src/main/java/com/zaxxer/hikari/pool/HikariPool.java#L705
    "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30004ms (total=10, active=10, idle=0, waiting=3)",
    # https://github.com/apache/kafka/blob/1eb7644349cb07139d6a3c1ad1986979647cac99/clients/src/main/java/org/apache/kafka/clients/producer/internals/Sender.java#L425
    "org.apache.kafka.common.errors.TimeoutException: Expiring 12 record(s) for orders-3:120005 ms has passed since batch creation",
    # https://github.com/apache/kafka/blob/1eb7644349cb07139d6a3c1ad1986979647cac99/clients/src/main/java/org/apache/kafka/clients/producer/KafkaProducer.java#L1182
    "org.apache.kafka.common.errors.TimeoutException: Topic orders not present in metadata after 60000 ms.",
    # https://github.com/apache/kafka/blob/1eb7644349cb07139d6a3c1ad1986979647cac99/clients/src/main/java/org/apache/kafka/clients/admin/KafkaAdminClient.java#L1151
    "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: createTopics",
    # https://github.com/apache/kafka/blob/1eb7644349cb07139d6a3c1ad1986979647cac99/clients/src/main/java/org/apache/kafka/clients/producer/internals/TransactionalRequestResult.java#L58
    "org.apache.kafka.common.errors.TimeoutException: Timeout expired after 60000ms while awaiting InitProducerId",
    # https://github.com/apache/kafka/blob/1eb7644349cb07139d6a3c1ad1986979647cac99/clients/src/main/java/org/apache/kafka/common/errors/TopicAuthorizationException.java#L31
    "org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [orders]",
    # https://github.com/apache/kafka/blob/1eb7644349cb07139d6a3c1ad1986979647cac99/clients/src/main/java/org/apache/kafka/common/errors/GroupAuthorizationException.java#L42
    "org.apache.kafka.common.errors.GroupAuthorizationException: Not authorized to access group: billing-consumers",
    # https://github.com/apache/kafka/blob/1eb7644349cb07139d6a3c1ad1986979647cac99/clients/src/main/java/org/apache/kafka/common/protocol/Errors.java#L241
    "org.apache.kafka.common.errors.ClusterAuthorizationException: Cluster authorization failed.",
    # https://github.com/rabbitmq/rabbitmq-server/blob/5b09e556da53b8473f26843a2493d8460ced8c8e/deps/rabbit/src/rabbit_channel.erl#L2797
    "PRECONDITION_FAILED - delivery acknowledgement on channel 1 timed out. Timeout value used: 1800000 ms. This timeout value can be configured, see consumers doc guide to learn more",
    # https://github.com/benoitc/gunicorn/blob/65ac1a3a4c0aa00960968c720d6e6bd2ac32f1b9/gunicorn/arbiter.py#L619
    "[2024-03-01 10:00:00 +0000] [7] [CRITICAL] WORKER TIMEOUT (pid:42)",
    # https://github.com/celery/celery/blob/5dc781f0bd5f36186bfcc74e0a4f9f654452c69b/celery/worker/request.py#L539
    "[2024-03-01 10:00:00,000: ERROR/MainProcess] Hard time limit (300s) exceeded for tasks.export[5b1c7a0e-6a1e-4a54-9a3c-2f8b1d9e0c11]",
    # https://github.com/celery/celery/blob/5dc781f0bd5f36186bfcc74e0a4f9f654452c69b/celery/worker/request.py#L532
    "[2024-03-01 10:00:00,000: WARNING/MainProcess] Soft time limit (240s) exceeded for tasks.export[5b1c7a0e-6a1e-4a54-9a3c-2f8b1d9e0c11]",
    # https://github.com/Azure/azure-webjobs-sdk/blob/f79ea0bff76c31048388fde784a9164b5d880c8a/src/Microsoft.Azure.WebJobs.Host/Executors/FunctionExecutor.cs#L439
    "Timeout value of 00:05:00 exceeded by function 'Functions.ProcessOrders' (Id: '5b1c7a0e-6a1e-4a54-9a3c-2f8b1d9e0c11'). Initiating cancellation.",
    # https://github.com/Azure/azure-webjobs-sdk/blob/f79ea0bff76c31048388fde784a9164b5d880c8a/src/Microsoft.Azure.WebJobs.Host/Executors/FunctionExecutor.cs#L662
    "Microsoft.Azure.WebJobs.Host.FunctionTimeoutException: Timeout value of 00:05:00 was exceeded by function: Functions.ProcessOrders",
    # https://github.com/pytest-dev/pytest-timeout/blob/16edd491cb2d65bfd6e0bc1d64173450cf23a01f/pytest_timeout.py#L24
    "tests/test_export.py::test_large_export FAILED\nE   Failed: Timeout (>60.0s) from pytest-timeout.",
    # https://github.com/junit-team/junit4/blob/71c33ce555230d9dfb6cab5e133e22a4cc95cdff/src/main/java/org/junit/runners/model/TestTimedOutException.java#L25
    "org.junit.runners.model.TestTimedOutException: test timed out after 1000 milliseconds",
    # https://github.com/redis/redis/blob/4f8cdc2a1ea53e42955af758aabffee67cb455dd/src/server.c#L1912
    "(error) OOM command not allowed when used memory > 'maxmemory'.",
    # https://github.com/redis/redis/blob/4f8cdc2a1ea53e42955af758aabffee67cb455dd/src/server.c#L1910
    "(error) NOAUTH Authentication required.",
    # https://github.com/redis/redis/blob/4f8cdc2a1ea53e42955af758aabffee67cb455dd/src/networking.c#L1386
    "ERR max number of clients reached",
    # https://github.com/redis/redis/blob/4f8cdc2a1ea53e42955af758aabffee67cb455dd/src/script.c#L206
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Writable scripts are blocked. Use 'no-writes' flag for read only scripts.",
    # https://github.com/MicrosoftDocs/OfficeDocs-Support/blob/36878e0e10fbe834858d06a771a7e51e570469d3/Exchange/ExchangeOnline/email-delivery/fix-issues-with-printers-scanners-and-lob-applications-that-send-email-using-off.md#L121
    "535 5.7.3 Authentication unsuccessful",
    # https://github.com/MicrosoftDocs/OfficeDocs-Support/blob/36878e0e10fbe834858d06a771a7e51e570469d3/Exchange/ExchangeOnline/email-delivery/fix-issues-with-printers-scanners-and-lob-applications-that-send-email-using-off.md#L174
    "535 5.7.139 Authentication unsuccessful, federated STS service was unreachable.",
    # https://github.com/MicrosoftDocs/OfficeDocs-Support/blob/36878e0e10fbe834858d06a771a7e51e570469d3/Exchange/ExchangeOnline/email-delivery/fix-issues-with-printers-scanners-and-lob-applications-that-send-email-using-off.md#L178
    "535 5.7.139 Authentication unsuccessful, the federated STS URL does not support HTTPS.",
    # https://github.com/googleapis/google-auth-library-python/blob/2ea24b03436765fa3cf279ce148482ff6332136b/google/oauth2/reauth.py#L354
    "google.auth.exceptions.RefreshError: Reauthentication is needed. Please run `gcloud auth application-default login` to reauthenticate.",
    # https://github.com/oauth2-proxy/oauth2-proxy/blob/14af2951e562c9573c72c433732ceee83aea3282/oauthproxy.go#L928
    "[2024/03/01 10:00:00] [oauthproxy.go:928] Error redeeming code during OAuth2 callback: token exchange failed: 400 Bad Request",
    # https://github.com/microsoft/winget-cli/blob/fa3d9e511d1bd9bed2f1b72e9f0fa25323e7f3eb/src/AppInstallerCLIPackage/Shared/Strings/en-us/winget.resw#L3289
    "Failed to download installer. Authentication failed.",
    # https://github.com/PowerShell/PowerShellGetv2/blob/3b38eec8742d6b6f26cf0f010e0dd95691ed5ade/src/PowerShellGet/PSGet.Resource.psd1#L113
    "The specified repository 'https://pkgs.dev.azure.com/contoso/_packaging/feed/nuget/v2' is unauthorized and cannot be registered. Try running with -Credential.",
    # https://github.com/hashicorp/terraform/blob/883c7221ee2e0bc2fad6912fd4b3cc4b53a598a7/internal/backend/remote-state/azure/client.go#L196
    "Error: Error acquiring the state lock\n\nError message: state blob is already locked",
    # https://github.com/aio-libs/aiohttp/blob/495e778360d1924da63e16dba0f0d76baf56a56a/aiohttp/client_exceptions.py#L90
    "aiohttp.client_exceptions.ClientResponseError: 401, message='Unauthorized', url='https://api.example.com/v1/items'",
    # https://github.com/aio-libs/aiohttp/blob/495e778360d1924da63e16dba0f0d76baf56a56a/aiohttp/client_exceptions.py#L90
    "aiohttp.client_exceptions.ClientResponseError: 503, message='Service Unavailable', url='https://api.example.com/v1/items'",
    # https://github.com/nginx/nginx/blob/3f6f7824d4e2eb1ac37dec76683d525ac0ff521c/src/http/ngx_http_request.c#L2156
    '2024/03/01 10:00:00 [info] 31#31: *7 client SSL certificate verify error: (20:unable to get local issuer certificate) while reading client request headers, client: 10.0.0.9, server: api.example.com, request: "GET / HTTP/1.1", host: "api.example.com"',
    # https://github.com/nginx/nginx/blob/3f6f7824d4e2eb1ac37dec76683d525ac0ff521c/src/http/ngx_http_request.c#L2156
    "2024/03/01 10:00:00 [info] 31#31: *7 client SSL certificate verify error: (19:self-signed certificate in certificate chain) while reading client request headers, client: 10.0.0.9, server: api.example.com",
    # https://github.com/nginx/nginx/blob/3f6f7824d4e2eb1ac37dec76683d525ac0ff521c/src/http/ngx_http_request.c#L2156
    "2024/03/01 10:00:00 [info] 31#31: *7 client SSL certificate verify error: (21:unable to verify the first certificate) while reading client request headers, client: 10.0.0.9, server: api.example.com",
    # https://github.com/nginx/nginx/blob/3f6f7824d4e2eb1ac37dec76683d525ac0ff521c/src/http/ngx_http_request.c#L2156
    "2024/03/01 10:00:00 [info] 31#31: *7 client SSL certificate verify error: (3:unable to get certificate CRL) while reading client request headers, client: 10.0.0.9, server: api.example.com",
    # https://github.com/nginx/nginx/blob/3f6f7824d4e2eb1ac37dec76683d525ac0ff521c/src/http/ngx_http_request.c#L2156
    '2024/03/01 10:00:00 [info] 31#31: *7 client SSL certificate verify error: (10:certificate has expired) while reading client request headers, client: 10.0.0.9, server: api.example.com, request: "GET / HTTP/1.1", host: "api.example.com"',
    # https://github.com/nginx/nginx/blob/3f6f7824d4e2eb1ac37dec76683d525ac0ff521c/src/http/ngx_http_request.c#L2171
    '2024/03/01 10:00:00 [info] 31#31: *7 client sent no required SSL certificate while reading client request headers, client: 10.0.0.9, server: api.example.com, request: "GET / HTTP/1.1"',
    # https://github.com/nginx/nginx/blob/3f6f7824d4e2eb1ac37dec76683d525ac0ff521c/src/http/ngx_http_upstream.c#L1632
    '2024/03/01 10:00:00 [error] 31#31: *7 no live upstreams while connecting to upstream, client: 10.0.0.9, server: api.example.com, request: "GET / HTTP/1.1", upstream: "http://backend/"',
    # https://github.com/nginx/nginx/blob/3f6f7824d4e2eb1ac37dec76683d525ac0ff521c/src/http/ngx_http_core_module.c#L1022
    '2024/03/01 10:00:00 [error] 31#31: *7 client intended to send too large body: 10485761 bytes, client: 10.0.0.9, server: api.example.com, request: "POST /upload HTTP/1.1"',
    # https://github.com/nginx/nginx/blob/3f6f7824d4e2eb1ac37dec76683d525ac0ff521c/src/http/ngx_http_upstream.c#L2549
    '2024/03/01 10:00:00 [error] 31#31: *7 upstream prematurely closed connection while reading response header from upstream, client: 10.0.0.9, server: api.example.com, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8080/"',
]

# The narrowing keeps the network cause where the same producers say it: the Cassandra driver's
# connect timeout (datastax/python-driver cassandra/connection.py "Timed out creating connection").
SAME_PRODUCERS_NETWORK_CAUSE = [
    (
        "cassandra.cluster.NoHostAvailable: ('Unable to connect to any servers', {'10.0.0.1:9042': OperationTimedOut('errors=Timed out creating connection (5 seconds), last_host=None')})",
        "network-timeout",
    ),
]


@pytest.mark.parametrize("wording", OTHER_CAUSES)
def test_other_products_own_cause_names_no_family(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(("wording", "family"), SAME_PRODUCERS_NETWORK_CAUSE)
def test_same_producers_network_cause_stays_named(wording: str, family: str) -> None:
    assert family_of(wording) == family
