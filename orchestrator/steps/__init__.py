"""Reusable steps: each checks one fact on a node and, when asked, changes it."""
