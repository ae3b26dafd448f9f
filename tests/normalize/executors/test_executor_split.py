"""Executor cells of the real orders cut into parties (names, kinds, positions)."""
from __future__ import annotations

import pytest

from normalize.executors.lines import cell_to_text
from normalize.executors.split import cell_to_parties


def parties(cell):
    return [(p.kind, p.name) for p in cell_to_parties(cell)]


@pytest.mark.parametrize("cell, expected", [
    # 000 1.3: two organisations
    ("Департамент общего и дополнительного образования Министерства просвещения и воспитания Ульяновской "
     "области, ОГАОУ «Институт развития образования»",
     [("organization", "Департамент общего и дополнительного образования Министерства просвещения и "
                       "воспитания Ульяновской области"),
      ("organization", "ОГАОУ «Институт развития образования»")]),
    # 000 4.2: a bare quoted name repeats the head noun before it
    ("ДТ «Кванториум», центры «ИТ-куб», «Точка роста»",
     [("organization", "ДТ «Кванториум»"), ("organization", "Центры «ИТ-куб»"),
      ("organization", "Центры «Точка роста»")]),
    # 000 4.3: trailing comma dropped
    ("ДТ «Кванториум»,", [("organization", "ДТ «Кванториум»")]),
    # 000 3.2: roles after an organisation, capitalised
    ("ОГАУ «Институт развития образования», тьютеры, наставники",
     [("organization", "ОГАУ «Институт развития образования»"), ("role", "Тьютеры"), ("role", "Наставники")]),
    # 000 3.3 / 3.9: semicolons, lower-case organisations
    ("муниципальные образования, руководители общеобразовательных организаций",
     [("organization", "Муниципальные образования"), ("role", "Руководители общеобразовательных организаций")]),
    ("ОГАУ «Институт развития образования»; муниципальные образования",
     [("organization", "ОГАУ «Институт развития образования»"), ("organization", "Муниципальные образования")]),
    # 000 2.3
    ("Департамент общего и дополнительного образования Министерства просвещения и воспитания Ульяновской "
     "области, управления образований Ульяновской области",
     [("organization", "Департамент общего и дополнительного образования Министерства просвещения и "
                       "воспитания Ульяновской области"),
      ("organization", "Управления образований Ульяновской области")]),
    # 001 item 10: two persons on one line
    ("Гайворонская Н.И. Суворина Т.В.", [("person", "Гайворонская Н.И."), ("person", "Суворина Т.В.")]),
    # 001 item 21: "и" joins two parties; opener dropped; instrumental put in the nominative
    ("Совместно с АУП и тьюторами", [("role", "АУП"), ("role", "Тьюторы")]),
    # 001 items 19, 25
    ("РМО", [("organization", "РМО")]),
    ("ВЦПМ Бобров, предметные РМО", [("organization", "ВЦПМ Бобров"), ("organization", "Предметные РМО")]),
    # 003 3.2: "и" between dependents keeps one role
    ("Руководители ШМО и РМО", [("role", "Руководители ШМО и РМО")]),
    # 003 3.5: the same party printed twice (one per sub-measure) counts once
    ("Участник проекта Участник проекта", [("role", "Участник проекта")]),
    # 003 7.1: the school in brackets stays in the role's name
    ("Участник проекта в 2021 году (МОУ «Желябовская школа»), муниципальный координатор",
     [("role", "Участник проекта в 2021 году (МОУ «Желябовская школа»)"), ("role", "Муниципальный координатор")]),
    # 003 1.1
    ("Управление образования, муниципальный координатор проекта «500+»",
     [("organization", "Управление образования"), ("role", "Муниципальный координатор проекта «500+»")]),
    # 002 item 13
    ("Министерство, АИРО", [("organization", "Министерство"), ("organization", "АИРО")]),
    # 002 item 10: the definition is cut off; the initials inside the quotes are no person
    ("КАУ ДПО «АИРО имени А.М. Топорова» (далее – АИРО)", [("organization", "КАУ ДПО «АИРО имени А.М. Топорова»")]),
    # remarks are not part of a party
    ("Руководители ОО (по согласованию)", [("role", "Руководители ОО")]),
])
def test_cell_to_parties(cell, expected):
    assert parties(cell) == expected


