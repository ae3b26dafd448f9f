"""Property tests: the text-dump parser, the table assembly, the deadline parser and the executor
resolver never raise on any input, and their invariants hold (fuzz/invariants.py)."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalize.dates.lexer import MAX_YEAR, MIN_YEAR
from fuzz.invariants import check_deadline, check_executors, check_tables, check_text_dump
from parsers.intermediate import RawTable, TableRow

# a few dozen examples per property keep the file well under 30 s; PROPERTY_EXAMPLES=2000 explores
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "60"))
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, derandomize="PROPERTY_EXAMPLES" not in os.environ,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")

# surname paradigms (nomn, gent, datv, accs, ablt, loct) for a man and a woman, one or more per
# type; a type that does not decline for one gender repeats its nominative
SURNAMES = {
    "possessive -ов": (["Смирнов", "Смирнова", "Смирнову", "Смирнова", "Смирновым", "Смирнове"],
                       ["Смирнова", "Смирновой", "Смирновой", "Смирнову", "Смирновой", "Смирновой"]),
    "possessive -ев": (["Соловьев", "Соловьева", "Соловьеву", "Соловьева", "Соловьевым", "Соловьеве"],
                       ["Соловьева", "Соловьевой", "Соловьевой", "Соловьеву", "Соловьевой", "Соловьевой"]),
    "possessive -ин": (["Кудрин", "Кудрина", "Кудрину", "Кудрина", "Кудриным", "Кудрине"],
                       ["Кудрина", "Кудриной", "Кудриной", "Кудрину", "Кудриной", "Кудриной"]),
    "adjectival -ский": (["Гайворонский", "Гайворонского", "Гайворонскому", "Гайворонского", "Гайворонским",
                          "Гайворонском"],
                         ["Гайворонская", "Гайворонской", "Гайворонской", "Гайворонскую", "Гайворонской",
                          "Гайворонской"]),
    "adjectival -цкий": (["Трубецкой", "Трубецкого", "Трубецкому", "Трубецкого", "Трубецким", "Трубецком"],
                         ["Трубецкая", "Трубецкой", "Трубецкой", "Трубецкую", "Трубецкой", "Трубецкой"]),
    "adjectival -ой": (["Толстой", "Толстого", "Толстому", "Толстого", "Толстым", "Толстом"],
                       ["Толстая", "Толстой", "Толстой", "Толстую", "Толстой", "Толстой"]),
    "adjectival -ый": (["Терновый", "Тернового", "Терновому", "Тернового", "Терновым", "Терновом"],
                       ["Терновая", "Терновой", "Терновой", "Терновую", "Терновой", "Терновой"]),
    "consonant Жук": (["Жук", "Жука", "Жуку", "Жука", "Жуком", "Жуке"], ["Жук"] * 6),
    "consonant Блок": (["Блок", "Блока", "Блоку", "Блока", "Блоком", "Блоке"], ["Блок"] * 6),
    "consonant Шевчук": (["Шевчук", "Шевчука", "Шевчуку", "Шевчука", "Шевчуком", "Шевчуке"], ["Шевчук"] * 6),
    "consonant Ковальчук": (["Ковальчук", "Ковальчука", "Ковальчуку", "Ковальчука", "Ковальчуком", "Ковальчуке"],
                            ["Ковальчук"] * 6),
    "fleeting vowel Швец": (["Швец", "Швеца", "Швецу", "Швеца", "Швецом", "Швеце"], ["Швец"] * 6),
    "fleeting vowel Бондарец": (["Бондарец", "Бондарца", "Бондарцу", "Бондарца", "Бондарцом", "Бондарце"],
                                ["Бондарец"] * 6),
    "-а Сковорода": (["Сковорода", "Сковороды", "Сковороде", "Сковороду", "Сковородой", "Сковороде"],
                     ["Сковорода", "Сковороды", "Сковороде", "Сковороду", "Сковородой", "Сковороде"]),
    "-а Кочерга": (["Кочерга", "Кочерги", "Кочерге", "Кочергу", "Кочергой", "Кочерге"],
                   ["Кочерга", "Кочерги", "Кочерге", "Кочергу", "Кочергой", "Кочерге"]),
    "-я Зозуля": (["Зозуля", "Зозули", "Зозуле", "Зозулю", "Зозулей", "Зозуле"],
                  ["Зозуля", "Зозули", "Зозуле", "Зозулю", "Зозулей", "Зозуле"]),
    "-й Гайдай": (["Гайдай", "Гайдая", "Гайдаю", "Гайдая", "Гайдаем", "Гайдае"], ["Гайдай"] * 6),
    "-ь Гоголь": (["Гоголь", "Гоголя", "Гоголю", "Гоголя", "Гоголем", "Гоголе"], ["Гоголь"] * 6),
    "-ко": (["Бойко"] * 6, ["Бойко"] * 6),
    "-енко": (["Шевченко"] * 6, ["Шевченко"] * 6),
    "-ых": (["Черных"] * 6, ["Черных"] * 6),
    "-их": (["Долгих"] * 6, ["Долгих"] * 6),
    "-аго": (["Живаго"] * 6, ["Живаго"] * 6),
    "hyphenated": (["Петров-Водкин", "Петрова-Водкина", "Петрову-Водкину", "Петрова-Водкина",
                    "Петровым-Водкиным", "Петрове-Водкине"],
                   ["Петрова-Водкина", "Петровой-Водкиной", "Петровой-Водкиной", "Петрову-Водкину",
                    "Петровой-Водкиной", "Петровой-Водкиной"]),
}
FIRST_NAMES = {
    "masc": [["Иван", "Ивана", "Ивану", "Ивана", "Иваном", "Иване"],
             ["Олег", "Олега", "Олегу", "Олега", "Олегом", "Олеге"]],
    "femn": [["Ольга", "Ольги", "Ольге", "Ольгу", "Ольгой", "Ольге"],
             ["Анна", "Анны", "Анне", "Анну", "Анной", "Анне"]],
}
PATRONYMICS = {
    "masc": [["Петрович", "Петровича", "Петровичу", "Петровича", "Петровичем", "Петровиче"],
             ["Сергеевич", "Сергеевича", "Сергеевичу", "Сергеевича", "Сергеевичем", "Сергеевиче"]],
    "femn": [["Ивановна", "Ивановны", "Ивановне", "Ивановну", "Ивановной", "Ивановне"],
             ["Сергеевна", "Сергеевны", "Сергеевне", "Сергеевну", "Сергеевной", "Сергеевне"]],
}
GENDERS = ("masc", "femn")
LAYOUTS = ("surname_first", "name_first", "initials_after", "initials_before")


@st.composite
def person_mentions(draw):
    """(printed mention, expected "Фамилия И.О.", case) for a generated person."""
    kind = draw(st.sampled_from(sorted(SURNAMES)))
    gender = draw(st.sampled_from(GENDERS))
    case = draw(st.sampled_from(range(len(CASES))))
    layout = draw(st.sampled_from(LAYOUTS))
    surname = SURNAMES[kind][GENDERS.index(gender)]
    first = draw(st.sampled_from(FIRST_NAMES[gender]))
    patronymic = draw(st.sampled_from(PATRONYMICS[gender]))
    initials = f"{first[0][0]}.{patronymic[0][0]}."
    if layout.startswith("initials"):
        case = 0  # a bare "Фамилия И.О." in a cell is nominative: nothing tells another case
    printed = {
        "surname_first": f"{surname[case]} {first[case]} {patronymic[case]}",
        "name_first": f"{first[case]} {patronymic[case]} {surname[case]}",
        "initials_after": f"{surname[case]} {initials}",
        "initials_before": f"{initials} {surname[case]}",
    }[layout]
    return printed, f"{surname[0]} {initials}", CASES[case]


@given(st.lists(person_mentions(), min_size=1, max_size=3), st.sampled_from([", ", "; ", "\n", ",\n"]),
       st.sampled_from(["", "директор школы ", "заместитель министра "]))
@BOUNDED
def test_executor_cells_of_every_surname_type_resolve_or_warn(mentions, separator, position):
    cell = separator.join(position + printed for printed, _, _ in mentions)
    row = check_executors([cell])[0]
    names = [e.name for e in row.executors if e.kind == "person"]
    for printed, expected, case in mentions:
        # the right nominative, or a warning that the cell's reading is uncertain
        assert expected in names or row.warnings, (cell, names)


# the (type, gender, case) whose printed form two nominatives of the same type explain, so the
# resolver may pick either and must warn: an -ый/-ой adjective (Тернового: Терновый or Терновой;
# Трубецкого: Трубецкий or Трубецкой) and -ов beside -овый (Терновым: Тернов or Терновый;
# Терновой: Тернова or Терновая)
UNDETERMINED = {
    ("adjectival -цкий", "masc", case) for case in ("gent", "datv", "accs", "ablt", "loct")
} | {("adjectival -ый", "masc", case) for case in ("gent", "datv", "accs", "ablt", "loct")
     } | {("adjectival -ый", "femn", case) for case in ("gent", "datv", "ablt", "loct")}


def _full_name_cases():
    for kind, paradigms in sorted(SURNAMES.items()):
        for g, gender in enumerate(GENDERS):
            for c, case in enumerate(CASES):
                yield kind, gender, c


@pytest.mark.parametrize("kind, gender, case", list(_full_name_cases()))
@pytest.mark.parametrize("layout", ["surname_first", "name_first"])
def test_full_names_of_every_surname_type_to_the_right_nominative(kind, gender, case, layout):
    """Every generated (surname type, gender, case), printed with a first name and patronymic
    that fix gender and case, resolves to the nominative the hand-written paradigm gives, or,
    where two nominatives explain the form, warns."""
    surname = SURNAMES[kind][GENDERS.index(gender)]
    first, patronymic = FIRST_NAMES[gender][0], PATRONYMICS[gender][0]
    printed = (f"{surname[case]} {first[case]} {patronymic[case]}" if layout == "surname_first"
               else f"{first[case]} {patronymic[case]} {surname[case]}")
    expected = f"{surname[0]} {first[0][0]}.{patronymic[0][0]}."
    row = check_executors([printed])[0]
    names = [e.name for e in row.executors if e.kind == "person"]
    if (kind, gender, CASES[case]) in UNDETERMINED:
        assert expected in names or row.warnings, (printed, names)
    else:
        assert names == [expected], (printed, names, row.warnings)


@pytest.mark.parametrize("cell, name", [
    ("Шевчук Олег Петрович", "Шевчук О.П."),
    ("Жук Иван Петрович", "Жук И.П."),
    ("Сковорода Ольга Ивановна", "Сковорода О.И."),
    ("Ковальчук Анны Сергеевны", "Ковальчук А.С."),  # a woman's consonant surname does not decline
    ("Гоголь Николай Васильевич", "Гоголь Н.В."),
    ("Гайдай Леонид Иович", "Гайдай Л.И."),
    ("Бондарец Ольга Ивановна", "Бондарец О.И."),
    ("Шевченко Тарас Григорьевич", "Шевченко Т.Г."),
    ("Черных Анна Петровна", "Черных А.П."),
    ("Ирина Петровна Жук", "Жук И.П."),
])
def test_nominative_full_names_of_any_surname_type(cell, name):
    row = check_executors([cell])[0]
    assert [(e.kind, e.name, e.text) for e in row.executors] == [("person", name, cell)]
    assert row.warnings == []


@pytest.mark.parametrize("cell, name", [
    ("Жука Ивана Петровича", "Жук И.П."),
    ("Гоголя Николая Васильевича", "Гоголь Н.В."),
    ("Сковороды Ольги Ивановны", "Сковорода О.И."),
    ("Бондарцу Олегу Петровичу", "Бондарец О.П."),
    ("Гайдаем Иваном Петровичем", "Гайдай И.П."),
])
def test_declined_full_name_of_any_type_to_the_nominative(cell, name):
    row = check_executors([cell])[0]
    assert [(e.kind, e.name) for e in row.executors] == [("person", name)]
    assert row.warnings == []


@pytest.mark.parametrize("cell, name", [
    ("Бабуре Ольге Ивановне", "Бабура О.И."),  # Бабура or Бабуря: the first, with a warning
])
def test_uncertain_surname_warns(cell, name):
    row = check_executors([cell])[0]
    assert row.executors[0].name == name and any(cell in w and name in w for w in row.warnings)


# -- deadline parser ------------------------------------------------------------------------------

DEADLINE_WORDS = [
    "январь", "января", "февраль", "март", "марта", "апрель", "май", "мая", "июнь", "июля", "август",
    "сентябрь", "октября", "ноябрь", "декабрь", "декабря", "Январь", "МАРТ", "квартал", "квартала", "I", "II",
    "III", "IV", "полугодие", "года", "год", "г.", "гг.", "до", "не позднее", "в течение", "по", "с", "к",
    "ежемесячно", "ежеквартально", "еженедельно", "ежегодно", "постоянно", "по графику", "по запросу",
    "в соответствии с планом", "учебного", "до конца", "начало", "середина", "конец", "декада", "и", ",",
    "-", "–", "—", ";", ".", "/", "(", ")", "\n", "далее", "ежегодно до 1 числа", "раз в", "месяц",
]


@st.composite
def deadline_texts(draw):
    token = st.one_of(
        st.sampled_from(DEADLINE_WORDS),
        st.integers(0, 3000).map(str),
        st.tuples(st.integers(0, 40), st.integers(0, 14), st.integers(0, 2100)).map(lambda t: "%02d.%02d.%d" % t),
        st.integers(0, 99).map(lambda n: "%02d" % n),
        st.text(max_size=4),
    )
    words = draw(st.lists(token, max_size=12))
    return draw(st.sampled_from([" ", "", "  "])).join(words)


@given(deadline_texts(), st.one_of(st.none(), st.integers(1990, 2040)), st.booleans())
@BOUNDED
def test_deadline_parser_never_raises_and_keeps_its_invariants(text, plan_year, academic):
    check_deadline(text, plan_year, academic)


@given(st.text(max_size=60), st.one_of(st.none(), st.integers(MIN_YEAR, MAX_YEAR)))
@BOUNDED
def test_deadline_parser_on_any_text(text, plan_year):
    check_deadline(text, plan_year)


# -- table assembly -------------------------------------------------------------------------------

HEADER_CELLS = ["№ п/п", "№", "Мероприятие", "Наименование мероприятия", "Срок", "Срок исполнения",
                "Ответственные исполнители", "Исполнитель", "Ожидаемый результат", "Показатель",
                "Информационное сопровождение", "Примечание", "2022", "2023", ""]
BODY_CELLS = ["1.", "1.1.", "2", "3.4.", "I.", "1)", "", " ", "Организационные мероприятия",
              "Провести совещание", "провести\nсовещание", "Январь 2023", "до 1 марта 2023 г.", "2023-\n2024",
              "Иванова А.А.", "Управление образования", "Итого", "1\t2", "<p>текст</p>", "**Раздел**",
              "1\n2\n3", "https://example.ru/x", "Раздел 2. Кадры"]


def raw_tables():
    cell = st.one_of(st.sampled_from(HEADER_CELLS + BODY_CELLS), st.text(max_size=12))
    row = st.builds(TableRow, cells=st.lists(cell, max_size=7), page=st.one_of(st.none(), st.integers(1, 5)))
    header = st.builds(TableRow, cells=st.lists(st.sampled_from(HEADER_CELLS), min_size=1, max_size=7),
                       page=st.just(1))
    edges = st.one_of(st.none(), st.lists(st.floats(0, 1000, allow_nan=False), max_size=8))
    table = st.builds(lambda h, body, e, lb: RawTable(rows=h + body, column_edges=e, line_breaks=lb),
                      st.lists(header, max_size=2), st.lists(row, max_size=10), edges,
                      st.sampled_from(["printed", "paragraph"]))
    return st.lists(table, max_size=3)


@given(raw_tables())
@BOUNDED
def test_table_assembly_never_raises_on_random_tables(tables):
    check_tables(tables)


# -- text-dump parser -----------------------------------------------------------------------------

DUMP_LINES = ["ПРИКАЗ", "10.01.2023 № 5", "Об утверждении плана на 2023 год", "",
              "\t".join(HEADER_CELLS[:5]), "1.\tПровести совещание\tЯнварь 2023\tИванова А.А.\tПротокол",
              "1.1.\t<p>Разработать</p><p>план</p>\tдо 1 марта\tУправление образования\t",
              "2. Кадровые условия", "\t\t\t", "\t", "**Итого**\t\t\t\t\t\t\t\t", "Приложение № 1"]


@given(st.lists(st.one_of(st.sampled_from(DUMP_LINES), st.text(max_size=20)), max_size=15),
       st.sampled_from(["\n", "\r\n", "\r"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1251"]))
@BOUNDED
def test_text_dump_parser_on_dump_like_text(lines, newline, encoding):
    check_text_dump(newline.join(lines).encode(encoding, errors="replace"))


@given(st.binary(max_size=300))
@BOUNDED
def test_text_dump_parser_on_any_bytes(data):
    check_text_dump(data)


# -- executor resolver on arbitrary cells ---------------------------------------------------------

EXECUTOR_PIECES = ["Иванова А.А.", "Управление образования", "директор", "ОО", "(далее – АИРО)", "АИРО",
                   "муниципальный координатор", "(Соловьева О.В.)", ",", ";", "\n", " и ", "«", "»", "-",
                   "Кудрину И.В., начальника отдела", "ОГАУ «ИРО»", "Т.В.", "РМО", "Жук Иван Петрович"]


@given(st.lists(st.lists(st.one_of(st.sampled_from(EXECUTOR_PIECES), st.text(max_size=8)), max_size=6)
                .map("".join), max_size=4),
       st.lists(st.sampled_from(EXECUTOR_PIECES + ["Назначить", "возложить на", "ПРИКАЗЫВАЮ:"]), max_size=8)
       .map(" ".join))
@BOUNDED
def test_executor_resolver_on_arbitrary_cells(cells, order_text):
    check_executors(cells + [None], order_text)
