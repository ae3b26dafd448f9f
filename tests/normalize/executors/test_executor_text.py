"""What the orders' own text says about people: positions, cases, role phrases."""
from __future__ import annotations

import pytest

from normalize.executors.roles import role_to_key, roles_to_people
from normalize.executors.text import order_text_to_people
from normalize.executors.words import listed_noun
from normalize.lexicon import phrase_to_nominative

# excerpts of the orders' text, as the dumps print them
TEXT_001 = """2. Гайворонской Н.И., заместителю руководителя отдела образования администрации Бобровского муниципального района:

- обеспечить координацию реализации мероприятий «Дорожной карты» организациями-соисполнителями;

3. Контроль за исполнением приказа возложить на заместителя руководителя отдела образования Гайворонскую Н.И.

Заместитель главы администрации –
руководитель отдела образования
администрации Бобровского
муниципального района



Ю.А. Шашкин"""

TEXT_003 = """3. Назначить ответственными за исполнение Плана мероприятий:
 - муниципального координатора проекта, специалиста по курсовой подготовке управления образования Соловьеву О.В.;
 - муниципального куратора проекта, директора МАОУ «Средняя общеобразовательная школа №25» г. Череповца, Смирнову С.Н.;
 - руководителя МОУ «Средняя школа №2» Смирнову Г.В.
4. Обеспечить исполнение ответственными лицами Плана мероприятий в сроки, определенные настоящим приказом."""

TEXT_004 = """3. Назначить Кудрину И.В., начальника отдела общего образования и инновационной деятельности, муниципальным координатором по работе со школами города Ульяновска с низкими образовательными результатами.

Начальник Управления образования

 С.И.Куликова"""


def _people(text):
    return [(p.name.surname, p.cases, p.position) for p in order_text_to_people(text)]


def test_positions_and_cases_001():
    assert _people(TEXT_001) == [
        ("Гайворонской", frozenset({"datv"}),
         "заместитель руководителя отдела образования администрации Бобровского муниципального района"),
        ("Гайворонскую", frozenset({"gent", "accs"}), "заместитель руководителя отдела образования"),
        ("Шашкин", None, None),
    ]


def test_positions_003_before_the_name():
    got = _people(TEXT_003)
    assert [g[0] for g in got] == ["Соловьеву", "Смирнову", "Смирнову"]
    assert got[0][2] == "специалист по курсовой подготовке управления образования"
    assert got[1][2] == "директор МАОУ «Средняя общеобразовательная школа №25» г. Череповца"
    assert got[2][2] == "руководитель МОУ «Средняя школа №2»"
    assert all(g[1] == frozenset({"gent", "accs"}) for g in got)


def test_position_and_role_004():
    kudrina, kulikova = order_text_to_people(TEXT_004)
    assert kudrina.position == "начальник отдела общего образования и инновационной деятельности"
    assert [p.head for p in kudrina.phrases] == ["начальник", "координатор"]
    assert kulikova.name.surname == "Куликова"


@pytest.mark.parametrize("printed, nominative", [
    ("заместителю руководителя отдела образования", "заместитель руководителя отдела образования"),
    ("главного специалиста отдела", "главный специалист отдела"),
    ("муниципальным координатором по работе со школами", "муниципальный координатор по работе со школами"),
    ("тьюторами", "тьюторы"),
    ("заведующим кафедрой", "заведующий кафедрой"),
    # already nominative: printed wording kept
    ("Управления образований Ульяновской области", "Управления образований Ульяновской области"),
    ("Заведующие кафедрами", "Заведующие кафедрами"),
    ("Рук. ШМО", "Рук. ШМО"),
])
def test_phrase_to_nominative(printed, nominative):
    assert phrase_to_nominative(printed, listed=listed_noun) == nominative


def test_singular_reading_for_a_post():
    # "директора" is also the plural nominative; a person's post is singular
    assert phrase_to_nominative("директора МАОУ «СОШ №25»", number="sing", listed=listed_noun) == "директор МАОУ «СОШ №25»"


def _assign(roles, text):
    people = [(f"{p.name.surname} {p.name.initials_text}", p.phrases) for p in order_text_to_people(text)]
    return {role: a.person for role, a in roles_to_people(roles, people).items()}


def test_roles_003():
    roles = ["Муниципальный координатор проекта «500+»", "Муниципальный координатор проекта", "Муниципальный координатор",
             "Куратор проекта", "Участник проекта", "Региональный координатор", "Участники проекта в 2021 году",
             "Участник проекта в 2021 году (МОУ «Желябовская школа»)", "Руководители ШМО и РМО"]
    assert _assign(roles, TEXT_003) == {
        "Муниципальный координатор проекта «500+»": "Соловьеву О.В.",
        "Муниципальный координатор проекта": "Соловьеву О.В.",
        "Муниципальный координатор": "Соловьеву О.В.",
        "Куратор проекта": "Смирнову С.Н.",
        # the participating school's head, the one responsible person with no other role
        "Участник проекта": "Смирнову Г.В.",
        "Региональный координатор": None,
        "Участники проекта в 2021 году": None,
        "Участник проекта в 2021 году (МОУ «Желябовская школа»)": None,
        "Руководители ШМО и РМО": None,
    }


def test_role_instrumental_004():
    assert _assign(["Муниципальный координатор"], TEXT_004) == {"Муниципальный координатор": "Кудрину И.В."}


def test_role_key():
    key = role_to_key("Муниципальный координатор проекта «500+»")
    assert (key.head, key.modifiers, key.words, key.plural) == (
        "координатор", frozenset({"муниципальный"}), frozenset({"муниципальный", "координатор", "проект"}), False)
    assert role_to_key("Участники проекта").plural
