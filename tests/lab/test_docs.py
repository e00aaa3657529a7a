"""The example in docs/lab.md runs as written."""

from __future__ import annotations

import re

from tests.conftest import REPO


def test_the_usage_example_in_docs_lab_md_runs():
    text = (REPO / "docs" / "lab.md").read_text()
    section = text.split("## Using the lab in a test", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    exec(compile(code.group(1), "docs/lab.md", "exec"), {})  # our own documentation
