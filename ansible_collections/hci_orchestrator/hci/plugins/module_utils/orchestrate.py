# Copyright (c) hci-orchestrator maintainers
# MIT License (see LICENSE in the collection root)
"""What the orchestrate module and its action plugin share: the argument spec and the call
into hci-orchestrator (orchestrator.task.run_task), which does all the work."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from ansible.module_utils.basic import env_fallback, missing_required_lib

try:
    from orchestrator.catalog import redact
    from orchestrator.errors import InputError
    from orchestrator.task import Secrets, TaskRequest, run_task
except ImportError:
    IMPORT_ERROR = sys.exc_info()[1]
    IMPORT_TRACEBACK = traceback.format_exc()
else:
    IMPORT_ERROR = None
    IMPORT_TRACEBACK = None

# The flows hci-orchestrator registers (workflows.FLOWS), in its order. The module's
# DOCUMENTATION lists the same choices; tests/ansible/test_module_docs.py fails when either
# drifts from workflows.FLOWS (a new flow: add it here and to DOCUMENTATION's flow choices).
FLOWS = (
    "precheck",
    "prepare",
    "register",
    "repair",
    "status",
    "unregister",
    "arc-cleanup",
    "arc-repair",
    "arc-onboard",
    "arc-offboard",
    "collect-logs",
    "arc-initialize",
)

# Journals default to ORCHESTRATE_HOME, else this directory under the user's home.
DEFAULT_STATE_DIR = ".orchestrate"

ARGUMENT_SPEC = {
    "flow": {"type": "str", "required": True, "choices": list(FLOWS)},
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
MUTUALLY_EXCLUSIVE = [("inventory", "inventory_data")]
REQUIRED_ONE_OF = [("inventory", "inventory_data")]

# The only words of a task that reach the journal's argv: never a parameter value.
JOURNAL_ARGV = "ansible:hci_orchestrator.hci.orchestrate"


def run_flow(params, check_mode, diff):
    """Plan (check mode) or run the flow for validated parameters; the Ansible result, with
    `failed` set on every error (nothing raises)."""
    if IMPORT_ERROR is not None:
        return {
            "changed": False,
            "failed": True,
            "msg": missing_required_lib("hci-orchestrator"),
            "exception": IMPORT_TRACEBACK,
        }
    state_dir = params["state_dir"] or str(Path.home() / DEFAULT_STATE_DIR)
    try:
        request = TaskRequest(
            flow=params["flow"],
            state_dir=Path(state_dir),
            inventory_path=params["inventory"],
            inventory_data=params["inventory_data"],
            azure=params["azure"],
            azure_client_id=params["azure_client_id"],
            options=params["options"],
            limit=tuple(params["limit"]),
            parallel=params["parallel"],
            max_fail_percent=params["max_fail_percent"],
            check_mode=check_mode,
            secrets=Secrets(
                password=params["password"],
                azure_client_secret=params["azure_client_secret"],
                azure_token=params["azure_token"],
            ),
        )
    except (InputError, ValueError, TypeError) as error:
        return {
            "changed": False,
            "failed": True,
            "msg": f"invalid parameters: {error}",
            "exit_code": 2,
        }
    try:
        result = run_task(request, [JOURNAL_ARGV, f"flow={params['flow']}"])
    except Exception as error:  # a bug: one line in msg, the traceback where Ansible keeps it
        return {
            "changed": False,
            "failed": True,
            "msg": f"internal error: {error.__class__.__name__}: {redact(str(error))}",
            "exception": traceback.format_exc(),
        }
    if not diff:
        result.pop("diff", None)
    return result
