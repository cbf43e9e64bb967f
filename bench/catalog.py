"""Catalogue listing and search with 5,000 published procedures (issue 4).

    .venv/bin/python bench/catalog.py                       # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/catalog.py

Goal: each page of the public list and of a search stays under 50 ms (server time, measured
through the Django test client: URL routing, query, template).
"""

import random
import statistics
import time

from db import bench_database

N = 5_000
WORDS = [
    "đăng ký",
    "cấp",
    "giấy phép",
    "chứng thực",
    "hộ kinh doanh",
    "đất đai",
    "xây dựng",
    "khai sinh",
    "kết hôn",
    "thay đổi",
    "cấp lại",
    "gia hạn",
    "xác nhận",
    "trợ cấp",
    "lao động",
]


def populate():
    from django.utils import timezone

    from motcua.catalog.models import Field, Procedure, ProcedureVersion
    from motcua.core.text import fold

    rnd = random.Random(4)
    fields = [Field.objects.create(code=f"F{i}", name=f"Lĩnh vực {i} {rnd.choice(WORDS)}") for i in range(40)]
    procedures = [Procedure(code=f"{i % 3 + 1}.{i:06d}", status="published") for i in range(N)]
    Procedure.objects.bulk_create(procedures, batch_size=1000)
    procedures = list(Procedure.objects.order_by("pk"))
    versions = []
    for p in procedures:
        name = " ".join(rnd.sample(WORDS, 3)).capitalize() + f" số {p.pk}"
        versions.append(
            ProcedureVersion(
                procedure=p,
                number=1,
                state="published",
                effective_from=timezone.localdate(),
                published_at=timezone.now(),
                name=name,
                field=rnd.choice(fields),
                levels=["commune"],
                applicant_types=["citizen"],
                statutory_value=3,
                statutory_unit="working_days",
                online_level=rnd.choice(["none", "partial", "full"]),
            )
        )
    ProcedureVersion.objects.bulk_create(versions, batch_size=1000)
    by_procedure = {v.procedure_id: v for v in ProcedureVersion.objects.select_related("field")}
    for p in procedures:
        v = by_procedure[p.pk]
        p.current_version, p.name, p.field, p.online_level, p.level_flags = v, v.name, v.field, v.online_level, "|commune|"
        p.search_text = fold(f"{p.code} {v.name} {v.field.name}")
    Procedure.objects.bulk_update(
        procedures, ["current_version", "name", "field", "online_level", "level_flags", "search_text"], batch_size=1000
    )


def timed(client, url, params, repeat=30):
    client.get(url, params)  # warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, params)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main():
    with bench_database() as connection:
        populate()
        from django.test import Client

        client = Client()
        print(f"Catalogue with {N:,} published procedures on {connection.vendor}: server time per page (median / p95, ms)")
        cases = [
            ("list, page 1", "/procedures/", {}),
            ("list, page 120", "/procedures/", {"page": 120}),
            ("search 'dang ky' (no diacritics)", "/procedures/", {"q": "dang ky"}),
            ("search 'CHỨNG THỰC khai sinh'", "/procedures/", {"q": "CHỨNG THỰC khai sinh"}),
            ("search + field + online level", "/procedures/", {"q": "cap", "field": "F3", "online_level": "full"}),
            ("search with no match", "/procedures/", {"q": "khong co gi"}),
            ("API list, search", "/api/v1/procedures", {"q": "giay phep"}),
        ]
        for label, url, params in cases:
            median, p95 = timed(client, url, params)
            print(f"  {label:<36} {median:6.1f} / {p95:6.1f}")


if __name__ == "__main__":
    main()
