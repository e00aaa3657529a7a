"""Commands are data; their displayed form never shows a secret."""

from orchestrator.transport.base import Command


def test_render_masks_secret_parameters():
    cmd = Command.cmdlet(
        "Register-AzStackHCI",
        SubscriptionId="s-1",
        ArmAccessToken="eyJhbGciOi.secret",
        AccountId="a@b",
        RepairRegistration=True,
    )
    text = cmd.render()
    assert "eyJ" not in text
    assert (
        text
        == "Register-AzStackHCI -SubscriptionId s-1 -ArmAccessToken *** -AccountId 'a@b' -RepairRegistration -Confirm:$false"
    )


def test_render_quotes_user_values_and_tools_take_arguments():
    assert Command.cmdlet("Get-Service", Name="my svc").render() == "Get-Service -Name 'my svc'"
    assert (
        Command.tool("azcmagent", "disconnect", "--force-local-only").render()
        == "azcmagent disconnect --force-local-only"
    )


def test_repr_masks_secret_parameters_like_render() -> None:
    command = Command.cmdlet(
        "Register-AzStackHCI", SubscriptionId="sub", ArmAccessToken="tok-123-secret"
    )
    assert "tok-123-secret" not in repr(command)
    assert "tok-123-secret" not in command.render()
    assert "'sub'" in repr(command)  # the rest stays readable
