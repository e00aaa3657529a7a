"""Ansible's fetch_url (lib/ansible/module_utils/urls.py) words a socket failure "Connection failure:
<error>" and a closed connection "connection was closed before a valid response was received": the
uri / get_url / cloud modules report them inside their FAILED! result."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            'fatal: [web1]: FAILED! => {"changed": false, "msg": "Status code was -1 and not [200]:'
            ' Connection failure: timed out", "status": -1, "url": "https://management.azure.com/"}',
            "network-timeout",
        ),
        (
            'fatal: [web1]: FAILED! => {"msg": "Status code was -1 and not [200]: Connection failure:'
            ' connection was closed before a valid response was received: b\'\'", "status": -1}',
            "network-reset",
        ),
        # the socket's own reason after the prefix keeps its family
        (
            'fatal: [web1]: FAILED! => {"msg": "Status code was -1 and not [200]: Connection failure:'
            ' [Errno 111] Connection refused", "status": -1}',
            "network-refused",
        ),
    ],
)
def test_ansibles_fetch_url_failures_name_their_family(text, family):
    assert family_of(text) == family


def test_a_timed_out_setting_beside_the_prefix_is_not_a_timeout():
    # the words must be the failure itself, not a task's timeout option
    assert family_of('ok: [web1] => {"msg": "Connection failure handling: timeout=30"}') is None
