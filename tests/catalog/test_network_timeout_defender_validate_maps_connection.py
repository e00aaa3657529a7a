"""Microsoft Defender Antivirus's cloud connectivity check (MpCmdRun.exe -ValidateMapsConnection)
failing with HRESULT_FROM_WIN32(ERROR_TIMEOUT 1460) 0x800705B4 ("This operation returned because the
timeout period expired", system error codes 1300-1699 on learn.microsoft.com): the MAPS endpoint did
not answer in time, network-timeout. The same code elsewhere (a script, Windows Update, WMI) is any
operation's timeout and names no family."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        '"%ProgramFiles%\\Windows Defender\\MpCmdRun.exe" -ValidateMapsConnection failed with hr = 0x800705B4',
        "ERROR: MpCmdRun.exe: -ValidateMapsConnection failed with hr = 0x800705b4",
        "ValidateMapsConnection failed with hr = 0x800705B4",
    ],
)
def test_defender_maps_check_timing_out_is_network_timeout(text):
    assert family_of(text) == "network-timeout"


@pytest.mark.parametrize(
    "text",
    [
        "This operation returned because the timeout period expired. (Exception from HRESULT: 0x800705B4)",
        "Windows Update failed to install with error 0x800705B4",
        # the check failing for another reason (the service is not running, 0x800106BA)
        "ValidateMapsConnection failed (800106BA). MpCmdRun.exe -ValidateMapsConnection failed with hr = 0x800106BA",
    ],
)
def test_error_timeout_elsewhere_or_other_check_failures_name_no_timeout(text):
    assert family_of(text) != "network-timeout"
