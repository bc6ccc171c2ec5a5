"""Normalized keys for record resolution: dates as ranges, places, summit
names and document titles, as plain functions of plain values.

What the resolver compares is never the text as written: `Charter of the
United Nations`, `UN Charter` and `United\\nNations Charter` all give the title
key ``{@UN}`` with head `charter`; `CICA Finance Summit` and `CICA financial
summit` both give the summit name ``{financ}``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping, Optional, Sequence

from ..kb import OrgKB, org_key

# ---------------------------------------------------------------- dates

_POINT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DECADE = re.compile(r"^(\d{3})X$")


def _point_range(value: str) -> Optional[tuple[str, str, int]]:
    """(first day, last day, precision) of one ISO point; precision 0 decade,
    1 year, 2 month, 3 day. Year-less (`XXXX-…`) values carry no year: None."""
    match = _POINT.match(value)
    if match:
        year, month, day = match.groups()
        if day:
            iso = f"{year}-{month}-{day}"
            return iso, iso, 3
        if month:
            return f"{year}-{month}-01", f"{year}-{month}-31", 2
        return f"{year}-01-01", f"{year}-12-31", 1
    match = _DECADE.match(value)
    if match:
        return f"{match.group(1)}0-01-01", f"{match.group(1)}9-12-31", 0
    return None


def date_range(value: Optional[str]) -> Optional[tuple[str, str, int]]:
    """(first day, last day, precision) of a DATE norm or interval, or None.

    Days are compared as strings (`2022-10-31` sorts before `2022-11-01`);
    a month's last day is written 31 for every month, which only widens it."""
    if not value:
        return None
    start, _, end = value.partition("/")
    first = _point_range(start)
    if first is None:
        return None
    if not end:
        return first
    last = _point_range(end)
    if last is None:
        return first
    return first[0], last[1], min(first[2], last[2])


def dates_compatible(a: Optional[str], b: Optional[str]) -> bool:
    """Two dates can name the same event: one is missing, or their ranges
    overlap (`2022` and `2022-10-12/2022-10-13`; not `2022-10-12`, `2022-10-14`)."""
    ra, rb = date_range(a), date_range(b)
    if ra is None or rb is None:
        return True
    return ra[0] <= rb[1] and rb[0] <= ra[1]


def year_of(value: Optional[str]) -> Optional[str]:
    found = date_range(value)
    return found[0][:4] if found and found[2] >= 1 else None


def month_of(value: Optional[str]) -> Optional[str]:
    found = date_range(value)
    return found[0][:7] if found and found[2] >= 2 and found[0][:7] == found[1][:7] else None


def most_specific_date(values: Iterable[str]) -> Optional[str]:
    """The most precise of compatible dates: day before month before year;
    among equals the most frequent, then an interval (it says more), then the
    first in sort order."""
    counted: dict[str, int] = {}
    for value in values:
        if date_range(value) is not None:
            counted[value] = counted.get(value, 0) + 1
    if not counted:
        return None

    def rank(value: str) -> tuple:
        low, high, precision = date_range(value)  # type: ignore[misc]
        return (-precision, -counted[value], "/" not in value, value)

    return min(counted, key=rank)


# ---------------------------------------------------------------- places

# Renamed and variously spelt cities, to one key (the city's current name).
PLACE_ALIASES = {
    "nur sultan": "astana",
    "akmola": "astana",
    "aqmola": "astana",
    "alma ata": "almaty",
    "saint petersburg": "st petersburg",
    "st petersburg": "st petersburg",
    "sankt petersburg": "st petersburg",
    "bishkek city": "bishkek",
}


def place_key(place: Optional[str]) -> Optional[str]:
    if not place or not place.strip():
        return None
    key = fold(org_key(place))
    return PLACE_ALIASES.get(key, key) or None


