"""Where the CLI's log records go (issue 15.8): stderr by verbosity, and with `--log-file PATH`
the full DEBUG log, every line timestamped and masked.

Masking reuses what the rest of the tool masks logs with: the collected-log redactor
(`orchestrator/catalog/redact.py`: tokens, bearer headers, secret-named flags and keys,
ConvertTo-SecureString, SAS signatures) on every formatted line, traceback included, and
transport/wire_log.py's filters, which withhold pypsrp's and spnego's payloads (CLIXML with
parameter values, authentication tokens) before any handler sees them. (echo.mask's "looks like
a password" rule is not applied: it would hide Windows paths such as C:/ProgramData/.../azcmagent-0f.json
that operators need in a log, and the tool never logs a secret value in the first place.)

Like Terraform's TF_LOG_PATH and Ansible's log_path, the file is appended to; it is created
owner-only (0600) because even a masked log names hosts, users and resources.
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from orchestrator import terminal
from orchestrator.errors import InputError

if TYPE_CHECKING:
    from rich.text import Text

# Libraries whose INFO/DEBUG is about their own machinery: on stderr only from -vv on
# (and never below WARNING there), in a --log-file always at DEBUG.
_NOISY = ("pypsrp", "urllib3", "spnego", "transitions", "psrpcore", "requests_credssp")
FILE_FORMAT = "%(asctime)s %(levelname)-8s %(name)s [%(threadName)s] %(message)s"
STDERR_FORMAT = "%(asctime)s %(levelname)-8s %(message)s"


def utc_time(created: float) -> str:
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")


class MaskingFormatter(logging.Formatter):
    """A formatter whose every line (message, arguments, traceback) is masked and stamped in
    UTC, ISO 8601 with milliseconds."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return utc_time(record.created)

    def format(self, record: logging.LogRecord) -> str:
        # logging.Formatter.format, with the message and traceback masked (not the time, level,
        # logger and thread columns, which are ours and which the password heuristic would hit)
        # Imported on the first record, not when the root command sets logging up: the catalog
        # package behind it is most of a verb's --help start-up otherwise (issue 15 item 16).
        from orchestrator.catalog.redact import redact

        record.message = redact(record.getMessage())
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        text = self.formatMessage(record)
        if record.exc_info:
            text += "\n" + redact(self.formatException(record.exc_info))
        if record.stack_info:
            text += "\n" + redact(self.formatStack(record.stack_info))
        return text


def _rich_time(moment: datetime) -> Text:
    # RichHandler hands over a local naive datetime; the log says UTC, like the file.
    from rich.text import Text

    return Text(moment.astimezone(UTC).isoformat(timespec="milliseconds"))


def _stderr_handler(verbose: int) -> logging.Handler:
    """Warnings only by default, as before; with -v and -vv every line carries its time: a
    rich column at a terminal, one plain line per record in a pipe (CI logs stay greppable)."""
    handler: logging.Handler
    if verbose and not sys.stderr.isatty():
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(MaskingFormatter(STDERR_FORMAT))
        return handler
    handler = terminal.RichStderrHandler(
        show_time=bool(verbose),
        omit_repeated_times=False,
        log_time_format=_rich_time,
        show_path=False,
    )
    handler.setFormatter(MaskingFormatter("%(message)s"))
    return handler


def open_log_file(value: str) -> logging.Handler:
    """A handler appending to `value`, or exit 2 naming --log-file before anything else runs."""
    from orchestrator import echo

    path = Path(value)
    problem = None
    # the value is repeated only when it is safe to (echo.prefix: never a pasted secret)
    if not value.strip():
        problem = "empty; give a file to write the log to"
    elif path.is_dir():
        problem = f"{echo.prefix(value)}a directory; give a file inside it"
    elif not path.parent.is_dir():
        problem = (
            f"{echo.prefix(value)}its directory does not exist; create it or give another file"
        )
    if problem is None:
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        except OSError as error:
            problem = f"cannot be written ({error.strerror}); give a file you can write"
    if problem:
        raise InputError("--log-file", problem)
    handler = logging.FileHandler(path, mode="a", encoding="utf-8")
    handler.setFormatter(MaskingFormatter(FILE_FORMAT))
    handler.setLevel(logging.DEBUG)
    return handler


def configure_logging(verbose: int, *, quiet: bool = False, log_file: str | None = None) -> None:
    """stderr: warnings (-q: errors only; -v: info; -vv: debug); --log-file: everything."""
    if quiet:
        console_level = logging.ERROR
    else:
        console_level = (logging.WARNING, logging.INFO)[verbose] if verbose < 2 else logging.DEBUG
    file_handler = open_log_file(log_file) if log_file is not None else None
    console = _stderr_handler(0 if quiet else verbose)
    console.setLevel(console_level)
    root = logging.getLogger()
    for old in root.handlers:
        old.close()  # an earlier in-process invocation's log file
    root.handlers[:] = [console] + ([file_handler] if file_handler else [])
    root.setLevel(logging.DEBUG if file_handler else console_level)
    for noisy in _NOISY:
        # the stderr handler's own level still keeps their DEBUG off the terminal
        logging.getLogger(noisy).setLevel(
            logging.DEBUG if file_handler else max(console_level, logging.WARNING)
        )
    console.addFilter(_LibraryChatter())
    if file_handler:
        from orchestrator.transport.wire_log import withhold_payloads

        withhold_payloads()  # before any pypsrp/spnego record can reach the file


class _LibraryChatter(logging.Filter):
    """Keeps the libraries' INFO/DEBUG off stderr even when their loggers are at DEBUG for the
    log file (-vv showed only the tool's own debug lines before, and still does)."""

    def filter(self, record: logging.LogRecord) -> bool:
        library = record.name.split(".", 1)[0] in _NOISY
        return not library or record.levelno >= logging.WARNING
