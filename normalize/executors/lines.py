"""Line breaks inside an executor cell: a wrapped line, or the start of another party?

A PDF cell wraps wherever the column ends ("Департамент общего и\\nдополнительного\\nобразования
Министерства"), a DOCX cell breaks between parties ("Гайворонская Н.И.\\nСуворина Т.В.",
"Директор\\nЗУВР"). ``cell_to_text`` joins the lines of a cell into one string in which a line
break survives as "\\n" only where it separates parties:

- a line that ends inside quotes or brackets, with a hyphen, a conjunction, a preposition or a
  bare legal form ("ОГАУ") continues on the next line;
- a line that ends with a person's initials ends a party;
- a next line that starts in lower case, with a quote, a bracket or a digit continues the
  line, unless the line closed a quoted name or ends with an abbreviation and the next one
  opens with a nominative ("ОГАУ «Институт развития образования»\\nмуниципальные
  образования", "ЗУВР\\nдиректор");
- a next line that starts with a capital continues the line when its first word can be a
  genitive ("…образования\\nМинистерства просвещения", "…\\nУльяновской области") and
  starts another party otherwise ("Участник проекта\\nУчастник проекта", "Директор\\nЗУВР").
"""
from __future__ import annotations

import re

from normalize.tables import join_broken
from normalize.executors.words import executor_words, listed_noun
from normalize.lexicon import analyzer

_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")
_INITIALS_END = re.compile(r"[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.?$")
_INITIALS_FIRST_END = re.compile(r"(?<![\w.])[А-ЯЁ]\.\s?[А-ЯЁ]\.?\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")
_LAST_THREE_WORDS = re.compile(r"([А-ЯЁ][а-яё-]+)\s+([А-ЯЁ][а-яё]+)\s+([А-ЯЁ][а-яё-]+)$")
_ABBREVIATION_END = re.compile(r"(?<![\w-])[А-ЯЁ]{2,}$")
# a surname the column wrapped away from its initials: "Кудрина" / "И.В., начальник отдела …"
_SURNAME_END = re.compile(r"(?<![\w.-])([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)$")
_INITIALS_START = re.compile(r"^[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.?)?(?!\s*[А-ЯЁ][а-яё])")
_ONLY_INITIALS = re.compile(r"^(?:[А-ЯЁ]\.\s?){1,2}$")
_SURNAME_START = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?![\w.])")
_OPEN_CLOSE = {"«": "»", "(": ")", "“": "”", "„": "“"}
# words a line cannot end a party on
_CONTINUING_WORDS = frozenset(
    "и или а в во на по с со к ко о об от до для при из под над за без между через "
    "имени им г гор п пос р-на".split()
)


def _unclosed(text: str) -> bool:
    """True when the text ends inside quotes or brackets."""
    depth = 0
    straight = 0
    for ch in text:
        if ch in _OPEN_CLOSE and not (ch == "“" and depth):
            depth += 1
        elif ch in _OPEN_CLOSE.values() and depth:
            depth -= 1
        elif ch == '"':
            straight ^= 1
    return depth > 0 or straight == 1


def _word_cases(word: str) -> set[str]:
    return {p.tag.case for p in analyzer().parse(word.lower()) if p.tag.case and p.tag.POS in {"NOUN", "ADJF", "PRTF"}}


def _ends_with_legal_form(line: str) -> bool:
    return bool(re.search(rf"(?:{executor_words().legal_form_pattern.pattern})\s*$", line))


def _opens_party(line: str, word: str) -> bool:
    """A lower-case line that starts with a role noun in the nominative after a line that
    already has its head ("директор\nфизрук", "Кл. руковод.\nдиректор") is another party;
    after an adjective it is the adjective's noun ("Муниципальный\nкоординатор")."""
    if listed_noun(word) is None:
        return False
    cases = _word_cases(word)
    if "nomn" not in cases or "gent" in cases:
        return False
    last = _LAST_WORD.search(line)
    if last is None:
        return True
    parses = analyzer().parse(last.group(1).lower())
    return not any(p.tag.POS in {"ADJF", "PRTF", "PREP", "CONJ", "NUMR"} for p in parses)


