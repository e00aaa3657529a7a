"""--limit reads Ansible host patterns (issue 15.10; docs.ansible.com "Patterns: targeting hosts
and groups"): comma lists, a repeated flag that adds, globs, ~regex, &intersection and
!exclusion, processed unions first, then intersections, then exclusions. A term that matches
no node is a precise input error (exit 2) instead of Ansible's "ignoring" warning."""

from __future__ import annotations

import json

import pytest

from orchestrator.inventory.patterns import NoMatch, select
from tests.conftest import EXAMPLES

NODES = ["node1", "node2", "node3", "node4"]
HEALTHY = str(EXAMPLES / "lab-cluster.yaml")


@pytest.mark.parametrize(
    ("pattern", "chosen"),
    [
        ("node3,node1", ["node1", "node3"]),  # inventory order, like Ansible
        ("node1:node2", ["node1", "node2"]),  # Ansible's colon separator
        ("NODE2", ["node2"]),  # NetBIOS names ignore case
        ("node*", NODES),
        ("all", NODES),
        ("*", NODES),
        ("node[13]", ["node1", "node3"]),
        ("~node[2-3]$", ["node2", "node3"]),
        ("!node2", ["node1", "node3", "node4"]),  # only exclusions: from all nodes
        ("node*,!node3", ["node1", "node2", "node4"]),
        ("!node3,node*", ["node1", "node2", "node4"]),  # exclusions last, wherever written
        ("node1,node2,&node?", ["node1", "node2"]),
        ("node*,&~node[12],!node1", ["node2"]),
    ],
)
def test_ansible_pattern_semantics(pattern: str, chosen: list[str]) -> None:
    assert select(pattern, NODES) == chosen


@pytest.mark.parametrize(
    ("pattern", "term"),
    [("node9", "node9"), ("node*,!nodex", "!nodex"), ("&web*", "&web*"), ("node1,!node1", "")],
)
def test_a_term_matching_nothing_is_refused_not_ignored(pattern: str, term: str) -> None:
    with pytest.raises(NoMatch) as caught:
        select(pattern, NODES)
    assert caught.value.term == term


def _precheck_nodes(orchestrate, *limits: str) -> set[str]:  # type: ignore[no-untyped-def]
    args = [a for limit in limits for a in ("--limit", limit)]
    result = orchestrate("precheck", "-i", HEALTHY, *args, "--output", "json")
    assert result.code == 0, result.err
    return {r["node"] for r in json.loads(result.out)["results"] if r["node"].startswith("node")}


def test_a_repeated_limit_adds_instead_of_replacing(orchestrate) -> None:  # type: ignore[no-untyped-def]
    assert _precheck_nodes(orchestrate, "node1", "node3") == {"node1", "node3"}


def test_globs_and_exclusions_on_the_command_line(orchestrate) -> None:  # type: ignore[no-untyped-def]
    assert _precheck_nodes(orchestrate, "node*,!node2", "!node4") == {"node1", "node3"}


def test_an_exclusion_with_a_typo_is_exit_2_naming_limit_and_the_nodes(orchestrate) -> None:  # type: ignore[no-untyped-def]
    result = orchestrate("precheck", "-i", HEALTHY, "--limit", "!nod3")
    assert result.code == 2
    assert result.err.strip() == (
        "error: --limit: !nod3 matches no node of cluster hci01; its nodes are: "
        "node1, node2, node3, node4"
    )


def test_a_pattern_that_leaves_no_node_is_exit_2(orchestrate) -> None:  # type: ignore[no-untyped-def]
    result = orchestrate("precheck", "-i", HEALTHY, "--limit", "node1,!node*")
    assert result.code == 2
    assert "--limit: the pattern leaves no node of cluster hci01" in result.err


def test_a_mutating_verb_runs_only_on_the_pattern_s_nodes(orchestrate, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = orchestrate(
        "--state-dir", str(tmp_path), "prepare", "-i", HEALTHY,
        "--limit", "node*", "--limit", "!node1,!node2", "--dry-run", "--output", "json",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert [n["node"] for n in json.loads(result.out)["nodes"]] == ["node3", "node4"]
