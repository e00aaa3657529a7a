# Copyright (c) hci-orchestrator maintainers
# MIT License (see LICENSE in the collection root)
"""Action plugin for hci_orchestrator.hci.orchestrate: runs the flow in the controller's own
Python (the one running ansible-playbook), never on the play's hosts.

The flow reaches the cluster's nodes over PowerShell Remoting by itself, so it must run on the
controller; doing it here means a play needs neither `delegate_to: localhost` nor an
`ansible_python_interpreter` that has hci-orchestrator: the play's hosts may be the Windows
nodes themselves. Ansible's connection to the task's host is never opened."""

from __future__ import annotations

import difflib
import json

from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.hci_orchestrator.hci.plugins.module_utils.orchestrate import (
    ARGUMENT_SPEC,
    MUTUALLY_EXCLUSIVE,
    REQUIRED_ONE_OF,
    run_flow,
)

display = Display()


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(ARGUMENT_SPEC)

    def run(self, tmp=None, task_vars=None):
        super().run(tmp, task_vars)
        validation, _args = self.validate_argument_spec(
            argument_spec=ARGUMENT_SPEC,
            mutually_exclusive=MUTUALLY_EXCLUSIVE,
            required_one_of=REQUIRED_ONE_OF,
        )
        check_mode = bool(self._task.check_mode)
        diff = bool(self._task.diff)
        # Plain data, as a module would receive it: the controller's values carry Ansible's
        # tags and templating types, which the inventory writer (yaml.safe_dump) refuses.
        plain = json.loads(json.dumps(validation.validated_parameters))
        result = run_flow(plain, check_mode=check_mode, diff=diff)
        result["invocation"] = {"module_args": plain}  # what -vvv shows, as for modules
        # As AnsibleModule.exit_json does: no secret value survives anywhere in the result.
        result = remove_values(result, validation._no_log_values)
        if result["failed"] and diff and result.get("diff"):
            # Ansible's callbacks show a task's diff only when it succeeds; the operator
            # still needs to see what the healthy nodes would get before the task fails.
            display.display(render_diff(result["diff"]))
        return result


def render_diff(entries):
    """Unified diffs as Ansible's default callback renders a task's `diff` list."""
    chunks = []
    for entry in entries:
        lines = difflib.unified_diff(
            entry["before"].splitlines(True),
            entry["after"].splitlines(True),
            fromfile=f"before: {entry['before_header']}",
            tofile=f"after: {entry['after_header']}",
        )
        chunks.append("".join(lines))
    return "\n".join(chunks)
