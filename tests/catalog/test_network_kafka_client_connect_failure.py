"""The Kafka Java client's connect failure ("Connection to node <id> (<host>/<address>:<port>) could not
be established. Broker may not be available.", apache/kafka NetworkClient): weak network-unreachable,
a refusal to a loopback address, and a reason beside it decides."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "WARN [Producer clientId=producer-1] Connection to node -1"
            " (contoso-ehns.servicebus.windows.net/20.1.1.1:9093) could not be established. Broker"
            " may not be available. (org.apache.kafka.clients.NetworkClient)",
            "network-unreachable",
        ),
        (
            "WARN [Consumer clientId=consumer-1, groupId=g] Connection to node 2"
            " (kafka-2.contoso.local/10.0.0.12:9092) could not be established. Node may not be"
            " available. (org.apache.kafka.clients.NetworkClient)",
            "network-unreachable",
        ),
        (
            "WARN [AdminClient clientId=adminclient-1] Connection to node -1 (localhost/127.0.0.1:9092)"
            " could not be established. Broker may not be available.",
            "network-refused",
        ),
        (
            "WARN [Producer clientId=producer-1] Connection to node -1"
            " (contoso-ehns.servicebus.windows.net/20.1.1.1:9093) could not be established. Broker"
            " may not be available.\njava.net.ConnectException: Connection timed out",
            "network-timeout",
        ),
    ],
)
def test_the_kafka_clients_connect_failure_names_its_family(text, family):
    assert family_of(text) == family


def test_the_kafka_clients_sentence_in_a_success_log_is_no_failure():
    # a weak wording alone, in a text that reports no failure, names nothing
    assert family_of("Broker may not be available. Retrying in 1000 ms") is None
