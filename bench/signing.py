"""Signing and verification benchmarks (issue 22), on PostgreSQL with the demo PKI.

    .venv/bin/python bench/signing.py            # needs PostgreSQL on 127.0.0.1 (user postgres)

1. The receipt (form 01) rendered without a signature, the signature alone (PAdES, visible stamp,
   the register row), and the whole signed receipt as the print page makes it: what signing
   adds to the desk's receipt.
2. Verifying a signed receipt (``/verify/`` and the public API do the same), and a tampered one.
3. An electronic result: the PDF/A-2b rewrite (Ghostscript) a leader's signature starts with,
   on a one-page scanned result and on the ten-page receipt-like text PDF.
Environment: BENCH_REPEAT (default 30).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "motcua_bench_signing"
REPEAT = int(os.environ.get("BENCH_REPEAT", 30))
os.environ["SIGNING_KEY_DIR"] = tempfile.mkdtemp(prefix="motcua-bench-pki-")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from db import drop_postgres, recreate_postgres, use_postgres  # noqa: E402

use_postgres(DB)


def ms(values):
    values = sorted(values)
    p95 = values[int(len(values) * 0.95) - 1]
    return f"p50 {statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def timed(fn, repeat=REPEAT):
    fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main():
    recreate_postgres(DB)
    from django.core.management import call_command

    from motcua.accounts.models import User
    from motcua.core import pdfa
    from motcua.core.pdf import Seal, render_pdf
    from motcua.documents import rendering
    from motcua.dossiers import services
    from motcua.dossiers.services import Applicant
    from motcua.signatures.services import seal_pdf
    from motcua.signatures.verification import verify

    call_command("migrate", verbosity=0)
    call_command("load_demo", dossiers=0, verbosity=0)
    desk = User.objects.get(username="tiepnhan.xa3")
    d = services.receive_at_counter(
        actor=desk,
        procedure_code="1.001193",
        receiving_agency_code="000.23.01.H38",
        applicant=Applicant(name="Nguyễn Thị Hương", id_number="068190001234", phone="0912345678", address="12 Trần Phú"),
    )
    ctx = rendering.form_context(d, "receipt")
    row = rendering.template_for("receipt", rendering.reference_date(d))
    ctx["form"] = row
    unsigned = render_pdf(rendering.compiled(row), ctx)
    seal = Seal(agency=d.receiving_agency, kind="receipt", dossier_code=d.code)
    plain = timed(lambda: render_pdf(rendering.compiled(row), ctx))
    signing = timed(lambda: seal_pdf(unsigned, seal))
    whole = timed(lambda: rendering.render_form(d, "receipt"))
    signed = rendering.render_form(d, "receipt").pdf
    print(f"Receipt without signature: {ms(plain)}")
    print(f"Signature alone (PAdES, stamp, register): {ms(signing)}  <- added to each receipt (goal <= 150 ms)")
    print(f"Signed receipt as printed ({len(signed) // 1024} KB): {ms(whole)}")
    at = signed.index(b"stream") + 20
    tampered = signed[:at] + bytes([signed[at] ^ 1]) + signed[at + 1 :]
    assert verify(signed).valid and not verify(tampered).valid
    print(f"Verify a signed receipt: {ms(timed(lambda: verify(signed)))}")
    print(f"Verify a tampered receipt: {ms(timed(lambda: verify(tampered)))}")
    scan = _scanned_page()
    print(f"PDF/A-2b rewrite of a scanned one-page result ({len(scan) // 1024} KB): {ms(timed(lambda: pdfa.convert(scan), 10))}")
    receipt = f"PDF/A-2b rewrite of the receipt ({len(unsigned) // 1024} KB, its text and fonts)"
    print(f"{receipt}: {ms(timed(lambda: pdfa.convert(unsigned), 10))}")
    drop_postgres(DB)


def _scanned_page() -> bytes:
    import io

    from PIL import Image

    from motcua.dossiers.demo import demo_scan

    out = io.BytesIO()
    Image.open(io.BytesIO(demo_scan("Giấy khai sinh"))).convert("RGB").save(out, format="PDF", resolution=100)
    return out.getvalue()


if __name__ == "__main__":
    main()
