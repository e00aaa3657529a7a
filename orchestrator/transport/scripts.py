"""The tool's own fixed script blocks: probes that must be ONE remote call but several actions.

Everything else the tool runs is a cmdlet with named parameters (transport/base.py). A script
here is constant text with a param() block; the psrp transport sends it with `add_script` and
binds every value with `add_parameter` (as `& { param(...) ... } -Name value` would), so no
value ever becomes code. The lab knows each script by its text (`by_text`) and answers what the
script would output, in the same shape.

HTTPS_PROBES (issue 16.5): one Invoke-WebRequest per endpoint, all at once, each in a runspace
of a runspace pool local to the node; one result object per endpoint, in the order given.
- Invoke-WebRequest on Windows PowerShell 5.1 turns a failed request (no DNS name, no TCP
  connection, an untrusted TLS chain, any non-success HTTP status) into a terminating error
  with FullyQualifiedErrorId `WebCmdletWebResponseException` whose exception is the .NET
  WebException with its own message (PowerShell/PowerShell
  src/Microsoft.PowerShell.Commands.Utility/commands/utility/WebCmdlet/WebRequestPSCmdlet.cs,
  the `#if !CORECLR` file, ProcessRecord: `catch (WebException ex)` ... `new ErrorRecord(ex,
  "WebCmdletWebResponseException", ErrorCategory.InvalidOperation, request)` ...
  `ThrowTerminatingError(er)`); try/catch inside the runspace catches it, and the script reports
  `$_.Exception.Message` and `$_.FullyQualifiedErrorId`, which is what a separate
  `Invoke-WebRequest` call reports as its error record (facts/network.py classifies either).
- `[runspacefactory]::CreateRunspacePool(min, max)`, `[powershell]::Create()`, `.RunspacePool`,
  `.AddScript()`, `.AddArgument()`, `.BeginInvoke()` / `.EndInvoke()` are the PowerShell SDK
  (System.Management.Automation: RunspaceFactory.CreateRunspacePool(int, int), PowerShell.
  BeginInvoke/EndInvoke; PowerShell/PowerShell src/System.Management.Automation/engine/
  hostifaces/PowerShell.cs), present in Windows PowerShell 5.1; no PowerShell 7 feature
  (ForEach-Object -Parallel) is used.

SESSIONS_OS_INFO (issue 16: the double-hop probe and the run guard's OS read in one call): from
the entry node, `New-PSSession -ComputerName` to every target at once (as the double-hop check
always did: the cluster cmdlets' own second hops, checks/double_hop.py), then in those same
sessions `Get-CimInstance -ClassName CIM_OperatingSystem` (the read the release guard decides
on, facts/os_release.py), then `Remove-PSSession`.
- `New-PSSession -ComputerName a,b,...` connects concurrently, up to -ThrottleLimit (32), and
  writes one non-terminating error per computer it cannot open ("[<computer>] ...",
  FullyQualifiedErrorId `...,PSSessionOpenFailed`): those records reach the caller as before,
  and only they (MicrosoftDocs/PowerShell-Docs reference/5.1/Microsoft.PowerShell.Core/
  New-PSSession.md).
- `Invoke-Command -Session $sessions -ScriptBlock {...}` runs the block in every session,
  concurrently up to -ThrottleLimit (default 32), and returns every session's output; each
  object carries the computer it came from in PSComputerName, the session's ComputerName
  (reference/5.1/Microsoft.PowerShell.Core/Invoke-Command.md @ 08748a90386d: the Session
  parameter set, Example 8 `New-PSSession -ComputerName Server01, Server02` then
  `Invoke-Command -Session $s`, Example 10 and -ThrottleLimit; About/about_Remote_Output.md
  @ 004f4ad03da8: "The remote computer name is stored in the PSComputerName property"). Errors of
  the remote command are non-terminating (Invoke-Command.md, NOTES); they are silenced here, as
  the caller does not read them: a computer with no answer is read directly instead
  (checks/os_release.py).
- `Remove-PSSession -Session` in `finally`: no session outlives the call.
- Why a script and not cmdlets with named parameters: the reads must run inside the sessions
  the same call opened, and Invoke-Command's -Session takes no pipeline input and its
  -ScriptBlock is typed System.Management.Automation.ScriptBlock (Invoke-Command.md, the
  parameters' `Accept pipeline input: False` and `Type:`), so `New-PSSession | Invoke-Command`
  cannot be sent as a structural pipeline; the names are bound as the -ComputerName parameter,
  never put into the text.
"""

from __future__ import annotations

from orchestrator.transport.base import Script

HTTPS_PROBES = Script(
    name="Invoke-WebRequest-Each",
    text="""param([string[]]$Uri, [string]$Proxy)
$pool = [runspacefactory]::CreateRunspacePool(1, [Math]::Max(1, $Uri.Count))
$pool.Open()
try {
    $probes = foreach ($target in $Uri) {
        $ps = [powershell]::Create()
        $ps.RunspacePool = $pool
        [void]$ps.AddScript({
            param($Target, $Proxy)
            $request = @{ Uri = $Target; UseBasicParsing = $true }
            if ($Proxy) { $request.Proxy = $Proxy }
            try {
                $response = Invoke-WebRequest @request
                [pscustomobject]@{ Uri = $Target; StatusCode = [int]$response.StatusCode;
                    Message = $null; FullyQualifiedErrorId = $null }
            } catch {
                [pscustomobject]@{ Uri = $Target; StatusCode = $null;
                    Message = $_.Exception.Message; FullyQualifiedErrorId = $_.FullyQualifiedErrorId }
            }
        }).AddArgument($target).AddArgument($Proxy)
        [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
    }
    foreach ($probe in $probes) {
        $probe.PowerShell.EndInvoke($probe.Handle)
        $probe.PowerShell.Dispose()
    }
} finally {
    $pool.Close()
}
""",
)

SESSIONS_OS_INFO = Script(
    name="New-PSSession-OsInfo",
    text="""param([string[]]$ComputerName)
$sessions = @(New-PSSession -ComputerName $ComputerName)
if ($sessions.Count -gt 0) {
    try {
        Invoke-Command -Session $sessions -ErrorAction SilentlyContinue -ScriptBlock {
            Get-CimInstance -ClassName CIM_OperatingSystem
        }
    } finally {
        Remove-PSSession -Session $sessions
    }
}
""",
)

SCRIPTS = (HTTPS_PROBES, SESSIONS_OS_INFO)


def by_text(text: str) -> Script | None:
    """The tool's script with exactly this text (the lab's way to recognise one on the wire)."""
    return next((s for s in SCRIPTS if s.text == text), None)