def _has_grammeme(word: str, grammeme: str) -> bool:
    return any(grammeme in p.tag for p in analyzer().parse(word))


def _ends_with_person(line: str) -> bool:
    """"… И.П. Кочерга", "… Кочерга Иван Петрович", "… Иван Петрович Кочерга": a whole name."""
    if _INITIALS_FIRST_END.search(line):
        return True
    three = _LAST_THREE_WORDS.search(line)
    if three is None:
        return False
    a, b, c = three.groups()
    return ((_has_grammeme(b, "Name") and _has_grammeme(c, "Patr"))
            or (_has_grammeme(a, "Name") and _has_grammeme(b, "Patr")))


def _wrapped_name(line: str, next_line: str) -> bool:
    """A person's name wrapped between its surname and initials, either way round ("Кудрина" /
    "И.В., начальник …"; "И.В." / "Кудрина"): no cell prints a surname and initials as two
    parties."""
    if _ONLY_INITIALS.match(line.split("\n")[-1].strip()):
        word = _SURNAME_START.match(next_line)
        return bool(word) and listed_noun(word.group()) is None
    last = _SURNAME_END.search(line)
    if last is None or not _INITIALS_START.match(next_line) or listed_noun(last.group(1)) is not None:
        return False
    return not any(p.tag.POS in {"PREP", "CONJ"} for p in analyzer().parse(last.group(1).lower()))


def lines_continue(line: str, next_line: str) -> bool:
    """True when ``next_line`` continues the party that ``line`` is printing."""
    if not line or not next_line:
        return False
    if line[-1] in ",;":
        return False
    if line.endswith(("-", "–", "—")) or _unclosed(line) or _ends_with_legal_form(line):
        return True
    last = _LAST_WORD.search(line)
    if last and line.rstrip()[-1:].isalpha() and last.group(1).lower() in _CONTINUING_WORDS:
        return True
    if _wrapped_name(line, next_line):
        return True
    if _INITIALS_END.search(line) or _ends_with_person(line):
        return False  # "Гайворонская Н.И.\nСуворина Т.В.", "И.П. Жук\nИвана Петровича Жука"
    first_char = next_line[0]
    first = _FIRST_WORD.match(next_line)
    if first_char.islower() and first and _opens_party(line, first.group()):
        return False
    if first_char.islower() or first_char in "«(“„\"№" or first_char.isdigit():
        if (line[-1] in "»)\"" or _ABBREVIATION_END.search(line)) and first and first_char.islower():
            return not ({"nomn"} & _word_cases(first.group()))
        return True
    if first is None:
        return True
    word = first.group()
    if word.isupper() and len(word) > 1:
        return False  # "Директор\nЗУВР": an abbreviation on its own line is another party
    if next_line[len(word):len(word) + 1] == ".":
        return False  # "Учит.-пред\nРук.ШМО": a shortened word opens a party, it is no genitive
    return "gent" in _word_cases(word)


def cell_to_text(cell: str) -> str:
    """A raw executor cell as one string: wrapped lines joined, party breaks kept as "\\n".

    An empty line between two lines always separates parties."""
    cell = cell or ""
    out, blank = "", False
    for raw in cell.replace("\r", "\n").split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            blank = bool(out)
            continue
        current = out.rsplit("\n", 1)[-1]
        if not out:
            out = line
        elif not blank and lines_continue(current, line):
            head, sep, tail = out.rpartition("\n")
            if re.match(r"-[^\W\d_]", line) and tail[-1:].isalpha():
                out = head + sep + tail + line  # "административно" + "-хозяйственной"
            else:
                out = head + sep + join_broken(tail, line)
        else:
            out = f"{out}\n{line}"
        blank = False
    return out
