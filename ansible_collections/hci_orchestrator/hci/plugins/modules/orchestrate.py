#!/usr/bin/python
# MIT License (see the repository's pyproject.toml)
"""Ansible module: run an hci-orchestrator flow on the controller (plan in check mode)."""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: orchestrate
short_description: Run an hci-orchestrator flow on an Azure Stack HCI cluster
version_added: "0.1.0"
description:
  - Runs one hci-orchestrator flow (for example C(precheck), C(prepare), C(register),
    C(unregister), C(repair)) against every node of a cluster, over PowerShell Remoting,
    from the controller.
  - In check mode nothing is changed; the module returns the plan, C(changed) is true when
    the plan has changes, and with C(--diff) it shows before/after per node and step.
  - A real run is journaled under O(state_dir) like C(orchestrate) runs; a failed run can be
    resumed with C(orchestrate resume RUN_ID).
  - "The module talks to the nodes itself; run it on the controller
    (C(delegate_to: localhost) or C(connection: local)) with an C(ansible_python_interpreter)
    that has hci-orchestrator installed."
options:
  flow:
    description: Name of the flow to run (C(orchestrate graph --help) lists them).
    type: str
    required: true
  inventory:
    description:
      - Path to an orchestrate inventory file or an Ansible inventory (YAML, or the JSON of
        C(ansible-inventory --list)). Mutually exclusive with O(inventory_data).
    type: path
  inventory_data:
    description:
      - The inventory inline, with the same keys as the YAML file (C(cluster), C(connection),
        C(azure), C(lab)); validated exactly like the file. It is saved under
        O(state_dir)/inventories/ so that plans and journals can refer to it.
    type: dict
  azure:
    description:
      - The Azure target (C(cloud), C(region), C(subscription_id), C(tenant_id),
        C(resource_group), ...); replaces the inventory's C(azure) section.
    type: dict
  options:
    description: Flow options, as the flow names them (for example C(enable_debug_channel)).
    type: dict
    default: {}
  limit:
    description: Only these nodes (names from the inventory); default all nodes.
    type: list
    elements: str
    default: []
  parallel:
    description: How many nodes to work on at once.
    type: int
    default: 8
  max_fail_percent:
    description: Stop starting new nodes once more than this share of nodes failed.
    type: float
  state_dir:
    description:
      - Where journals live; share it with the C(orchestrate) CLI so that C(orchestrate runs)
        and C(orchestrate resume) find the module's runs. Defaults to E(ORCHESTRATE_HOME), else
        C(~/.orchestrate).
      - The cluster lock does not live here but in E(ORCHESTRATE_LOCK_DIR), else
        C(~/.orchestrate/locks), shared with every C(orchestrate) run of the user on the host.
    type: path
  password:
    description:
      - Password for the nodes. Passed only through the environment variable named by the
        inventory's C(connection.password_env); never written anywhere.
    type: str
  azure_client_id:
    description: Service principal application id (with O(azure_client_secret)).
    type: str
  azure_client_secret:
    description:
      - Service principal secret; needs C(azure.credential=environment). Passed only as
        E(AZURE_CLIENT_SECRET) to the run.
    type: str
  azure_token:
    description:
      - An ARM access token; needs C(azure.credential=token_env:NAME) and is passed only as
        that environment variable.
    type: str
notes:
  - Supports check mode and diff mode.
requirements:
  - hci-orchestrator installed in the Python that runs the module
author:
  - hci-orchestrator maintainers
"""

EXAMPLES = r"""
- name: Show what prepare would change (the plan)
  hci_orchestrator.hci.orchestrate:
    flow: prepare
    inventory: /etc/hci/hci01.yaml
  check_mode: true
  diff: true
  delegate_to: localhost

- name: Prepare every node, then register the cluster
  hci_orchestrator.hci.orchestrate:
    flow: "{{ item }}"
    inventory: /etc/hci/hci01.yaml
    password: "{{ vault_hci_password }}"
    azure_client_id: "{{ sp_app_id }}"
    azure_client_secret: "{{ vault_sp_secret }}"
    options:
      enable_debug_channel: true
  loop: [prepare, register]
  delegate_to: localhost

