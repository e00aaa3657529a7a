"""Database and messaging clients' own connection failures: MySQL's client library (CR_CONN_HOST_ERROR
2003 with the socket error number, CR_UNKNOWN_HOST 2005), the Event Hubs Java client's
CommunicationException sentence (weak), and curl's chunked transfer cut short (error 18, as git prints
it). Renderings written from the sources cited in orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "ERROR 2003 (HY000): Can't connect to MySQL server on"
            " 'contoso-db.mysql.database.azure.com:3306' (110)",
            "network-timeout",
        ),
        (
            "ERROR 2003 (HY000): Can't connect to MySQL server on 'contoso-db:3306' (10060)",
            "network-timeout",
        ),
        (
            "ERROR 2003 (HY000): Can't connect to MySQL server on '127.0.0.1:3306' (111)",
            "network-refused",
        ),
        ("ERROR 2002 (HY000): Can't connect to server on 'db01' (10061)", "network-refused"),
        (
            "ERROR 2003 (HY000): Can't connect to MySQL server on '10.0.0.5' (113)",
            "network-unreachable",
        ),
        (
            "ERROR 2005 (HY000): Unknown MySQL server host 'contoso-db.mysql.database.azure.com' (-2)",
            "network-dns",
        ),
        (
            "com.microsoft.azure.eventhubs.CommunicationException: A communication error has occurred."
            " This may be due to an incorrect host name in your connection string or a problem with"
            " your network connection.",
            "network-unreachable",
        ),
        (
            "error: RPC failed; curl 18 transfer closed with outstanding read data remaining\nfatal:"
            " the remote end hung up unexpectedly",
            "network-reset",
        ),
    ],
)
def test_database_and_messaging_clients_connection_failures_name_their_family(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # the local socket file, not the network
        (
            "ERROR 2002 (HY000): Can't connect to local MySQL server through socket"
            " '/var/run/mysqld/mysqld.sock' (2)",
            None,
        ),
        # another socket error number is not guessed at
        ("ERROR 2003 (HY000): Can't connect to MySQL server on 'db01:3306' (13)", None),
        # SqlClient's pre-login handshake failures: the maintainers warn against one cause from the
        # error number (dotnet/SqlClient wiki, Troubleshooting)
        (
            "A connection was successfully established with the server, but then an error occurred"
            " during the pre-login handshake. (provider: TCP Provider, error: 35 - An internal"
            " exception was caught)",
            None,
        ),
        # a reason beside the Event Hubs sentence decides
        (
            "com.microsoft.azure.eventhubs.CommunicationException: A communication error has occurred."
            " This may be due to an incorrect host name in your connection string or a problem with"
            " your network connection.\nCaused by: java.net.UnknownHostException: contoso-ehns"
            ".servicebus.windows.net",
            "network-dns",
        ),
    ],
)
def test_the_neighbours_of_the_database_and_messaging_wordings_keep_their_family(text, family):
    assert family_of(text) == family
