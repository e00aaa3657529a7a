"""The TLS and connection failures of embedded stacks in their own words: Mbed TLS (mbedtls_strerror,
mbedtls_x509_crt_verify_info) as ESP-IDF and Arduino-ESP32 print it, wolfSSL's error strings, ESP-IDF
esp-tls's connect failures, and the Azure IoT C SDK's adapters (sources cited beside the rules in
orchestrator/catalog/families.yaml). Renderings written from the sources, not corpus texts."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # Mbed TLS certificate verification, ESP-IDF and Arduino-ESP32 renderings
        ("W (5123) esp-tls-mbedtls: Failed to verify peer certificate!", "tls-untrusted"),
        (
            "I (5124) esp-tls-mbedtls: verification info:   ! The certificate is not correctly signed"
            " by the trusted CA",
            "tls-untrusted",
        ),
        (
            "[E][ssl_client.cpp:253] start_ssl_client(): Failed to verify peer certificate!"
            " verification info:   ! The certificate Common Name (CN) does not match with the"
            " expected CN",
            "tls-untrusted",
        ),
        # wolfSSL
        ("wolfSSL_connect error -188, ASN no signer error to confirm failure", "tls-untrusted"),
        ("wolfSSL_connect error -322, peer subject name mismatch", "tls-untrusted"),
        # Mbed TLS: the connection closed or reset
        (
            "[E][ssl_client.cpp:37] _handle_error(): [data_to_read():343]: (-29312) SSL - The"
            " connection indicated an EOF",
            "network-reset",
        ),
        (
            "[E][ssl_client.cpp:37] _handle_error(): [send_ssl_data():382]: (-80) UNKNOWN ERROR CODE"
            " (0050)",
            "network-reset",
        ),
        ("tlsio_mbedtls: mbedtls_ssl_read failed: MBEDTLS_ERR_SSL_CONN_EOF", "network-reset"),
        # Mbed TLS: the server refused the handshake (weak wordings, with a failure beside them)
        (
            "[E][WiFiClientSecure.cpp:144] connect(): start_ssl_client: -30592\n[E][ssl_client.cpp:37]"
            " _handle_error(): [start_ssl_client():273]: (-30592) SSL - A fatal alert message was"
            " received from our peer\nHTTP request failed",
            "tls-protocol",
        ),
        (
            "connect failed: (-26624) SSL - Processing of the ServerHello handshake message failed",
            "tls-protocol",
        ),
        # esp-tls connect failures
        ("E (15123) esp-tls: [sock=54] select() timeout", "network-timeout"),
        (
            "E (15124) esp-tls: Failed to open new connection: ESP_ERR_ESP_TLS_CONNECTION_TIMEOUT",
            "network-timeout",
        ),
        ("E (6351) esp-tls: Failed to connnect to host (errno 110)", "network-timeout"),
        ("E (6351) esp-tls: Failed to connnect to host (errno 111)", "network-refused"),
        ("E (6351) esp-tls: Failed to connnect to host (errno 113)", "network-unreachable"),
        ("E (6351) esp-tls: Failed to connnect to host (errno 101)", "network-unreachable"),
        # the Azure IoT C SDK's adapters
        (
            "Error: Time:Mon Apr 27 15:56:35 2020 File:/azure-iot-sdk-c/c-utility/adapters/"
            "socketio_berkeley.c Func:lookup_address_and_initiate_socket_connection Line:283 Failure:"
            " getaddrinfo failure -3.",
            "network-dns",
        ),
        (
            "Connection Status result:IOTHUB_CLIENT_CONNECTION_UNAUTHENTICATED,"
            " reason:IOTHUB_CLIENT_CONNECTION_NO_NETWORK\nError: failed to send telemetry",
            "network-unreachable",
        ),
    ],
)
def test_embedded_stacks_failures_name_their_family(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # a certificate outside its validity is a condition shown in the partial answer, not a family
        (
            "I (5124) esp-tls-mbedtls: verification info:   ! The certificate validity has expired",
            None,
        ),
        ("wolfSSL_connect error -151, ASN date error, current date after", None),
        # another esp-tls errno is not guessed at (104 is named by its strerror elsewhere, not here)
        ("E (6351) esp-tls: Failed to connnect to host (errno 12)", None),
        # a specific reason beside the weak IoT SDK reason decides
        (
            "Connection Status result:IOTHUB_CLIENT_CONNECTION_UNAUTHENTICATED,"
            " reason:IOTHUB_CLIENT_CONNECTION_NO_NETWORK\nFailure: getaddrinfo failure -2.",
            "network-dns",
        ),
        # a specific TLS wording beside the weak fatal-alert text decides
        (
            "(-30592) SSL - A fatal alert message was received from our peer\nFailed to verify peer"
            " certificate! verification info: ! The certificate is not correctly signed by the"
            " trusted CA",
            "tls-untrusted",
        ),
    ],
)
def test_the_neighbours_of_the_embedded_wordings_keep_their_family(text, family):
    assert family_of(text) == family