def test_definition_is_reported():
    party, = cell_to_parties("Министерство образования и науки Алтайского края (далее – «Министерство»)")
    assert (party.name, party.definition) == ("Министерство образования и науки Алтайского края", "Министерство")


@pytest.mark.parametrize("cell, expected", [
    # 004 5.1: one person with a position
    ("Кудрина И.В., начальник отдела общего образования и инновационной деятельности",
     [("Кудрина", "начальник отдела общего образования и инновационной деятельности")]),
    # 004 1.1.1: "Name, post Name, post": each post belongs to the name before it
    ("Машина Т.В., заместитель начальника Управления образования Кудрина И.В., начальник отдела общего "
     "образования и инновационной деятельности,",
     [("Машина", "заместитель начальника Управления образования"),
      ("Кудрина", "начальник отдела общего образования и инновационной деятельности")]),
    # 004 8.2: two "Name, post" without a separator between them
    ("Звонкова Т.А., главный специалист отдела общего образования и инновационной деятельности Евсеева И.Ю., "
     "консультант сектора контроля качества отдела общего образования и инновационной деятельности",
     [("Звонкова", "главный специалист отдела общего образования и инновационной деятельности"),
      ("Евсеева", "консультант сектора контроля качества отдела общего образования и инновационной деятельности")]),
    # r01: the post before the name
    ("Проректор по АХР Ермолов М.В.", [("Ермолов", "Проректор по АХР")]),
    # 004 7.5: trailing full stop dropped from the position
    ("Маева И.А., главный специалист отдела общего образования и инновационной деятельности.",
     [("Маева", "главный специалист отдела общего образования и инновационной деятельности")]),
])
def test_person_positions_in_cells(cell, expected):
    got = [(p.person.surname, p.position) for p in cell_to_parties(cell) if p.kind == "person"]
    assert got == expected


def test_plural_after_a_person_is_another_party():
    # 004 7.7: "руководители ГМО" is a group, not Кудрина's position
    got = [(p.kind, p.name, p.position) for p in cell_to_parties(
        "Кудрина И.В., начальник отдела общего образования и инновационной деятельности, руководители ГМО")]
    assert got == [("person", "Кудрина И.В.", "начальник отдела общего образования и инновационной деятельности"),
                   ("role", "Руководители ГМО", None)]


def test_person_in_brackets_is_the_roles_person():
    party, = cell_to_parties("Муниципальный координатор (Соловьева О.В.)")
    assert (party.kind, party.name, party.role_person.surname) == ("role", "Муниципальный координатор", "Соловьева")


@pytest.mark.parametrize("cell, expected", [
    ("МБОУ «СОШ № 2» (Сидорова А.А.)", [("organization", "МБОУ «СОШ № 2»"), ("person", "Сидорова А.А.")]),
    ("Отдел образования (Петров П.П.), ИМЦ",
     [("organization", "Отдел образования"), ("person", "Петров П.П."), ("organization", "ИМЦ")]),
    ("Руководители ОО (по согласованию)", [("role", "Руководители ОО")]),
])
def test_person_in_brackets_after_an_organisation_is_a_party_too(cell, expected):
    assert [(p.kind, p.name) for p in cell_to_parties(cell)] == expected


