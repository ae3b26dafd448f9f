"""Person mentions from the orders to "Фамилия И.О." in the nominative."""
from __future__ import annotations

import pytest

from normalize.executors.person_names import (
    format_person,
    mention_to_name,
    nominative_is_uncertain,
    readings_to_nominative,
    surname_to_readings,
)


@pytest.mark.parametrize("printed, surname, initials", [
    ("Гайворонская Н.И.", "Гайворонская", ("Н", "И")),
    ("Суворина Т.В", "Суворина", ("Т", "В")),  # 001 item 26: final dot missing
    ("И.В. Киселева", "Киселева", ("И", "В")),  # 000: initials first
    ("С.И.Куликова", "Куликова", ("С", "И")),  # 004: no space
    ("Звонкова Т. А.", "Звонкова", ("Т", "А")),
    ("Иванов T.B.", "Иванов", ("Т", "В")),  # Latin look-alike initials from OCR
    ("Иванову Ирину Петровну", "Иванову", ("И", "П")),  # full name
    ("Ирина Петровна Иванова", "Иванова", ("И", "П")),
])
def test_mention_to_name(printed, surname, initials):
    name = mention_to_name(printed)
    assert (name.surname, name.initials) == (surname, initials)


def test_full_name_tells_gender_and_case():
    name = mention_to_name("Иванову Ирину Петровну")
    assert name.gender == "femn" and name.cases == frozenset({"accs"})


@pytest.mark.parametrize("text", ["Управление образования", "Н.И.", "РМО"])
def test_mention_to_name_rejects_non_persons(text):
    assert mention_to_name(text) is None


@pytest.mark.parametrize("printed, cases, known, nominative", [
    # 001 item 2: "Гайворонской Н.И., заместителю …" (dative position)
    ("Гайворонской", frozenset({"datv"}), frozenset(), "Гайворонская"),
    # 001 item 3: "возложить на … Гайворонскую Н.И."
    ("Гайворонскую", frozenset({"accs"}), frozenset(), "Гайворонская"),
    # 003 item 3: "… специалиста по курсовой подготовке … Соловьеву О.В." (accusative position)
    ("Соловьеву", frozenset({"gent", "accs"}), frozenset(), "Соловьева"),
    # without context a man's dative is as good; the order's own nominative decides
    ("Соловьеву", None, frozenset({"Соловьева"}), "Соловьева"),
    # 004 item 3: "Назначить Кудрину И.В., начальника …"
    ("Кудрину", frozenset({"gent", "accs"}), frozenset(), "Кудрина"),
    ("Кудрину", frozenset({"datv"}), frozenset(), "Кудрин"),
    # 002 item 3: "возложить на заместителя министра Терновую Л.С."
    ("Терновую", frozenset({"accs"}), frozenset(), "Терновая"),
    ("Смирновой", frozenset({"datv"}), frozenset(), "Смирнова"),
    # table cells are nominative
    ("Суворина", frozenset({"nomn"}), frozenset(), "Суворина"),
    ("Шашкин", None, frozenset(), "Шашкин"),
    ("Какора", frozenset({"nomn"}), frozenset(), "Какора"),  # an undeclined type reads as printed
])
def test_surname_to_nominative(printed, cases, known, nominative):
    assert readings_to_nominative(surname_to_readings(printed), cases, known).nominative == nominative


def test_gender_from_first_name_drops_other_readings():
    readings = surname_to_readings("Смирнову")
    assert readings_to_nominative(readings, None, frozenset(), "masc").nominative == "Смирнов"
    assert readings_to_nominative(readings, None, frozenset(), "femn").nominative == "Смирнова"


def test_format_person():
    assert format_person("Гайворонская", ("Н", "И")) == "Гайворонская Н.И."


@pytest.mark.parametrize("printed, gender, cases, nominative", [
    # a double surname declines in both parts
    ("Петровой-Водкиной", "femn", frozenset({"datv"}), "Петрова-Водкина"),
    ("Петрова-Водкина", "masc", frozenset({"gent"}), "Петров-Водкин"),
    ("Римского-Корсакова", "masc", frozenset({"gent"}), "Римский-Корсаков"),
    # a reading Russian spelling rules out is no reading ("Гайворонскый")
    ("Гайворонского", "masc", frozenset({"gent"}), "Гайворонский"),
])
def test_declined_surnames_to_nominative(printed, gender, cases, nominative):
    assert readings_to_nominative(surname_to_readings(printed), cases, frozenset(), gender).nominative == nominative


def test_no_reading_spells_ky_or_gy():
    for printed in ["Гайворонского", "Трубецкому", "Долгого"]:
        assert all("кы" not in r.nominative and "гы" not in r.nominative for r in surname_to_readings(printed))


@pytest.mark.parametrize("printed, gender, cases, known, uncertain", [
    ("Жук", "masc", frozenset({"nomn"}), frozenset(), False),  # nominative: as printed
    ("Ковальчук", "femn", frozenset({"gent"}), frozenset(), False),  # a woman's consonant surname
    ("Шевченко", "masc", frozenset({"datv"}), frozenset(), False),  # -ко never declines
    ("Жука", "masc", frozenset({"gent"}), frozenset(), False),  # only Жук declines to a genitive Жука
    ("Гайдая", "masc", frozenset({"gent"}), frozenset(), False),  # Гайдай, by synthesis
    ("Толстого", "masc", frozenset({"gent"}), frozenset(), False),  # the dictionary's Толстой
    ("Толстого", "masc", frozenset({"gent"}), frozenset({"Толстой"}), False),  # the order prints it
    ("Кочергой", "femn", frozenset({"ablt"}), frozenset(), False),  # Кочерга, not "Кочергая"
    ("Бабуре", "femn", frozenset({"datv"}), frozenset(), True),  # Бабура or Бабуря: no dictionary decides
    ("Мюллеру", "masc", frozenset({"datv"}), frozenset(), False),  # the dictionary's Мюллер
    ("Кочерге", None, frozenset({"nomn"}), frozenset(), False),  # a cell's surname is nominative
    ("Смирновой", "femn", frozenset({"datv"}), frozenset(), False),
    ("Терновым", "masc", frozenset({"ablt"}), frozenset(), True),  # Тернов or Терновый
    ("Гайворонской", "femn", frozenset({"datv"}), frozenset(), False),
    ("Трубецкого", "masc", frozenset({"gent"}), frozenset(), True),  # Трубецкий or Трубецкой
    ("Жука", None, None, frozenset(), False),  # no first name: a cell's mention is nominative
])
def test_nominative_is_uncertain(printed, gender, cases, known, uncertain):
    assert nominative_is_uncertain(printed, cases, gender, known) is uncertain
