"""Values a flow's steps use and its verb also shows in `--help` (a default, a channel name).

Kept apart from the steps so that building a verb's command imports no step, check or engine
module (issue 15 item 16; tests/cli/test_verb_help_imports.py); the steps import them from here.
"""

from __future__ import annotations

# arc-onboard / arc-offboard --secret-env: the NAME of the variable holding the service
# principal's secret, never the secret itself.
DEFAULT_SECRET_ENV = "ARC_SP_SECRET"  # noqa: S105 (the NAME of a variable, not a secret)

# seeds/000 C6 only says "a small warmup time"; 15 minutes is our default (arc-repair
# --warmup-minutes).
DEFAULT_WARMUP_MINUTES = 15.0

# collect-logs --enable-debug-channel: the HCI registration's debug event channel.
DEBUG_CHANNEL = "Microsoft-AzureStack-HCI/Debug"
