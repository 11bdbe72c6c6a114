"""Tables for the search worker, generated at build time from maintained data.

- traditional → simplified from OpenCC (opencc-purepy's t2s), kept to the characters that matter: those of the
  index vocabulary and of common Chinese text;
- character → pinyin (pypinyin, without tones) for the same characters: each one's usual reading and the readings it
  has in the site's words; and the phrase-aware reading of every word of the index vocabulary, so the worker can
  match a homophone typo (争信 → 征信) to a word of the site;
- Chinese function words (stopwords-iso's list, package stopwordsiso: 根据, 开始, 时候, 就是 …), which the worker drops
  from a query like the hand-written stopwords of data/search.yml, except the words the search rules use.

Pinyin is compared "fuzzily": the initials and finals that Chinese input methods and regional accents confuse are
folded together (FUZZY below). The worker applies the same folds to pinyin typed in Latin letters.
Pure functions: hooks/search/index.py calls them, tests call them directly. What depends only on the pinned packages
(jieba's character frequencies, OpenCC's table over every Han character, pypinyin's readings of the characters
and words the site uses, added as new ones appear) is kept in the build cache (hooks/build_cache.py), keyed by the packages'
versions and this file's text; OpenCC and pypinyin are imported only when something has to be computed.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import jieba

from hooks.build_cache import cached, cached_map, package

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
HAN_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]{2,8}$")
EVERYDAY_WORDS = 5000  # the most frequent words of jieba's dictionary the worker knows as everyday words (not slips)
COMMON_CHARACTERS = 4000  # by frequency in jieba's dictionary: covers everyday text and most typo characters
MAX_READINGS = 16  # pinyin keys kept per word (characters with several readings multiply them)

# (pattern, replacement) applied in order to a toneless syllable; the same list goes to the worker.
FUZZY: tuple[tuple[str, str], ...] = (
    (r"^([zcs])h", r"\1"),  # zh/z, ch/c, sh/s
    (r"^n(?=[aeiouv])", "l"),  # n/l
    (r"ng$", "n"),  # an/ang, en/eng, in/ing
)
_FUZZY = tuple((re.compile(pattern), replacement) for pattern, replacement in FUZZY)
# The characters HAN matches, and the compatibility ideographs.
TRADITIONAL_RANGES = (range(0x3400, 0x4DC0), range(0x4E00, 0xA000), range(0xF900, 0xFB00))
THIS_FILE = Path(__file__)


def fuzzy(syllable: str) -> str:
    for pattern, replacement in _FUZZY:
        syllable = pattern.sub(replacement, syllable)
    return syllable


def fuzzy_rules_for_javascript() -> list[list[str]]:
    """FUZZY with JavaScript's replacement syntax ($1 instead of \\1)."""
    return [[pattern, replacement.replace("\\1", "$1")] for pattern, replacement in FUZZY]


def _jieba_dictionary() -> bytes:
    """jieba's own dictionary file: one `word frequency tag` line a word."""
    with jieba.get_dict_file() as dictionary:
        path = Path(dictionary.name)
    return path.read_bytes()


