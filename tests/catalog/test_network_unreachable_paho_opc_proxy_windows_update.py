"""A TCP connect that failed, in three producers' own words.

Eclipse Paho's Java MQTT client (eclipse/paho.mqtt.java @9c742c1d TCPNetworkModule.start turns the
socket's ConnectException into MqttException REASON_CODE_SERVER_CONNECT_ERROR 32103, whose message
is internal/nls/messages<_locale>.properties 32103 "Unable to connect to server" in every language
Paho ships), as MqttException.toString ("... (32103)") or the Azure IoT Java SDK ("Error initializing
MQTT connection:<message>") print it: the connection could not be made, network-unreachable, unless a
more specific reason is beside it (refused, a name that does not resolve).

The Azure IoT Edge OPC proxy's platform layer (Azure/iot-edge-opc-proxy src/pal/pal_sk_posix.c and
pal_sk_win.c "Failed connecting socket (%s)" with prx_err_string; pal_err_posix.c maps ETIMEDOUT to
er_timeout and ECONNREFUSED to er_refused): network-timeout / network-refused.

Windows Update's WU_E_PT_ENDPOINT_UNREACHABLE 0x80240438 ("There is no route or network
connectivity to the endpoint", the Windows Update error reference on learn.microsoft.com), as WSL's
distribution install from the Store prints it: network-unreachable."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "java.io.IOException: Error initializing MQTT connection:無法連接到伺服器\n"
        "\tat com.microsoft.azure.iothub.transport.mqtt.MqttIotHubConnection.open(MqttIotHubConnection.java:141)",
        "java.io.IOException: Error initializing MQTT connection:Unable to connect to server",
        "MqttException (0) - Unable to connect to server (32103)",
        "Unable to connect to server (32103)",
        "Impossibile effettuare la connessione al server (32103)",
        "Verbindung zu Server kann nicht hergestellt werden (32103)",
        "无法连接至服务器 (32103)",
        "サーバーに接続できません (32103)",
        "Error initializing MQTT connection: Не удается подключиться к серверу",
        "Error: 0x80240438           0.0%                           ]\nError code: Wsl/InstallDistro/0x80240438",
        "Installation failed with error 0x80240438",
        "WU_E_PT_ENDPOINT_UNREACHABLE",
    ],
)
def test_paho_connect_error_and_windows_update_endpoint_unreachable(text):
    assert family_of(text) == "network-unreachable"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # a more specific reason beside Paho's wrapper decides
        (
            "Unable to connect to server (32103) - java.net.ConnectException: Connection refused",
            "network-refused",
        ),
        (
            "Unable to connect to server (32103) - java.net.UnknownHostException: myhub.azure-devices.net",
            "network-dns",
        ),
        (
            "Error: Time:Tue Feb 28 15:22:14 2017 File:/src/pal/pal_sk_posix.c Func:pal_socket_connect Line:726"
            " Failed connecting socket (er_timeout)",
            "network-timeout",
        ),
        (
            "Error: ... Func:pal_socket_connect Line:726 Failed connecting socket (er_refused)",
            "network-refused",
        ),
    ],
)
def test_a_specific_reason_names_its_own_family(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # the words without Paho's code or the SDK's prefix: SSMS, games, many clients say them
        "Unable to connect to server",
        "無法連接到伺服器，請稍後再試",
        "Unable to connect to server (32000)",
        # the OPC proxy's other failures
        "Failed connecting pipe client (er_timeout)",
        "Failed connecting socket (er_arg)",
        # other Windows Update codes
        "Installation failed with error 0x80240439",
        "Error code: Wsl/InstallDistro/0x80070005",
    ],
)
def test_look_alikes_name_no_connect_failure(text):
    assert family_of(text) not in {"network-unreachable", "network-timeout", "network-refused"}
