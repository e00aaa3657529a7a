"""Keep PowerShell Remoting payloads out of the logs.

At DEBUG, pypsrp logs every PSRP message it packs (the CLIXML of each pipeline, parameter
values in clear: `-ArmAccessToken`, the azcmagent config holding a service principal secret)
and every SOAP envelope it sends or receives; psrpcore, which the lab's emulator runs on, does
the same on the server side; spnego logs every authentication token (NTLM, SPNEGO, CredSSP). Lowering those loggers' level would be undone by anyone who
configures them, so a filter on each rewrites such a record to its first words and drops the
payload, whatever the level. Everything else those libraries log is left alone.
"""

from __future__ import annotations

import logging

WITHHELD = "(payload withheld: it may carry secrets)"

# logger -> (message prefix, the separator after which the payload starts)
_PAYLOAD_RECORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "pypsrp.messages": (("Packing PSRP message", ":"), ("Unpacking PSRP message", ":")),
    "pypsrp.wsman": (("Sending message on attempt", ":"), ("Received message", ":")),
    "psrpcore._base": (("Queuing PSRP Message", " - '"), ("Processing PSRP Message", " - '")),
    # Authentication tokens: an NTLM challenge and its response together can be cracked
    # offline for the password; Kerberos and CredSSP tokens are no better in a log file.
    "spnego._ntlm": (("NTLM step input", ":"), ("NTLM step output", ":")),
    "spnego._negotiate": (("SPNEGO step input", ":"), ("SPNEGO step output", ":")),
    "spnego._credssp": (
        ("CredSSP step input", ":"),
        ("CredSSP step output", ":"),
        ("CredSSP TSRequest input", ":"),
        ("CredSSP TSRequest output", ":"),
    ),
}


class WithholdPayloads(logging.Filter):
    """Rewrites a payload-dumping record of one logger to its head plus WITHHELD."""

    def __init__(self, payloads: tuple[tuple[str, str], ...]) -> None:
        super().__init__()
        self._payloads = payloads

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for prefix, separator in self._payloads:
            if message.startswith(prefix):
                head = message.split(separator, 1)[0]
                record.msg, record.args = f"{head}: {WITHHELD}", ()
                break
        return True


def withhold_payloads() -> None:
    """Install the filters (once per logger; calling again changes nothing)."""
    for name, payloads in _PAYLOAD_RECORDS.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, WithholdPayloads) for f in logger.filters):
            logger.addFilter(WithholdPayloads(payloads))
