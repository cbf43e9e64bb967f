"""Regenerate motcua/organisations/data/admin_units.csv from public datasets.

This is a maintainer's tool, not a run-time dependency: the CSV it writes is committed and
loaded into the project's own tables by `manage.py load_admin_units`. Run it from a scratch
virtual environment when the official lists change:

    python -m venv /tmp/units && /tmp/units/bin/pip install vietnam-provinces vietnamadminunits
    /tmp/units/bin/python scripts/build_admin_units.py

Sources: the `vietnam-provinces` package (34 provinces and 3,321 communes in force since
1 July 2025, GSO codes) and the `vietnamadminunits` package (the 63 provinces and 696 districts
in force until 30 June 2025, and which old provinces merged into which new one).
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from importlib import resources
from pathlib import Path

REFORM_END = "2025-06-30"
REFORM_START = "2025-07-01"
OUT = Path(__file__).resolve().parent.parent / "motcua" / "organisations" / "data" / "admin_units.csv"


def main() -> int:
    nested = json.loads(resources.files("vietnam_provinces").joinpath("data/nested-divisions.json").read_text("utf-8"))
    vau = resources.files("vietnamadminunits").joinpath("data")
    merges = json.loads(vau.joinpath("converter_2025.json").read_text("utf-8"))["DICT_PROVINCE"]
    db = sqlite3.connect(str(vau.joinpath("dataset.db")))
    legacy_provinces = db.execute("select distinct provinceCode, province, provinceKey from admin_units_legacy").fetchall()
    new_provinces = {
        key: (code, name) for code, name, key in db.execute("select distinct provinceCode, province, provinceKey from admin_units")
    }
    legacy_key_to_new_code: dict[str, str] = {}
    for new_key, old_keys in merges.items():
        for old_key in old_keys:
            legacy_key_to_new_code[old_key] = new_provinces[new_key][0]

    rows: list[dict[str, str]] = []
    new_codes = {code for code, _ in new_provinces.values()}
    full_names = {code: name for code, name in new_provinces.values()}
    for code, name, key in sorted(legacy_provinces):
        if code in new_codes:
            continue  # a province that continued after 1/7/2025 is written once, below
        rows.append(_row("province", code, name, _kind(name), "", "", REFORM_END, legacy_key_to_new_code[key]))
    for province in sorted(nested, key=lambda p: p["code"]):
        pcode = f"{province['code']:02d}"
        name = full_names[pcode]
        rows.append(_row("province", pcode, name, province["division_type"], "", "", "", ""))
        for ward in sorted(province["wards"], key=lambda w: w["code"]):
            rows.append(_row("commune", f"{ward['code']:05d}", ward["name"], ward["division_type"], pcode, REFORM_START, "", ""))
    for dcode, dname, dtype, pcode in sorted(
        db.execute("select distinct districtCode, district, districtType, provinceCode from admin_units_legacy")
    ):
        rows.append(_row("district", dcode, dname, dtype.lower(), pcode, "", REFORM_END, ""))

    counts = {level: sum(1 for r in rows if r["level"] == level) for level in ("province", "district", "commune")}
    current_provinces = sum(1 for r in rows if r["level"] == "province" and not r["valid_to"])
    if current_provinces != 34 or counts["commune"] != 3321 or counts["province"] != 63 or counts["district"] != 696:
        print(f"unexpected counts: {counts}, current provinces {current_provinces}", file=sys.stderr)
        return 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} units to {OUT}: {counts}")
    return 0


def _kind(name: str) -> str:
    return "thành phố trung ương" if name.startswith("Thành phố") else "tỉnh"


def _row(level, code, name, kind, parent, valid_from, valid_to, successor) -> dict[str, str]:
    return {
        "level": level,
        "code": code,
        "name": name,
        "kind": kind,
        "parent_code": parent,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "successor_code": successor,
    }


if __name__ == "__main__":
    raise SystemExit(main())
