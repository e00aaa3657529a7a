"""TLS is validated unless the inventory says otherwise, and saying otherwise is loud: what a
user sees from `orchestrate` against the lab's HTTPS endpoints (a private, throwaway CA)."""

from __future__ import annotations

from collections.abc import Callable

import yaml

from tests.protocol.wire_lab import WireLab

Make = Callable[..., WireLab]


def _edit(lab: WireLab, section: str, **changes: object) -> None:
    data = yaml.safe_load(lab.inventory_path.read_text())
    for key, value in changes.items():
        if value is None:
            data[section].pop(key, None)
        else:
            data[section][key] = value
    lab.inventory_path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_winrm_certificates_are_validated_when_the_inventory_says_nothing(
    wire_lab: Make,
) -> None:
    lab = wire_lab()
    _edit(lab, "connection", cert_validation=None)  # the default applies

    result, _doc = lab.run_cli("precheck")

    assert result.code == 1
    assert "could not be verified" in result.out + result.err
    assert "cert_validation" in result.out + result.err  # the fix is named
    assert "WARNING" not in result.err
    assert all(e.pools_opened == 0 for e in lab.wsman.endpoints.values())


def test_turning_winrm_validation_off_works_but_warns_on_stderr(wire_lab: Make) -> None:
    lab = wire_lab()
    _edit(lab, "connection", cert_validation=False)

    result, _doc = lab.run_cli("precheck")

    assert result.code == 0, result.err
    assert "WARNING: INSECURE: TLS certificate validation is off" in result.err
    assert "INSECURE" not in result.out  # stdout stays one JSON document


def test_arm_certificates_are_always_validated(wire_lab: Make) -> None:
    lab = wire_lab()
    _edit(lab, "azure", ca_bundle=None)  # the lab CA is no longer trusted for ARM

    result, _doc = lab.run_cli("precheck")

    assert result.code == 1
    assert "TLSValidationFailed" in result.out


def test_an_arm_endpoint_over_plain_http_is_refused_before_anything_runs(
    wire_lab: Make,
) -> None:
    lab = wire_lab()
    data = yaml.safe_load(lab.inventory_path.read_text())
    _edit(lab, "azure", arm_endpoint=data["azure"]["arm_endpoint"].replace("https:", "http:"))

    result = lab.cli("precheck", "-i", str(lab.inventory_path))

    assert result.code == 2
    assert "arm_endpoint" in result.err
    assert "Traceback" not in result.err
    assert all(e.actions == [] for e in lab.wsman.endpoints.values())
