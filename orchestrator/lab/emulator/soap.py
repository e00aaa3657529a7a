"""The WS-Management SOAP layer: parse a request envelope, build responses and faults.

Only what pypsrp's PSRP exchange uses (Create, Command, Send, Receive, Signal, Delete, Get);
element names and fault codes follow MS-WSMV and the responses real WinRM sends.
"""

from __future__ import annotations

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
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)

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
    envelope = ET.fromstring(raw)  # noqa: S314 (loopback test peer; input comes from our client)
    header = envelope.find("s:Header", NS)
    body = envelope.find("s:Body", NS)
    if header is None or body is None:
        raise ValueError("not a SOAP envelope")
    action = header.findtext("wsa:Action", default="", namespaces=NS)
    selectors = {
        s.attrib.get("Name", ""): s.text or ""
        for s in header.findall("wsman:SelectorSet/wsman:Selector", NS)
    }
    return Request(
        action=action.rsplit("/", 1)[-1],
        message_id=header.findtext("wsa:MessageID", default="", namespaces=NS),
        resource_uri=header.findtext("wsman:ResourceURI", default="", namespaces=NS),
        selectors=selectors,
        operation_timeout_s=_seconds(header.findtext("wsman:OperationTimeout", namespaces=NS)),
        body=body,
    )


def envelope(action: str, relates_to: str) -> tuple[ET.Element, ET.Element]:
    """A response envelope and its (empty) body."""
    root = ET.Element(q("s", "Envelope"))
    header = ET.SubElement(root, q("s", "Header"))
    ET.SubElement(header, q("wsa", "Action")).text = action
    ET.SubElement(header, q("wsa", "MessageID")).text = f"uuid:{str(uuid.uuid4()).upper()}"
    ET.SubElement(header, q("wsa", "RelatesTo")).text = relates_to
    ET.SubElement(
        header, q("wsa", "To")
    ).text = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
    return root, ET.SubElement(root, q("s", "Body"))


def fault_envelope(fault: SoapFault, relates_to: str, machine: str) -> bytes:
    root, body = envelope("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault", relates_to)
    element = ET.SubElement(body, q("s", "Fault"))
    code = ET.SubElement(element, q("s", "Code"))
    ET.SubElement(code, q("s", "Value")).text = "s:Receiver"
    ET.SubElement(ET.SubElement(code, q("s", "Subcode")), q("s", "Value")).text = fault.subcode
    reason = ET.SubElement(ET.SubElement(element, q("s", "Reason")), q("s", "Text"))
    reason.text = fault.reason
    reason.set("{http://www.w3.org/XML/1998/namespace}lang", "en-US")
    detail = ET.SubElement(
        ET.SubElement(element, q("s", "Detail")),
        q("f", "WSManFault"),
        Code=str(fault.code),
        Machine=machine,
    )
    ET.SubElement(detail, q("f", "Message")).text = fault.reason
    return to_bytes(root)


def to_bytes(root: ET.Element) -> bytes:
    data: bytes = ET.tostring(root, encoding="utf-8")
    return data
