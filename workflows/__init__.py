"""The flows: one module per flow."""
