"""One inventory for both tools, proved with the real `ansible-inventory`: an INI inventory
with ansible_psrp_* variables, listed by Ansible as JSON, reads as our inventory (INI values
typed as the psrp plugin types them) and drives `orchestrate precheck` on the lab."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from orchestrator.inventory import load_inventory
from tests.conftest import CliResult

ANSIBLE_INVENTORY = Path(sys.executable).parent / "ansible-inventory"

INI = """\
[hci01]
node1 ansible_host=node1.contoso.local
node2 ansible_host=node2.contoso.local ansible_psrp_port=5999

[hci01:vars]
ansible_connection=psrp
ansible_user=CONTOSO\\hciadmin
ansible_password="{{ lookup('env', 'HCI_PASSWORD') }}"
ansible_psrp_read_timeout=120
ansible_psrp_reconnection_retries=2
ansible_psrp_negotiate_delegate=yes
ansible_psrp_message_encryption=always
hci_cluster_name=hci01
hci_transport=lab
"""


@pytest.mark.slow
def test_ansible_inventory_list_of_an_ini_inventory_reads_as_ours(
    tmp_path: Path, orchestrate: Callable[..., CliResult]
) -> None:
    if not ANSIBLE_INVENTORY.exists():  # pragma: no cover - the test extra installs ansible-core
        pytest.skip("ansible-core is not installed")
    (tmp_path / "hosts.ini").write_text(INI)
    listed = subprocess.run(
        [str(ANSIBLE_INVENTORY), "-i", str(tmp_path / "hosts.ini"), "--list"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "ANSIBLE_HOME": str(tmp_path / "ansible-home")},
    )
    list_json = tmp_path / "inventory.json"
    list_json.write_text(listed.stdout)
    hostvars = json.loads(listed.stdout)["_meta"]["hostvars"]
    assert hostvars["node1"]["ansible_psrp_negotiate_delegate"] == "yes"  # a string from INI

    inventory = load_inventory(list_json)

    c = inventory.connection
    assert (c.read_timeout, c.reconnection_retries, c.negotiate_delegate) == (120.0, 2, True)
    assert (c.message_encryption, c.username, c.password_env) == (
        "always",
        "CONTOSO\\hciadmin",
        "HCI_PASSWORD",
    )
    assert [inventory.port_of(n) for n in inventory.cluster.nodes] == [5986, 5999]
    result = orchestrate("precheck", "-i", str(list_json), "--output", "json")
    assert result.code == 0, result.err
    assert {r["node"] for r in json.loads(result.out)["results"]} == {"node1", "node2"}
