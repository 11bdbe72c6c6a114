"""Tables for the search worker, generated at build time from maintained data.

- traditional → simplified from OpenCC (opencc-purepy's t2s), kept to the characters that matter: those of the
  index vocabulary and of common Chinese text;
- character → pinyin (pypinyin, every reading, without tones) for the same characters, and the pinyin keys of every
  word of the index vocabulary, so the worker can match a homophone typo (争信 → 征信) to a word of the site.

Pinyin is compared "fuzzily": the initials and finals that Chinese input methods and regional accents confuse are
folded together (FUZZY below). The worker applies the same folds to pinyin typed in Latin letters.
Pure functions: hooks/search.py calls them, tests call them directly.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import jieba
from opencc_purepy import OpenCC
from pypinyin import Style, lazy_pinyin, pinyin

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
HAN_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]{2,8}$")
COMMON_CHARACTERS = 4000  # by frequency in jieba's dictionary: covers everyday text and most typo characters
MAX_READINGS = 16  # pinyin keys kept per word (characters with several readings multiply them)

# (pattern, replacement) applied in order to a toneless syllable; the same list goes to the worker.
FUZZY: tuple[tuple[str, str], ...] = (
    (r"^([zcs])h", r"\1"),  # zh/z, ch/c, sh/s
    (r"^n(?=[aeiouv])", "l"),  # n/l
    (r"ng$", "n"),  # an/ang, en/eng, in/ing
)


def fuzzy(syllable: str) -> str:
    for pattern, replacement in FUZZY:
        syllable = re.sub(pattern, replacement, syllable)
    return syllable


def fuzzy_rules_for_javascript() -> list[list[str]]:
    """FUZZY with JavaScript's replacement syntax ($1 instead of \\1)."""
    return [[pattern, replacement.replace("\\1", "$1")] for pattern, replacement in FUZZY]


@lru_cache(maxsize=1)
def common_characters(count: int = COMMON_CHARACTERS) -> frozenset[str]:
    """The `count` most frequent Han characters of jieba's own dictionary (word frequencies summed per character)."""
    frequency: Counter[str] = Counter()
    path = Path(jieba.get_dict_file().name)
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        for char in word:
            if HAN.match(char):
                frequency[char] += int(freq)
    return frozenset(char for char, _ in frequency.most_common(count))


def traditional_table(keep: set[str] | frozenset[str]) -> dict[str, str]:
    """Every traditional (or variant) character whose OpenCC t2s simplification is one character of `keep`."""
    converter = OpenCC("t2s")
    table: dict[str, str] = {}
    for code in itertools.chain(range(0x3400, 0x4DC0), range(0x4E00, 0xA000), range(0xF900, 0xFB00)):
        char = chr(code)
        simplified = converter.convert(char)
        if simplified != char and len(simplified) == 1 and simplified in keep:
            table[char] = simplified
    return table


def readings(char: str) -> list[str]:
    """Every toneless, fuzzy-folded reading of one character (pypinyin, all readings)."""
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return sorted({fuzzy(item) for item in found[0]}) if found else []


def pinyin_table(chars: set[str] | frozenset[str], words: set[str] | frozenset[str] = frozenset()) -> dict[str, str]:
    """Folded syllable → the characters read that way.

    A character counts with its usual reading (pypinyin's first) and with every reading it has inside a word of
    `words` (the index vocabulary, read in context): 行 as xing and, from 银行, hang. Rare readings are left out,
    or a typed 有 (read wei in old texts) would turn 有什么 into 为什么."""
    heard: dict[str, set[str]] = {}
    for word in sorted(words):
        if HAN_WORD.match(word):
            syllables = word_reading(word).split(" ")
            if len(syllables) == len(word):
                for char, syllable in zip(word, syllables, strict=True):
                    heard.setdefault(char, set()).add(syllable)
    table: dict[str, list[str]] = {}
    for char in sorted(chars):
        found = pinyin(char, style=Style.NORMAL, errors="ignore")
        usual = {fuzzy(found[0][0])} if found else set()
        for syllable in sorted(usual | heard.get(char, set())):
            table.setdefault(syllable, []).append(char)
    return {syllable: "".join(group) for syllable, group in sorted(table.items())}


def word_keys(word: str) -> list[str]:
    """The pinyin keys of a word ("征信" → ["zen xin", "zen sen"]), at most MAX_READINGS of them."""
    per_char = [readings(char) for char in word]
    if not all(per_char):
        return []
    return [" ".join(combo) for combo in itertools.islice(itertools.product(*per_char), MAX_READINGS)]


def word_reading(word: str) -> str:
    """The pinyin key of a word as it is read ("来说" → "lai suo"; pypinyin's phrase-aware reading, folded).

    A reader's slip sounds like the word as it is said, not like a rare reading of one of its characters
    (说 read yue would make 越来越多 look like a slip for 来说). The typed side keeps every reading (word_keys)."""
    return " ".join(fuzzy(syllable) for syllable in lazy_pinyin(word, style=Style.NORMAL))


def vocabulary_pinyin(words: set[str]) -> dict[str, str]:
    """Pinyin key → the vocabulary words read that way, space-separated (Han words of 2–8 characters only)."""
    table: dict[str, list[str]] = {}
    for word in sorted(words):
        if HAN_WORD.match(word):
            table.setdefault(word_reading(word), []).append(word)
    return {key: " ".join(group) for key, group in sorted(table.items())}


def index_vocabulary(index: dict, separator: str) -> set[str]:
    """The words of the search index, split as Material's worker splits them (tests/…: same as the worker)."""
    split = re.compile(separator)
    words: set[str] = set()
    for doc in index["docs"]:
        for field in (doc.get("title", ""), doc.get("text", "")):
            plain = re.sub(r"<[^>]+>", " ", field or "")
            words.update(word.lower() for word in split.split(plain) if word)
    return words
