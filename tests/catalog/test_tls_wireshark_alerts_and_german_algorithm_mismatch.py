"""A TLS alert as Wireshark shows it in a capture, and SEC_E_ALGORITHM_MISMATCH in German.

"Alert (Level: Fatal, Description: <alert>)": the RFC 8446 6.2 alerts of no common parameters
(Handshake Failure, Protocol Version, Insufficient Security, Inappropriate Fallback) are tls-protocol,
a client's refusal of the server's certificate (Unknown CA, Certificate Unknown) tls-untrusted; other
alerts (Bad Record MAC, Close Notify) name nothing. "Client und Server können nicht kommunizieren, da
sie keinen gemeinsamen Algorithmus besitzen" is the German Windows' "do not possess a common
algorithm" (tls-protocol)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "TLSv1.2 Record Layer: Alert (Level: Fatal, Description: Handshake Failure)",
            "tls-protocol",
        ),
        ("TLSv1 Record Layer: Alert (Level: Fatal, Description: Protocol Version)", "tls-protocol"),
        ("Alert (Level: Fatal, Description: Insufficient Security)", "tls-protocol"),
        ("Alert (Level: Fatal, Description: Certificate Unknown)", "tls-untrusted"),
        ("TLSv1.2 Record Layer: Alert (Level: Fatal, Description: Unknown CA)", "tls-untrusted"),
        (
            "System.Net.WebException: Die zugrunde liegende Verbindung wurde geschlossen: Unerwarteter "
            "Fehler beim Empfangen. ---> System.ComponentModel.Win32Exception: Client und Server können "
            "nicht kommunizieren, da sie keinen gemeinsamen Algorithmus besitzen.",
            "tls-protocol",
        ),
    ],
)
def test_alerts_and_algorithm_mismatch(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        "TLSv1.2 Record Layer: Alert (Level: Fatal, Description: Bad Record MAC)",
        "TLSv1.2 Record Layer: Alert (Level: Warning, Description: Close Notify)",
    ],
)
def test_other_alerts_name_nothing(text):
    assert family_of(text) is None
