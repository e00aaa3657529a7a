"""Generate docs/troubleshooting.md from the catalog, so the page can never drift from the
data the tool uses: `python -m orchestrator.catalog.docs > docs/troubleshooting.md`."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from orchestrator.catalog.families import (
    AREA_TITLES,
    AREAS,
    ErrorFamily,
    FamilyTable,
    Phrase,
    load_families,
)
from orchestrator.catalog.loader import Catalog, load_catalog
from orchestrator.catalog.models import (
    CLASS_MEANINGS,
    FAMILY_TITLES,
    KNOWN_SCENARIOS,
    Family,
    Signature,
)

COMMAND = "python -m orchestrator.catalog.docs > docs/troubleshooting.md"

_INTRO = """\
# Troubleshooting

Every failure below is an entry of the failure catalog: the exact signatures of
`orchestrator/catalog/signatures.yaml` and the error families of
`orchestrator/catalog/families.yaml`, written from public reference tables (Entra ID AADSTS
codes, ARM error codes, the azcmagent AZCM table) and from how .NET, Go, curl, Python,
PowerShell and WinRM word network, TLS, proxy and remoting failures. The same data drives
`orchestrate diagnose` and the engine's retry decisions, so what this page says is what the
tool does. `orchestrate diagnose --list` prints the families and signatures.

## Diagnose a failure

```sh
orchestrate diagnose RegisterHCI_20261123-1014.log     # a registration log
Get-WinEvent -LogName Microsoft-AzureStack-HCI/Admin | Format-List > events.txt
orchestrate diagnose events.txt                        # an event export (also wevtutil text/XML)
azcmagent connect ... 2>&1 | orchestrate diagnose -    # console output on stdin
orchestrate diagnose agent.json --output json          # azcmagent -j output; JSON result
```

`diagnose` answers in ranked order, each answer with its confidence:

1. **exact**: catalog signatures, every recognised one once, in order of first appearance, with
   the lines that show it (line number and text), its class, whether retrying unchanged can
   help, the remediation and the `orchestrate` command to run (filled with the node names the
   message gave, when it gave any);
