"""Long logs: matching looks for each pattern's needles once in the whole text and runs the
regexes only where a needle is (or over everything when a needle is on many lines). Whatever
path it takes, the answer and the quoted lines are those of the failure itself. (Speed is
measured in bench/diagnose_scale.py, never here.)"""

from __future__ import annotations

from orchestrator.catalog.classify import diagnose, scan, text_lines

NOISE = [
    f"2024-05-28T06:01:{i % 60:02d}Z VERBOSE: step {i} on node{i % 4} called "
    f"https://management.azure.com/subscriptions/0/resourceGroups/rg{i % 7}"
    for i in range(3000)
]


def evidence_lines(text: str, family: str) -> list[int | None]:
    match = next(m for m in diagnose(text).families if m.family.id == family)
    return [e.line_number for e in match.evidence]


def test_a_failure_wrapped_at_the_end_of_a_long_log_is_found_and_quoted_at_its_lines():
    failure = [
        "The client 'ops@contoso.com' with object id '00000000-0000-0000-0000-000000000001' does not",
        "have authorization to perform action 'Microsoft.HybridCompute/machines/write' over scope",
        "'/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg1' or the scope is invalid.",
    ]
    result = diagnose("\n".join([*NOISE, *failure]))
    assert result.family == "arm-authorization"
    assert evidence_lines("\n".join([*NOISE, *failure]), "arm-authorization") == [3001, 3002, 3003]
    assert "Microsoft.HybridCompute/machines/write" in result.entities.actions


def test_a_needle_on_every_line_still_finds_the_one_line_that_matches():
    # "status" is on every line (the needle of the health-check pattern): the regex then runs
    # over the whole text, and only the FAILURE line answers.
    lines = [f"Name : Check{i}\nStatus : SUCCESS" for i in range(1500)]
    lines.insert(900, "Name : AzStackHci_Connectivity_Test\nStatus : FAILURE")
    text = "\n".join(lines)
    assert diagnose(text).family == "azure-local-lifecycle"
    # (session 7: a bare "Status : FAILURE" is any tool's, so the record's Status answers with a
    # sibling field of the same record, here its Name line just above: both are the evidence)
    assert evidence_lines(text, "azure-local-lifecycle") == [1801, 1802]


def test_each_match_of_a_pattern_is_quoted_at_its_own_line():
    # the same sentence twice (az prints it as the summary and again as Message:): each
    # occurrence is placed from its own line, not at the first place the words appear
    text = "\n".join(
        [
            "(ResourceGroupNotFound) Resource group 'rg1' could not be found.",
            *NOISE[:50],
            "Message: Resource group 'rg1' could not be found.",
        ]
    )
    assert evidence_lines(text, "arm-not-found") == [1, 52]
    details = next(m for m in diagnose(text).families if m.family.id == "arm-not-found").details
    assert details.count(("resource_group", "rg1")) == 1


def test_an_exact_signature_is_found_once_where_its_needle_is_on_every_line():
    # the needle of hci-cert-generate-failed on 3000 lines that do not match, then the seed line
    decoys = [
        f"step {i}: will generate self-signed certificate on node(s) later" for i in range(3000)
    ]
    seed = "Failed to register. Couldn't generate self-signed certificate on node(s) {Node1,Node2}."
    matches = scan(text_lines("\n".join([*decoys, seed])))
    found = [m for m in matches if m.signature.id == "hci-cert-generate-failed"]
    assert len(found) == 1
    assert [e.line_number for e in found[0].evidence] == [3001]


def test_the_answer_does_not_depend_on_where_in_a_long_log_the_failure_is():
    failure = "dial tcp: lookup login.microsoftonline.com on 10.0.0.1:53: no such host"
    answers = set()
    for at in (0, 1500, 3000):
        lines = list(NOISE)
        lines.insert(at, failure)
        result = diagnose("\n".join(lines))
        answers.add((result.family, result.entities.endpoints[:2]))
        assert evidence_lines("\n".join(lines), "network-dns") == [at + 1]
    assert len(answers) == 1


