"""The endpoint probe's classification (DNS / firewall / proxy / TLS) and the proxy URL rule."""

from __future__ import annotations

import pytest

from orchestrator.exitcodes import ExitCode
from orchestrator.facts.network import Reach, classify_web_error
from orchestrator.inventory.rules import proxy_url
from tests.scenarios.support import failing, inventory_data, new_lab
from workflows.register import WORKFLOW


@pytest.mark.parametrize(
    ("message", "reach"),
    [
        ("The remote name could not be resolved: 'login.windows.net'", Reach.DNS),
        ("Unable to connect to the remote server", Reach.FIREWALL),
        ("The remote server returned an error: (403) Forbidden.", Reach.PROXY),
        ("The remote server returned an error: (407) Proxy Authentication Required.", Reach.PROXY),
        ("The remote server returned an error: (400) Bad Request.", Reach.OK),
        (
            "The underlying connection was closed: Could not establish trust relationship for "
            "the SSL/TLS secure channel.",
            Reach.TLS,
        ),
    ],
)
def test_web_errors_are_classified(message, reach):
    assert classify_web_error(message) is reach


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("http://proxy.contoso.local:3128", True),
        ("https://proxy.contoso.local", True),
        ("http://user:secret@proxy:3128", False),
        ("ftp://proxy:21", False),
        ("http://proxy:99999", False),
        ("http://proxy:3128/path", False),
        ("http://10.0.0.5:8080", True),
        ("http://[fd00::5]:8080", True),
        # a native argument: nothing Windows PowerShell would split or re-quote
        ('http://pro"xy:3128', False),
        ("http://a b:3128", False),
        ("http://proxy`$(calc):80", False),
        ("http://x;y:80", False),
        ("http://proxy:3128\n", False),
        ("http://ünïcode.example:80", False),
    ],
)
def test_proxy_url_rule(value, ok):
    assert (proxy_url(value) is None) is ok


def test_dns_and_tls_inspection_are_named_with_their_hosts(tmp_path):
    lab = new_lab(tmp_path)
    node = lab.node("node3")
    node.endpoints["gbl.his.arc.azure.com"] = "dns_failure"
    node.endpoints["management.azure.com"] = "tls_inspection"
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.FAILED
    result = failing(outcome)[("node3", "connectivity")]
    assert result.observed == "tls: management.azure.com; dns: gbl.his.arc.azure.com (direct)"
    assert "cannot resolve gbl.his.arc.azure.com" in result.remediation
    assert "inspects TLS" in result.remediation


def test_a_proxy_that_refuses_is_named_as_the_culprit(tmp_path):
    proxy = "http://proxy.contoso.local:3128"
    lab = new_lab(tmp_path, https_proxy=proxy)
    lab.node("node2").endpoints["pas.windows.net"] = "firewall_drop"
    outcome = lab.run(WORKFLOW)
    result = failing(outcome)[("node2", "connectivity")]
    assert result.observed == f"firewall: pas.windows.net (via proxy {proxy})"


def test_a_proxy_url_with_credentials_is_refused_without_echoing_it(orchestrate, write_inventory):
    data = inventory_data(https_proxy="http://user:s3cret@proxy:3128")
    result = orchestrate("register", "-i", str(write_inventory(data)))
    assert result.code == 2
    assert "cluster.https_proxy" in result.err
    assert "no credentials in the proxy URL" in result.err
    assert "s3cret" not in result.err