@pytest.mark.parametrize("cell, expected", [
    # line breaks of the PDF cells (pdfplumber) of 000, 001, 003
    ("Центр непрерывного\nпрофессионального\nпедагогического мастерства,\nдепартамент общего и\nдополнительного\n"
     "образования Министерства\nпросвещения и воспитания\nУльяновской области",
     "Центр непрерывного профессионального педагогического мастерства,\nдепартамент общего и дополнительного "
     "образования Министерства просвещения и воспитания Ульяновской области"),
    ("Участник проекта в\n2021 году (МОУ\n«Желябовская\nшкола»),\nмуниципальный\nкоординатор",
     "Участник проекта в 2021 году (МОУ «Желябовская школа»),\nмуниципальный координатор"),
    ("ДТ «Кванториум», центры\n«ИТ-куб», «Точка роста»", "ДТ «Кванториум», центры «ИТ-куб», «Точка роста»"),
    ("Гайворонская Н.И.\nСуворина Т.В.", "Гайворонская Н.И.\nСуворина Т.В."),
    ("Управление\nобразования\nадминистрации\nрайона, участник\nпроекта", "Управление образования администрации района, участник проекта"),
    # a new party after a closed quoted name
    ("ОГАУ «Институт развития образования»\nмуниципальные образования",
     "ОГАУ «Институт развития образования»\nмуниципальные образования"),
    # DOCX paragraphs: an abbreviation or a shortened word on its own line opens a party
    ("Директор\nЗУВР", "Директор\nЗУВР"),
    ("Учит.-пред\nРук.ШМО", "Учит.-пред\nРук.ШМО"),
    # r01: a hyphenated word broken before its hyphen
    ("Проректор по\nадминистративно\n-хозяйственной\nработе.", "Проректор по административно-хозяйственной работе."),
    # an empty line always separates
    ("руководитель кружка\n\nфизрук", "руководитель кружка\nфизрук"),
])
def test_cell_to_text(cell, expected):
    assert cell_to_text(cell) == expected


@pytest.mark.parametrize("cell", [
    "Департамент общего и\nдополнительного\nобразования Министерства\nпросвещения и воспитания\n"
    "Ульяновской области,\nОГАОУ «Институт развития\nобразования»",
    "Департамент общего и дополнительного образования Министерства просвещения и воспитания Ульяновской области, "
    "ОГАОУ «Институт развития образования»",
])
def test_pdf_and_dump_cells_give_the_same_parties(cell):
    assert parties(cell) == [
        ("organization", "Департамент общего и дополнительного образования Министерства просвещения и воспитания "
                         "Ульяновской области"),
        ("organization", "ОГАОУ «Институт развития образования»")]


def test_latin_look_alikes_are_read_as_cyrillic():
    # OCR: Latin "C" in the surname, Latin "O" in the legal form
    assert parties("Cуворина Т.В., OГАУ «Институт развития образования»") == [
        ("person", "Суворина Т.В."), ("organization", "ОГАУ «Институт развития образования»")]


@pytest.mark.parametrize("cell", [None, "", "   ", "\n\n"])
def test_empty_cells(cell):
    assert cell_to_parties(cell) == []


@pytest.mark.parametrize("cell, expected", [
    ("Ответственный: Мельник В.В.", [("person", "Мельник В.В.", None)]),
    ("Ответственный исполнитель – Кравец Н.И.", [("person", "Кравец Н.И.", None)]),
    ("Ответственные - отдел образования, ИМЦ", [("organization", "Отдел образования", None), ("organization", "ИМЦ", None)]),
    ("Ответственный за ведение сайта", [("role", "Ответственный за ведение сайта", None)]),  # a role, not a label
])
def test_the_headers_word_as_a_label_before_a_colon_is_no_party(cell, expected):
    assert [(p.kind, p.name, p.position) for p in cell_to_parties(cell)] == expected


@pytest.mark.parametrize("cell, expected", [
    ("Иванов И.", [("person", "Иванов И.")]),  # one initial
    ("Ли В.", [("person", "Ли В.")]),
    ("ИВАНОВ И.И.", [("person", "ИВАНОВ И.И.")]),  # a surname in capitals, beside initials
    ("И.И. ИВАНОВ", [("person", "И.И. ИВАНОВ")]),
    ("ОГАУ ИРО", [("organization", "ОГАУ ИРО")]),  # capitals without initials stay an organisation
    ("Отдел О.", [("organization", "Отдел О.")]),  # a listed noun is no surname
    # a name after "им." / "имени" is the organisation's
    ("МБОУ СОШ им. И.П. Иванова", [("organization", "МБОУ СОШ им. И.П. Иванова")]),
])
def test_less_usual_printings_of_a_name(cell, expected):
    assert [(p.kind, p.name) for p in cell_to_parties(cell)] == expected
