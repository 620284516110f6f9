"""Does a text read as Vietnamese? A test of the language, not of the bytes.

A wrong encoding still decodes: Windows-1258 maps almost any byte to some character, so a Chinese
GB2312 file or a French Latin-1 one comes out as "text". What it does not come out as is
Vietnamese words. Vietnamese writes one syllable per word, and a syllable has a fixed shape
(``syllables.is_syllable``, which the clean stage also uses to find words broken by PDF
extraction). Mis-decoded bytes, other scripts and other Latin languages break that shape in most
of their words; a real directive keeps it in most of its words, even with its abbreviations
(UBND), codes and foreign names.

Pure: no files, no clock.
"""

from __future__ import annotations

import re

from radio_sched.directive.syllables import is_syllable

_WORD = re.compile(r"[^\W\d_]+")
# Measured on the 52 real directives in tests/data: their lowest share of well-formed
# syllables is 0.86 (a PDF copy whose tone marks came loose). French read as Latin-1 has
# about 0.3, Chinese, Japanese and Russian read through the Windows-1258 fallback about 0.0.
MIN_SYLLABLE_SHARE = 0.6
MIN_WORDS = 3


def syllable_share(text: str) -> float:
    """The share of the text's words that are Vietnamese syllables (1.0 for a text of no words)."""
    words = _WORD.findall(text)
    if not words:
        return 1.0
    return sum(1 for word in words if is_syllable(word)) / len(words)


def reads_as_vietnamese(text: str) -> bool:
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return any(is_syllable(word) for word in words)
    return syllable_share(text) >= MIN_SYLLABLE_SHARE
