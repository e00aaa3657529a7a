"""Look-alike guards (session 10 review, cycle H): failures of other products that share a
family's words but not its cause, each quoted from the public thread or source beside it. An MQTT
broker's CONNACK refusal says "Connection refused" after the TCP connection was made (the broker
refused the client's CONNECT: credentials, authorisation, or its own service), so nothing listens
nowhere; Keycloak's and Okta's OAuth and rate-limit answers carry the generic OAuth error fields and
HTTP reason phrases Entra ID and Azure Resource Manager also use, but the fix is in that other
product. None of them may name a family."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

OTHER_PRODUCTS = [
    # --- MQTT brokers' CONNACK refusals (MQTT 3.1.1, OASIS mqtt-v3.1.1-os section 3.2.2.3 table
    # 3.1: "0x03 Connection Refused, Server unavailable: The Network Connection has been made but the
    # MQTT service is unavailable", 0x04 "bad user name or password", 0x05 "not authorized") ---
    # https://github.com/espressif/esp-idf/issues/9790 (ESP-MQTT, return code 3)
    "I (26041) mbedtls: ssl_msg.c:5693 <= read\n"
    "W (26041) MQTT_CLIENT: Connection refused, server unavailable\n"
    "E (26051) MQTT: MQTT_EVENT_ERROR\n"
    "E (26061) MQTT: Connection refused error: 0x3\n"
    "E (26061) MQTT_CLIENT: MQTT connect failed\n"
    "E (26071) MQTT: MQTT_EVENT_DISCONNECTED",
    # ESP-MQTT's other CONNACK warnings, in the spec's words (espressif/esp-mqtt mqtt_client.c
    # esp_mqtt_handle_connack's log lines, as the thread above shows for code 3)
    "W (5123) MQTT_CLIENT: Connection refused, not authorized",
    "W (5123) MQTT_CLIENT: Connection refused, bad username or password",
    # MQTT.js lib/client.js _handleConnack: new Error('Connection refused: ' + errors[rc]), errors[3]
    # 'Server unavailable' (mqttjs/MQTT.js, the same list in every version since 0.x)
    "Error: Connection refused: Server unavailable",
    # https://github.com/Freeboard/freeboard/issues/262 (Paho JavaScript, return code 5)
    "Connection failed: AMQJS0006E Bad Connack return code:5 Connection Refused: not authorized.",
    # https://github.com/moscajs/mosca/issues/223 (MQTT.js against Mosca, return code 5)
    "Uncaught Error: Connection refused: Not authorized",
    # --- Keycloak's token endpoint (keycloak/keycloak services/src/main/java/org/keycloak/protocol/
    # oidc/utils/AuthorizeClientUtil.java: throwErrorResponseException(Errors.INVALID_CLIENT, "Invalid
    # client or Invalid client credentials", UNAUTHORIZED); older releases "INVALID_CREDENTIALS:
    # Invalid client credentials") ---
    # https://github.com/lbormann/darts-caller/issues/29 (python-keycloak)
    "Connect failed: \n"
    '401: b\'{"error":"invalid_client","error_description":"Invalid client or Invalid client'
    " credentials\"}'\n"
    "Traceback (most recent call last):\n"
    '  File "/Library/Frameworks/Python.framework/Versions/3.12/lib/python3.12/site-packages/keycloak/'
    'keycloak_openid.py", line 312, in token\n'
    "    return raise_error_from_response(data_raw, KeycloakPostError)\n"
    'keycloak.exceptions.KeycloakAuthenticationError: 401: b\'{"error":"invalid_client",'
    '"error_description":"Invalid client or Invalid client credentials"}\'',
    # https://github.com/dominik-th/matomo-plugin-LoginOIDC/issues/57 (Keycloak before 12)
    'string (96) "{" error ":" invalid_client "," error_description ":" INVALID_CREDENTIALS: Invalid'
    ' client credentials "}"',
    # https://github.com/Stirling-Tools/Stirling-PDF/issues/6567 (Spring Security against Keycloak)
    "Caused by: org.springframework.web.client.HttpClientErrorException$Unauthorized: 401 Unauthorized"
    ' on POST request for "https://auth.ozyria.fr/realms/Ozyria/protocol/openid-connect/token":'
    ' "{"error":"unauthorized_client","error_description":"Invalid client or Invalid client'
    ' credentials"}"',
    # https://github.com/keycloak/keycloak/issues/16923 (keycloak-js, Keycloak 20)
    '{"error":"unauthorized_client","error_description":"Invalid client or Invalid client credentials"}',
    # --- Okta's rate limit (E0000047, HTTP 429) ---
    # https://github.com/firezone/firezone/issues/6735
    "e0000047 => api call exceeded rate limit due to too many requests.",
    # https://github.com/articulate/terraform-provider-okta/issues/182
    '2019-07-18T17:23:10.177-0500 [DEBUG] plugin.terraform-provider-okta_v3.0.6_x5:  "errorCode":'
    ' "E0000047",\n'
    '2019-07-18T17:23:10.177-0500 [DEBUG] plugin.terraform-provider-okta_v3.0.6_x5:  "errorSummary":'
    ' "API call exceeded rate limit due to too many requests.",\n'
    '2019-07-18T17:23:10.177-0500 [DEBUG] plugin.terraform-provider-okta_v3.0.6_x5:  "errorLink":'
    ' "E0000047",',
    # https://github.com/okta/terraform-provider-okta/issues/35 (the same run's response line)
    "2019-07-18T17:23:10.175-0500 [DEBUG] plugin.terraform-provider-okta_v3.0.6_x5: ---[ RESPONSE ]"
    "--------------------------------------\n"
    "2019-07-18T17:23:10.175-0500 [DEBUG] plugin.terraform-provider-okta_v3.0.6_x5: HTTP/1.1 429 Too"
    " Many Requests\n"
    "2019-07-18T17:23:10.175-0500 [DEBUG] plugin.terraform-provider-okta_v3.0.6_x5: Connection: close",
]


@pytest.mark.parametrize("text", OTHER_PRODUCTS)
def test_another_products_refusal_names_no_family(text: str) -> None:
    assert family_of(text) is None


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # the neighbours keep their family: a refused TCP connection to the broker's port, Entra ID's
        # own invalid_client with its code, ARM's own 429
        # https://github.com/hannesa2/paho.mqtt.android/issues/319
        (
            "Unable to connect to server token: Unable to connect to server (32103) -"
            " java.net.ConnectException: failed to connect to localhost/127.0.0.1 (port 1883) from"
            " /127.0.0.1 (port 46218) after 30000ms: isConnected failed: ECONNREFUSED (Connection"
            " refused)",
            "network-refused",
        ),
        (
            '{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret'
            " provided. Ensure the secret being sent in the request is the client secret value, not"
            ' the client secret ID."}',
            "entra-client-credential",
        ),
        (
            "RESPONSE 429: 429 Too Many Requests\nERROR CODE: SubscriptionRequestsThrottled",
            "arm-throttling",
        ),
    ],
)
def test_the_look_alikes_neighbours_keep_their_family(text: str, family: str) -> None:
    assert family_of(text) == family
