"""PowerShell's computer cmdlets acting on another computer (Restart-Computer, Stop-Computer,
Rename-Computer, Restart-Computer -Wait) relay that computer's "Access is denied" in their own
wrappers (PowerShell/PowerShell ComputerResources.resx: RestartcomputerFailed, StopcomputerFailed,
FailToConnectToComputer, RestartComputerSkipped): remoting-access-denied, as the WMI / CIM cmdlets'
refusal with -ComputerName. The same wrappers around the local computer, around another error, and
Add-Computer's domain join / unjoin refusals (the domain account's right to join) are not."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose

_HRESULT = " (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))."


@pytest.mark.parametrize(
    "text",
    [
        # Windows PowerShell 5.1, the full error record
        "Restart-Computer : Failed to restart the computer srv1 with the following error message: "
        "Access is denied."
        + _HRESULT
        + "\nAt line:1 char:1\n+ Restart-Computer -ComputerName srv1 "
        "-Force\n+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n    + CategoryInfo          : "
        "OperationStopped: (srv1:String) [Restart-Computer], InvalidOperationException\n    + "
        "FullyQualifiedErrorId : RestartcomputerFailed,Microsoft.PowerShell.Commands."
        "RestartComputerCommand",
        # PowerShell 7's concise view (CIM over WS-Management: the message's own period, then the wrapper's)
        "Restart-Computer: Failed to restart the computer web01.contoso.com with the following "
        "error message: Access is denied. .",
        "Stop-Computer : Failed to stop the computer 10.0.0.12 with the following error message: "
        "Access is denied.",
        "Rename-Computer : Cannot establish the WMI connection to the computer 'SRV-OLD' with the "
        "following error message: Access is denied. .",
        "Restart-Computer : The computer srv2 is skipped. Fail to retrieve its LastBootUpTime via "
        "the WMI service with the following error message: Access is denied." + _HRESULT,
        # the console wrapped the line
        "Restart-Computer : Failed to restart the computer srv1 with the following error\n"
        "message: Access is denied." + _HRESULT,
    ],
)
def test_a_computer_cmdlets_refusal_on_another_computer_is_remoting_access_denied(text):
    assert diagnose(text).family == "remoting-access-denied"


@pytest.mark.parametrize(
    "text",
    [
        # the local computer: elevation, not a remote logon
        "Restart-Computer : Failed to restart the computer localhost with the following error "
        "message: Access is denied.",
        "Rename-Computer : Cannot establish the WMI connection to the computer 'localhost' with the "
        "following error message: Access is denied.",
        # the same wrappers around other errors
        "Restart-Computer : Failed to restart the computer srv1 with the following error message: "
        "The RPC server is unavailable. (Exception from HRESULT: 0x800706BA).",
        "Restart-Computer : Failed to restart the computer srv1 with the following error message: "
        "Privilege not held.",
        # Add-Computer's domain join / unjoin: the domain account's right to join the computer
        "Add-Computer : Computer 'SRV1' failed to join domain 'contoso.com' from its current "
        "workgroup 'WORKGROUP' with following error message: Access is denied.",
        "Add-Computer : Failed to unjoin computer 'SRV1' from domain 'contoso.com' with the "
        "following error message: Access is denied.",
    ],
)
def test_the_same_wrappers_locally_around_another_error_or_for_a_domain_join_are_not_the_family(
    text,
):
    assert diagnose(text).family != "remoting-access-denied"


def test_the_wrapper_keeps_the_family_of_a_winrm_message_inside_it():
    text = (
        "Stop-Computer : Failed to stop the computer srv1 with the following error message: The "
        "client cannot connect to the destination specified in the request. Verify that the service "
        "on the destination is running and is accepting requests."
    )
    assert diagnose(text).family == "remoting-unreachable"


@pytest.mark.parametrize(
    "text",
    [
        # PowerShell's own translations of the wrappers (resources/<locale>/ComputerResources.<locale>.resx)
        # around Windows' ERROR_ACCESS_DENIED text in that language
        "Restart-Computer : Der Computer srv1 konnte mit der folgenden Fehlermeldung nicht neu "
        "gestartet werden: Zugriff verweigert (Ausnahme von HRESULT: 0x80070005 (E_ACCESSDENIED)).",
        "Rename-Computer : Die WMI-Verbindung mit dem Computer „SRV1“ kann mit der folgenden "
        "Fehlermeldung nicht hergestellt werden: Zugriff verweigert.",
        "Stop-Computer : Nous n’avons pas pu arrêter l’ordinateur srv1 avec le message d’erreur "
        "suivant : Accès refusé. .",
        "Restart-Computer : No se pudo reiniciar el equipo srv1 con el siguiente mensaje de error: "
        "Acceso denegado.",
        "Rename-Computer : Non è possibile stabilire la connessione WMI al computer 'srv1' con il "
        "seguente messaggio di errore: Accesso negato.",
        "Restart-Computer : 無法重新啟動電腦 srv1，錯誤訊息如下: 存取被拒。。",
        # pt-BR keeps the English wrapper around Windows' Portuguese text
        "Restart-Computer : Failed to restart the computer srv1 with the following error message: "
        "Acesso negado.",
    ],
)
def test_the_translated_wrappers_around_a_translated_refusal_are_remoting_access_denied(text):
    assert diagnose(text).family == "remoting-access-denied"


@pytest.mark.parametrize(
    "text",
    [
        "Restart-Computer : Der Computer localhost konnte mit der folgenden Fehlermeldung nicht neu "
        "gestartet werden: Zugriff verweigert.",
        "Restart-Computer : Failed to restart the computer . with the following error message: "
        "Access is denied.",
        "Restart-Computer : No se pudo reiniciar el equipo srv1 con el siguiente mensaje de error: "
        "El servidor RPC no está disponible.",
    ],
)
def test_a_translated_wrapper_locally_or_around_another_error_is_not_the_family(text):
    assert diagnose(text).family != "remoting-access-denied"
