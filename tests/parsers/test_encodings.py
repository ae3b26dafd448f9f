"""Text dumps in every encoding a Russian office produces give the rows of the UTF-8 file.

Each sample dump is re-encoded here; characters a code page lacks («», dashes) are replaced the
way the code page's own encoder does, and the UTF-8 reference is made from the same text.
"""
from __future__ import annotations

import codecs
import os

import pytest

from ingest.extraction import extract_bytes
from parsers.detect import detect_format
from parsers.errors import UnsupportedFormat
from parsers.text_encoding import bytes_to_decoded
from tests.conftest import SAMPLES

DUMPS = sorted(p.name for p in SAMPLES.glob("*.txt"))
ENCODINGS = [
    # name, BOM written before the text, codec, words the warning must have (None: no warning)
    ("utf-8", b"", "utf-8", None),
    ("utf-8 with BOM", codecs.BOM_UTF8, "utf-8", None),
    ("utf-16 le with BOM", codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    ("utf-16 be with BOM", codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
    ("windows-1251", b"", "cp1251", "Windows-1251"),
    ("koi8-r", b"", "koi8-r", "KOI8-R"),
    ("cp866", b"", "cp866", "866"),
]


def _rows_without_ids(rows):
    return [{k: v for k, v in r.items() if k != "doc_id"} for r in rows]


@pytest.mark.parametrize("dump", DUMPS)
@pytest.mark.parametrize("label, bom, codec, warning", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_dump_in_any_encoding_gives_the_utf8_rows(dump, label, bom, codec, warning):
    text = (SAMPLES / dump).read_text(encoding="utf-8")
    text = text.encode(codec, errors="replace").decode(codec)  # what the code page can hold
    reference = extract_bytes(text.encode("utf-8"), dump)
    result = extract_bytes(bom + text.encode(codec), dump)
    assert reference.rows, "the sample must give rows"
    assert _rows_without_ids(result.rows) == _rows_without_ids(reference.rows)
    for column in ("title", "doc_number", "doc_date", "authority"):
        assert result.document[column] == reference.document[column]
    said = [w for w in result.document["warnings"] if "encod" in w]
    if warning is None:
        assert said == []
    else:
        assert len(said) == 1 and warning in said[0] and "not UTF-8" in said[0]


@pytest.mark.parametrize("dump", DUMPS)
def test_a_dump_converted_from_the_wrong_code_page_gives_the_rows(dump):
    # cp1251 text shown as cp1252 and saved as UTF-8: "Ïëàí ìåðîïðèÿòèé" for "План мероприятий"
    text = (SAMPLES / dump).read_text(encoding="utf-8")
    text = text.encode("cp1251", errors="replace").decode("cp1251")  # what cp1251 can hold
    misread = text.encode("cp1251").decode("cp1252", errors="replace")
    reference = extract_bytes(text.encode("utf-8"), dump)
    result = extract_bytes(misread.encode("utf-8"), dump)
    assert _rows_without_ids(result.rows) == _rows_without_ids(reference.rows)
    assert any("wrong code page" in w for w in result.document["warnings"])


@pytest.mark.parametrize("text, misread", [
    ("Ïëàí ìåðîïðèÿòèé ïî ðåàëèçàöèè", True),
    ("¹ ï/ï Ìåðîïðèÿòèå Ñðîê", True),
    ("План мероприятий", False),        # Cyrillic already
    ("Café résumé naïve déjà vu", False),  # French: a few accents among Latin letters
    ("Plan of measures", False),
    ("", False),
])
def test_russian_shown_in_the_wrong_code_page_is_recognised(text, misread):
    from parsers.text_encoding import is_cp1251_read_as_cp1252
    assert is_cp1251_read_as_cp1252(text) is misread


SHORT_TEXTS = [
    "ПРИКАЗ\nОб утверждении дорожной карты",
    "Министерство образования и науки",
    "срок исполнения: до 1 сентября 2024 года",
    "ИСПОЛНИТЕЛИ\tСРОК\n",
    "Ответственный — отдел общего образования",
]


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r", "cp866"])
@pytest.mark.parametrize("text", SHORT_TEXTS)
def test_a_few_words_are_enough_to_tell_the_code_pages_apart(text, codec):
    data = text.encode(codec, errors="replace")
    decoded = bytes_to_decoded(data)
    assert decoded.encoding == codec
    assert decoded.text == data.decode(codec)


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_text_with_nul_bytes_is_detected_as_text(bom, codec):
    data = bom + "Приказ\tСрок\n1.\tдо 1 мая\n".encode(codec)
    assert b"\x00" in data
    assert detect_format(data) == "txt"


def test_a_sample_cut_inside_a_character_is_still_text():
    data = ("я" * 40000).encode("utf-8")  # 80,000 bytes: the 64 KiB sample ends inside a letter
    assert detect_format(data[:65537] + data[65537:]) == "txt"


@pytest.mark.parametrize("data", [os.urandom(4096), bytes(range(256)) * 16, b"\x00\x01\x02" * 1000,
                                  codecs.BOM_UTF16_LE + os.urandom(1001)])
def test_binary_bytes_are_not_text(data):
    with pytest.raises(UnsupportedFormat):
        bytes_to_decoded(data)


# ------------------------------------------- UTF-8 read in a single-byte code page and saved again

def _c1_for_undefined_bytes(error: UnicodeDecodeError):
    # how Windows and editors show a byte the code page leaves undefined (0x98 in cp1251): the C1
    # control character of that number, so that "И" (D0 98) misread is "Р" and U+0098
    return "".join(chr(b) for b in error.object[error.start:error.end]), error.end


codecs.register_error("test-c1-for-undefined", _c1_for_undefined_bytes)
UTF8_MISREAD = ["cp1251", "cp1252", "koi8-r", "cp866"]


def utf8_shown_in(text: str, code_page: str) -> str:
    """What a UTF-8 text looks like opened in ``code_page`` (and then saved again as UTF-8)."""
    return text.encode("utf-8").decode(code_page, errors="test-c1-for-undefined")


@pytest.mark.parametrize("code_page", UTF8_MISREAD)
@pytest.mark.parametrize("dump", DUMPS)
def test_a_dump_of_utf8_misread_in_a_code_page_gives_the_rows(dump, code_page):
    text = (SAMPLES / dump).read_text(encoding="utf-8")
    reference = extract_bytes(text.encode("utf-8"), dump)
    result = extract_bytes(utf8_shown_in(text, code_page).encode("utf-8"), dump)
    assert reference.rows
    assert _rows_without_ids(result.rows) == _rows_without_ids(reference.rows)
    for column in ("title", "doc_number", "doc_date", "authority", "region"):
        assert result.document[column] == reference.document[column]
    assert any("read back" in w and "План".encode("utf-8").decode(code_page) in w
               for w in result.document["warnings"])


SENTENCE = ("Российской Федерации Р по реализации плана («дорожной карты»): до 1 июня 2024 г. — Шевчук О.П., "
            "Иванов И.И. № 5; ЁЛКА ёж щука ЪЭЮЯ эюя Клуб К")


@pytest.mark.parametrize("code_page", UTF8_MISREAD)
def test_misread_utf8_is_told_apart_and_read_back(code_page):
    from parsers.text_encoding import utf8_misread_code_page, utf8_read_back

    shown = utf8_shown_in(SENTENCE, code_page)
    assert shown != SENTENCE
    assert utf8_misread_code_page(shown) == code_page
    assert utf8_read_back(shown, code_page) == SENTENCE
    # an editor that turned the no-break spaces into spaces cut "Р" (D0 A0) in two
    assert utf8_read_back(shown.replace("\u00a0", " "), code_page) == SENTENCE
    # Russian typed after the conversion stays as it is
    mixed = f"Срок № п/п {shown} Ответственный"
    assert utf8_read_back(mixed, code_page) == f"Срок № п/п {SENTENCE} Ответственный"


@pytest.mark.parametrize("text", [
    SENTENCE, "РФ СССР РСФСР", "Р. С. Иванов", "корпус «В»", "Café résumé naïve déjà vu",
    "Plan of measures", "", "ГРС, ПФР, ФСС — «Ёлка»", "\u00d0\u00a0\u00d1",
])
def test_text_that_is_not_misread_utf8_is_left_alone(text):
    from parsers.text_encoding import misreading, utf8_misread_code_page

    assert utf8_misread_code_page(text) is None
    how = misreading(text)
    assert how is None or how.code_page is None  # at most the cp1252 case, told by its own test


def _cp1252_shown(text: str) -> str:  # what python-docx reads from a legacy font over cp1252 codes
    return text.encode("cp1251").decode("cp1252", errors="replace")


@pytest.mark.parametrize("shown, said", [
    (_cp1252_shown, "wrong code page"),
    (lambda text: utf8_shown_in(text, "cp1251"), "РџР»Р°РЅ"),
], ids=["legacy font: cp1251 shown as cp1252", "UTF-8 shown as cp1251"])
def test_a_word_document_with_misread_text_is_read_back(shown, said):
    import io

    import docx

    rows = [["№", "Мероприятие", "Срок", "Ответственный"],
            ["1.", "Совещание с руководителями школ", "Март 2022", "Петров П.П."],
            ["2.", "Мониторинг качества образования", "Ежеквартально", "Отдел образования"]]
    document = docx.Document()
    document.add_paragraph(shown("План мероприятий по повышению качества образования"))
    table = document.add_table(rows=len(rows), cols=4)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = shown(text)
    buffer = io.BytesIO()
    document.save(buffer)
    result = extract_bytes(buffer.getvalue(), "misread.docx")
    assert [(r["item_number"], r["action"], r["deadline_kind"]) for r in result.rows] == [
        ("1", "Совещание с руководителями школ", "period"), ("2", "Мониторинг качества образования", "recurring")]
    assert any(said in w for w in result.document["warnings"])