def _frequencies(text: bytes) -> Iterator[tuple[str, int]]:
    for line in text.decode("utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        yield word, int(freq)


@lru_cache(maxsize=1)
def common_characters(count: int = COMMON_CHARACTERS) -> frozenset[str]:
    """The `count` most frequent Han characters of jieba's own dictionary (word frequencies summed per character)."""
    text = _jieba_dictionary()

    def compute() -> list[str]:
        frequency: Counter[str] = Counter()
        for word, weight in _frequencies(text):
            for char in HAN.findall(word):  # one call a word, not one a character: the same characters, in order
                frequency[char] += weight
        return [char for char, _ in frequency.most_common(count)]

    return frozenset(cached("common-characters", [text, str(count), THIS_FILE.read_bytes()], compute))


def everyday_words(vocabulary: set[str] | frozenset[str], count: int = EVERYDAY_WORDS) -> list[str]:
    """The `count` most frequent Han words of 2–4 characters in jieba's dictionary, minus the index vocabulary.

    The worker reads a typed window that sounds like an index word as a slip (争信 → 征信); a real everyday word
    (人生, 一口) must win over that reading, or a reader's 人生 becomes the site's 人身. Words that hold an index
    word are left out: 成功率 must still find 成功."""
    text = _jieba_dictionary()

    def compute() -> list[str]:
        words = _frequencies(text)
        ranked = [(-freq, word) for word, freq in words if 2 <= len(word) <= 4 and len(HAN.findall(word)) == len(word)]
        return [word for _, word in sorted(ranked)[:count]]

    top = cached("everyday-words", [text, str(count), THIS_FILE.read_bytes()], compute)

    def pieces(word: str) -> set[str]:
        return {word[i:j] for i in range(len(word)) for j in range(i + 2, len(word) + 1)}

    # a word holding an index word (成功率 holds 成功) would hide that word from the query: left out
    return [word for word in top if not pieces(word) & vocabulary]


def all_traditional() -> dict[str, str]:
    """Every traditional (or variant) character whose OpenCC t2s simplification is one other character."""

    def compute() -> dict[str, str]:
        from opencc_purepy import OpenCC  # only when the cache has no entry for this version

        converter = OpenCC("t2s")
        table: dict[str, str] = {}
        for code in itertools.chain(*TRADITIONAL_RANGES):
            char = chr(code)
            simplified = converter.convert(char)
            if simplified != char and len(simplified) == 1:
                table[char] = simplified
        return table

    return cached("opencc-t2s", [package("opencc-purepy"), THIS_FILE.read_bytes()], compute)


def traditional_table(keep: set[str] | frozenset[str]) -> dict[str, str]:
    """Every traditional (or variant) character whose OpenCC t2s simplification is one character of `keep`."""
    return {char: simplified for char, simplified in all_traditional().items() if simplified in keep}


def raw_readings(char: str) -> list[str]:
    """pypinyin's toneless readings of one character, every one of them (not folded), its usual reading first."""
    from pypinyin import Style, pinyin  # only when the cache has no entry for this version

    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return list(dict.fromkeys(found[0])) if found else []


def raw_word_reading(word: str) -> str:
    """pypinyin's phrase-aware toneless reading of a word, syllables separated by spaces (not folded)."""
    from pypinyin import Style, lazy_pinyin  # only when the cache has no entry for this version

    return " ".join(lazy_pinyin(word, style=Style.NORMAL))


_RAW_READINGS: dict[str, list[str]] = {}  # filled by known_readings from the build cache
_WORD_READINGS: dict[str, str] = {}  # filled by known_word_readings from the build cache


def known_readings(chars: Iterable[str]) -> None:
    """Look up the raw readings of `chars` in the build cache once (pypinyin runs only for characters it lacks)."""
    wanted = {char for char in chars if len(char) == 1 and HAN.match(char) and char not in _RAW_READINGS}
    if wanted:
        inputs = [package("pypinyin"), THIS_FILE.read_bytes()]
        _RAW_READINGS.update(cached_map("pypinyin-readings", inputs, wanted, raw_readings))


def known_word_readings(words: Iterable[str]) -> None:
    """Look up the phrase readings of `words` in the build cache once (pypinyin runs only for words it lacks)."""
    wanted = {word for word in words if HAN_WORD.match(word) and word not in _WORD_READINGS}
    if wanted:
        inputs = [package("pypinyin"), THIS_FILE.read_bytes()]
        _WORD_READINGS.update(cached_map("pypinyin-word-readings", inputs, wanted, raw_word_reading))


def usual_reading(char: str) -> str | None:
    """A character's usual reading (pypinyin's first), folded; None for a character pypinyin cannot read."""
    found = _RAW_READINGS[char] if char in _RAW_READINGS else raw_readings(char)
    return fuzzy(found[0]) if found else None


def readings(char: str) -> list[str]:
    """Every toneless, fuzzy-folded reading of one character (pypinyin, all readings)."""
    return list(_folded_readings(char))


@lru_cache(maxsize=None)
def _folded_readings(char: str) -> tuple[str, ...]:
    found = _RAW_READINGS[char] if char in _RAW_READINGS else raw_readings(char)
    return tuple(sorted({fuzzy(item) for item in found}))


def pinyin_table(chars: set[str] | frozenset[str], words: set[str] | frozenset[str] = frozenset()) -> dict[str, str]:
    """Folded syllable → the characters read that way.

    A character counts with its usual reading (pypinyin's first) and with every reading it has inside a word of
    `words` (the index vocabulary, read in context): 行 as xing and, from 银行, hang. Rare readings are left out,
    or a typed 有 (read wei in old texts) would turn 有什么 into 为什么."""
    known_readings(chars)
    known_word_readings(words)
    heard: dict[str, set[str]] = {}
    for word in sorted(words):
        if HAN_WORD.match(word):
            syllables = word_reading(word).split(" ")
            if len(syllables) == len(word):
                for char, syllable in zip(word, syllables, strict=True):
                    heard.setdefault(char, set()).add(syllable)
    table: dict[str, list[str]] = {}
    for char in sorted(chars):
        usual = usual_reading(char)
        for syllable in sorted(({usual} if usual else set()) | heard.get(char, set())):
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
    raw = _WORD_READINGS[word] if word in _WORD_READINGS else raw_word_reading(word)
    return " ".join(fuzzy(syllable) for syllable in raw.split(" "))


def vocabulary_pinyin(words: set[str]) -> dict[str, str]:
    """Pinyin key → the vocabulary words read that way, space-separated (Han words of 2–8 characters only)."""
    known_word_readings(words)
    table: dict[str, list[str]] = {}
    for word in sorted(words):
        if HAN_WORD.match(word):
            table.setdefault(word_reading(word), []).append(word)
    return {key: " ".join(group) for key, group in sorted(table.items())}


def function_words(keep: set[str] | frozenset[str]) -> list[str]:
    """stopwords-iso's Chinese words of two characters or more, minus `keep` (the words the search rules use).

    Readers' questions are full of them ("我该怎么办 现在每天都有电话打过来"); kept in a query, each one counts as
    a concept a page must answer, so a page that happens to use the filler outranks the one that answers. Single
    characters are left out: 还, 会, 被 are also parts of the site's terms."""
    import stopwordsiso  # pinned in requirements.txt; its list is data shipped with the package

    listed = stopwordsiso.stopwords("zh")
    return sorted(word for word in listed if len(word) >= 2 and HAN_WORD.match(word) and word not in keep)


def index_vocabulary(index: dict, separator: str) -> set[str]:
    """The words of the search index, split as Material's worker splits them (tests/…: same as the worker)."""
    split = re.compile(separator)
    words: set[str] = set()
    for doc in index["docs"]:
        for field in (doc.get("title", ""), doc.get("text", "")):
            plain = re.sub(r"<[^>]+>", " ", field or "")
            words.update(word.lower() for word in split.split(plain) if word)
    return words
