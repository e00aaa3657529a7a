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

SCRIPTS = (HTTPS_PROBES,)


def by_text(text: str) -> Script | None:
    """The tool's script with exactly this text (the lab's way to recognise one on the wire)."""
    return next((s for s in SCRIPTS if s.text == text), None)
