"""A deadline printed as two columns, start and end, gives one deadline in every format.

The order is built here with python-docx (a two-row header: "Срок реализации" spanning
"начало" and "окончание", the other header cells merged down), read as DOCX, and rendered by the
real LibreOffice to a text PDF, whose narrow columns also cut header words ("окончани\\nе").
"""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from ingest.extraction import extract_bytes

ROWS = [["1.", "Проведение совещания с руководителями", "01.02.2023", "28.02.2023", "Отдел общего образования"],
        ["2.", "Мониторинг охвата детей", "март 2023", "декабрь 2023", "Шевчук О.П., начальник отдела"],
        ["3.", "Курсы повышения квалификации", "I квартал", "II квартал", "ГАУ ДПО ТОИУУ"],
        ["4.", "Итоговая конференция", "", "15.12.2023", "Министерство"]]
# what each row's deadline is: (start, end) of its interval
EXPECTED = [("2023-02-01", "2023-02-28"), ("2023-03-01", "2023-12-31"), ("2023-01-01", "2023-06-30"),
            ("2023-12-15", "2023-12-15")]


def order_docx() -> bytes:
    document = docx.Document()
    for line in ("МИНИСТЕРСТВО ОБРАЗОВАНИЯ ТВЕРСКОЙ ОБЛАСТИ", "ПРИКАЗ", "12.03.2023 № 245-П",
                 "Об утверждении плана-графика мероприятий на 2023 год"):
        document.add_paragraph(line)
    table = document.add_table(rows=2 + len(ROWS), cols=5)
    table.style = "Table Grid"
    for column, text in ((0, "№ п/п"), (1, "Наименование мероприятия"), (4, "Ответственный исполнитель")):
        table.cell(0, column).merge(table.cell(1, column)).text = text
    table.cell(0, 2).merge(table.cell(0, 3)).text = "Срок реализации"
    table.cell(1, 2).text, table.cell(1, 3).text = "начало", "окончание"
    for r, row in enumerate(ROWS, start=2):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_to_pdf(data: bytes, tmp: Path) -> bytes:
    source = tmp / "order.docx"
    source.write_bytes(data)
    subprocess.run([shutil.which("soffice") or "libreoffice", f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(tmp), str(source)],
                   check=True, capture_output=True, timeout=120, env={"HOME": str(tmp), "PATH": "/usr/bin:/bin"})
    return (tmp / "order.pdf").read_bytes()


def _intervals(result) -> list[tuple[str, str]]:
    return [(str(r["deadline_start"]), str(r["deadline_end"])) for r in result.rows]


def test_a_docx_deadline_in_start_and_end_columns():
    result = extract_bytes(order_docx(), "order.docx")
    assert [r["deadline_text"] for r in result.rows][:2] == ["01.02.2023 – 28.02.2023", "март 2023 – декабрь 2023"]
    assert _intervals(result) == EXPECTED
    assert [r["executors_text"] for r in result.rows] == [r[4] for r in ROWS]


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice is not installed")
def test_the_same_order_as_a_text_pdf(tmp_path):
    result = extract_bytes(docx_to_pdf(order_docx(), tmp_path), "order.pdf")
    assert result.document["source_format"] == "pdf"
    assert _intervals(result) == EXPECTED
