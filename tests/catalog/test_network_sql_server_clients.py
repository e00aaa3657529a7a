"""SQL Server clients' own words for a connection that failed, by producer.

Microsoft's ODBC / OLE DB drivers and sqlcmd report their TCP provider's socket error in hex (Windows
Sockets error codes: 0x2746 WSAECONNRESET 10054, 0x2AF9 WSAHOST_NOT_FOUND 11001, 0x2751 WSAEHOSTUNREACH
10065; msodbcsql on Linux the errno, 0x68 (104) ECONNRESET). tediousjs/tedious src/connection.ts: the
connectTimeout timer's "Failed to connect to <server>:<port> in <n>ms" (ETIMEOUT). dotnet/SqlClient
Strings.resx: the socket phase of "Connection Timeout Expired" and Snix_PreLogin ("an error occurred
during the pre-login handshake") with the TCP provider's reset (a TLS version / cipher refusal, the
sqlclient troubleshooting guide's login-phase errors). microsoft/mssql-jdbc SQLServerResource.java
R_tcpipConnectionFailed around UnknownHostException (whose message is the host name). Azure SQL error
40615 ("Client with IP address '<ip>' is not allowed to access the server"): the server's firewall
refused the client. SEC_E_UNTRUSTED_ROOT in a fr-FR Windows behind SqlClient's SSL provider.
Near misses: the same clients' errors of other causes (a login failure 18456 / 40532, a deadlock, a
command or query timeout, a database that is not available, the later Connection Timeout Expired
phases, an ODBC login timeout alone)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

JDBC_ADVICE = (
    "Verify the connection properties. Make sure that an instance of SQL Server is running on the host "
    "and accepting TCP/IP connections at the port. Make sure that TCP connections to the port are not "
    'blocked by a firewall.".'
)


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "('08S01', '[08S01] [Microsoft][ODBC Driver 17 for SQL Server]TCP Provider: Error code "
            "0x2746 (10054) (SQLExecDirectW)')",
            "network-reset",
        ),
        (
            "[08S01] [Microsoft][ODBC Driver 18 for SQL Server]TCP Provider: Error code 0x68 (104) "
            "(SQLExecDirectW)",
            "network-reset",
        ),
        (
            "[Microsoft][ODBC Driver 17 for SQL Server]TCP Provider: Error code 0x20 (32)",
            "network-reset",
        ),
        (
            "Sqlcmd: Error: Microsoft ODBC Driver 17 for SQL Server : TCP Provider: Error code 0x2AF9.",
            "network-dns",
        ),
        (
            "[Microsoft][ODBC Driver 18 for SQL Server]TCP Provider: Error code 0x2751 (10065)",
            "network-unreachable",
        ),
        (
            'ConnectionError {message: "Failed to connect to sql1.database.windows.net:1433 in '
            '15000ms", code: "ETIMEOUT"}',
            "network-timeout",
        ),
        ("ConnectionError: Failed to connect to sqlhost\\SQLEXPRESS in 15000ms", "network-timeout"),
        (
            "ConnectionError: Failed to connect to node-2.example.net:1433 (redirected from "
            "sql1.database.windows.net:1433) in 30000ms",
            "network-timeout",
        ),
        (
            "Microsoft.Data.SqlClient.SqlException (0x80131904): Connection Timeout Expired.  The "
            "timeout period elapsed while attempting to create and initialize a socket to the server.  "
            "This could be either because the server was unreachable or unable to respond back in time.",
            "network-timeout",
        ),
        (
            "com.microsoft.sqlserver.jdbc.SQLServerException: The TCP/IP connection to the host "
            'nosuch.contoso.local, port 1433 has failed. Error: "nosuch.contoso.local. '
            + JDBC_ADVICE,
            "network-dns",
        ),
        (
            "System.Data.SqlClient.SqlException: Cannot open server 'contoso' requested by the login. "
            "Client with IP address '104.210.149.12' is not allowed to access the server.  To enable "
            "access, use the Windows Azure Management Portal or run sp_set_firewall_rule on the master "
            "database to create a firewall rule for this IP address or address range.",
            "network-refused",
        ),
        (
            "Msg 40615, Level 14, State 1, Line 1\nCannot open server 'myserver' requested by the "
            "login. Client with IP address '203.0.113.5' is not allowed to access the server.",
            "network-refused",
        ),
        (
            "A connection was successfully established with the server, but then an error occurred "
            "during the pre-login handshake. (provider: TCP Provider, error: 0 - An existing connection "
            "was forcibly closed by the remote host.) (Microsoft SQL Server, Error: 10054)",
            "tls-protocol",
        ),
        (
            "Une connexion a été établie avec le serveur, mais une erreur s'est ensuite produite "
            "pendant le processus d'ouverture de session. (provider: SSL Provider, error: 0 - La "
            "chaîne de certificats a été fournie par une autorité qui n’est pas approuvée.)",
            "tls-untrusted",
        ),
    ],
)
def test_sql_server_client_connection_failures_name_their_family(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # the JDBC driver's refused and timed-out connections keep their families' words
        (
            "The TCP/IP connection to the host localhost, port 1433 has failed. Error: "
            '"Connection refused: connect. ' + JDBC_ADVICE,
            "network-refused",
        ),
        (
            "The TCP/IP connection to the host db.contoso.com, port 1433 has failed. Error: "
            '"connect timed out. ' + JDBC_ADVICE,
            "network-timeout",
        ),
        # tedious' socket errors name their own reason after " - "
        (
            "ConnectionError: Failed to connect to localhost:1433 - connect ECONNREFUSED 127.0.0.1:1433",
            "network-refused",
        ),
        (
            "ConnectionError: Failed to connect to nosuchhost:1433 - getaddrinfo ENOTFOUND nosuchhost",
            "network-dns",
        ),
        # an untrusted certificate behind the pre-login handshake stays the certificate's
        (
            "A connection was successfully established with the server, but then an error occurred "
            "during the pre-login handshake. (provider: SSL Provider, error: 0 - The certificate chain "
            "was issued by an authority that is not trusted.)",
            "tls-untrusted",
        ),
    ],
)
def test_sql_server_client_reasons_beside_the_new_wordings_keep_their_family(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        "('28000', \"[28000] [Microsoft][ODBC Driver 17 for SQL Server][SQL Server]Login failed for "
        "user 'sa'. (18456) (SQLDriverConnect)\")",
        'Msg 40532, Level 20, State 1, Line 1\nCannot open server "myserver" requested by the login. '
        "The login failed.",
        "Msg 1205, Level 13, State 51, Line 1\nTransaction (Process ID 52) was deadlocked on lock "
        "resources with another process and has been chosen as the deadlock victim. Rerun the "
        "transaction.",
        "('HYT00', '[HYT00] [Microsoft][ODBC Driver 17 for SQL Server]Query timeout expired (0) "
        "(SQLExecDirectW)')",
        "Microsoft.Data.SqlClient.SqlException (0x80131904): Execution Timeout Expired.  The timeout "
        "period elapsed prior to completion of the operation or the server is not responding.\n"
        " ---> System.ComponentModel.Win32Exception (258): The wait operation timed out.",
        "Msg 40613, Level 17, State 1: Database 'db' on server 'myserver' is not currently available.  "
        "Please retry the connection later.",
        # the later phases of Connection Timeout Expired: a server slow to log in
        "Microsoft.Data.SqlClient.SqlException (0x80131904): Connection Timeout Expired.  The timeout "
        "period elapsed during the post-login phase.  The connection could have timed out while "
        "waiting for server to complete the login process and respond; Or it could have timed out "
        "while attempting to create multiple active connections.",
        # ODBC's login timeout alone: also a serverless database resuming from auto-pause
        "Error: nanodbc/nanodbc.cpp:950: HYT00: [Microsoft][ODBC SQL Server Driver]Login timeout expired",
        # the pre-login handshake with only the wrapper's internal exception: the reason is elsewhere
        "A connection was successfully established with the server, but then an error occurred during "
        "the pre-login handshake. (provider: TCP Provider, error: 35 - An internal exception was caught)",
        # a Winsock code's hex outside a SQL Server driver's TCP provider
        "Error code 0x2746 in the installer log: retry",
    ],
)
def test_sql_server_client_errors_of_other_causes_name_no_network_or_tls_family(text):
    family = family_of(text)
    assert family is None or not family.startswith(("network-", "tls-", "proxy")), family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # Azure SQL's network rules refusing the client: 40914 (no virtual network rule), 47073
        (
            "Msg 40914, Level 14, State 1, Line 1\nCannot open server 'contoso' requested by the "
            "login. Client is not allowed to access the server.",
            "network-refused",
        ),
        (
            "Reason: An instance-specific error occurred while establishing a connection to SQL "
            "Server. Connection was denied since Deny Public Network Access is set to Yes "
            "(https://docs.microsoft.com/azure/azure-sql/database/connectivity-settings). To continue "
            "working with SQL Database, please use private endpoint.",
            "network-refused",
        ),
        # Win32 errors behind SqlClient's TCP provider: 1225, 121, 64
        (
            "A network-related or instance-specific error occurred while establishing a connection to "
            "SQL Server. The server was not found or was not accessible. (provider: TCP Provider, "
            "error: 0 - The remote computer refused the network connection.)",
            "network-refused",
        ),
        (
            "A transport-level error has occurred when receiving results from the server. (provider: "
            "TCP Provider, error: 0 - The semaphore timeout period has expired.)",
            "network-timeout",
        ),
        (
            "A transport-level error has occurred when sending the request to the server. (provider: "
            "TCP Provider, error: 0 - The specified network name is no longer available.)",
            "network-reset",
        ),
        (
            "A connection was successfully established with the server, but then an error occurred "
            "during the pre-login handshake. (provider: TCP Provider, error: 0 - The specified network "
            "name is no longer available.)",
            "tls-protocol",
        ),
        # mssql-jdbc: the server closed the TLS handshake without an answer
        (
            "com.microsoft.sqlserver.jdbc.SQLServerException: The driver could not establish a secure "
            'connection to SQL Server by using Secure Sockets Layer (SSL) encryption. Error: "SQL '
            'Server did not return a response. The connection has been closed. ClientConnectionId:1b2c".',
            "tls-protocol",
        ),
        # tedious around Node's self-signed verify error
        (
            "ConnectionError: Failed to connect to sql1.contoso.local:1433 - self signed certificate",
            "tls-untrusted",
        ),
        (
            "ConnectionError: Failed to connect to sql1:1433 - self-signed certificate",
            "tls-untrusted",
        ),
    ],
)
def test_sql_server_network_rules_and_provider_errors_name_their_family(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # the same Win32 errors outside a SQL Server driver's TCP provider: a disk or share copy
        "Error 0x80070079: The semaphore timeout period has expired.",
        # the provider's errors that do not say why
        "(provider: Named Pipes Provider, error: 40 - Could not open a connection to SQL Server)",
        "(provider: SQL Network Interfaces, error: 26 - Error Locating Server/Instance Specified)",
        "[Microsoft][ODBC Driver 17 for SQL Server]Client unable to establish connection because an "
        "error was encountered during handshakes before login. Common causes include client attempting "
        "to connect to an unsupported version of SQL Server, server too busy to accept new connections "
        "or a server-side resource limitation (memory or maximum allowed connections) on the server.",
        # a Windows login from another domain, and Kerberos' SPN: no network or TLS failure
        "Login failed. The login is from an untrusted domain and cannot be used with Windows "
        "authentication.",
        "The target principal name is incorrect.  Cannot generate SSPI context.",
        # a certificate that is self-signed, said in a setup note
        "Failed to connect to the dashboard; configure a self-signed certificate first",
    ],
)
def test_sql_server_provider_errors_without_a_reason_name_no_network_or_tls_family(text):
    family = family_of(text)
    assert family is None or not family.startswith(("network-", "tls-", "proxy")), family
