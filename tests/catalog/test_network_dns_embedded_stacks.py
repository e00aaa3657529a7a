"""network-dns as embedded TLS / HTTP stacks word a failed lookup: Espressif's esp-tls, Arduino-ESP32's
hostByName(), Mbed TLS, and the UnresolvableHostName code with its sentence (sources cited beside the
rules in orchestrator/catalog/families.yaml). The texts are renderings written from the producers'
sources, not corpus texts."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        # esp-tls esp_tls_hostname_to_fd, current and older releases
        "E (802632) esp-tls: couldn't get hostname for :iothub.contoso.azure-devices.net:"
        " getaddrinfo() returns 202, addrinfo=0x0",
        "E (19143) esp-tls: couldn't get hostname for :iothub.contoso.azure-devices.net:\n"
        "Error: mqtt_client timed out waiting for CONNACK",
        # the ESP-IDF socket examples' form
        "E (4512) example: couldn't get hostname for `broker.contoso.com` getaddrinfo() returns 202,"
        " addrinfo=0x0",
        # esp_err_to_name() of the error esp-tls returns
        "E (5021) HTTP_CLIENT: Connection failed: ESP_ERR_ESP_TLS_CANNOT_RESOLVE_HOSTNAME",
        # Arduino-ESP32 2.x and 3.x
        "[E][WiFiGeneric.cpp:1583] hostByName(): DNS Failed for iothub.contoso.azure-devices.net",
        "[ 11963][E][NetworkManager.cpp:138] hostByName(): DNS Failed for 'broker.contoso.com' with"
        " error '-54'",
        # Mbed TLS mbedtls_strerror and its code name
        "HTTP connect failed: NET - Failed to get an IP address for the given hostname",
        "mbedtls_net_connect returned MBEDTLS_ERR_NET_UNKNOWN_HOST",
        # the UnresolvableHostName code and its sentence, with and without the closing quote
        "UnresolvableHostName. The provided host name 'contoso-bot.azurewebsites.net' could not be"
        " resolved.",
        "UnresolvableHostName. The provided host name 'contoso-bot.azurewebsites.net could not be"
        " resolved.",
        "The provided host name 'contoso-bot.azurewebsites.net' could not be resolved.",
    ],
)
def test_embedded_stacks_failed_lookups_are_network_dns(text):
    assert family_of(text) == "network-dns"


@pytest.mark.parametrize(
    "text",
    [
        # the station lost its access point (beacon timeout) just before the lookup failed: the link,
        # or a starved device, not the name
        "D (12903) esp-tls: host:iothub.contoso.azure-devices.net: strlen 31\n"
        "I (18813) wifi: bcn_timout,ap_probe_send_start\n"
        "E (19143) esp-tls: couldn't get hostname for :iothub.contoso.azure-devices.net:",
        # another product's sentence with the same start, about a broker id, not a lookup
        "Couldn't get hostname for broker 42: no such broker",
        # identifiers that only contain the code's words
        "public void unresolvableHostName() {",
        "CheckAsync_UnresolvableHostname_FailsClosedRatherThanFailingOpen",
    ],
)
def test_look_alikes_of_the_embedded_lookup_wordings_are_not_network_dns(text):
    assert family_of(text) != "network-dns"
