"""Producer wordings for network and TLS causes: the MySQL client's errno, WALinuxAgent's HTTP wrapper,
Win32 ERROR_NETNAME_DELETED, Web Deploy's ERROR_DESTINATION_NOT_REACHABLE, the DC locator / NETLOGON,
Azure Database for MySQL's minimum TLS version, apt's GnuTLS handshake alert, Application Gateway's
backend certificate trust.

MySQL libmysql CR_CONN_HOST_ERROR 2003 "Can't connect to MySQL server on '<host>' (<errno>)": the
macOS / BSD numbers (xnu bsd/sys/errno.h: ECONNREFUSED 61, ETIMEDOUT 60, ENETUNREACH 51,
EHOSTUNREACH 65) beside the Linux and Winsock ones; other errnos (e.g. 2, a socket file) name none
of these. WALinuxAgent restutil "[HTTP Failed] <method> <url> -- IOError <error>": only a timeout is
network-timeout here. The FailoverClusters "Check the spelling of the cluster name ... RPC server is
unavailable" wrapper is left unanswered: a wrong name passed to -Cluster prints it too."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "ERROR 2003 (HY000): Can't connect to MySQL server on 'xxxxxxxx.mysql.database.azure.com' (60)",
            "network-timeout",
        ),
        (
            "ERROR 2003 (HY000): Can't connect to MySQL server on '127.0.0.1:3306' (61)",
            "network-refused",
        ),
        (
            "ERROR 2003 (HY000): Can't connect to MySQL server on '10.1.2.3:3306' (65)",
            "network-unreachable",
        ),
        (
            "ERROR 2003 (HY000): Can't connect to MySQL server on '10.1.2.3:3306' (51)",
            "network-unreachable",
        ),
        (
            "INFO [HTTP Retry] Attempt 2 of 3: [HTTP Failed] HTTP PUT IOError timed out",
            "network-timeout",
        ),
        (
            "ERROR ExtHandler HostGAPlugin: Exception Get API versions: [HttpError] [HTTP Failed] GET "
            "http://168.63.129.16:32526/versions -- IOError timed out -- 6 attempts made",
            "network-timeout",
        ),
        (
            "failed to join domain 'contoso.local' from its current workgroup 'WORKGROUP' with following "
            "error message: The specified network name is no longer available.",
            "network-reset",
        ),
        (
            "Error Code: ERROR_DESTINATION_NOT_REACHABLE\nMore Information: Could not connect to the remote computer "
            '("web01"). On the remote computer, make sure that Web Deploy is installed and that the required process '
            '("Web Management Service") is started.',
            "network-refused",
        ),
        (
            "The following domain controllers were identified by the query:\nDC1\nDC02\n\nHowever no domain "
            "controllers could be contacted.",
            "network-unreachable",
        ),
        (
            "[CRITICAL] [960] CONTOSO: NlSessionSetup: Session setup: cannot pick trusted DC",
            "network-unreachable",
        ),
        (
            "SQLSTATE[HY000] [9002] TLS version used does not meet minimal requirements for this server. "
            "Please use a higher TLS version and retry.",
            "tls-protocol",
        ),
        (
            "Could not handshake: A TLS fatal alert has been received. [IP: 13.107.246.40 443]",
            "tls-protocol",
        ),
        (
            'the health probe is unhealthy with the "Backend server certificate is not whitelisted with '
            'Application Gateway." error.',
            "tls-untrusted",
        ),
        (
            "The root certificate of the server certificate used by the backend does not match the trusted root "
            "certificate added to the application gateway.",
            "tls-untrusted",
        ),
        # guards: other causes of the same producers
        (
            "ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/tmp/mysql.sock' (2)",
            None,
        ),
        (
            "PS C:\\> Remove-ClusterNameAccount -Cluster VCO -DeleteComputerObjects\nRemove-ClusterNameAccount : "
            "Check the spelling of the cluster name. Otherwise, there might be a problem with your network.\n"
            "    The RPC server is unavailable\n    FullyQualifiedErrorId : ClusterRpcConnection",
            None,
        ),
    ],
)
def test_producer_wording(text: str, family: str | None) -> None:
    assert family_of(text) == family
