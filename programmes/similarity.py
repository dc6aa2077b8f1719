"""How alike two pieces of the plan's own words are: TF-IDF vectors compared by cosine similarity, in plain Python.

The corpus is every programme's name, outline, outcomes and measures, every indicator's title and every
recommendation's text. A word's weight in a text is (1 + log of its count there) times its inverse document
frequency, log((1 + texts) / (1 + texts holding it)) + 1, as scikit-learn's smoothed, sublinear TF-IDF; each
vector is scaled to length 1, so the dot product of two is their cosine (0: no word shared, 1: the same words in
the same proportions). Words common to the whole plan ("health", "partnership") weigh little, rare shared ones
("loneliness", "apprenticeship") much. A light stemmer joins plurals and -ing/-ed/-ment forms ("employed",
"employment": "employ") so that the plan's many wordings of one thing meet.
"""

import math
import re
from collections import Counter

# Plain English words that carry nothing about what a programme does.
STOP_WORDS = frozenset("""
about above across after again against all also among and any are around because been before being between both
but can could did does doing during each either from further had has have having here how including into its
itself more most much must not off once only other our out over own per same should some such than that the their
them then there these they this those through under until upon very was were what when where which while who whom
why will with within without would you your yet via etc for the and new key ensure include provide
""".split()) | frozenset(
    # Where and when, not what: every Place and period of the plan would otherwise tie unrelated rows together.
    "cheshire merseyside warrington wirral halton knowsley sefton helens liverpool city region lcr cwac "
    "year week month time date quarter area".split()) | frozenset(
    # How indicators are counted, not what they count: "percentage", "level" would tie every measure to them.
    "percentage proportion level good".split())
SUFFIXES = ("ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s")


def stem(word):
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            root = word[: -len(suffix)]
            return root + "y" if suffix in ("ies", "ied") else root
    return word


def words(text):
    """[(stem, the word as written, lower case)] for every word of three letters or more that says something."""
    found = []
    for word in re.findall(r"[a-z]+", text.lower()):
        root = stem(word)
        if len(word) >= 3 and word not in STOP_WORDS and root not in STOP_WORDS:
            found.append((root, word))
    return found


class Corpus:
    """Vectors for a set of texts, keyed by whatever the caller names them with."""

    def __init__(self, texts):
        self.terms = {key: words(text) for key, text in texts.items()}
        holding = Counter(term for found in self.terms.values() for term in {stem for stem, _ in found})
        size = len(self.terms)
        self.idf = {term: math.log((1 + size) / (1 + n)) + 1 for term, n in holding.items()}
        self.vectors = {key: self._vector(found) for key, found in self.terms.items()}

    def _vector(self, found):
        counts = Counter(stem for stem, _ in found)
        weights = {term: (1 + math.log(n)) * self.idf[term] for term, n in counts.items()}
        length = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {term: w / length for term, w in weights.items()}

    def similarity(self, a, b):
        """(cosine, [shared words as `a` writes them, the most telling first])."""
        va, vb = self.vectors[a], self.vectors[b]
        shared = sorted((va[t] * vb[t], t) for t in va.keys() & vb.keys())
        shared.reverse()
        written = {}
        for term, word in self.terms[a]:
            written.setdefault(term, word)
        return sum(part for part, _ in shared), [written[t] for _, t in shared]
