"""normalize.metadata.plan_year: the whole plan-year policy and the source it reports."""
from __future__ import annotations

from datetime import date

import pytest

from normalize.metadata import PlanYear, order_to_plan_year, plan_year_hints

D = date.fromisoformat


@pytest.mark.parametrize("years, hints, doc_date, title, text, override, expected", [
    # the table's written years decide, the most common, the later on a tie
    ([(2022,), (2022, 2023), (2023,), (2022,)], [2021], D("2021-12-30"), "Об утверждении плана", "", None,
     PlanYear(2022, False, "table")),
    ([(2022,), (2023,)], [], None, None, "", None, PlanYear(2023, False, "table")),
    # cells without a year (None) do not count
    ([None, None], [2024, 2025], D("2023-12-01"), None, "", None, PlanYear(2024, False, "text")),
    ([], [], D("2021-03-15"), None, "", None, PlanYear(2021, False, "date")),
    ([], [], None, None, "", None, PlanYear(None, False, None)),
    # a school-year plan is for the year it starts, whatever the table says
    ([(2016,), (2016,)], [], None, "План на 2015/2016 учебный год", "", None, PlanYear(2015, True, "school_year")),
    ([], [], None, None, "ПЛАН\nна 2021-22 уч. год", None, PlanYear(2021, True, "school_year")),
    # the caller's year wins over everything, the school year is still a school year
    ([(2022,)], [], None, "на 2015–2016 учебный год", "", 2030, PlanYear(2030, True, "settings")),
    ([], [], None, None, "", 2030, PlanYear(2030, False, "settings")),
])
def test_order_to_plan_year(years, hints, doc_date, title, text, override, expected):
    assert order_to_plan_year(years, hints, doc_date, title, text, override) == expected


@pytest.mark.parametrize("text, hints", [
    ("на 2022 год", [2022]),
    ("на 2022-2024 годы", [2022, 2023, 2024]),
    ("2024-2025 учебный год", [2024]),
    ("в 2023 году и на 2021–2022 учебный год", [2023, 2021]),
    ("приказ № 5 от 2019", []),
])
def test_plan_year_hints(text, hints):
    assert plan_year_hints(text) == hints


@pytest.mark.parametrize("kwargs", [dict(year=2022, source="guess"), dict(year=2022), dict(year=None, source="table")])
def test_plan_year_is_consistent(kwargs):
    with pytest.raises(ValueError):
        PlanYear(**kwargs)
