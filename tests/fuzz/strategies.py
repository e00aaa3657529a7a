"""Hypothesis strategies for hostile inventories (our format, Ansible's, raw YAML text) and
argument lists. Inputs start from the valid examples and are mutated, so they reach deep into
the validation instead of failing at the first key."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from tests.conftest import EXAMPLES
from tests.fuzz.campaign import CANARY, NAME_CANARY

BASE = yaml.safe_load((EXAMPLES / "lab-cluster.yaml").read_text())
ANSIBLE = yaml.safe_load((EXAMPLES / "ansible" / "hosts.yml").read_text())
ANSIBLE["all"]["children"]["hci01"]["vars"]["hci_transport"] = "lab"

HOSTILE_TEXT = [
    "",
    " ",
    "..",
    ".",
    "CON",
    "-1",
    "0",
    "null",
    "x" * 300,
    "é" * 40,
    "\x00\x1b[31m",
    "a\nb",
    "/proc/self",
    "/dev/zero",
    "node1",
    "NODE1",
    "node1,node9",
    "hci01",
    "eastus",
    "environment",
    "token_env:",
    f"token_env:{CANARY}",
    "{{ lookup('env', 'HCI_PASSWORD') }}",
    "{{ lookup('env', '" + CANARY + "') }}",
    "6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90",
    "http://u:p@proxy:3128",
    "https://127.0.0.1:1",
    "psrp",
    "lab",
    "ntlm",
    "certificate",
    "[[[[",
    "*alias",
    "&anchor",
    "<<",
    CANARY,
    f"prefix {CANARY} suffix",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1, 5985, 5986, 65536, 10**400]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=24),
)

keys = st.one_of(
    st.sampled_from(
        [
            "cluster",
            "nodes",
            "name",
            "host",
            "port",
            "cmdlet_host",
            "https_proxy",
            "connection",
            "transport",
            "auth",
            "username",
            "password",
            "password_env",
            "ssl",
            "cert_validation",
            "insecure",
            "read_timeout",
            "operation_timeout",
            "reconnection_retries",
            "certificate_pem",
            "azure",
            "cloud",
            "region",
            "subscription_id",
            "tenant_id",
            "resource_group",
            "credential",
            "tags",
            "lab",
            "seed",
            "scenario",
            "reachable",
            "hcisvc",
            "clock_offset_s",
            "client_secret",
            "token",
            "all",
            "children",
            "hosts",
            "vars",
            "_meta",
            "hostvars",
            "ansible_host",
            "ansible_port",
            "ansible_password",
            "ansible_user",
            "hci_cluster_name",
            "hci_azure",
            "hci_lab",
            "hci_transport",
            CANARY,
        ]
    ),
    st.integers(min_value=-3, max_value=3),
    st.text(max_size=12),
)

values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=8,
)

# Where a secret belongs: only here does the canary that looks like a name go.
SECRET_PLACES = [
    ("connection", "password_env"),
    ("connection", "password"),
    ("azure", "credential"),
    ("azure", "client_secret"),
    ("cluster", "password"),
]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


# Strategies built once: building one per draw (sampled_from a fresh list) costs more than
# the input's whole check.
_index = st.integers(min_value=0, max_value=2**16)
_steps = st.integers(min_value=1, max_value=4)
_actions = st.sampled_from(("set", "set", "delete", "add", "secret"))
_secret_places = st.sampled_from(tuple(SECRET_PLACES))
_canaries = st.sampled_from((CANARY, NAME_CANARY))


@st.composite
def mutated(draw: st.DrawFn, base: Any, *, secret_names: bool = True) -> Any:
    """`base` with one to four changes at random places: a value replaced, a key removed or
    added, a secret (or one that looks like a name) put where a secret belongs."""
    data = copy.deepcopy(base)
    for _ in range(draw(_steps)):
        paths = _paths(data)
        path = paths[draw(_index) % len(paths)]
        action = draw(_actions)
        if not path:
            if action in ("set", "delete"):
                data = draw(values)
            continue
        parent = _parent(data, path)
        if not isinstance(parent, dict | list):
            continue
        if action == "set":
            parent[path[-1]] = draw(values)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(keys)] = draw(values)
        elif action == "secret" and secret_names and isinstance(data, dict):
            section, key = draw(_secret_places)
            if isinstance(data.get(section), dict):
                data[section][key] = draw(_canaries)
    return data


def inventories() -> st.SearchStrategy[Any]:
    return mutated(BASE)


def ansible_inventories() -> st.SearchStrategy[Any]:
    group_vars = ANSIBLE["all"]["children"]["hci01"]["vars"]

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        data = draw(mutated(ANSIBLE, secret_names=False))
        if draw(st.booleans()) and isinstance(data, dict):
            # a literal password (the canary) where Ansible keeps it
            spot = draw(st.sampled_from(["group", "host"]))
            try:
                group = data["all"]["children"]["hci01"]
                target = group["vars"] if spot == "group" else group["hosts"]["node1"]
                target["ansible_password"] = draw(_canaries)
            except (KeyError, TypeError, IndexError):
                pass
        return data

    assert group_vars["hci_cluster_name"] == "hci01"
    return build()


def _bomb(levels: int, width: int, merge: bool) -> str:
    if merge:
        parts = ['&a0 {k: "lol"}'] + [
            f"&a{i} {{<<: [{', '.join([f'*a{i - 1}'] * width)}], k{i}: x}}"
            for i in range(1, levels)
        ]
    else:
        parts = ["&a0 [" + ", ".join(['"lol"'] * width) + "]"] + [
            f"&a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels)
        ]
    return "cluster:\n  nodes: [{name: node1}]\n  name: [" + ", ".join(parts) + "]\n"


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    """Raw text: a dumped (mutated) inventory cut or spliced, alias bombs, deep nesting."""
    kind = draw(st.sampled_from(["dump", "splice", "bomb", "deep", "anchors", "junk"]))
    if kind == "bomb":
        return _bomb(draw(st.integers(2, 10)), draw(st.integers(2, 12)), draw(st.booleans()))
    if kind == "deep":
        depth = draw(st.integers(10, 3000))
        opener, closer = draw(st.sampled_from([("[", "]"), ("{a: ", "}")]))
        return "cluster: " + opener * depth + "1" + closer * depth + "\n"
    if kind == "junk":
        return draw(st.text(max_size=200))
    text = yaml.safe_dump(draw(mutated(BASE)), sort_keys=False, allow_unicode=True)
    if kind == "splice":
        at = draw(st.integers(0, len(text)))
        insert = draw(
            st.sampled_from(
                [
                    "*",
                    "&",
                    "<<: *",
                    "[",
                    "{",
                    ":",
                    "!!python/object",
                    "\t",
                    "%YAML 1.1\n",
                    "---\n",
                    CANARY,
                ]
            )
        )
        return text[:at] + insert + text[at:]
    if kind == "anchors":
        return text.replace("name:", "name: &n", 1) + "extra: [*n, *n, *n]\n"
    return text


# Paths the CLI may write to (plans, archives, state) stay in the scratch directory or are
# places nothing can be written: the campaign never writes into the repository or /.
HOSTILE_PATHS = ["", " ", "/proc/self", "/proc/self/nope", "nope/none.yaml", "x" * 300, "-"]


def output_paths(tmp: Path) -> st.SearchStrategy[str]:
    return st.sampled_from([*HOSTILE_PATHS, str(tmp / "out"), str(tmp / "plan.json")])


def input_paths(tmp: Path) -> st.SearchStrategy[str]:
    """Files only read: the examples and the hostile paths."""
    return st.sampled_from(
        [
            *HOSTILE_PATHS,
            "/dev/null",
            "/",
            str(EXAMPLES / "lab-cluster.yaml"),
            str(EXAMPLES / "lab-faults.yaml"),
            str(EXAMPLES / "ansible" / "hosts.yml"),
            str(tmp / "plan.json"),
        ]
    )
