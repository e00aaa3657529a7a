"""Hiding secrets in text before it is matched, shown or written anywhere.

Inputs to `diagnose` are logs and console captures that may hold tokens passed to cmdlets
(`-ArmAccessToken`), azcmagent service principal secrets, bearer headers or raw JWTs.
"""

from __future__ import annotations

import re

MASK = "***"

_QUOTED_OR_WORD = r"(?:\"[^\"]*\"|'[^']*'|[^\s,;\"']+)"

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # JSON Web Tokens (access/ID tokens): header.payload.signature, base64url.
    (re.compile(r"\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*"), MASK),
    # Bearer credentials in headers.
    (re.compile(r"(\bBearer\s+)[\w.~+/=-]{8,}", re.IGNORECASE), rf"\g<1>{MASK}"),
    # Command-line flags and cmdlet parameters that carry a secret.
    (
        re.compile(
            r"((?<![\w-])--?(?:service-principal-secret|access-token|client-secret|password"
            r"|ArmAccessToken|GraphAccessToken|AccessToken|ClientSecret|Password|Secret)"
            rf"(?:\s+|\s*[=:]\s*)){_QUOTED_OR_WORD}",
            re.IGNORECASE,
        ),
        rf"\g<1>{MASK}",
    ),
    # key: value / key=value / "key": "value" for secret-named keys.
    (
        re.compile(
            r"((?<![\w-])[\"']?(?:ArmAccessToken|GraphAccessToken|access_?token|refresh_?token"
            r"|id_?token|client_?secret|password|passwd|pwd|secret|SharedAccessKey|AccountKey)"
            rf"[\"']?\s*[:=]\s*){_QUOTED_OR_WORD}",
            re.IGNORECASE,
        ),
        rf"\g<1>{MASK}",
    ),
    # ConvertTo-SecureString 'plain' -AsPlainText
    (
        re.compile(rf"(ConvertTo-SecureString\s+(?:-String\s+)?){_QUOTED_OR_WORD}", re.IGNORECASE),
        rf"\g<1>{MASK}",
    ),
    # SAS signatures in URLs.
    (re.compile(r"([?&]sig=)[^&\s\"']+", re.IGNORECASE), rf"\g<1>{MASK}"),
)

# azcmagent's short flag for the service principal secret (-p) only means that on its line.
_AZCMAGENT_SHORT_SECRET = re.compile(rf"((?<=\s)-p\s+){_QUOTED_OR_WORD}")


def redact(text: str) -> str:
    """`text` with every recognisable secret replaced by ***; everything else unchanged."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    if "azcmagent" in text.lower():
        text = _AZCMAGENT_SHORT_SECRET.sub(rf"\g<1>{MASK}", text)
    return text
