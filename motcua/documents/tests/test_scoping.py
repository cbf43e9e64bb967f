"""The dossier's forms on screen and through the API pass the shared scoping checks."""

from django.urls import reverse

from motcua.core.tests.scoping import StaffEndpoint, StaffScreen
from motcua.dossiers.tests.test_scoping import A_STAFF, B_STAFF, DossierOfA


class TestPrintPage(DossierOfA, StaffScreen):
    path = staticmethod(lambda env, d: reverse("documents:print", args=[d.code, "receipt"]))
    allowed, refused = A_STAFF, B_STAFF


class TestFormPdf(DossierOfA, StaffScreen):
    path = staticmethod(lambda env, d: reverse("documents:form_pdf", args=[d.code, "control_sheet"]))
    allowed, refused = A_STAFF, B_STAFF


class TestRegister(StaffScreen):
    path = staticmethod(lambda env, _x: reverse("documents:register"))
    allowed = ("reception_a", "processing_a", "leader_a", "reception_b", "admin")


class TestFormEndpoint(DossierOfA, StaffEndpoint):
    path = staticmethod(lambda env, d: f"/api/v1/dossiers/{d.code}/forms/receipt")
    allowed, refused = A_STAFF, B_STAFF
