"""hci-orchestrator: register, unregister and repair Azure Stack HCI clusters safely."""

__version__ = "0.1.0"
