"""Process exit codes: the contract shared by the CLI, CI pipelines and the Ansible module.

Documented in docs/exit-codes.md; DESIGN.md section 6 is the source.
"""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # success, or nothing to change
    FAILED = 1  # a check or step failed
    USAGE = 2  # bad flags or bad input; nothing was changed
    CHANGES_PENDING = 3  # plan has changes (only with --detailed-exitcode)
    PARTIAL = 4  # some nodes failed, others converged
    REFUSED = 5  # a guard, a stale plan, a held lock, or a node that needs an operator
    INTERRUPTED = 130  # Ctrl-C; the journal is flushed and the run can be resumed
    TERMINATED = 143  # SIGTERM (128 + 15), handled like Ctrl-C; the run can be resumed
