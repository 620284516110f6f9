"""Does a text read as Vietnamese? A test of the language, not of the bytes.

A wrong encoding still decodes: Windows-1258 maps almost any byte to some character, so a Chinese
GB2312 file or a French Latin-1 one comes out as "text". What it does not come out as is
Vietnamese words. Vietnamese writes one syllable per word, and a syllable has a fixed shape: an
optional initial consonant, a vowel nucleus of one to three vowels, an optional final consonant
and at most one tone mark. Mis-decoded bytes, other scripts and other Latin languages break that
shape in most of their words; a real directive keeps it in most of its words, even with its
abbreviations (UBND), codes and foreign names.

Pure: no files, no clock.
"""

from __future__ import annotations

import re
import unicodedata

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|ch|kh|nh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_WORD = re.compile(r"[^\W\d_]+")
# Measured on the 38 real directives in the shared samples: their lowest share of well-formed
# syllables is 0.84 (a text full of abbreviations and document codes). French read as Latin-1 has
# about 0.3, Chinese, Japanese and Russian read through the Windows-1258 fallback about 0.0.
MIN_SYLLABLE_SHARE = 0.6
MIN_WORDS = 3


def is_syllable(word: str) -> bool:
    """A single Vietnamese syllable, in any case, with at most one tone mark."""
    parts = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for char in parts if char in _TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(bare) is not None


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
