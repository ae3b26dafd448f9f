"""Dumps whose columns are aligned with spaces (``pdftotext -layout``) give the table's rows.

The sample PDFs rendered by poppler's real pdftotext must give the same rows as the PDFs
themselves; a small order typed here checks the pieces one by one.
"""
from __future__ import annotations

import shutil
import subprocess

import pytest

from ingest.extraction import extract_bytes
from tests.conftest import SAMPLES

FIELDS = ("item_number", "section", "action", "deadline_intervals", "deadline_kind", "executors", "result", "info")
PDFS = sorted(p.name for p in SAMPLES.glob("*.pdf") if not p.name.endswith(".scan.pdf"))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize("pdf", PDFS)
def test_pdftotext_layout_of_a_sample_gives_the_pdfs_rows(pdf):
    layout = subprocess.run(["pdftotext", "-layout", str(SAMPLES / pdf), "-"], capture_output=True, check=True).stdout
    assert b"\t" not in layout
    reference = extract_bytes((SAMPLES / pdf).read_bytes(), pdf).rows
    result = extract_bytes(layout, pdf.replace(".pdf", ".txt"))
    assert result.document["source_format"] == "txt"
    assert reference
    assert [{f: r[f] for f in FIELDS} for r in result.rows] == [{f: r[f] for f in FIELDS} for r in reference]


ORDER = """\
                     МИНИСТЕРСТВО ОБРАЗОВАНИЯ ТВЕРСКОЙ ОБЛАСТИ
                                    ПРИКАЗ
   12.03.2023                                                      № 245-П

      Об утверждении плана мероприятий («дорожной карты») на 2023 год

 № п/п   Мероприятие                     Срок исполнения   Ответственные
                                                           исполнители

 1.      Организационные меры по реализации плана мероприятий
 1.1.    Проведение совещания с          март 2023 года    Отдел общего
         руководителями школ                               образования
 1.2.    Мониторинг охвата детей         ежеквартально     Шевчук О.П.
         дополнительным образованием
\f
 № п/п   Мероприятие                     Срок исполнения   Ответственные
                                                           исполнители
 1.3.    Итоговая конференция            15.12.2023        Министерство
"""


def test_a_space_aligned_order_gives_its_rows_over_a_page_break():
    result = extract_bytes(ORDER.encode("utf-8"), "order.txt")
    got = [(r["item_number"], r["action"], r["deadline_kind"], r["executors_text"]) for r in result.rows]
    assert got == [
        ("1.1", "Проведение совещания с руководителями школ", "period", "Отдел общего образования"),
        ("1.2", "Мониторинг охвата детей дополнительным образованием", "recurring", "Шевчук О.П."),
        ("1.3", "Итоговая конференция", "date", "Министерство"),
    ]
    # the heading runs across the columns: one spanning row, the section of every item (number kept)
    assert {r["section"] for r in result.rows} == {"1. Организационные меры по реализации плана мероприятий"}
    assert result.document["doc_number"] == "245-П"


def test_prose_aligned_with_spaces_is_no_table():
    prose = "ПРИКАЗ\n\n   В целях организации   работы   приказываю:\n   1. Утвердить план.\n"
    result = extract_bytes(prose.encode("utf-8"), "prose.txt")
    assert result.rows == [] and result.document["status"] == "no_table"
