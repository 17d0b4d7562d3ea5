"""Dutch text analysis for the lexical index: normalise, tokenise, decompound, stem.

Dutch writes compounds as one word ("kilometerbundel", "schadeaangifteformulier"), so a question
about a "bundel" must still find "kilometerbundels". Every token longer than `MIN_COMPOUND` is split
greedily into parts that occur as words of their own in the corpus (allowing the linking "s"/"e"/
"en"); the parts are indexed next to the whole word, then everything is Snowball-stemmed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

MIN_PART = 4
MIN_COMPOUND = 8
NGRAM = 5
LINKERS = ("s", "en", "e")

# Function words and chat filler that carry no topic. Deliberately small: "niet", "geen", "wel"
# stay, they change what a question asks.
_STOPWORD_LINES = (
    "de het een en of van in op te ten ter aan met voor door bij om tot als dan dat die dit deze er hier",
    "daar waar wat wie welk welke hoe wanneer waarom is zijn ben bent was waren wordt worden werd heb",
    "hebt heeft hebben had kan kun kunt kunnen mag mogen moet moeten moest zal zult zullen zou zouden wil",
    "wilt willen ik je jij u uw jouw mijn me mij we wij ons onze zij ze hun hen hij zij haar zijn jullie",
    "men iemand iets al ook nog maar dus zo even eens graag alstublieft aub pls please hallo hoi",
    "goedendag dag bedankt dank precies eigenlijk gewoon eigen",
    # light verbs of question frames ("hoe zit het met …", "hoe gaat dat", "wat staat er in …")
    "zit zitten gaat gaan staat staan",
)
STOPWORDS = frozenset(word for line in _STOPWORD_LINES for word in line.split())


def normalise(text: str) -> str:
    """NFKC, lower case, accents kept (Dutch "beëindigen" stems consistently either way)."""
    return unicodedata.normalize("NFKC", text).lower()


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", normalise(text))


class Decompounder:
    """Splits Dutch compounds into parts known from the corpus vocabulary."""

    def __init__(self, vocabulary: Iterable[str]):
        self.vocabulary = frozenset(w for w in vocabulary if len(w) >= MIN_PART and w.isalpha())
        self.split = lru_cache(maxsize=50_000)(self._split)

    def _split(self, word: str) -> tuple[str, ...]:
        """The split into the fewest known parts (each ≥ MIN_PART letters), or () if none."""
        if len(word) < MIN_COMPOUND or not word.isalpha():
            return ()
        best: tuple[str, ...] = ()
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, rest = word[:cut], word[cut:]
            if head not in self.vocabulary:
                continue
            for tail in self._tails(rest):
                parts: tuple[str, ...] = (head, tail) if tail in self.vocabulary else ()
                if not parts:
                    deeper = self.split(tail)
                    parts = (head, *deeper) if deeper else ()
                if parts and (not best or len(parts) < len(best)):
                    best = parts
            if best and len(best) == 2:
                break
        return best

    @staticmethod
    def _tails(rest: str) -> list[str]:
        tails = [rest]
        for linker in LINKERS:
            if rest.startswith(linker) and len(rest) - len(linker) >= MIN_PART:
                tails.append(rest[len(linker) :])
        return tails


class Analyzer:
    """Text → stemmed index terms (whole words plus compound parts)."""

    def __init__(self, vocabulary: Iterable[str]):
        self.decompounder = Decompounder(vocabulary)
        self.stemmer = Stemmer.Stemmer("dutch")

    def terms(self, text: str) -> list[str]:
        tokens: list[str] = []
        for word in words(text):
            if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
                continue
            tokens.append(word)
            tokens.extend(self.decompounder.split(word))
        return self.stemmer.stemWords(tokens)

    def char_ngrams(self, text: str, n: int = NGRAM) -> list[str]:
        """Character n-grams of each topic word ("_fraude_" → "_frau", "fraud", …): they match
        inflections and compounds the stemmer misses ("fraude" / "gefraudeerd", "pech" / "pechhulp")."""
        grams: list[str] = []
        for word in words(text):
            if word in STOPWORDS:
                continue
            padded = f"_{word}_"
            if len(padded) <= n:
                grams.append(padded)
            else:
                grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
        return grams

    def content_words(self, text: str) -> list[str]:
        """The words of a question that could carry its topic (for out-of-scope detection)."""
        return [w for w in words(text) if w not in STOPWORDS and len(w) > 2 and not w.isdigit()]


def vocabulary_of(texts: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        found.update(words(text))
    return found