- name: Inline cluster, only two nodes
  hci_orchestrator.hci.orchestrate:
    flow: prepare
    inventory_data:
      cluster:
        name: hci01
        nodes:
          - {name: node1, host: node1.contoso.local}
          - {name: node2, host: node2.contoso.local}
      connection: {auth: negotiate, username: CONTOSO\hciadmin, password_env: HCI_PASSWORD}
    azure:
      region: eastus
      subscription_id: 6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90
      tenant_id: 3c9d2b71-5e84-4f0a-8b16-7a2e9c4d1f35
      resource_group: hci01-rg
    limit: [node2]
    password: "{{ vault_hci_password }}"
  register: prepared
  delegate_to: localhost
"""

RETURN = r"""
changed:
  description: Check mode, the plan has changes; a run, some step changed something.
  returned: always
  type: bool
msg:
  description: One-line summary; on failure also the remediation for every failed check.
  returned: always
  type: str
exit_code:
  description: The exit code C(orchestrate) would return (docs/exit-codes.md).
  returned: always
  type: int
plan:
  description: The plan document (docs/schemas/plan.schema.json).
  returned: check mode
  type: dict
run_id:
  description: The run's id, for C(orchestrate runs show) and C(orchestrate resume).
  returned: when the flow ran
  type: str
  sample: 20261124T001642Z-11a130
nodes:
  description: Per node, its final state and per step the outcome, before, after and error.
  returned: when the flow ran
  type: list
  elements: dict
summary:
  description: Node counts (done, failed, needs_operator, not_started).
  returned: when the flow ran
  type: dict
remediation:
  description: Per failed check or recognised error, the node, its source and what to do.
  returned: when the flow was planned or ran
  type: list
  elements: dict
"""

import os
import sys
import traceback
from pathlib import Path

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

try:
    from orchestrator.catalog import redact
    from orchestrator.errors import InputError
    from orchestrator.task import Secrets, TaskRequest, run_task
except ImportError:
    IMPORT_ERROR = sys.exc_info()[1]
else:
    IMPORT_ERROR = None

ARGUMENT_SPEC = {
    "flow": {"type": "str", "required": True},
    "inventory": {"type": "path"},
    "inventory_data": {"type": "dict"},
    "azure": {"type": "dict"},
    "options": {"type": "dict", "default": {}},
    "limit": {"type": "list", "elements": "str", "default": []},
    "parallel": {"type": "int", "default": 8},
    "max_fail_percent": {"type": "float"},
    "state_dir": {"type": "path", "fallback": (env_fallback, ["ORCHESTRATE_HOME"])},
    "password": {"type": "str", "no_log": True},
    "azure_client_id": {"type": "str"},
    "azure_client_secret": {"type": "str", "no_log": True},
    "azure_token": {"type": "str", "no_log": True},
}


def main():
    module = AnsibleModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[("inventory", "inventory_data")],
        required_one_of=[("inventory", "inventory_data")],
        supports_check_mode=True,
    )
    if IMPORT_ERROR is not None:
        module.fail_json(msg=missing_required_lib("hci-orchestrator"), exception=str(IMPORT_ERROR))
    p = module.params
    state_dir = p["state_dir"] or os.path.expanduser("~/.orchestrate")
    try:
        request = TaskRequest(
            flow=p["flow"],
            state_dir=Path(state_dir),
            inventory_path=p["inventory"],
            inventory_data=p["inventory_data"],
            azure=p["azure"],
            azure_client_id=p["azure_client_id"],
            options=p["options"],
            limit=tuple(p["limit"]),
            parallel=p["parallel"],
            max_fail_percent=p["max_fail_percent"],
            check_mode=module.check_mode,
            secrets=Secrets(
                password=p["password"],
                azure_client_secret=p["azure_client_secret"],
                azure_token=p["azure_token"],
            ),
        )
    except (InputError, ValueError, TypeError) as error:
        module.fail_json(msg=f"invalid parameters: {error}", exit_code=2)
    # Only the flow and the non-secret choices go into the journal's argv.
    argv = ["ansible:hci_orchestrator.hci.orchestrate", f"flow={p['flow']}"]
    try:
        result = run_task(request, argv)
    except Exception as error:  # a bug: one line in msg, the traceback where Ansible keeps it
        module.fail_json(
            msg=f"internal error: {error.__class__.__name__}: {redact(str(error))}",
            exception=traceback.format_exc(),
        )
    if not module._diff:
        result.pop("diff", None)
    if result["failed"]:
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
