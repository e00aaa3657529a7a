#!/usr/bin/python
# Copyright (c) hci-orchestrator maintainers
# MIT License (see LICENSE in the collection root)
"""Ansible module: run an hci-orchestrator flow (the plan in check mode).

The collection's action plugin of the same name (plugins/action/orchestrate.py) runs the flow
in the controller's own Python, so a play needs neither delegate_to nor
ansible_python_interpreter. This file carries the documentation and the argument spec, and
still works as a plain module where an action plugin is not used."""

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
  - The flow always runs on the controller, in the Python that runs ansible-playbook (the
    collection's action plugin does that), whatever the play's hosts and connection are. That
    Python needs hci-orchestrator installed.
options:
  flow:
    description: Name of the flow to run (C(orchestrate graph --help) lists them).
    type: str
    required: true
    choices:
      - precheck
      - prepare
      - register
      - repair
      - status
      - unregister
      - arc-cleanup
      - arc-repair
      - arc-onboard
      - arc-offboard
      - collect-logs
      - arc-initialize
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
        C(.orchestrate) in the home directory of the user running Ansible.
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
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.conn
  - ansible.builtin.action_common_attributes.flow
attributes:
  action:
    support: full
    details: The action plugin runs the flow on the controller, in ansible-playbook's Python.
  async:
    support: none
  become:
    support: none
  bypass_host_loop:
    support: none
  check_mode:
    support: full
    details:
      - Returns the plan (RV(plan)); nothing is changed, journaled or locked.
      - When pre-checks block some nodes the task fails, after showing (with C(--diff)) the
        changes planned for the nodes that passed.
  connection:
    support: none
    details: The flow reaches the nodes over PowerShell Remoting itself, from the controller.
  delegation:
    support: none
    details: The flow always runs on the controller; C(delegate_to) changes nothing.
  diff_mode:
    support: full
    details: Per node and step, the state before and after (planned in check mode).
  platform:
    platforms: posix
    details: The controller; the cluster's nodes run Azure Stack HCI (Windows).
notes:
  - The flow runs once per host the task runs for; in a play over the cluster's nodes use
    C(run_once) and pass O(limit=ansible_play_hosts) to work on the selected nodes.
requirements:
  - hci-orchestrator installed in the Python that runs ansible-playbook
author:
  - hci-orchestrator maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Show what prepare would change (the plan)
  hci_orchestrator.hci.orchestrate:
    flow: prepare
    inventory: /etc/hci/hci01.yaml
  check_mode: true
  diff: true

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
"""

RETURN = r"""
changed:
  description: Check mode, the plan has changes; a run, some step changed something.
  returned: always
  type: bool
  sample: true
failed:
  description:
    - True when the flow could not be planned or run as asked; RV(msg) says why and what to
      do, RV(exit_code) is what C(orchestrate) would exit with.
    - In check mode, true when pre-checks block a node (C(orchestrate --dry-run) exits 4).
  returned: always
  type: bool
  sample: false
msg:
  description: One-line summary; on failure also the remediation for every failed check.
  returned: always
  type: str
  sample: "plan for prepare on hci01: 2 to change, 0 unknown, 10 no-op, 0 node(s) blocked"
exit_code:
  description: The exit code C(orchestrate) would return (docs/exit-codes.md).
  returned: always
  type: int
  sample: 3
plan:
  description: The plan document (docs/schemas/plan.schema.json).
  returned: check mode
  type: dict
  sample: {"workflow": {"name": "prepare"}, "cluster": "hci01", "changes_pending": true}
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
  sample:
    - node: node2
      state: done
      error: null
      steps:
        - {step: start_hcisvc, outcome: changed, before: Stopped, after: Running, attempts: 1, error: null}
summary:
  description: Node counts (done, failed, needs_operator, not_started).
  returned: when the flow ran
  type: dict
  sample: {"done": 4, "failed": 0, "needs_operator": 0, "not_started": 0}
remediation:
  description: Per failed check or recognised error, the node, its source and what to do.
  returned: when the flow was planned or ran
  type: list
  elements: dict
  sample:
    - node: node4
      source: reachability
      remediation: Make the node reachable over WinRM from this host
diff:
  description:
    - In diff mode, one entry per node and step that changes (check mode, planned) or
      changed (a run), as Ansible's callbacks show diffs.
  returned: in diff mode, when the flow was planned or ran
  type: list
  elements: dict
  sample:
    - before_header: "node2: start_hcisvc"
      after_header: "node2: start_hcisvc"
      before: "Stopped\n"
      after: "Running\n"
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hci_orchestrator.hci.plugins.module_utils.orchestrate import (
    ARGUMENT_SPEC,
    MUTUALLY_EXCLUSIVE,
    REQUIRED_ONE_OF,
    run_flow,
)


def main():
    module = AnsibleModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=MUTUALLY_EXCLUSIVE,
        required_one_of=REQUIRED_ONE_OF,
        supports_check_mode=True,
    )
    result = run_flow(module.params, check_mode=module.check_mode, diff=module._diff)
    if result["failed"]:
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
