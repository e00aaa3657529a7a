"""A weak phrase declared with `failure_within` (families.yaml): a setting's or a feature's bare
name counts only where a failure word or code is that near it, so a setup script, a runbook or a
configuration listing that names the setting is no failure of it (diagnose.py, on the one list of
failure words the whole module uses)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from orchestrator.catalog.classify import diagnose
from orchestrator.catalog.diagnose import family_matches
from orchestrator.catalog.families import parse_families
from orchestrator.catalog.models import CatalogError

_PAD = "This runbook line only pads the distance between the setting and the note. " * 3


def _document(phrase: Any) -> dict[str, Any]:
    """One made-up family whose only wording is `phrase`: the mechanism, apart from the data."""
    return {
        "families": [
            {
                "id": "lab-setting",
                "area": "remoting",
                "title": "A made-up setting of the lab",
                "class": "configuration",
                "retryable": False,
                "layer": "cause",
                "reference": "this test",
                "action": "1. Fix the setting.",
                "phrases": [phrase],
                "examples": ["LabSettingName: error"],
            }
        ]
    }


_DECLARED = {"text": "LabSettingName", "weak": True, "failure_within": 60}


def _named(text: str) -> bool:
    table = parse_families(_document(copy.deepcopy(_DECLARED)))
    return any(m.family.id == "lab-setting" for m in family_matches(text.splitlines(), table))


@pytest.mark.parametrize(
    "text",
    [
        "Set-Item : LabSettingName cannot be changed",
        "error: the value of LabSettingName",
        "LabSettingName was rejected by the server",
        # a code near it; (the text reports a failure somewhere, as every weak answer needs)
        f"LabSettingName: 0x8033810C\n# {_PAD}\nSee the error log.",
        f"LabSettingName returned -2144108276\n# {_PAD}\nSee the error log.",
        # wrapped by the console inside the word, and a failure on the next line
        "LabSetting\nName\nAccess is denied.",
        # the far occurrence does not count, the near one does
        f"LabSettingName = 1 # {_PAD}\nLabSettingName: the request failed",
    ],
)
def test_a_declared_weak_phrase_counts_with_a_failure_near_it(text):
    assert _named(text)


@pytest.mark.parametrize(
    "text",
    [
        f"Set-Item LabSettingName 1\n# {_PAD}\n# If this step fails, collect the logs.",
        f"# If this step fails, collect the logs.\n# {_PAD}\nLabSettingName = 1",
        # an audit policy's settings are no failure
        'auditpol /subcategory:"LabSettingName" /success:enable /failure:enable',
        "Audit LabSettingName,Success and Failure",
        "audit_type: failure # LabSettingName events",
    ],
)
def test_a_declared_weak_phrase_far_from_any_failure_names_nothing(text):
    assert not _named(text)


def test_an_undeclared_weak_phrase_still_counts_with_a_failure_anywhere():
    table = parse_families(_document("~LabSettingName"))
    text = f"Set-Item LabSettingName 1\n# {_PAD}\n# If this step fails, collect the logs."
    assert [m.family.id for m in family_matches(text.splitlines(), table)] == ["lab-setting"]


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        (
            {"text": "LabSettingName", "failure_within": 60},
            "failure_within is for weak phrases (add weak: true)",
        ),
        ({"text": "LabSettingName", "weak": True, "failure_within": "near"}, "a number"),
        ({"text": "LabSettingName", "weak": True, "failure_within": True}, "a number"),
        ({"text": "LabSettingName", "weak": True, "failure_within": 0}, "1-1000 characters"),
        ({"text": "LabSettingName", "weak": True, "failure_within": 5000}, "1-1000 characters"),
        ({"text": "LabSettingName", "weak": "yes"}, "weak must be true or false"),
        ({"text": "~LabSettingName", "weak": True}, "text must be non-empty"),
        ({"text": "LabSettingName", "near": 60}, "unknown field(s) ['near']"),
        (["LabSettingName"], "phrases must be strings or mappings"),
    ],
)
def test_a_malformed_declared_phrase_is_refused_naming_the_family_and_the_field(phrase, message):
    with pytest.raises(CatalogError, match="family lab-setting") as raised:
        parse_families(_document(phrase))
    assert message in str(raised.value)


# The catalog's own setting names, as configuration scripts and listings show them: no failure.
@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Set-Item WSMan:\\localhost\\Shell\\MaxMemoryPerShellMB 2048\n"
            "Set-Item WSMan:\\localhost\\Plugin\\Microsoft.PowerShell\\Quotas\\MaxMemoryPerShellMB 2048\n"
            f"Restart-Service WinRM\n# {_PAD}\n# If the deployment fails, collect logs with Get-ASLog.",
            id="winrm-quota-script",
        ),
        pytest.param(
            "winrm get winrm/config/winrs\nWinrs\n    AllowRemoteShellAccess = true\n"
            "    MaxMemoryPerShellMB = 2147483647\n    MaxShellsPerUser = 2147483647\n"
            f"# {_PAD}\nErrors are written to the event log.",
            id="winrs-listing",
        ),
        pytest.param(
            'New-VMSwitch -Name "ConvergedSwitch(compute_management)" -NetAdapterName NIC1,NIC2\n'
            "# the virtual switch name might be something like ConvergedSwitch(compute_management)\n"
            f'Write-Host "Done"\n# {_PAD}\n# Troubleshooting: if the validation fails, re-run it.',
            id="network-atc-switch-script",
        ),
        pytest.param(
            "# Specifies the maximum number of concurrent shells that any user can remotely open"
            " on the same computer.\nMaxShellsPerUser = 30\n# Specifies the maximum number of "
            "concurrent operations that any user can remotely open on the same system.\n"
            "MaxConcurrentOperationsPerUser = 1500\n# Any error is logged.",
            id="winrm-quota-descriptions",
        ),
    ],
)
def test_a_script_or_listing_that_names_a_setting_names_no_family(text):
    assert diagnose(text).family is None


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "Receive-Job : Exception of type 'System.OutOfMemoryException' was thrown.\n"
            "# the node's MaxMemoryPerShellMB is 150",
            "remoting-quota",
        ),
        (
            "New-VMNetworkAdapter : Failed to add device 'Virtual Ethernet Adapter'. Switch "
            "'ConvergedSwitch(compute_management)' was not found.",
            "azure-local-lifecycle",
        ),
        (
            "Connecting to remote server node1 failed with the following error message : The "
            "WS-Management service cannot process the request. This user is allowed a maximum "
            "number of 25 concurrent shells, which has been exceeded.",
            "remoting-quota",
        ),
        (
            "This user has exceeded the maximum number of concurrent shells allowed for this plugin.",
            "remoting-quota",
        ),
    ],
)
def test_the_setting_beside_its_failure_keeps_its_family(text, family):
    assert diagnose(text).family == family
