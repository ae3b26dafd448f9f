"""nominative_name: a person's name printed in any case -> "Фамилия И.О." in the nominative.

The paradigms below are written by hand from Russian grammar (not produced by pytrovich, which
the code uses to check its candidates), one row per surname type, both genders, every case."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from normalize.executors import name_to_nominative, nominative_name

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")

# (nominative, gender, forms in gent, datv, accs, ablt, loct)
PARADIGMS = [
    # possessive -ов / -ев / -ин
    ("Иванов", "masc", "Иванова Иванову Иванова Ивановым Иванове"),
    ("Иванова", "femn", "Ивановой Ивановой Иванову Ивановой Ивановой"),
    ("Соловьёв", "masc", "Соловьёва Соловьёву Соловьёва Соловьёвым Соловьёве"),
    ("Кудрин", "masc", "Кудрина Кудрину Кудрина Кудриным Кудрине"),
    ("Кудрина", "femn", "Кудриной Кудриной Кудрину Кудриной Кудриной"),
    # adjectival -ский / -ая / -ой
    ("Гайворонский", "masc", "Гайворонского Гайворонскому Гайворонского Гайворонским Гайворонском"),
    ("Гайворонская", "femn", "Гайворонской Гайворонской Гайворонскую Гайворонской Гайворонской"),
    ("Толстой", "masc", "Толстого Толстому Толстого Толстым Толстом"),
    ("Толстая", "femn", "Толстой Толстой Толстую Толстой Толстой"),
    # masculine consonant stems; the woman's form does not decline
    ("Блок", "masc", "Блока Блоку Блока Блоком Блоке"),
    ("Жук", "masc", "Жука Жуку Жука Жуком Жуке"),
    ("Жук", "femn", "Жук Жук Жук Жук Жук"),
    ("Ковальчук", "masc", "Ковальчука Ковальчуку Ковальчука Ковальчуком Ковальчуке"),
    ("Ковальчук", "femn", "Ковальчук Ковальчук Ковальчук Ковальчук Ковальчук"),
    ("Мельник", "masc", "Мельника Мельнику Мельника Мельником Мельнике"),
    ("Швец", "masc", "Швеца Швецу Швеца Швецом Швеце"),
    # fleeting vowels
    ("Бондарец", "masc", "Бондарца Бондарцу Бондарца Бондарцом Бондарце"),
    ("Кравец", "masc", "Кравца Кравцу Кравца Кравцом Кравце"),
    ("Стрелец", "masc", "Стрельца Стрельцу Стрельца Стрельцом Стрельце"),
    ("Коломиец", "masc", "Коломийца Коломийцу Коломийца Коломийцем Коломийце"),
    ("Заяц", "masc", "Зайца Зайцу Зайца Зайцем Зайце"),
    # -а / -я of either gender
    ("Кочерга", "masc", "Кочерги Кочерге Кочергу Кочергой Кочерге"),
    ("Кочерга", "femn", "Кочерги Кочерге Кочергу Кочергой Кочерге"),
    ("Сковорода", "femn", "Сковороды Сковороде Сковороду Сковородой Сковороде"),
    ("Зозуля", "femn", "Зозули Зозуле Зозулю Зозулей Зозуле"),
    # -й / -ь
    ("Гайдай", "masc", "Гайдая Гайдаю Гайдая Гайдаем Гайдае"),
    ("Гоголь", "masc", "Гоголя Гоголю Гоголя Гоголем Гоголе"),
    ("Лемеш", "masc", "Лемеша Лемешу Лемеша Лемешем Лемеше"),
    # indeclinable: -ко, -енко, -их / -ых, -аго, Georgian -швили / -дзе, foreign vowels
    ("Бойко", "masc", "Бойко Бойко Бойко Бойко Бойко"),
    ("Шевченко", "femn", "Шевченко Шевченко Шевченко Шевченко Шевченко"),
    ("Черных", "masc", "Черных Черных Черных Черных Черных"),
    ("Долгих", "femn", "Долгих Долгих Долгих Долгих Долгих"),
    ("Живаго", "masc", "Живаго Живаго Живаго Живаго Живаго"),
    ("Джугашвили", "masc", "Джугашвили Джугашвили Джугашвили Джугашвили Джугашвили"),
    ("Орджоникидзе", "masc", "Орджоникидзе Орджоникидзе Орджоникидзе Орджоникидзе Орджоникидзе"),
    ("Гюго", "masc", "Гюго Гюго Гюго Гюго Гюго"),
    # hyphenated: both parts decline
    ("Римский-Корсаков", "masc", "Римского-Корсакова Римскому-Корсакову Римского-Корсакова Римским-Корсаковым "
                                 "Римском-Корсакове"),
    ("Петрова-Водкина", "femn", "Петровой-Водкиной Петровой-Водкиной Петрову-Водкину Петровой-Водкиной "
                                "Петровой-Водкиной"),
]
FIRST = {"masc": "Иван Ивана Ивану Ивана Иваном Иване", "femn": "Анна Анны Анне Анну Анной Анне"}
PATRONYMIC = {"masc": "Петрович Петровича Петровичу Петровича Петровичем Петровиче",
              "femn": "Сергеевна Сергеевны Сергеевне Сергеевну Сергеевной Сергеевне"}


def _full_names():
    for nominative, gender, forms in PARADIGMS:
        surnames = [nominative, *forms.split()]
        firsts, patronymics = FIRST[gender].split(), PATRONYMIC[gender].split()
        for k, case in enumerate(CASES):
            yield pytest.param(f"{surnames[k]} {firsts[k]} {patronymics[k]}", f"{nominative} {firsts[0][0]}.{patronymics[0][0]}.",
                               id=f"{nominative}-{gender}-{case}")


# a prepositional "Лемеше" is Лемеш's or a Лемеша's: either reading, the other as an alternative
AMBIGUOUS_FULL = {"Лемеше Иване Петровиче"}


@pytest.mark.parametrize("printed, expected", list(_full_names()))
def test_full_name_in_any_case_to_the_nominative(printed, expected):
    result = name_to_nominative(printed)
    if printed in AMBIGUOUS_FULL:
        assert expected in (result.name, *result.alternatives) and result.alternatives
    else:
        assert result.name == expected, result


def _initials():
    for nominative, gender, forms in PARADIGMS:
        for k, form in enumerate(forms.split()):
            yield pytest.param(f"{form} И.П.", gender, f"{nominative} И.П.", id=f"{nominative}-{gender}-{CASES[k + 1]}")


# with initials only the case is open: the gender the caller gives must be enough, except where
# a form is another surname's nominative too (a man's "Кудрина" is Кудрин's genitive or
# a Кудрина's nominative; "Толстой" a man's nominative or a woman's oblique case)
AMBIGUOUS_WITH_INITIALS = {"Иванова-masc", "Соловьёв-masc", "Кудрин-masc", "Толстой-masc", "Толстая-femn",
                           "Кочерга-masc", "Кочерга-femn", "Сковорода-femn", "Зозуля-femn", "Гайворонская-femn",
                           "Иванова-femn", "Кудрина-femn", "Лемеш-masc"}


@pytest.mark.parametrize("printed, gender, expected", list(_initials()))
def test_surname_with_initials_and_a_given_gender(printed, gender, expected):
    result = name_to_nominative(printed, gender=gender)
    nominative = expected.split()[0]
    if f"{nominative}-{gender}" in AMBIGUOUS_WITH_INITIALS:
        assert result.name == expected or expected in result.alternatives or result.name == printed
    else:
        assert result.name == expected, result


@pytest.mark.parametrize("printed, gender, expected", [
    ("Кудриной И.В.", None, "Кудрина И.В."),
    ("Ивановой Марии Петровне", None, "Иванова М.П."),
    ("Иванову Н.И.", "masc", "Иванов Н.И."),
    ("Иванову Н.И.", "femn", "Иванова Н.И."),
    ("И.В. Кудриной", None, "Кудрина И.В."),
    ("Жука П.С.", None, "Жук П.С."),
    ("Блоку А.А.", None, "Блок А.А."),
    ("Швецу О.П.", None, "Швец О.П."),
    ("Бондарца И.И.", None, "Бондарец И.И."),
    ("Кочерге О.И.", None, "Кочерга О.И."),
    ("Гайдаю Л.И.", None, "Гайдай Л.И."),
    ("Гоголю Н.В.", None, "Гоголь Н.В."),
    ("Римскому-Корсакову Н.А.", None, "Римский-Корсаков Н.А."),
    ("Сковорода Ольга Ивановна", None, "Сковорода О.И."),
    ("Жука Ивана Петровича", None, "Жук И.П."),
    ("Ковальчук Анны Сергеевны", None, "Ковальчук А.С."),
    ("Шевчук Олег Петрович", None, "Шевчук О.П."),
    ("Петров А.А.", None, "Петров А.А."),  # a nominative stays
    ("ИВАНОВОЙ И.И.", None, "Иванова И.И."),  # capitals
])
def test_nominative_name(printed, gender, expected):
    assert nominative_name(printed, gender=gender) == expected


@pytest.mark.parametrize("text", ["Управление образования", "Педагогический совет", "", "   ", "И.В.", "2023"])
def test_not_a_name_is_none(text):
    assert nominative_name(text) is None


def test_a_bad_gender_is_one_sentence():
    with pytest.raises(ValueError, match="gender must be"):
        nominative_name("Иванову Н.И.", gender="male")


def test_an_ambiguous_reading_lists_its_alternatives():
    result = name_to_nominative("Бабуре Ольге Ивановне")
    assert result.name == "Бабура О.И." and "Бабуря О.И." in result.alternatives


def test_names_command_line():
    run = [sys.executable, "-m", "ingest.cli", "names"]
    out = subprocess.run(run + ["--gender", "masc", "Иванову Н.И.", "Управление"], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == ["Иванову Н.И.\tИванов Н.И.", "Управление\t-"]
    out = subprocess.run(run + ["--jsonl"], input="Кудриной И.В.\n", capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert json.loads(out[0]) == {"text": "Кудриной И.В.", "name": "Кудрина И.В.", "gender": "femn",
                                  "alternatives": []}
