"""Cell text cleaning: real line-end breaks from the orders."""
from __future__ import annotations

import pytest

from normalize.tables import cell_to_paragraph, join_broken, text_to_urls


@pytest.mark.parametrize("cell, expected", [
    # a compound split at a line end keeps its hyphen (001, items 11 and 29)
    ("программно-\nметодические", "программно-методические"),
    ("психолого-\nпедагогических консилиумов", "психолого-педагогических консилиумов"),
    ("учителей-\nпредметников ШПРО", "учителей-предметников ШПРО"),
    # a word hyphenated at a line end is rejoined
    ("соци-\nальных условиях", "социальных условиях"),
    ("образова-\nтельных организаций", "образовательных организаций"),
    # a word cut by a page break without a hyphen (000, row 3.5)
    ("(10% от числа педагогов) общеобразовательн\nых школ муниципалитета);",
     "(10% от числа педагогов) общеобразовательных школ муниципалитета);"),
    # a spaced dash is punctuation, not a hyphen
    ("семинаров -\nсовещаний", "семинаров - совещаний"),
    # ordinary line breaks become spaces, markup and extra spaces go
    ("Министерства просвещения и\nвоспитания   Ульяновской области", "Министерства просвещения и воспитания Ульяновской области"),
    ("", ""),
])
def test_cell_to_paragraph(cell, expected):
    assert cell_to_paragraph(cell) == expected


def test_url_broken_at_a_line_end_is_rejoined():
    assert join_broken("https://iro22.ru/index.php/meropri-", "yatiya.html") == "https://iro22.ru/index.php/meropriyatiya.html"
    assert join_broken("ресурс https://mo73.ru/dev/", "o/500/") == "ресурс https://mo73.ru/dev/o/500/"


def test_urls_are_found_in_order_without_duplicates():
    text = ("методические рекомендации (https://fiooco.ru/Media/Default/Documents/500/Metodica_500.pdf); "
            "Ссылка на информационный ресурс https://mo73.ru/dev/o/500/ и https://mo73.ru/dev/o/500/.")
    assert text_to_urls(text) == ["https://fiooco.ru/Media/Default/Documents/500/Metodica_500.pdf",
                                  "https://mo73.ru/dev/o/500/"]
