"""Talking to Azure: permission evaluation, and (later) the ARM/Graph client and credentials."""