def test_every_family_pattern_has_a_needle_so_a_long_log_is_not_searched_whole():
    """A pattern without a literal every match contains (needles.required_literals) runs over
    the whole text of every log; an alternation of two wordings belongs in two patterns."""
    from orchestrator.catalog.families import load_families
    from orchestrator.catalog.needles import required_literals

    without = [
        (family.id, pattern.pattern)
        for family in load_families()
        for pattern in family.patterns
        if not required_literals(pattern.pattern)
    ]
    assert without == []


def dense_log(count: int) -> str:
    """Every line a failure the catalog knows: Go's DNS error (an exact signature and
    network-dns, another host on each line) and OAuth's invalid_client (a weak phrase)."""
    kinds = (
        "ERROR: dial tcp: lookup node{i}.contoso.com on 10.0.0.1:53: no such host",
        "ERROR: step {i}: token request failed: invalid_client",
    )
    return "\n".join(kinds[i % 2].format(i=i) for i in range(count))


def test_a_wording_on_every_line_is_quoted_at_every_line_and_named_once():
    # (bench/diagnose_scale.py's dense log: what it found must stay exact while the work per
    # hit stays constant: evidence, matched wordings and details are kept by lookup, not by a
    # pass over what was found so far)
    text = dense_log(2000)
    result = diagnose(text)
    assert result.family == "network-dns"
    dns = next(m for m in result.families if m.family.id == "network-dns")
    assert [e.line_number for e in dns.evidence] == list(range(1, 2001, 2))
    assert len(dns.matched) == len(set(dns.matched))
    weak = next(m for m in result.families if m.family.id == "entra-client-credential")
    assert weak.matched == ("~invalid_client",)
    assert [e.line_number for e in weak.evidence] == list(range(2, 2001, 2))
    (exact,) = [m for m in result.exact if m.signature.id == "dns-no-such-host"]
    assert [e.line_number for e in exact.evidence] == list(range(1, 2001, 2))
    assert exact.details()["endpoint"] == [f"node{i}.contoso.com" for i in range(0, 2000, 2)]


def test_an_exact_signature_keeps_one_evidence_line_per_location_and_names_a_node_once():
    from orchestrator.catalog.classify import Line

    seed = "Failed to register. Couldn't generate self-signed certificate on node(s) {Node1,Node2}."
    lines = [
        Line(f"$.x[{i // 2}]", None, seed.replace("Node2", "NODE2" if i % 3 else "node2"))
        for i in range(600)
    ]
    (found,) = [m for m in scan(lines) if m.signature.id == "hci-cert-generate-failed"]
    assert [e.location for e in found.evidence] == [f"$.x[{i}]" for i in range(300)]
    assert found.details()["nodes"] == ["Node1", "node2"]


def test_a_stream_search_remembered_gives_str_find_s_answer():
    from orchestrator.catalog.diagnose import _StreamFinder

    stream = "abcxyzabc" * 5 + "tail"
    finder = _StreamFinder(stream)
    for needle in ("abc", "xyz", "tail", "nope", "cab"):
        for start in (*range(0, len(stream) + 2, 3), *range(len(stream), -1, -7)):
            assert finder.find(needle, start) == stream.find(needle, start), (needle, start)


def test_an_unless_row_and_its_marks_still_count_at_the_end_of_a_long_log():
    # the context rows are searched once per text (a row several families share: once for all)
    # and only when one of their needles is in the text: text after 3000 lines still counts
    noise = [
        f"2024-05-28T06:01:{i % 60:02d}Z VERBOSE: step {i} on node{i % 4}" for i in range(3000)
    ]
    text = "\n".join([*noise, "ERROR: token request failed: invalid_client"])
    assert diagnose(text).family == "entra-client-credential"
    okta = text + "\nat org.okta.com/oauth2/v1/token"
    assert diagnose(okta).family is None  # another identity provider's client (unless row)
    # ... except where the text shows Entra's own marks (the row's except pattern)
    assert diagnose(okta + "\nlogin.microsoftonline.com").family == "entra-client-credential"
