"""Windows PowerShell's remote-session failures in German as Microsoft's de-DE Skype for Business
Online troubleshooting pages print them (MicrosoftDocs/OfficeDocs-SkypeForBusiness.de-DE @25e002be3f,
Skype/SfbOnline/set-up-your-computer-for-windows-powershell/diagnose-problems-with-the-skype-for-
business-online-connector.md and diagnose-connection-problems-with-the-skype-for-business-online-
connector.md): the wrappers "Fehler bei der Verarbeitung von Daten vom Remoteserver <name> mit der
folgenden Fehlermeldung:", "Die Verarbeitung von Daten von Remoteserver <name> ist mit der folgenden
Fehlermeldung fehlgeschlagen:", "Fehler beim Herstellen einer Verbindung mit einem Remoteserver
<name> mit der folgenden Fehlermeldung:", "Die Verbindung mit dem Remoteserver <name> mit der
folgenden Fehlermeldung ist fehlgeschlagen:" followed by ERROR_ACCESS_DENIED in German, and the
tenant's remote-PowerShell policy refusal in the first page's word order: remoting-access-denied.
The same wrappers around the shell quota stay remoting-quota; .NET's German HTTP 401 and the pages'
other errors are not named remoting-access-denied."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose


@pytest.mark.parametrize(
    "text",
    [
        "New-PSSession : [node1] Fehler bei der Verarbeitung von Daten vom Remoteserver node1 mit "
        "der folgenden Fehlermeldung: Zugriff verweigert",
        "New-PSSession : [node1] Die Verarbeitung von Daten von Remoteserver node1 ist mit der "
        "folgenden Fehlermeldung fehlgeschlagen: Zugriff verweigert",
        "Enter-PSSession : Fehler beim Herstellen einer Verbindung mit einem Remoteserver node1.contoso.com "
        "mit der folgenden Fehlermeldung: Zugriff verweigert Weitere Informationen finden Sie im "
        "Hilfethema about_Remote_Troubleshooting.",
        "Invoke-Command : Die Verbindung mit dem Remoteserver node1 mit der folgenden Fehlermeldung "
        "ist fehlgeschlagen: Der Zugriff wird verweigert",
        # the tenant policy refusal as the first page words it (the second page's word order
        # was named before)
        "New-PSSession : [admin.vdomain.com] Fehler bei der Verarbeitung von Daten vom Remoteserver "
        "admin.vdomain.com mit der folgenden Fehlermeldung: Die Möglichkeit, eine Verbindung mit "
        "diesem Mandanten mithilfe einer Remote-PowerShell-Sitzung herzustellen, wurde deaktiviert. "
        "Wenden Sie sich an die Lync-Hilfe, um die PowerShell-Richtlinie dieses Mandanten zu "
        "überprüfen.",
        "New-PSSession: [admin.vdomain.com] Die Verarbeitung von Daten von Remoteserver "
        "admin.vdomain.com ist mit der folgenden Fehlermeldung fehlgeschlagen: Die Möglichkeit, "
        "mithilfe einer PowerShell-Remotesitzung eine Verbindung mit diesem Mandanten herzustellen, "
        "wurde deaktiviert.",
    ],
)
def test_german_session_wrappers_around_access_denied_are_remoting_access_denied(text: str) -> None:
    assert diagnose(text).family == "remoting-access-denied"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # the same wrappers around the WS-Management shell quota (the same pages)
        (
            "New-PSSession : [admin.vdomain.com] Die Verbindung mit dem Remoteserver "
            "admin.vdomain.com mit der folgenden Fehlermeldung ist fehlgeschlagen: Der "
            "WS-Management-Dienst kann die Anforderung nicht verarbeiten. Die maximale Anzahl von "
            "gleichzeitigen Shells für diesen Benutzer wurde überschritten. Schließen Sie vorhandene "
            "Shells, oder erhöhen Sie das Kontingent für diesen Benutzer.",
            "remoting-quota",
        ),
        # the pages' Live ID sign-in failure: no remoting family
        (
            "Get-CsWebTicket: Fehler beim Verbinden von Live-ID-Servern. Stellen Sie sicher, dass der "
            "Proxy aktiviert ist oder der Computer über eine Netzwerkverbindung mit Live-ID-Servern "
            "verfügt.",
            None,
        ),
        # the pages' advice, which names the policy without a refusal
        (
            "Wenn diese Fehlermeldung angezeigt wird, müssen Sie sich an den Microsoft-Support wenden "
            "und den Remote-PowerShell-Zugriff aktivieren.",
            None,
        ),
    ],
)
def test_the_pages_other_errors_keep_their_families(text: str, family: str | None) -> None:
    assert diagnose(text).family == family


@pytest.mark.parametrize(
    "text",
    [
        # .NET's German WebException for an HTTP 401 / 403 from a remote web server
        "Der Remoteserver hat einen Fehler zurückgegeben: (401) Nicht autorisiert.",
    ],
)
def test_other_german_remote_server_errors_are_not_remoting_access_denied(text: str) -> None:
    assert diagnose(text).family != "remoting-access-denied"
