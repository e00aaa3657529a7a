"""The failure catalog: known failure signatures as data (signatures.yaml), with their class,
retry decision and remediation, and the API that recognises them in text and exceptions."""

from orchestrator.catalog.classify import (
    classify,
    is_retryable,
    retry_decision,
    scan,
    text_lines,
)
from orchestrator.catalog.loader import Catalog, load_catalog, parse_catalog
from orchestrator.catalog.models import (
    CatalogError,
    Evidence,
    FailureClass,
    Family,
    Match,
    Signature,
)
from orchestrator.catalog.redact import redact

__all__ = [
    "Catalog",
    "CatalogError",
    "Evidence",
    "FailureClass",
    "Family",
    "Match",
    "Signature",
    "classify",
    "is_retryable",
    "load_catalog",
    "parse_catalog",
    "redact",
    "retry_decision",
    "scan",
    "text_lines",
]
