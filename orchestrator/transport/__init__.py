"""Transports: how commands reach nodes (psrp over WinRM, or the in-process lab)."""

from orchestrator.transport.base import Command, CommandResult, ErrorRecord, NodeSession, Transport

__all__ = ["Command", "CommandResult", "ErrorRecord", "NodeSession", "Transport"]
