"""Private links and short codes for answering without an account.

A token is the long secret in a private link. A short code is for people who type: 8 letters
and numbers from an alphabet with no look-alikes (no I, L, O, 0 or 1), shown as ABCD-EFGH and
read without caring about case, spaces or dashes.
"""

from __future__ import annotations

import re
import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
_NOT_CODE = re.compile(r"[^A-Z0-9]")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_short_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What someone typed, as a stored code: capitals, no spaces or dashes."""
    return _NOT_CODE.sub("", typed.upper())


def format_code(code: str) -> str:
    """ABCDEFGH as ABCD-EFGH, easier to read out and copy."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if code else ""
