"""Bad input never shows a traceback: one line on stderr naming file and field, exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO, base_inventory


def _assert_clean_usage_error(result, *fragments, json_out=False):
    assert result.code == 2, (result.out, result.err)
    assert "Traceback" not in result.err
    if json_out:  # --output json: the error as one document on stdout (issue 15.7)
        assert json.loads(result.out)["kind"] == "error"
    else:
        assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    for fragment in fragments:
        assert fragment in lines[0]


def test_missing_inventory_file(orchestrate, tmp_path):
    missing = tmp_path / "nope.yaml"
    result = orchestrate("precheck", "-i", str(missing))
    _assert_clean_usage_error(result, str(missing), "file not found")


def test_yaml_syntax_error(orchestrate, write_inventory):
    path = write_inventory("cluster:\n  name: hci01\n  nodes: [ {name: n1\n")
    result = orchestrate("precheck", "-i", str(path), "--output", "json")
    _assert_clean_usage_error(result, str(path), "YAML syntax error", "line ", json_out=True)


def test_wrong_type(orchestrate, write_inventory):
    data = base_inventory()
    data["cluster"]["nodes"] = {"name": "node1"}
    result = orchestrate("precheck", "-i", str(write_inventory(data)))
    _assert_clean_usage_error(result, "cluster.nodes", "expected a list")


def test_unknown_key(orchestrate, write_inventory):
    data = base_inventory()
    data["azure"]["subscription"] = data["azure"].pop("subscription_id")
    result = orchestrate("precheck", "-i", str(write_inventory(data)))
    _assert_clean_usage_error(result, "azure.subscription", "unknown key", "subscription_id")


@pytest.mark.parametrize("field", ["subscription_id", "tenant_id"])
def test_bad_guid(orchestrate, write_inventory, field):
    data = base_inventory()
    data["azure"][field] = "1234"
    result = orchestrate("precheck", "-i", str(write_inventory(data)))
    _assert_clean_usage_error(result, f"azure.{field}", "'1234'", "use a GUID")


def test_literal_password_is_refused_and_not_echoed(orchestrate, write_inventory):
    data = base_inventory()
    data["connection"]["password"] = "Hunter2-Secret"
    result = orchestrate("precheck", "-i", str(write_inventory(data)))
    _assert_clean_usage_error(result, "connection.password", "environment variable")
    assert "Hunter2-Secret" not in result.err


def test_basic_auth_over_plain_http_is_refused_before_any_connection(orchestrate, write_inventory):
    data = base_inventory()
    data["connection"] = {
        "transport": "psrp",
        "auth": "basic",
        "ssl": False,
        "username": "u",
        "password_env": "PW",
    }
    del data["lab"]
    result = orchestrate("precheck", "-i", str(write_inventory(data)))
    _assert_clean_usage_error(result, "connection.ssl")


def test_missing_required_option_is_a_usage_error(orchestrate):
    result = orchestrate("precheck")
    assert result.code == 2
    assert "Missing option '-i' / '--inventory'" in result.err


def test_the_installed_entry_point_behaves_the_same(tmp_path):
    """A real process: exit status and streams as a pipeline would see them."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("cluster: {name: hci01, nodes: [{name: node1}]}\nazure: 7\n")
    proc = subprocess.run(
        [sys.executable, "-m", "orchestrator", "precheck", "-i", str(bad)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip() == f"error: {bad}: azure: 7: expected a mapping of keys to values"
