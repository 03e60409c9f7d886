"""Free text that goes onto the permanent log: reasons, notes, questions and answers.

Events are kept for ever and reach leads' feeds and webhooks, so what people type must not
carry someone's personal data (the post number or role says who is meant) nor characters
that hide or reorder what a reader sees. Text that looks like an email address, a National
Insurance number, a phone number or a date of birth is refused with the reason; control
characters (other than new lines and tabs) and bidirectional overrides are refused too.
Checked where requests come in; events already on the log are read as they are.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

LOOKS_LIKE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an email address", re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")),
    (
        "a National Insurance number",
        # Any two letters: the format matters, not whether HMRC issues that prefix.
        re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", re.IGNORECASE),
    ),
    ("a phone number", re.compile(r"(?<![\w£$.,])(\+44 ?|0)(\d[ -]?){9,10}\b")),
    (
        "a date of birth",
        re.compile(r"\b(d\.?o\.?b|date of birth|born)\b[^\d\n]{0,12}\d", re.IGNORECASE),
    ),
)
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ALLOWED_CONTROLS = frozenset("\n\r\t")


def honest_text(text: str) -> str:
    """The text, if it may go onto the log; else `ValueError` saying what to change."""
    for character in text:
        if character in BIDI_CONTROLS:
            raise ValueError(
                f"must not contain the text-direction control U+{ord(character):04X}, which "
                "changes what a reader sees"
            )
        if (ord(character) < 32 or 127 <= ord(character) < 160) and (
            character not in ALLOWED_CONTROLS
        ):
            raise ValueError(f"must not contain the control character U+{ord(character):04X}")
    for what, pattern in LOOKS_LIKE:
        if pattern.search(text):
            raise ValueError(
                f"looks like it contains {what}: say which post or role is meant instead "
                "(personal data must not go onto the permanent record)"
            )
    return text


HonestText = Annotated[str, AfterValidator(honest_text)]