2. **family**: the error families the text shows (see [Error families](#error-families)), best
   first: a specific wording or a reference-table code before a generic wrapper phrase; a
   cause (DNS, an expired secret, a missing role) before a context (an AZCM code, an Azure
   Local step); codes before phrases; a family that is the reason for another one seen beside it
   (a TLS handshake failure behind .NET's "underlying connection was closed", a WinRM listener's
   certificate behind a generic TLS trust failure, an Arc extension behind an Azure Local step)
   before that one. The first line reads like
   `network-dns: DNS resolution failed for management.azure.com on node2`;
3. **partial**: when the text reports a failure and names codes, HTTP statuses, endpoints or
   nodes but nothing above explains it, the answer names what it recognised, where such codes
   are documented, and which `orchestrate` check tells more; a state the text shows that no
   family is (a `condition`, such as a server certificate outside its validity period, which is
   neither a trust failure nor a clock) is named there with what to do, never as the family, and
   a generic wrapper wording beside it (OpenSSL's "certificate verify failed") yields to it;
4. only text with nothing recognisable says "no known cause".

A weak wording names nothing in a text that reports no failure at all. Some weak wordings are a
setting's or a feature's bare name (`TrustedHosts`, `Kerberos`, `MaxMemoryPerShellMB`, Network
ATC's `ConvergedSwitch(`): they count only where a failure word (error, failed, denied, cannot,
refused, timed out, invalid, rejected, not trusted, ...) or a failure code (`0x8033810C`,
`-2144108276`) is within the characters listed beside them below, so a setup script, a runbook or
a configuration listing that names the setting is not taken for its failure (an audit policy's
`/failure:enable` or "Success and Failure" is no failure word).

Matching is tolerant of rendering: JSON-escaped text (at any depth), HTML pages and entities,
console line wraps (even inside a word), PowerShell `+ CategoryInfo` / `FullyQualifiedErrorId`
blocks, timestamps and log prefixes (`time=... level=error msg=...`, `[WARNING]`, `VERBOSE:`)
do not change what is recognised; evidence lines are still quoted exactly as written. Secrets in the input (tokens after `-ArmAccessToken`, JWTs,
`--service-principal-secret` values, bearer headers, passwords) are masked as `***` before
anything is matched or shown. UTF-16 files (PowerShell 5 `Out-File`) are read as well.

Event and error ids are recognised as `Event ID: 591` (wevtutil text), `<EventID>591</EventID>`
(event XML), `WacErrorCode : 9110` and `"Id": 591` (ConvertTo-Json); in `Format-List` exports
the event's message text is what is recognised (a bare `Id : 591` line could be anything).
Binary inputs (zip, gzip, .evtx) are refused with the command that turns them into text.

Input it does not recognise is reported as "no known failure signature found" (with a
partial answer when it names codes, endpoints or nodes).

Exit codes: **0** when the input was read, whether or not a cause was found (diagnose reports,
it does not judge the run that produced the text; use `--output json` and the `recognised` and
`retryable` fields to decide in scripts); **2** when the input cannot be read (missing file, a
directory, no permission, a binary file, or nothing piped in).

JSON (`--output json`): `format_version`, `command`, `input`, `lines`, `recognised`,
`confidence` (exact / family / partial / none), `family` (the family named first),
`summary`, `message`, `retryable` (true / false / null), `causes[]` (exact signatures) with
`id`, `title`, `class`, `retryable`, `scenarios`, `cause`, `remediation`, `command`, `source`,
`details`, `evidence[]` (`location`, `line`, `text`, `details`) and `evidence_count`;
`families[]` with `id`, `area`, `title`, `class`, `retryable`, `layer`, `strength`, `codes[]`
(`code`, `meaning`), `matched`, `action`, `check`, `reference`, `details` and `evidence[]`;
`entities` (`nodes`, `endpoints`, `codes`, `actions`, `scopes`, `http_statuses`); and
`partial` (`codes[]` with `code`, `kind`, `reference`; `check`; `conditions[]`, shaped like
`families[]`) when the answer is partial.

## How well it recognises real failures

`tests/diagnose_corpus/` holds real failure texts quoted from public sources (GitHub issue
threads, Microsoft troubleshooting pages, the Azure Local supportability TSGs), each with its
source URL, expected family and fix. `development.yaml` holds the texts rules may be written
from (2963: the first split's development half, its measure half, the second to twenty-second
blind-collected measure sets, each added once it had been read by rule writers, and two batches
collected as development texts);
`measure.yaml`, when present, holds texts collected apart from the rules and never read while
writing them, measured once (absent now: the slot for a twenty-third set).
`make diagnose-eval` prints precision and recall per family on the measure set
(`SET=development`, or `FILE=path` for any file in the corpus format);
`tests/catalog/test_diagnose_eval.py` prints the same and holds both sets to a floor. Honest
numbers so far: the first split's measure half, recall 89.2% with precision 98.9% (102 texts,
at bd408ed); the second measure set, recall 74.0% with precision 92.2% (109 texts, at 8138095),
below the 90%/95% target; rules were generalised from its misses afterwards, and the third
set, collected blind meanwhile, measured recall 79.5% with precision 83.5% (94 texts, 11 of
them texts that should get no family, 9 of which got one; at 85aaa9a): still below the target.
That set was then read and moved into the development set, and the rules were generalised from
its misses by class, precision first; the fourth set, collected blind meanwhile, measured
recall 77.6% with precision 94.3% (94 texts, 9 that should get no family, 1 of which got one;
at 4b22169): precision near the target, recall still well below it. That set was then read
and moved into the development set too, and the rules were generalised class by class from
each family's reference tables and from two batches of new development texts; the fifth
set, collected blind meanwhile by two helpers, measured recall 89.9% with precision 97.8%
(114 texts, 15 that should get no family, 1 of which got one; at 5bc74e8): precision above
the target, recall 0.1 point below it. That set was then read and moved into the
development set too, and its miss classes generalised from references; the sixth set, collected
blind meanwhile by two helpers, measured recall 89.9% with precision 97.8% again (116 texts,
17 that should get no family, 1 of which got one; at 60f55be). That set was then read and
moved into the development set too, and its miss classes generalised; the seventh set,
collected blind meanwhile from lower-ranked sources (the obvious ones were used up), measured
recall 78.9% with precision 94.9% (92 texts, 21 that should get no family, 1 of which got one;
at 54264d4): below the target on both counts. Recall on unseen texts is therefore not yet
reliably 90%: it depends on how far a text is from the wordings the references give. That set
was then read and moved into the development set too, and its miss classes generalised; the
eighth set, collected blind meanwhile, measured recall 95.2% with precision 89.4% (77 texts,
15 that should get no family, 7 of which got one, most of them close look-alikes such as
Microsoft Graph's Authorization_RequestDenied; at fc6a6db). Over the last four sets together
(fifth to eighth, 399 texts, each measured once): recall 88.5% (293/331), precision 95.4%
(293/307). That set was then read and moved into the development set too, and its miss classes
and the families' long tail generalised from references; the ninth set, collected blind
meanwhile (131 texts, 24 that should get no family, 4 of which got one; at 351f240), measured
recall 74.8% with precision 89.9%: 88.0% / 93.6% on its Entra, ARM and network part, far lower
on Azure Local environment-validator records that no reference describes. Over the fifth to
ninth sets (530 texts, each measured once): recall 85.2% (373/438), precision 94.2% (373/396).
The target is not met. That set was then read and moved into the development set too, and its
miss classes generalised (the Azure Local environment validators' result records among them);
the tenth set, collected blind meanwhile (69 texts, 13 that should get no family, 2 of which got
one; at dbd8dee), measured recall 75.0% with precision 93.3%. Over the fifth to tenth sets (599
texts, each measured once): recall 84.0% (415/494), precision 94.1% (415/441). The target is
not met. That set was then read and moved into the development set too, and its miss classes
generalised; the eleventh set, collected blind meanwhile (53 texts, 10 that should get no
family, 1 of which got one; at 225f7b9), measured recall 83.7% with precision 92.3%. Over the
fifth to eleventh sets (652 texts, each measured once): recall 84.0% (451/537), precision 94.0%
(451/480). The target is not met. That set was then read and moved into the development set
too, and the rules generalised again; the twelfth set, collected blind meanwhile (147 texts, 24
that should get no family, 5 of which got one; at 55d9b9e), measured recall 81.3% with
precision 92.6%: 93.2% / 95.3% on its Entra ID and ARM part, 79.5% / 93.9% on network, TLS and
proxy, 70.0% / 87.5% on remoting, the Arc agent and Azure Local. Over the fifth to twelfth sets
(799 texts, each measured once): recall 83.5% (551/660), precision 93.7% (551/588). The target
is not met. That set was then read and moved into the development set too, and the rules
generalised again; the thirteenth set, collected blind meanwhile (152 texts, 28 that should get
no family, 3 of which got one; at 60fc250), measured recall 67.7% with precision 90.3%: 85.4% /
92.1% on its Entra ID and ARM part, 73.2% / 90.9% on network, TLS and proxy, 47.1% / 100% on
WinRM remoting, 44.0% / 78.6% on the Arc agent, HCI registration and Azure Local. Over the fifth
to thirteenth sets (951 texts, each measured once): recall 81.0% (635/784), precision 93.2%
(635/681). The target is not met. That set was then read and moved into the development set
too, and the rules generalised again; the fourteenth set, collected blind meanwhile (140 texts,
28 that should get no family, 2 of which got one; at 5988792), measured recall 80.4% with
precision 94.7%: 84.6% / 100% on its Entra ID and ARM part, 90.0% / 94.7% on network, TLS and
proxy, 61.9% / 86.7% on WinRM remoting, 66.7% / 88.9% on the Arc agent and Azure Local. Over
the fifth to fourteenth sets (1091 texts, each measured once): recall 80.9% (725/896),
precision 93.4% (725/776). The target is not met. That set was then read and moved into
the development set too, and the rules generalised again; the fifteenth set, collected blind
meanwhile (75 texts after removing 9 whose source page the rules cite, 18 that should get no
family, 2 of which got one; at b2eef34), measured recall 80.7% with precision 92.0%. Over the
fifth to fifteenth sets (1166 texts, each measured once): recall 80.9% (771/953), precision
93.3% (771/826). The target is not met. That set was then read and moved into the
development set too, and the rules generalised again; the sixteenth set, collected blind
meanwhile (159 texts after removing 2 whose source page the rules cite, 28 that should get no
family, 4 of which got one; at 2414726), measured recall 74.8% with precision 89.9%: 85.4% /
87.5% on its Entra ID and ARM part, 84.4% / 92.7% on network, TLS and proxy, 65.4% / 89.5% on
WinRM remoting, 42.1% / 88.9% on the Arc agent, HCI registration and Azure Local. Over the fifth
to sixteenth sets (1325 texts, each measured once): recall 80.2% (869/1084), precision 92.9%
(869/935). The target is not met. That set was then read and moved into the development set
too, and the rules generalised again; the seventeenth set, two blind collections measured
together (181 texts after removing 4 whose source page the rules cite or an earlier set used,
41 that should get no family, 6 of which got one; at 99e30e0), measured recall 73.6% with
precision 90.4%. Over the fifth to seventeenth sets (1506 texts, each measured once): recall
79.4% (972/1224), precision 92.7% (972/1049). The target is not met. That set was then read
and moved into the development set too, and the rules swept producer by producer; the
eighteenth set, six blind collections measured together (198 texts, 32 that should get no
family, 4 of which got one; at 829d10c), measured recall 81.9% with precision 93.8%: 88.1% /
97.4% on its Entra ID and ARM part, 91.1% / 97.6% on network, TLS and proxy, 42.1% / 80.0% on
WinRM remoting, 86.4% / 95.0% on non-English texts, 81.2% / 86.7% on failures inside CI/CD logs.
Over the fifth to eighteenth sets (1704 texts, each measured once): recall 79.7% (1108/1390),
precision 92.8% (1108/1194). The target is not met. That set was then read and moved into
the development set too, and its miss classes generalised by producer; the nineteenth set,
three blind collections measured together (123 texts, 20 that should get no family, 2 of which
got one; at b0063a3; no WinRM, Arc or Azure Local part), measured recall 82.5% with precision
95.5%: 94.9% / 100% on its Entra ID and ARM part, 76.2% / 94.1% on network, TLS and proxy,
72.7% / 88.9% on failures inside CI/CD logs. Over the fifth to nineteenth sets (1827 texts,
each measured once): recall 79.9% (1193/1493), precision 93.0% (1193/1283). The recall target
is not met. That set was then read and moved into the development set too, and its classes
generalised; the twentieth set, three blind collections measured together (86 texts after
removing 1 whose source page the rules cite, 14 that should get no family, 4 of which got one;
at d01c736), measured recall 73.6% with precision 86.9%. Over the fifth to twentieth sets (1913
texts, each measured once): recall 79.6% (1246/1565), precision 92.7% (1246/1344). The target is
not met. That set was then read and moved into the development set too, and its classes
generalised; the twenty-first set, five blind collections measured together (155 texts, 24 that
should get no family, 5 of which got one; at af2be60), measured recall 76.3% with precision
90.1%. Over the fifth to twenty-first sets (2068 texts, each measured once): recall 79.4%
(1346/1696), precision 92.5% (1346/1455). The target is not met. That set was then read and
moved into the development set too, and its classes generalised; the twenty-second set, seven
blind collections split by the tool that printed the failure (240 texts, 40 that should get no
family, 5 of which got one; at 3a693fa), measured recall 82.0% with precision 95.9%: the
precision half of the target is met, the recall half is not; its infrastructure-as-code and SDK
parts met both halves (90.3% / 96.6%, 90.0% / 96.4%). Over the fifth to twenty-second sets
(2308 texts, each measured once): recall 79.6% (1510/1896), precision 92.9% (1510/1626). That
set was then read and moved into the development set too. The corpus README says what happened.

## Retry decisions

A step is retried only when every non-informational cause recognised in its failure is
retryable: one permanent cause (for example a wrong clock behind a retried token fetch) makes
the whole failure permanent. Where no exact signature decides, the error families do: the
strong cause families if any (a DNS failure: no; a connection reset, a 429 or an exhausted
WinRM quota: yes), else the context families, else the weak ones; all must be retryable.
When nothing is recognised, a transport error's own `transient` flag decides; anything else
is not retried. A flow's failure message carries the family diagnosis of the failed step's
text.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _strength(phrase: Phrase) -> str:
    if phrase.failure_within is not None:
        return f" (weak; only with a failure within {phrase.failure_within} characters)"
    return " (weak)" if phrase.weak else ""


def _anchor(signature: Signature) -> str:
    return f"#{signature.id}"


def _classes() -> list[str]:
    lines = ["## Classes", "", "| class | meaning |", "|---|---|"]
    lines += [f"| {cls.value} | {meaning} |" for cls, meaning in CLASS_MEANINGS.items()]
    return [*lines, ""]


def _scenario_key(scenario: str) -> tuple[str, int]:
    return scenario[0], int(scenario[1:])


def _scenarios(signatures: Iterable[Signature]) -> list[str]:
    by_scenario: dict[str, list[Signature]] = {}
    for signature in signatures:
        for scenario in signature.scenarios:
            by_scenario.setdefault(scenario, []).append(signature)
    lines = [
        "## By scenario (SCENARIOS.md)",
        "",
        "| scenario | entries |",
        "|---|---|",
    ]
    for scenario in sorted(KNOWN_SCENARIOS, key=_scenario_key):
        entries = by_scenario.get(scenario)
        if entries:
            links = ", ".join(f"[{s.id}]({_anchor(s)})" for s in entries)
            lines.append(f"| {scenario} | {links} |")
    uncovered = sorted(KNOWN_SCENARIOS - set(by_scenario), key=_scenario_key)
    lines += [
        "",
        f"No text signature for {', '.join(uncovered)}: they are handled by pre-checks, guards "
        "or workflows (or are evidence collection), not recognised in output.",
    ]
    return [*lines, ""]


def _entry(signature: Signature) -> list[str]:
    lines = [f"### {signature.id}", "", f"**{signature.title}**", ""]
    recognised = [f"  - {_code(p.pattern)}" for p in signature.patterns]
    if signature.event_ids:
        ids = ", ".join(str(i) for i in signature.event_ids)
        recognised.append(f"  - event / error id {ids} (Event ID, EventID, WacErrorCode)")
    if signature.exception_types:
        recognised.append(f"  - exception types: {', '.join(signature.exception_types)}")
    lines.append("- Recognised by:")
    lines += recognised
    lines.append(
        f"- Class: {signature.failure_class.value}; retryable: {_yes_no(signature.retryable)}; "
        f"scenarios: {', '.join(signature.scenarios) or '-'}"
    )
    if signature.error_family:
        lines.append(f"- Family: [{signature.error_family}](#{signature.error_family})")
    lines.append(f"- Cause: {signature.cause}")
    remediation = signature.remediation.splitlines()
    if len(remediation) == 1:
        lines.append(f"- What to do: {remediation[0]}")
    else:
        lines.append("- What to do:")
        lines += [f"  {line}" if line[:1].isdigit() else f"  - {line}" for line in remediation]
    if signature.command:
        lines.append(f"- Run: {_code(signature.command)}")
    lines.append(f"- Source: {signature.source}")
    if signature.examples:
        lines.append(f"- Example: {_code(signature.examples[0])}")
    return [*lines, ""]


def _family(family: Family, signatures: list[Signature]) -> list[str]:
    lines = [
        f"## {FAMILY_TITLES[family]}",
        "",
        "| id | what | class | retryable | scenarios |",
        "|---|---|---|---|---|",
    ]
    for s in signatures:
        lines.append(
            f"| [{s.id}]({_anchor(s)}) | {_cell(s.title)} | {s.failure_class.value} "
            f"| {_yes_no(s.retryable)} | {', '.join(s.scenarios) or '-'} |"
        )
    lines.append("")
    for signature in signatures:
        lines += _entry(signature)
    return lines


def _error_family(family: ErrorFamily) -> list[str]:
    lines = [f"### {family.id}", "", f"**{family.title}**", ""]
    lines.append(
        f"- Class: {family.failure_class.value}; retryable: {_yes_no(family.retryable)}; "
        f"layer: {family.layer}"
    )
    lines.append(f"- Reference: {family.reference}")
    if family.explains:
        named = ", ".join(_code(e) for e in family.explains)
        lines.append(f"- Named before {named} when both are seen: it is the reason for them")
    if family.phrases:
        wordings = ", ".join(_code(p.text) + _strength(p) for p in family.phrases)
        lines.append(f"- Wordings: {wordings}")
    for pattern in family.patterns:
        lines.append(f"- Pattern: {_code(pattern.pattern)}")
    if family.requires:
        needed = ", ".join(_code(p.pattern) for p in family.requires)
        lines.append(f"- Named only when the text also shows one of: {needed}")
    if family.unless:
        other = ", ".join(_code(p.pattern) for p in family.unless)
        lines.append(f"- Not named when the text shows one of: {other}")
    action = family.action.splitlines()
    lines.append("- What to do:")
    lines += [f"  {line}" if line[:1].isdigit() else f"  - {line}" for line in action]
    if family.check:
        lines.append(f"- Check: {_code(family.check)}")
    if family.codes:
        lines += ["", "| code | meaning (from the reference) |", "|---|---|"]
        lines += [
            f"| {code}{' (generic wrapper: weak)' if code in family.weak_codes else ''} "
            f"| {_cell(meaning)} |"
            for code, meaning in family.codes.items()
        ]
    return [*lines, ""]


def _error_families(table: FamilyTable) -> list[str]:
    lines = [
        "## Error families",
        "",
        "Ranked after exact signatures. A *cause* family says why it failed; a *context* "
        "family says which operation failed and yields to a cause found in the same text.",
        "",
    ]
    for area in AREAS:
        members = [f for f in table if f.area == area]
        if not members:
            continue
        lines += [
            f"### {AREA_TITLES[area]}",
            "",
            "| family | what | class | retryable | layer |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| [{f.id}](#{f.id}) | {_cell(f.title)} | {f.failure_class.value} "
            f"| {_yes_no(f.retryable)} | {f.layer} |"
            for f in members
        ]
        lines.append("")
    for family in table:
        lines += _error_family(family)
    return lines


def render(catalog: Catalog, families: FamilyTable | None = None) -> str:
    families = families or load_families()
    header = [
        f"<!-- Generated from orchestrator/catalog/signatures.yaml and families.yaml by "
        f"`{COMMAND}`. Do not edit by hand. -->",
        "",
    ]
    lines = header + _INTRO.splitlines() + [""] + _classes() + _scenarios(catalog.signatures)
    lines += _error_families(families)
    for family in Family:
        members = [s for s in catalog.signatures if s.family is family]
        if members:
            lines += _family(family, members)
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:
    sys.stdout.write(render(load_catalog()))


if __name__ == "__main__":
    main()
