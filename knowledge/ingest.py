"""Turn the PDF text extractions in `knowledge/corpus/` into clean, citable passages.

The corpus is three plain-text extractions with PDF artefacts (see `corpus/README.md`). Every
document has its own numbering style, so each gets a small dedicated section parser; the line
cleaning (footers, URLs, bullets, replacement characters, broken lines, hyphenation) is shared.
Bump `PARSER_VERSION` whenever the output changes: it is part of the index cache key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from knowledge.analysis import STOPWORDS

PARSER_VERSION = "7"
CORPUS_DIR = Path(__file__).parent / "corpus"

BE_PRIVATE = "be_private_lease"
NL_BUSINESS = "nl_business_lease"
FINANCING = "financing"


@dataclass(frozen=True)
class Passage:
    """One retrievable unit: an article (or part of one) or one FAQ question with its answer."""

    pid: str
    doc: str
    doc_title: str
    products: tuple[str, ...]
    kind: str  # "article" | "faq"
    section: str  # as printed: "7.3", "Artikel 35", "Art. 5", "XV", "23"
    title: str
    context: str  # chapter / title the section belongs to, for indexing only
    text: str

    @property
    def citation(self) -> str:
        return f"Bron: {self.doc_title}, {section_label(self)}"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["products"] = list(self.products)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Passage:
        return cls(**{**data, "products": tuple(data["products"])})


def section_label(passage: Passage) -> str:
    """How a citation names the section: "art. 7.3", "artikel 35", "vraag 23", "punt XV"."""
    section = passage.section
    if passage.kind == "faq":
        return f"vraag {section}" if section[:1].isdigit() else f"vraag “{passage.title}”"
    if section.startswith(("Artikel", "Art.")):
        return "artikel " + section.split(" ", 1)[1]
    if re.fullmatch(r"[IVXL]+(\.\d+)?", section):
        return f"punt {section}"
    if section[:1].isdigit():
        return f"art. {section}"
    return section.lower()


# ---------------------------------------------------------------------------------------------
# Line cleaning
# ---------------------------------------------------------------------------------------------

FOOTER_RE = re.compile(r"Pagina \d+ van \d+\s*Versie:.*$")
URL_LINE_RE = re.compile(r"^\s*(?:https?://|mailto:|www\.)\S*\s*$")
BULLET_RE = re.compile(r"^\s*(?:[•§▫Ø\uf0a7\uf0b7\uf0d8\uf0fc\u25aa\u25cf\u2013]|o(?=\s)|-(?=\S|\s))\s*")
GLYPHS_RE = re.compile("[\ufffd\uf000-\uf8ff]")
LIST_ITEM_RE = re.compile(r"^(?:[a-z]|\d{1,2})[.)]\s+\S")
SENTENCE_END = (".", "?", "!", ":", ";")
KEEP_SPACE_AFTER_HYPHEN = {"en", "of", "tot", "t/m"}


class Cleaner:
    """Rebuilds paragraphs from PDF lines; `vocabulary` decides how to undo hyphenation."""

    def __init__(self, vocabulary: set[str]):
        self.vocabulary = vocabulary

    def clean(self, lines: Iterable[str]) -> str:
        paragraphs: list[str] = []
        current = ""
        blank_before = False
        for raw in lines:
            line = GLYPHS_RE.sub("", FOOTER_RE.sub("", raw))
            if URL_LINE_RE.match(line):
                continue
            line = " ".join(line.split())
            if not line:
                blank_before = True
                continue
            bullet = BULLET_RE.match(line)
            if bullet and line[bullet.end() :]:
                if current:
                    paragraphs.append(current)
                current = "- " + line[bullet.end() :]
            elif LIST_ITEM_RE.match(line):
                if current:
                    paragraphs.append(current)
                current = line
            elif not current:
                current = line
            elif blank_before and starts_paragraph(current, line):
                paragraphs.append(current)
                current = line
            else:
                current = self.join(current, line)
            blank_before = False
        if current:
            paragraphs.append(current)
        return "\n".join(p for p in (fix_spacing(p) for p in paragraphs) if p.strip("- "))

    def join(self, left: str, right: str) -> str:
        """Join two broken lines, undoing end-of-line hyphenation where the result is a known word."""
        match = re.search(r"(\w+)-$", left)
        if not match:
            return f"{left} {right}"
        head = match.group(1)
        next_word = re.match(r"[\w/]+", right)
        tail = next_word.group(0) if next_word else ""
        if tail.lower() in KEEP_SPACE_AFTER_HYPHEN:
            return f"{left} {right}"  # "verkeers- en parkeerboetes"
        if head[:1].isupper() or tail[:1].isupper() or head.isupper():
            return left + right  # "BA-verzekering", "Midden-Nederland"
        if (head + tail).lower() in self.vocabulary:
            return left[:-1] + right
        return left + right


def starts_paragraph(current: str, line: str) -> bool:
    """After a blank line: does `line` start a new paragraph rather than continue `current`?

    A paragraph ends with its sentence. A list item has no full stop, so it ends where a line opens
    a new sentence with a capitalised function word ("- Naam en adres" / "Het certificaat is …"),
    not where its wrapped tail starts with a name ("… vermelde" / "Europese pechverhelping")."""
    if not current.startswith("- "):
        return current.endswith(SENTENCE_END)
    first, last = line.split()[0], current.split()[-1].lower()
    return (
        first[:1].isupper()
        and first.lower() in STOPWORDS
        and not current.endswith((",", "-", "/"))
        and last not in TITLE_CONTINUES_AFTER
    )


def fix_spacing(text: str) -> str:
    text = re.sub(r"\s+([,.;:?!)])", r"\1", text)
    text = re.sub(r"([(])\s+", r"\1", text)
    text = re.sub(r"(\w)\*+", r"\1", text)  # lexicon asterisks: "verzekeraar**"
    return re.sub(r" {2,}", " ", text).strip()


def corpus_vocabulary(texts: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for text in texts:
        words.update(w.lower() for w in re.findall(r"\w+", text))
    return words


def sentence_case(title: str) -> str:
    title = " ".join(title.split()).strip()
    if title.isupper():
        title = title.lower()
        title = title[:1].upper() + title[1:]
        title = re.sub(r"\bba\b", "BA", title)
    return title


def split_long(text: str, limit: int = 900, target: int = 650) -> list[str]:
    """Split a long section into chunks of whole paragraphs (or sentences) of roughly `target` chars."""
    if len(text) <= limit:
        return [text]
    units: list[str] = []
    for paragraph in text.split("\n"):
        if len(paragraph) <= limit:
            units.append(paragraph)
        else:
            units.extend(re.split(r"(?<=\w\w[.;!?])\s+(?=[A-Z0-9“‘(])", paragraph))
    chunks: list[str] = []
    current = ""
    for unit in units:
        if current and len(current) + len(unit) > target:
            chunks.append(current)
            current = unit
        else:
            current = f"{current}\n{unit}" if current else unit
    if current:
        if chunks and len(current) < target // 3:
            chunks[-1] += "\n" + current
        else:
            chunks.append(current)
    return chunks


# ---------------------------------------------------------------------------------------------
# Section parsing
# ---------------------------------------------------------------------------------------------

TITLE_CONTINUES_AFTER = {
    "de",
    "het",
    "een",
    "en",
    "van",
    "bij",
    "hun",
    "of",
    "door",
    "op",
    "tot",
    "te",
    "met",
    "voor",
    "in",
    "aan",
    "om",
    "die",
    "dat",
    "uw",
    "je",
    "zijn",
    "heb",
    "wel",
}


@dataclass
class Section:
    number: str
    title: str
    context: str = ""
    lines: list[str] = field(default_factory=list)


def title_continues(line: str) -> bool:
    """A wrapped heading: ends in a hyphen, a comma or a function word, or fills the whole line."""
    stripped = line.rstrip()
    last = stripped.split()[-1].lower() if stripped.split() else ""
    return stripped.endswith(("-", ",")) or last in TITLE_CONTINUES_AFTER or len(stripped) > 88


def next_nonblank(lines: list[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        if lines[index].strip():
            return index
    return None


def read_title(
    lines: list[str], index: int, first: str, uppercase: bool = False, question: bool = False
) -> tuple[str, int]:
    """Heading text starting on line `index`, following wraps; returns (title, last line index).

    `uppercase`: the heading is in capitals and continues while the next line is too;
    `question`: an FAQ question continues until its question mark."""
    title = first.strip()
    last = index
    while True:
        following = next_nonblank(lines, last + 1)
        if following is None or following - last > 3 or title.endswith(("?", ".")):
            break
        candidate = lines[following].strip()
        if uppercase:
            if not candidate.isupper():
                break
        elif question:
            if "?" in title or not candidate[:1].islower():
                break
        elif re.match(r"^[\d•]", candidate) or not (
            (title_continues(title) and (candidate[:1].islower() or len(candidate) < 60))
            or (candidate[:1].islower() and len(candidate) <= 40)
        ):
            break
        if title.endswith("-"):
            keep_hyphen = title.split()[-1][:-1].isupper() or not candidate[:1].islower()
            title = (title if keep_hyphen else title[:-1]) + candidate
        else:
            title = f"{title} {candidate}"
        last = following
        if len(title) > 200:
            break
    return " ".join(title.split()), last


ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_to_int(numeral: str) -> int:
    total = 0
    for char, following in zip(numeral, numeral[1:] + " ", strict=True):
        value = ROMAN[char]
        total += -value if ROMAN.get(following, 0) > value else value
    return total


def next_in_sequence(
    pattern: re.Pattern[str], to_int: Callable[[str], int] = int
) -> Callable[[str, list[Section]], tuple[str, str] | None]:
    """Heading matcher for sections numbered one after another (1, 2, 3… or I, II, III…).

    A line that looks like a heading but does not carry the next number is body text, e.g. a
    cross-reference or a list item that happens to start a line.
    """

    def heading(line: str, sections: list[Section]) -> tuple[str, str] | None:
        match = pattern.match(line)
        expected = to_int(sections[-1].number) + 1 if sections else 1
        if match and to_int(match.group(1)) == expected:
            return match.group(1), match.group(2)
        return None

    return heading


def chapter_or_article(
    chapter_re: re.Pattern[str],
    article_re: re.Pattern[str],
    chapters: dict[str, str],
    chapter_title: Callable[[str], str],
) -> Callable[[str, list[Section]], tuple[str, str] | None]:
    """Heading matcher for documents numbered chapter by chapter ("6. BETALEN", then "6.1", "6.2" …):
    the next chapter, or an article of the current chapter; anything else is body text (a
    cross-reference to "4.2" in chapter 6, say). Chapter titles are collected into `chapters`."""

    def heading(line: str, sections: list[Section]) -> tuple[str, str] | None:
        current = sections[-1].number.split(".")[0] if sections else "0"
        chapter = chapter_re.match(line)
        if chapter and int(chapter.group(1)) == int(current) + 1:
            chapters[chapter.group(1)] = chapter_title(chapter.group(2))
            return chapter.group(1), chapter.group(2)
        article = article_re.match(line)
        if article and article.group(1) == current:
            return f"{article.group(1)}.{article.group(2)}", article.group(3)
        return None

    return heading


def parse_numbered(
    lines: list[str],
    heading: Callable[[str, list[Section]], tuple[str, str] | None],
    uppercase_titles: bool = False,
    questions: bool = False,
) -> tuple[list[str], list[Section]]:
    """Generic splitter: `heading(line, sections)` returns (number, title-start) for a heading line."""
    preamble: list[str] = []
    sections: list[Section] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        found = heading(line, sections)
        if found:
            number, title_start = found
            title, index = read_title(lines, index, title_start, uppercase_titles, questions)
            sections.append(Section(number, sentence_case(title)))
        elif sections:
            sections[-1].lines.append(line)
        else:
            preamble.append(line)
        index += 1
    return preamble, sections


class CorpusParser:
    """Parses the three corpus files into passages."""

    def __init__(self, corpus_dir: Path = CORPUS_DIR):
        self.corpus_dir = corpus_dir
        self.raw = {path.name: path.read_text(encoding="utf-8") for path in sorted(corpus_dir.glob("*.txt"))}
        self.cleaner = Cleaner(corpus_vocabulary(self.raw.values()))
        self.passages: list[Passage] = []

    # -- helpers ------------------------------------------------------------------------------

    def add(
        self,
        doc: str,
        doc_title: str,
        products: tuple[str, ...],
        kind: str,
        section: str,
        title: str,
        context: str,
        lines: list[str] | str,
        split: bool = True,
    ) -> None:
        text = lines if isinstance(lines, str) else self.cleaner.clean(lines)
        if not text.strip():
            return
        text = text[:1].upper() + text[1:]  # "8.11 �heeft u schade": the capital was lost with the glyph
        chunks = split_long(text) if split else [text]
        for part, chunk in enumerate(chunks, start=1):
            pid = f"{doc}:{section}" + (f"#{part}" if len(chunks) > 1 else "")
            self.passages.append(
                Passage(pid, doc, doc_title, products, kind, section, fix_spacing(title).rstrip(" :"), context, chunk)
            )

    def add_with_subsections(
        self,
        doc: str,
        doc_title: str,
        products: tuple[str, ...],
        section: Section,
        label: str,
        context: str,
        sub_re: re.Pattern[str],
    ) -> None:
        """Articles with numbered sub-paragraphs ("1. Nietigheid ...", "1) Ingang ...") become one
        passage per sub-paragraph, titled "article title – sub-title" and cited as "label.N"."""
        lines = section.lines
        expected = 1
        starts: list[tuple[int, str, str, int]] = []
        index = 0
        while index < len(lines):
            match = sub_re.match(lines[index])
            if match and int(match.group(1)) == expected and match.group(2)[:1].isupper():
                title, last = read_title(lines, index, match.group(2))
                starts.append((index, match.group(1), title, last))
                expected += 1
                index = last
            index += 1
        if len(starts) < 2:
            self.add(doc, doc_title, products, "article", label, section.title, context, lines)
            return
        intro = lines[: starts[0][0]]
        if self.cleaner.clean(intro):
            self.add(doc, doc_title, products, "article", label, section.title, context, intro)
        bounds = [s[0] for s in starts[1:]] + [len(lines)]
        for (_, number, sub_title, last), end in zip(starts, bounds, strict=True):
            self.add(
                doc,
                doc_title,
                products,
                "article",
                f"{label}.{number}",
                f"{section.title} – {sentence_case(sub_title).rstrip(' :')}",
                context,
                lines[last + 1 : end],
            )

    # -- documents ----------------------------------------------------------------------------

    def parse(self) -> list[Passage]:
        for name, raw in self.raw.items():
            if "Mijn verzoeken" in raw and len(raw) < 20_000:
                self.parse_customer_zone_faq(raw)
            elif "Mantelovereenkomst" in raw[:200]:
                self.parse_nl_business_lease(raw)
            elif "OVER DEZE VOORWAARDEN" in raw[:200]:
                self.parse_private_lease_bundle(raw)
            else:
                raise ValueError(f"unknown corpus file {name}")
        return self.passages

    def parse_customer_zone_faq(self, raw: str) -> None:
        doc, title, products = "klantenzone-faq", "Veelgestelde vragen klantenzone", (BE_PRIVATE, FINANCING)
        number = 0
        question: str | None = None
        answer: list[str] = []
        for line in [*raw.splitlines(), "  • (einde)"]:
            if line.lstrip().startswith("•"):
                if question:
                    self.add(doc, title, products, "faq", str(number), question, "", answer, split=False)
                question, answer = line.strip(" •").strip(), []
                number += 1
            elif question:
                answer.append(line)

    def parse_private_lease_bundle(self, raw: str) -> None:
        lines = raw.splitlines()
        markers = [
            ("pl", r"^\s*INLEIDING\s*$"),
            ("ba", r"^\s*BIJLAGE I: A POSTERIORI PERSONALISATIESTELSEL"),
            ("bm", r"^\s*BIJLAGE: ALGEMENE VOORWAARDEN LEASEPLAN RISICOBEHOUD"),
            ("rb", r"^\s*Algemene Voorwaarden van de\s*$"),
            ("po", r"^\s*De aanbieders van private lease van voertuigen"),
            ("gc", r"^\s*-{10,}\s*$"),
            ("faq", None),
        ]
        parts: dict[str, list[str]] = {}
        start = 0
        for key, pattern in markers:
            if pattern is None:
                parts[key] = lines[start:]
                break
            end = next(i for i in range(start, len(lines)) if re.match(pattern, lines[i]))
            parts[key] = lines[start:end]
            start = end + (1 if key == "gc" else 0)
        self.parse_private_lease_conditions(parts["pl"])
        self.parse_ba_auto(parts["ba"])
        self.parse_bonus_malus(parts["bm"])
        self.parse_risk_retention(parts["rb"])
        self.parse_personal_accident(parts["po"])
        self.parse_code_of_conduct(parts["gc"])
        self.parse_private_lease_faq(parts["faq"])

    def parse_private_lease_conditions(self, lines: list[str]) -> None:
        doc, title = "private-lease-voorwaarden", "Algemene voorwaarden private lease"
        chapter_re = re.compile(r"^\s*(\d{1,2})\.\s+([A-Z][A-Z ,'’()?/-]{3,})\s*$")
        article_re = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
        chapters: dict[str, str] = {}
        heading = chapter_or_article(chapter_re, article_re, chapters, sentence_case)

        _, sections = parse_numbered(lines, heading)
        has_articles = {s.number.split(".")[0] for s in sections if "." in s.number}
        for section in sections:
            chapter = section.number.split(".")[0]
            is_intro = "." not in section.number and chapter in has_articles
            if is_intro and len(self.cleaner.clean(section.lines)) < 200:
                continue  # a one-line chapter intro ("We verwachten van jou ...")
            self.add(
                doc,
                title,
                (BE_PRIVATE,),
                "article",
                section.number,
                section.title,
                chapters.get(chapter, ""),
                section.lines,
            )

    def parse_ba_auto(self, lines: list[str]) -> None:
        doc, title = "ba-autoverzekering", "Algemene voorwaarden BA-autoverzekering (MS Amlin)"
        article_re = re.compile(r"^\s*Artikel (\d{1,2})\s*[:.]?\s+(\S.*)$")
        context_re = re.compile(r"^\s*(TITEL|Titel|HOOFDSTUK|Afdeling)\s+[IVX\d]+\s*:")
        sub_re = re.compile(r"^\s*(\d{1,2})\.\s+(\S.*)$")
        body = [line for line in lines if not context_re.match(line)]
        # wrapped TITEL lines ("TITEL I: ... VOLLEDIGE" / "OVEREENKOMST") leave an upper-case stub
        body = [
            line
            for line in body
            if not (
                line.strip().isupper() and len(line.strip().split()) <= 3 and not line.strip().startswith("INLEIDING")
            )
        ]

        heading = next_in_sequence(article_re)

        preamble, sections = parse_numbered(body, heading)
        self.add(doc, title, (BE_PRIVATE,), "article", "Inleiding", "Inleiding", "", preamble[1:])
        for section in sections:
            self.add_with_subsections(doc, title, (BE_PRIVATE,), section, f"Artikel {section.number}", "", sub_re)

    def parse_bonus_malus(self, lines: list[str]) -> None:
        doc, title = "bonus-malus", "Bijlage BA-autoverzekering: bonus-malusstelsel (personalisatiestelsel)"
        section_re = re.compile(r"^\s*(\d{1,2})\.\s+([A-Z]\S*.*)$")

        heading = next_in_sequence(section_re)

        _, sections = parse_numbered(lines[1:], heading)
        for section in sections:
            self.add(doc, title, (BE_PRIVATE,), "article", section.number, section.title, "Bonus-malus", section.lines)

    def parse_risk_retention(self, lines: list[str]) -> None:
        doc, title = "risicobehoud", "Algemene voorwaarden LeasePlan risicobehoud"
        chapter_re = re.compile(r"^\s*(\d)\.\s*([A-Z].*)$")
        article_re = re.compile(r"^\s*(\d)\.(\d)\s+([A-Z][^.]{2,45})\s*$")
        chapters: dict[str, str] = {}
        heading = chapter_or_article(chapter_re, article_re, chapters, str.strip)

        _, sections = parse_numbered(lines[1:], heading)
        for section in sections:
            chapter = section.number.split(".")[0]
            context = "LeasePlan risicobehoud (eigen schade)"
            if "." in section.number:
                context = f"{context} – {chapters[chapter]}"
            self.add(doc, title, (BE_PRIVATE,), "article", section.number, section.title, context, section.lines)

    def parse_personal_accident(self, lines: list[str]) -> None:
        doc, title = "bestuurdersverzekering", "Algemene voorwaarden lichamelijke ongevallenverzekering (bestuurder)"
        article_re = re.compile(r"^\s*Art\. (\d)\.\s+(\S.*)$")

        heading = next_in_sequence(article_re)

        _, sections = parse_numbered(lines, heading, uppercase_titles=True)
        for section in sections:
            lines_ = section.lines
            # the closing complaints paragraph of art. 8 belongs to the whole document
            self.add(
                doc,
                title,
                (BE_PRIVATE,),
                "article",
                f"Art. {section.number}",
                section.title,
                "Bestuurdersverzekering (lichamelijke ongevallen)",
                lines_,
            )

    def parse_code_of_conduct(self, lines: list[str]) -> None:
        doc, title = "renta-gedragscode", "Renta-gedragscode private lease"
        section_re = re.compile(r"^\s*([IVXL]+)\.\s+(\S.*)$")
        sub_re = re.compile(r"^\s*(\d{1,2})\)\s+(\S.*)$")

        heading = next_in_sequence(section_re, roman_to_int)

        preamble, sections = parse_numbered(lines, heading)
        self.add(doc, title, (BE_PRIVATE,), "article", "Inleiding", "Toepassing van de gedragscode", "", preamble)
        for section in sections:
            self.add_with_subsections(
                doc, title, (BE_PRIVATE,), section, section.number, "Gedragscode private lease", sub_re
            )

    def parse_private_lease_faq(self, lines: list[str]) -> None:
        doc, title = "private-lease-faq", "Veelgestelde vragen private lease"
        question_re = re.compile(r"^\s*(\d{1,2})\.\s+([A-Z].*)$")

        heading = next_in_sequence(question_re)

        _, sections = parse_numbered(lines, heading, questions=True)
        for section in sections:
            question = section.title
            # "45. Alle prestaties ... vergoed worden (...). In welke landen heb ik recht op bijstand?":
            # a long statement before the question is answer text, not part of the question
            sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", question)
            if len(sentences) > 1 and len(question) > 150:
                section.lines.insert(0, " ".join(sentences[:-1]))
                question = sentences[-1]
            self.add(doc, title, (BE_PRIVATE,), "faq", section.number, question, "", section.lines, split=False)

    def parse_nl_business_lease(self, raw: str) -> None:
        doc = "zakelijke-lease-voorwaarden"
        title = "Algemene voorwaarden operationele leasing (Volkswagen Pon Financial Services)"
        lines = [FOOTER_RE.sub("", line) for line in raw.splitlines()]
        article_re = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\s*\t\s*[\ufffd\uf000-\uf8ff]?\s*(.*)$")
        chapter_re = re.compile(r"^\s*(\d{1,2})\.\s+([A-Z][^\t:]{3,60}?)\s*$")
        chapters: dict[str, str] = {}
        for match in filter(None, map(chapter_re.match, lines)):
            chapters.setdefault(match.group(1), match.group(2))
        chapter_lines = {f"{number}. {name}" for number, name in chapters.items()}

        articles: list[Section] = []
        subheading = ""
        subheading_chapter = ""
        index = 1  # line 0 is the document title
        while index < len(lines):
            line = lines[index]
            article = article_re.match(line)
            if article and self._is_next_article(articles, article.group(1), article.group(2)):
                number = f"{article.group(1)}.{article.group(2)}"
                if subheading_chapter != article.group(1):
                    subheading = ""
                articles.append(Section(number, subheading, chapters.get(article.group(1), ""), [article.group(3)]))
            elif line.strip() in chapter_lines:
                pass  # chapter titles are running headers: printed before or after their text
            elif self._is_subheading(lines, index):
                subheading = line.strip()
                following = next_nonblank(lines, index + 1)
                if following is not None and self._is_subheading_tail(lines[following]):
                    subheading = f"{subheading} {lines[following].strip()}"
                    index = following
                upcoming = next(
                    (article_re.match(lines[i]) for i in range(index + 1, len(lines)) if article_re.match(lines[i])),
                    None,
                )
                subheading_chapter = upcoming.group(1) if upcoming else ""
            elif articles:
                articles[-1].lines.append(line)
            index += 1
        for section in articles:
            context = section.context
            self.add(
                doc, title, (NL_BUSINESS,), "article", section.number, section.title or context, context, section.lines
            )

    @staticmethod
    def _is_next_article(articles: list[Section], chapter: str, number: str) -> bool:
        if not articles:
            return True
        last_chapter, last_number = (int(x) for x in articles[-1].number.split("."))
        return (int(chapter), int(number)) in {(last_chapter, last_number + 1), (last_chapter + 1, 1)}

    @staticmethod
    def _is_subheading(lines: list[str], index: int) -> bool:
        """A topic heading inside a chapter: a short stand-alone line starting with a capital."""
        line = lines[index]
        text = line.strip()
        if not text or line.startswith("\t") or len(text) > 60 or not text[:1].isupper():
            return False
        if text.endswith((".", ",", ";", ":", "?")) or FOOTER_RE.search(line) or text.startswith("Pagina"):
            return False
        before = lines[index - 1].strip() if index else ""
        if before and not before.endswith((".", ";", ":")):
            return False
        after = lines[index + 1] if index + 1 < len(lines) else ""
        after_next = lines[index + 2] if index + 2 < len(lines) else ""
        return not after.strip() or (CorpusParser._is_subheading_tail(after) and not after_next.strip())

    @staticmethod
    def _is_subheading_tail(line: str) -> bool:
        text = line.strip()
        return (
            bool(text)
            and len(text) < 40
            and not line.startswith("\t")
            and not re.match(r"\d", text)
            and not text.endswith(".")
        )


def load_passages(corpus_dir: Path = CORPUS_DIR) -> list[Passage]:
    return CorpusParser(corpus_dir).parse()