def fold(text: str) -> str:
    """Accents off (`communiqué` → `communique`, `Erdoğan` → `erdogan`)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# ---------------------------------------------------------------- words

_WORD = re.compile(r"\d+(?:st|nd|rd|th)\b|\d+(?:/\d+)?|[^\W\d_]+(?:['’][^\W\d_]+)*|[^\W_]+")
_POSSESSIVE = re.compile(r"['’]s$", re.I)
_CO_OPERATION = re.compile(r"co-\s*operat", re.I)

STOPWORDS = frozenset(
    "the a an of on for in to and or between by with at its their his her this that these those as from "
    "into within under upon about among s".split()
)
# Words that say what kind of text or meeting it is, not which one.
GENERIC_TITLE_WORDS = frozenset(
    "joint final action common general basic main comprehensive international new further updated "
    "revised draft relevant corresponding".split()
)
DROPPED_TITLE_WORDS = frozenset({"draft", "updated", "revised"})
GENERIC_SUMMIT_WORDS = frozenset(
    "summit summits meeting meetings virtual informal extraordinary jubilee anniversary regular next previous "
    "last upcoming recent historic annual heads head state states government governments members member "
    "founders founding participants participating littoral council leaders countries country level high "
    "organization hosted host platform diplomatic format".split()
)
ORDINAL_WORDS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
)
_ROMAN = re.compile(r"^(?=[ivxlc])m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")
_NUMERIC_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_NUMBER = re.compile(r"^\d+(?:/\d+)?$")


def words_of(text: str) -> list[str]:
    """Words as written (case kept), possessives off; hyphens, line breaks and
    punctuation only separate (`Non-\\nProliferation` → `Non`, `Proliferation`)."""
    text = _CO_OPERATION.sub("cooperat", text)
    return [_POSSESSIVE.sub("", w) for w in _WORD.findall(text)]


@lru_cache(maxsize=1 << 16)
def normal_word(word: str) -> str:
    """Lower case, accents off, one spelling (`Programme` → `program`), plural off."""
    # Cached: a load normalizes the same few thousand words hundreds of thousands of times.
    word = fold(org_key(word) or word.lower())
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def is_number(token: str) -> bool:
    return bool(_NUMBER.match(token))


def is_ordinal_word(word: str) -> bool:
    lower = word.lower()
    return lower in ORDINAL_WORDS or bool(_NUMERIC_ORDINAL.match(lower)) or (
        word.isupper() and bool(_ROMAN.match(lower))
    )


def stem(word: str) -> str:
    """A crude stem for names: the first six letters (`financial`, `finance`)."""
    return word[:6]


# ---------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Title:
    """A document title, normalized.

    `seq` is its words in order (organizations as `@ID`, head type word kept),
    `raw` the same with organization names left as words (a truncated
    citation "Declaration on the establishment of the Shanghai" is a prefix of
    the full title only there), `bag` the words that identify it (no head
    type word), `distinctive` those that are not generic, `numbers` its years
    and numbers, `head` the type its head word names.
    """

    seq: tuple[str, ...]
    raw: tuple[str, ...]
    bag: frozenset[str]
    distinctive: frozenset[str]
    numbers: frozenset[str]
    head: Optional[str]
    acronym: Optional[str] = None

    def __hash__(self) -> int:
        # Titles are keys of many sets and dicts; hashing all their words each time is what a large load spends its time on.
        try:
            return self._hash
        except AttributeError:
            object.__setattr__(self, "_hash", hash((self.seq, self.raw, self.bag, self.head, self.acronym)))
            return self._hash


@dataclass
class Vocabulary:
    """What resolution knows beyond the mentions: organizations, city names,
    document type words and the well-known documents (all from `rules/`)."""

    kb: OrgKB
    type_words: Mapping[str, str] = field(default_factory=dict)  # word or phrase -> type
    cities: Sequence[str] = ()
    documents: Sequence[tuple[str, str, Sequence[str], Sequence[str]]] = ()  # (id, type, names, acronyms)
    known_names: Mapping[str, str] = field(default_factory=dict)  # well-known document id -> name

    def __post_init__(self) -> None:
        self._type_words = {normal_word(w) if " " not in w else w: t for w, t in self.type_words.items()}
        self._type_words.setdefault("roadmap", "roadmap")
        self._cities = {}
        for city in self.cities:
            key = tuple(normal_word(w) for w in words_of(city))
            if key:
                self._cities.setdefault(key[0], []).append(key)
        self._titles: dict[str, Title] = {}
        self._city_of: dict[str, Optional[str]] = {}
        self._named: dict[str, tuple[list[str], list[tuple[int, int, str]]]] = {}
        self._known_of: dict[Title, Optional[str]] = {}
        self._doc_by_bag: dict[tuple[frozenset[str], Optional[str]], str] = {}
        self._doc_by_acronym: dict[str, str] = {}
        # A known name's word sequence -> (its rank in the rules, document id); the first in rule order wins.
        self._doc_by_seq: dict[tuple[str, ...], tuple[int, str]] = {}
        for doc_id, doc_type, names, acronyms in self.documents:
            for name in names:
                title = self.title(name)
                self._doc_by_bag.setdefault((title.bag, title.head), doc_id)
                if len(title.seq) >= 2:
                    self._doc_by_seq.setdefault(title.seq, (len(self._doc_by_seq), doc_id))
            for acronym in acronyms:
                self._doc_by_acronym.setdefault(acronym, doc_id)
        self._doc_seq_lengths = sorted({len(seq) for seq in self._doc_by_seq})

    # -- documents

    def title(self, text: str) -> Title:
        # One title is written the same way in many articles ("2030 Agenda for Sustainable Development").
        found = self._titles.get(text)
        if found is None:
            found = self._titles[text] = self._title(text)
        return found

    def _words_and_names(self, text: str) -> tuple[list[str], list[tuple[int, int, str]]]:
        """`words_of(text)` and the organization names in them; titles and
        cities read the same wordings, and finding the names is the costly part."""
        found = self._named.get(text)
        if found is None:
            words = words_of(text)
            found = self._named[text] = (words, self.kb.names_in(words))
        return found

    def _title(self, text: str) -> Title:
        words, names = self._words_and_names(text)
        found = {start: (end, org) for start, end, org in names}
        seq: list[str] = []
        raw: list[str] = []
        i = 0
        while i < len(words):
            if i in found:
                end, org = found[i]
                seq.append("@" + org)
                raw.extend(normal_word(w) for w in words[i:end] if w.lower() not in STOPWORDS)
                i = end
                continue
            word = normal_word(words[i])
            if word not in STOPWORDS and word not in DROPPED_TITLE_WORDS:
                seq.append(word)
                raw.append(word)
            i += 1
        seq_t = tuple(_join_road_map(seq))
        raw_t = tuple(_join_road_map(raw))
        head = None
        bag = list(seq_t)
        for index, token in enumerate(seq_t):
            if token in self._type_words:
                head = self._type_words[token]
                del bag[index]
                break
        numbers = frozenset(t for t in bag if is_number(t))
        distinctive = frozenset(t for t in bag if t not in GENERIC_TITLE_WORDS)
        stripped = text.strip()
        acronym = stripped if _looks_like_acronym(stripped) else None
        return Title(seq_t, raw_t, frozenset(bag), distinctive, numbers, head, acronym)

    def known_document(self, text: str, title: Title) -> Optional[str]:
        """The id of a well-known document (`rules/documents.jsonl`) this
        title names: by acronym, by the same words, or by the known name
        followed by its own complement (`Paris Agreement on Climate Change`).
        It depends on the title alone, so it is worked out once per title."""
        if title not in self._known_of:
            self._known_of[title] = self._known_document(title)
        return self._known_of[title]

    def _known_document(self, title: Title) -> Optional[str]:
        if title.acronym and title.acronym in self._doc_by_acronym:
            return self._doc_by_acronym[title.acronym]
        found = self._doc_by_bag.get((title.bag, title.head))
        if found:
            return found
        prefixes = [self._doc_by_seq.get(title.seq[:n]) for n in self._doc_seq_lengths if n < len(title.seq)]
        hits = [hit for hit in prefixes if hit is not None]
        return min(hits)[1] if hits else None

    # -- summits

    def summit_name(self, text: str, place: Optional[str] = None) -> frozenset[str]:
        """The words that name a summit (`Millennium`, `Summit of the Future`,
        `CICA Finance Summit` → finance), once its organization, city,
        ordinal, year and generic words are taken out; empty for `Astana SCO
        summit`, `24th summit of the Council of Heads of State`, `virtual summit`."""
        words = words_of(text)
        taken = set()
        for start, end, _ in self.kb.names_in(words):
            taken.update(range(start, end))
        normal = [normal_word(w) for w in words]
        place_words = {normal_word(w) for w in words_of(place or "")}
        taken.update(i for i, w in enumerate(normal) if w in place_words)
        for i in range(len(words)):
            for city in self._cities.get(normal[i], ()):
                if tuple(normal[i : i + len(city)]) == city:
                    taken.update(range(i, i + len(city)))
        out = set()
        for i, word in enumerate(words):
            if i in taken or is_ordinal_word(word) or is_number(word) or len(word) < 2:
                continue
            lower = normal[i]
            if lower in STOPWORDS or lower in GENERIC_SUMMIT_WORDS or word.lower() in GENERIC_SUMMIT_WORDS:
                continue
            if _looks_like_acronym(word) and self.kb.id_for_acronym(word):
                continue
            out.add(stem(lower))
        return frozenset(out)

    def city_in(self, text: str) -> Optional[str]:
        """The one city named in a summit's words (`Astana summit`), else
        None; a city inside an organization's name (`Shanghai Cooperation
        Organization`) does not count."""
        if text not in self._city_of:
            self._city_of[text] = self._city_in(text)
        return self._city_of[text]

    def _city_in(self, text: str) -> Optional[str]:
        words, names = self._words_and_names(text)
        inside = {i for start, end, _ in names for i in range(start, end)}
        normal = [normal_word(w) for w in words]
        found = set()
        for i in range(len(normal)):
            if i in inside:
                continue
            for city in self._cities.get(normal[i], ()):
                if tuple(normal[i : i + len(city)]) == city:
                    found.add(" ".join(city))
        return found.pop() if len(found) == 1 else None


def _join_road_map(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        if token == "map" and out and out[-1] == "road":
            out[-1] = "roadmap"
        else:
            out.append(token)
    return out


def _looks_like_acronym(text: str) -> bool:
    if " " in text or not 2 <= len(text) <= 12:
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= len(letters) * 0.75
