"""Inventory connection options for psrp (ansible_psrp_* names) and how they reach pypsrp."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from orchestrator.errors import InputError
from orchestrator.inventory.loader import parse_inventory
from orchestrator.inventory.models import Connection
from orchestrator.transport.psrp import check_security, wsman_options
from tests.conftest import base_inventory


def _psrp(**connection: Any) -> dict[str, Any]:
    data = base_inventory()
    data.pop("lab")
    data["connection"] = {"transport": "psrp", **connection}
    return data


def _error(**connection: Any) -> str:
    with pytest.raises(InputError) as raised:
        parse_inventory(_psrp(**connection), "inv.yaml")
    return str(raised.value)


def test_every_ansible_psrp_option_is_read(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("pem")
    connection = parse_inventory(
        _psrp(
            auth="kerberos",
            cert_validation=str(ca),
            connection_timeout=5,
            read_timeout=40,
            operation_timeout=30,
            reconnection_retries=3,
            reconnection_backoff=1.5,
            configuration_name="PowerShell.7",
            negotiate_delegate=True,
            message_encryption="always",
        )
    ).connection

    assert connection.auth == "kerberos"
    assert connection.cert_validation == str(ca)
    assert (connection.connection_timeout, connection.read_timeout) == (5, 40)
    assert connection.operation_timeout == 30
    assert (connection.reconnection_retries, connection.reconnection_backoff) == (3, 1.5)
    assert connection.configuration_name == "PowerShell.7"
    assert connection.negotiate_delegate is True


def test_defaults_are_https_5986_with_validation() -> None:
    connection = Connection()
    assert connection.ssl is True
    assert connection.default_port == 5986
    assert connection.cert_validation is True
    assert connection.insecure is False


@pytest.mark.parametrize(
    ("options", "field", "fix"),
    [
        ({"auth": "digest"}, "connection.auth", "use one of: basic, ntlm"),
        ({"read_timeout": 10, "operation_timeout": 20}, "connection.read_timeout", "greater"),
        ({"operation_timeout": 0}, "connection.operation_timeout", "positive"),
        ({"reconnection_retries": -1}, "connection.reconnection_retries", "zero or a positive"),
        ({"reconnection_retries": 1.5}, "connection.reconnection_retries", "whole number"),
        ({"cert_validation": "/nope/ca.pem"}, "connection.cert_validation", "existing CA"),
        ({"configuration_name": "a b"}, "connection.configuration_name", "session configuration"),
        ({"auth": "certificate"}, "connection.certificate_pem", "certificate_key_pem"),
        (
            {"auth": "basic", "message_encryption": "always"},
            "connection.message_encryption",
            "ntlm",
        ),
        ({"negotiate_delegate": "yes"}, "connection.negotiate_delegate", "true or false"),
        ({"insecure": 1}, "connection.insecure", "true or false"),
        ({"timeout": 5}, "connection.timeout", "unknown key"),
    ],
)
def test_bad_connection_option_names_field_and_fix(
    options: dict[str, Any], field: str, fix: str
) -> None:
    message = _error(**options)
    assert message.startswith(f"inv.yaml: {field}:")
    assert fix in message


def test_certificate_auth_needs_https(tmp_path: Path) -> None:
    pem = tmp_path / "c.pem"
    pem.write_text("pem")
    message = _error(
        auth="certificate", ssl=False, certificate_pem=str(pem), certificate_key_pem=str(pem)
    )
    assert "connection.ssl" in message


def test_a_literal_password_is_refused_without_echoing_it() -> None:
    message = _error(password="hunter2")
    assert "password_env" in message
    assert "hunter2" not in message


def _conn(**options: Any) -> Connection:
    return Connection(transport="psrp", **options)


def test_options_map_one_to_one_onto_pypsrp() -> None:
    connection = _conn(
        auth="negotiate",
        username="CONTOSO\\admin",
        password_env="HCI_PW",
        read_timeout=12,
        operation_timeout=10,
        reconnection_retries=2,
        negotiate_delegate=True,
    )
    options = wsman_options(connection, environ={"HCI_PW": "s3cret"})

    assert options["username"] == "CONTOSO\\admin"
    assert options["password"] == "s3cret"
    assert options["auth"] == "negotiate"
    assert options["ssl"] is True
    assert options["cert_validation"] is True
    assert (options["read_timeout"], options["operation_timeout"]) == (12, 10)
    assert options["reconnection_retries"] == 2
    assert options["negotiate_delegate"] is True
    assert options["encryption"] == "auto"


def test_missing_password_variable_is_an_input_error_naming_the_field_not_the_value() -> None:
    # A password pasted where the variable's name belongs can look like a name: never repeated.
    connection = _conn(auth="basic", username="admin", password_env="Hunter2Secret")
    with pytest.raises(InputError) as raised:
        wsman_options(connection, environ={}, source="inv.yaml")
    assert raised.value.field == "connection.password_env"
    assert "is not set" in str(raised.value)
    assert "Hunter2Secret" not in str(raised.value)


def test_basic_needs_a_username_and_password() -> None:
    with pytest.raises(InputError, match=r"connection.username"):
        wsman_options(_conn(auth="basic"), environ={})


def test_basic_over_http_is_sent_without_encryption_only_once_allowed() -> None:
    connection = _conn(auth="basic", ssl=False, username="u", password_env="P", insecure=True)
    warnings: list[str] = []

    check_security(connection, insecure=False, source="inv.yaml", warn=warnings.append)

    assert wsman_options(connection, environ={"P": "x"})["encryption"] == "never"
    assert len(warnings) == 1
    assert "clear text" in warnings[0]


def test_cleartext_is_refused_without_opt_in() -> None:
    connection = _conn(auth="basic", ssl=False)
    with pytest.raises(InputError) as raised:
        check_security(connection, insecure=False, source="inv.yaml", warn=print)
    assert raised.value.field == "connection.ssl"


def test_ntlm_over_http_encrypts_and_needs_no_opt_in() -> None:
    warnings: list[str] = []
    check_security(_conn(auth="ntlm", ssl=False), insecure=False, source="x", warn=warnings.append)
    assert warnings == []


def test_ntlm_with_encryption_off_over_http_needs_the_opt_in() -> None:
    with pytest.raises(InputError):
        check_security(
            _conn(auth="ntlm", ssl=False, message_encryption="never"),
            insecure=False,
            source="x",
            warn=print,
        )


@pytest.mark.parametrize(("auth", "extra"), [("credssp", "[credssp]"), ("kerberos", "[kerberos]")])
def test_an_auth_whose_extra_is_not_installed_names_the_extra(
    auth: str, extra: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The double hop needs delegated credentials (docs/psrp.md): CredSSP comes with pypsrp's
    credssp extra, Kerberos with pyspnego's kerberos extra; missing, it is an input error naming
    the project's extra to install, before any node is contacted."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name in ("requests_credssp", "gssapi", "krb5") else real(name, *a),
    )
    connection = _conn(auth=auth, username="CONTOSO\\admin", password_env="P")
    with pytest.raises(InputError) as raised:
        wsman_options(connection, environ={"P": "x"}, source="inv.yaml")
    assert raised.value.field == "connection.auth"
    assert f"hci-orchestrator{extra}" in str(raised.value)
