"""Is this a Vietnamese syllable? Onset + rhyme + tone rules, no word list.

Vietnamese is written one syllable per space-separated token, and every syllable is an optional
onset consonant, a rhyme (optional medial o/u, a nucleus vowel, optional final) and one tone.
Checking those three parts recognizes text broken by PDF extraction ("lư ng", "ch đạo", "văn
bảnsố") without knowing any words. Spelling rules are applied where they are strict (k/gh/ngh
before i, e, ê; finals p, t, c, ch take only the sắc or nặng tone); rare but real rhymes are
accepted, because a false "broken" mark costs the operator more than a missed one.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Combining tone marks: huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_STOP_TONES = {"\u0301", "\u0323"}

# "z" is not native but spells common loanwords ("băng zôn").
_ONSETS = ("ngh ng gh gi kh nh ph th tr ch qu b c d đ g h k l m n p r s t v x z").split()
_FRONT = set("ieêy")  # k, gh, ngh go before these; c, g, ng do not

# Rhymes without tone, medial included. Sources: any grammar of Vietnamese orthography; a few
# rare ones (oong, ooc, uêch, oeo, uyu, ưu) are kept because they occur in ordinary words.
_RHYMES = set(
    """
    a ai ao au ay am an ang anh ap at ac ach
    ăm ăn ăng ăp ăt ăc
    âu ây âm ân âng âp ât âc
    e eo em en eng ep et ec
    ê êu êm ên ênh êp êt êch
    i ia iu im in inh ip it ich
    iêu iêm iên iêng iêp iêt iêc
    yêu yêm yên yêt y
    o oi om on ong op ot oc oong ooc
    ô ôi ôm ôn ông ôp ôt ôc
    ơ ơi ơm ơn ơp ơt
    u ua ui um un ung up ut uc
    uôi uôm uôn uông uôt uôc
    ư ưa ưi ưu ưm ưn ưng ưt ưc
    ươi ươu ươm ươn ương ươp ươt ươc
    oa oai oay oan oang oanh oap oat oac oach oăm oăn oăng oăt oăc oe oeo oen oet
    uy uya uyu uyên uyêt uynh uych uyt uyn uê uêch uênh uân uâng uât uơ uya
    """.split()
)
# After "qu" the u is the medial already: "quân" = qu + ân, "quyết" = qu + yêt.
_QU_RHYMES = {r[1:] for r in _RHYMES if r.startswith("u") and r[1:2] in ("y", "ê", "â", "ơ", "a")}
_QU_RHYMES |= set(
    "a ai ay an ang anh at ac ach ăn ăng ăt ăc e en et eo ê y yt ynh ych yn ôc".split()
)


def split_tone(word: str) -> tuple[str, str | None, int]:
    """The word without its tone mark, the tone mark, and how many tone marks it carried."""
    tone: str | None = None
    count = 0
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", word):
        if char in _TONES:
            tone = char
            count += 1
        else:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)), tone, count


@lru_cache(maxsize=8192)
def is_syllable(token: str) -> bool:
    """True when ``token`` (letters only, any case) spells one Vietnamese syllable."""
    word, tone, tones = split_tone(token.lower())
    if tones > 1 or not word or not word.isalpha():
        return False
    for onset in _ONSETS:
        if word.startswith(onset):
            rhymes = _QU_RHYMES if onset == "qu" else _RHYMES
            rest = word[len(onset) :]
            # After "gi" the i may be the nucleus too: "gì", "gìn", "giếng" (gi + iêng).
            for rhyme in (rest, "i" + rest) if onset == "gi" else (rest,):
                if _onset_fits(onset, rhyme) and rhyme in rhymes and _tone_fits(rhyme, tone):
                    return True
    return (word in _RHYMES and word[:1] != "y") or word in {"y", "yêu", "yên", "yêm", "yêt"}


def onset_rhyme(token: str) -> tuple[str, str]:
    """The onset consonant and the rhyme, without the tone ("khểnh" → ("kh", "ênh")); the
    longest onset that fits, ("", word) when none does."""
    word = split_tone(token.lower())[0]
    for onset in _ONSETS:
        if word.startswith(onset) and len(word) > len(onset):
            return onset, word[len(onset) :]
    return "", word


def _onset_fits(onset: str, rest: str) -> bool:
    front = rest[:1] in _FRONT
    if onset in ("k", "gh", "ngh"):
        return front
    if onset in ("c", "ng"):
        return not front
    return True


def _tone_fits(rhyme: str, tone: str | None) -> bool:
    if rhyme.endswith(("p", "t", "c", "ch")):
        return tone in _STOP_TONES
    return True


def has_vietnamese_marks(token: str) -> bool:
    """True when the token uses a letter only Vietnamese spelling has (đ, ă, â, ơ, tone marks…)."""
    for char in unicodedata.normalize("NFD", token):
        if char in _TONES or char in "\u0306\u0302\u031b" or char in "đĐ":
            return True
    return False
