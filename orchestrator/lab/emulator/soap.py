"""The WS-Management SOAP layer: parse a request envelope, build responses and faults.

Only what pypsrp's PSRP exchange uses (Create, Command, Send, Receive, Signal, Delete, Get);
element names and fault codes follow MS-WSMV and the responses real WinRM sends.
"""

from __future__ import annotations

import functools
import uuid
import xml.etree.ElementTree as ET

import attrs

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "wsa": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "wsman": "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd",
    "rsp": "http://schemas.microsoft.com/wbem/wsman/1/windows/shell",
    "wst": "http://schemas.xmlsoap.org/ws/2004/09/transfer",
    "f": "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault",
    "pwsh": "http://schemas.microsoft.com/powershell",
}
SHELL_ACTIONS = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/"
TRANSFER_ACTIONS = "http://schemas.xmlsoap.org/ws/2004/09/transfer/"
COMMAND_DONE = SHELL_ACTIONS + "CommandState/Done"
COMMAND_RUNNING = SHELL_ACTIONS + "CommandState/Running"
POWERSHELL_RESOURCE = "http://schemas.microsoft.com/powershell/"

# MS-WSMV / winerror.h codes the emulator answers with.
OPERATION_TIMED_OUT = 0x80338029  # pypsrp re-polls on this one
INVALID_SELECTORS = 0x8033805B  # the shell does not exist (any more)
ACTION_NOT_SUPPORTED = 0x80338000


def q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


class SoapFault(Exception):
    """A WS-Management fault, sent as HTTP 500 with an s:Fault body."""

    def __init__(self, code: int, subcode: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.subcode = subcode
        self.reason = reason


def shell_not_found(shell_id: str) -> SoapFault:
    # The text WinRM returns once a shell is gone (e.g. after the node rebooted).
    return SoapFault(
        INVALID_SELECTORS,
        "w:InvalidSelectors",
        f"The request for the Windows Remote Shell with ShellId {shell_id} failed because the "
        "shell was not found on the server. Possible causes are: the specified ShellId is "
        "incorrect or the shell no longer exists on the server. Provide the correct ShellId or "
        "create a new shell and retry the operation.",
    )


@attrs.frozen
class Request:
    action: str  # the short name: Create, Command, Receive, ...
    message_id: str
    resource_uri: str
    selectors: dict[str, str]
    operation_timeout_s: float
    body: ET.Element


def _seconds(duration: str | None) -> float:
    # pypsrp sends PT<n>S or PT<n.n>S; anything else falls back to WinRM's default of 60 s.
    if duration and duration.startswith("PT") and duration.endswith("S"):
        try:
            return float(duration[2:-1])
        except ValueError:
            pass
    return 60.0


def parse_request(raw: bytes) -> Request:
    # Tags in Clark notation ({uri}name) and no namespace map: ElementTree's C code finds a
    # child by tag itself, where a prefixed path goes through ElementPath on every call.
    envelope = ET.fromstring(raw)  # noqa: S314 (loopback test peer; input comes from our client)
    header = envelope.find(q("s", "Header"))
    body = envelope.find(q("s", "Body"))
    if header is None or body is None:
        raise ValueError("not a SOAP envelope")
    action = header.findtext(q("wsa", "Action"), default="")
    selector_set = header.find(q("wsman", "SelectorSet"))
    selectors = {
        s.attrib.get("Name", ""): s.text or ""
        for s in ([] if selector_set is None else selector_set.findall(q("wsman", "Selector")))
    }
    return Request(
        action=action.rsplit("/", 1)[-1],
        message_id=header.findtext(q("wsa", "MessageID"), default=""),
        resource_uri=header.findtext(q("wsman", "ResourceURI"), default=""),
        selectors=selectors,
        operation_timeout_s=_seconds(header.findtext(q("wsman", "OperationTimeout"))),
        body=body,
    )


# --- answers ---------------------------------------------------------------------------------
# Written as text: the answers' shapes are fixed (MS-WSMV 3.1.4.x; SOAP 1.2 with the
# WS-Addressing header Action, MessageID, RelatesTo, To), so building an ElementTree and
# serializing it (an eighth of the emulator's CPU per command) only to get the same bytes
# again is wasted. The bytes are what ElementTree wrote (tests/protocol/
# test_emulator_answers.py): namespaces declared on the envelope, sorted by prefix, only
# those used; `<tag />` for an empty element; its escaping (`text`, `attribute`). The
# prefixes are the emulator's own (`NS`), whatever another library in the process registered
# with ElementTree (pypsrp registers `wsmanfault` for the fault namespace, MS-WSMV 2.2.4.43:
# a prefix carries no meaning in XML, but the emulator's answers should not depend on it).


def text(value: str) -> str:
    """Character data, escaped as ElementTree escapes it."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attribute(value: str) -> str:
    """An attribute value, escaped as ElementTree escapes it."""
    return (
        text(value)
        .replace('"', "&quot;")
        .replace("\r", "&#13;")
        .replace("\n", "&#10;")
        .replace("\t", "&#09;")
    )


def element(tag: str, content: str = "", attributes: tuple[tuple[str, str], ...] = ()) -> str:
    """`<tag a="v">content</tag>`, or `<tag a="v" />` without content; content is XML."""
    attrs = "".join(f' {name}="{attribute(value)}"' for name, value in attributes)
    return f"<{tag}{attrs}>{content}</{tag}>" if content else f"<{tag}{attrs} />"


ANONYMOUS = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"


@functools.cache
def _opening(action: str, uses: tuple[str, ...]) -> str:
    """The constant start of an answer to `action`: up to its MessageID's value."""
    declared = "".join(f' xmlns:{p}="{NS[p]}"' for p in sorted({"s", "wsa", *uses}))
    return f"<s:Envelope{declared}><s:Header>{element('wsa:Action', text(action))}<wsa:MessageID>"


_TO = element("wsa:To", ANONYMOUS)


def envelope(action: str, relates_to: str, body: str = "", uses: tuple[str, ...] = ()) -> bytes:
    """A response: the header, and `body` (XML using the prefixes `uses`) in s:Body."""
    return (
        f"{_opening(action, uses)}uuid:{str(uuid.uuid4()).upper()}</wsa:MessageID>"
        f"{element('wsa:RelatesTo', text(relates_to))}{_TO}</s:Header>"
        f"{element('s:Body', body)}</s:Envelope>"
    ).encode()


def fault_envelope(fault: SoapFault, relates_to: str, machine: str) -> bytes:
    reason = text(fault.reason)
    body = element(
        "s:Fault",
        element(
            "s:Code",
            element("s:Value", "s:Receiver")
            + element("s:Subcode", element("s:Value", text(fault.subcode))),
        )
        + element("s:Reason", element("s:Text", reason, (("xml:lang", "en-US"),)))
        + element(
            "s:Detail",
            element(
                "f:WSManFault",
                element("f:Message", reason),
                (("Code", str(fault.code)), ("Machine", machine)),
            ),
        ),
    )
    return envelope("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault", relates_to, body, ("f",))
