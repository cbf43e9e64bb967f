"""Collecting fees at the desk (docs/rules.md section 8): the amounts from the catalogue, the
officer's reductions with their ground, one numbered series per unit and year, receipts never
changed, the control sheet, the collections per unit."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.catalog import services as catalog
from motcua.catalog.spec import FeeSpec
from motcua.catalog.tests.conftest import make_spec
from motcua.core.models import AppendOnlyError
from motcua.dossiers import services as dossiers
from motcua.dossiers.errors import Conflict, Forbidden, Invalid
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.fixtures import APPLICANT
from motcua.fees import selectors, services
from motcua.fees.models import Receipt
from motcua.fees.services import LineIn

pytestmark = pytest.mark.django_db
CERTIFY_CODE = "2.000815"


@pytest.fixture
def certify(env):
    """Certifying copies in both communes: 2.000 đồng a page (1.000 from the third page, at most
    200.000 a copy) and a per-copy extract fee of 8.000 đồng."""
    spec = make_spec(
        code=CERTIFY_CODE,
        name="Chứng thực bản sao từ bản chính",
        competent_agencies=(env["a"].code, env["b"].code),
        receiving_agencies=(env["a_centre"].code, env["b_centre"].code),
        online_level="full",
        fees=(
            FeeSpec("Phí chứng thực bản sao", 2_000, "charge", "", unit="page", first_units=2, next_amount=1_000, max_amount=200_000),
            FeeSpec("Phí cấp bản sao trích lục", 8_000, "charge", "Người có công: miễn", unit="copy"),
        ),
    )
    catalog.publish(catalog.create_procedure(spec), effective_from=dt.date(2024, 1, 1), allow_past=True)

    def make(agency="a_centre"):
        return dossiers.receive_at_counter(
            actor=env["staff"]["reception_a" if agency == "a_centre" else "reception_b"],
            procedure_code=CERTIFY_CODE,
            receiving_agency_code=env[agency].code,
            applicant=APPLICANT,
        )

    return make


def test_fees_are_collected_by_the_catalogue_with_one_series_per_unit_and_year(env, certify):
    clerk = env["staff"]["reception_a"]
    d = certify()
    receipt = services.collect(d, [LineIn(0, copies=2, pages=5), LineIn(1, copies=2)], actor=clerk, method="cash")
    assert receipt.total == 14_000 + 16_000 and receipt.number == 1 and receipt.agency_id == env["a_centre"].pk
    year = timezone.localdate().year
    assert receipt.book.symbol == f"{year % 100:02d}BL" and receipt.display_number == f"{year % 100:02d}BL-0000001"
    assert [(x["name"], x["due"], x["amount"]) for x in receipt.lines] == [
        ("Phí chứng thực bản sao", 14_000, 14_000),
        ("Phí cấp bản sao trích lục", 16_000, 16_000),
    ]
    event = d.events.get(action="fee_collected")
    assert event.data["number"] == receipt.display_number and "30.000 đồng" in event.note and event.agency_id == env["a_centre"].pk
    with pytest.raises(Conflict):  # a fee is collected once per dossier
        services.collect(d, [LineIn(1, copies=1)], actor=clerk, method="cash")
    assert services.collect(certify(), [LineIn(1)], actor=clerk, method="qr").number == 2  # the series runs on, not per day or dossier
    assert (
        services.collect(certify("b_centre"), [LineIn(1)], actor=env["staff"]["reception_b"], method="transfer").number == 1
    )  # another unit's series


def test_a_reduction_is_recorded_with_its_ground_and_a_bad_one_writes_nothing(env, certify):
    clerk = env["staff"]["reception_a"]
    d = certify()
    before = (Receipt.objects.count(), DossierEvent.objects.count())
    for entries, error in (
        ([LineIn(1, reduced_to=0, ground="")], Invalid),
        ([LineIn(1, reduced_to=9_000, ground="Sai")], Invalid),
        ([LineIn(0, pages=0)], Invalid),
        ([LineIn(7)], Invalid),
        ([], Invalid),
        ([LineIn(1, reduced_to=0, ground="Người có công")], Invalid),
    ):
        with pytest.raises(error):
            services.collect(d, entries, actor=clerk, method="cash")  # the last: nothing left to pay
    with pytest.raises(Invalid):
        services.collect(d, [LineIn(1)], actor=clerk, method="bitcoin")
    assert (Receipt.objects.count(), DossierEvent.objects.count()) == before
    receipt = services.collect(
        d, [LineIn(0, copies=1, pages=3), LineIn(1, reduced_to=0, ground="Người có công với cách mạng")], actor=clerk, method="cash"
    )
    assert receipt.total == 5_000
    assert d.events.get(action="fee_collected").data["reduced"] == [
        {"name": "Phí cấp bản sao trích lục", "due": 8_000, "amount": 0, "ground": "Người có công với cách mạng"}
    ]


def test_only_the_receiving_desk_collects_and_only_a_received_dossier(env, certify):
    d = certify()
    for officer in (env["staff"]["processing_a"], env["staff"]["reception_b"]):
        with pytest.raises(Forbidden):
            services.collect(d, [LineIn(1)], actor=officer, method="cash")
    submitted = dossiers.submit(
        actor=None, procedure_code=CERTIFY_CODE, receiving_agency_code=env["a_centre"].code, applicant=APPLICANT, channel="online"
    )
    with pytest.raises(Conflict):
        services.collect(submitted, [LineIn(1)], actor=env["staff"]["reception_a"], method="cash")
    assert not Receipt.objects.exists()


def test_paying_at_the_desk_resumes_a_dossier_waiting_for_payment(env, certify):
    d = certify()
    d = dossiers.perform(d, "request_payment", actor=env["staff"]["processing_a"], amount=8_000)
    receipt = services.collect(d, [LineIn(1)], actor=env["staff"]["reception_a"], method="transfer")
    d.refresh_from_db()
    assert d.state == "processing" and d.events.get(action="payment_received").data["receipt"] == receipt.display_number


def test_a_receipt_is_never_changed(env, certify):
    receipt = services.collect(certify(), [LineIn(1)], actor=env["staff"]["reception_a"], method="cash")
    receipt.total = 1
    with pytest.raises(AppendOnlyError):
        receipt.save()
    with pytest.raises(AppendOnlyError):
        receipt.delete()
    assert Receipt.objects.get().total == 8_000


def test_the_desk_dialog_prints_the_receipt_and_keeps_input_on_error(env, certify, client):
    d = certify()
    client.force_login(env["staff"]["reception_a"])
    url = reverse("fees:collect", args=[d.code])
    page = client.get(url).content.decode()
    assert "Phí chứng thực bản sao" in page and "Phí cấp bản sao trích lục" in page
    detail = client.get(reverse("dossiers:detail", args=[d.code])).content.decode()
    assert 'id="collect-fees"' in detail and "10.000 đồng" in detail  # one page of one copy and one copy, by the catalogue
    form = {
        "version": d.version,
        "method": "cash",
        "payer_name": "Nguyễn Thị Bình",
        "payer_id": "",
        "fee0-take": "on",
        "fee0-copies": "1",
        "fee0-pages": "4",
        "fee0-reduction": "",
        "fee1-take": "on",
        "fee1-copies": "1",
        "fee1-pages": "1",
        "fee1-reduction": "reduce",
        "fee1-reduced_to": "",
        "fee1-ground": "",
    }
    r = client.post(url, form)
    assert r.status_code == 422 and 'name="fee0-pages" value="4"' in r.content.decode() and not Receipt.objects.exists()
    r = client.post(url, {**form, "fee1-reduced_to": "4000", "fee1-ground": "Hộ nghèo"})
    receipt = Receipt.objects.get()
    assert r.status_code == 302 and r.url == reverse("fees:receipt", args=[receipt.pk]) and receipt.total == 6_000 + 4_000
    printed = client.get(r.url).content.decode()
    assert receipt.display_number in printed and 'id="form-frame"' in printed
    pdf = client.get(reverse("fees:receipt_pdf", args=[receipt.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf["X-Frame-Options"] == "SAMEORIGIN"
    client.force_login(env["staff"]["reception_b"])  # another commune's desk sees neither the dossier nor the receipt
    assert client.get(url).status_code == 404 and client.get(reverse("fees:receipt_pdf", args=[receipt.pk])).status_code == 404


def test_collections_per_unit_and_period(env, certify, client):
    a, b = env["staff"]["reception_a"], env["staff"]["reception_b"]
    services.collect(certify(), [LineIn(0, copies=1, pages=2)], actor=a, method="cash")  # 4.000
    services.collect(certify(), [LineIn(1, copies=3)], actor=a, method="transfer")  # 24.000
    services.collect(certify("b_centre"), [LineIn(1, reduced_to=2_000, ground="Giảm 75%")], actor=b, method="qr")  # 2.000
    today = timezone.localdate()
    rows, total = selectors.collections(env["staff"]["admin"], today, today)
    assert [
        (r.agency.pk, r.receipts, r.total, r.by_method["cash"], r.by_method["transfer"], r.by_method["qr"], r.reduced_lines) for r in rows
    ] == [(env["a_centre"].pk, 2, 28_000, 4_000, 24_000, 0, 0), (env["b_centre"].pk, 1, 2_000, 0, 0, 2_000, 1)]
    assert (total.receipts, total.total, total.reduced_lines) == (3, 30_000, 1)
    own, _total = selectors.collections(a, today, today)
    assert [r.agency.pk for r in own] == [env["a_centre"].pk]
    assert selectors.collections(env["staff"]["admin"], today - dt.timedelta(days=9), today - dt.timedelta(days=1)) == ([], None)
    client.force_login(env["staff"]["admin"])
    r = client.get(reverse("fees:collections"), {"start": today.isoformat(), "end": today.isoformat(), "format": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "Độc lập - Tự do - Hạnh phúc" in cells and 30_000 in cells and 28_000 in cells
    assert client.get(reverse("fees:collections"), {"start": today.isoformat(), "end": "2001-01-01"}).status_code == 422
    page = client.get(reverse("fees:collections"), {"start": today.isoformat(), "end": today.isoformat()}).content.decode()
    assert "30.000 đồng" in page and "28.000 đồng" in page
