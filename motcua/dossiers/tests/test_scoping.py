"""Every dossier screen and endpoint passes the shared scoping checks (``core/tests/scoping.py``):
a dossier received at commune A's centre is seen by A's desk, processing officers and leader and
the province's administrator; commune B's staff do not find it."""

from django.urls import reverse

from motcua.core.tests.scoping import StaffEndpoint, StaffScreen
from motcua.dossiers import services
from motcua.dossiers.tests.fixtures import APPLICANT

A_STAFF = ("reception_a", "processing_a", "leader_a", "admin")
B_STAFF = ("reception_b", "processing_b")


class DossierOfA:
    def setup(self, env):
        return services.receive_at_counter(
            actor=env["staff"]["reception_a"], procedure_code=env["code"], receiving_agency_code=env["a_centre"].code, applicant=APPLICANT
        )


class TestDossierPage(DossierOfA, StaffScreen):
    path = staticmethod(lambda env, d: reverse("dossiers:detail", args=[d.code]))
    allowed, refused = A_STAFF, B_STAFF


class TestActionDialog(DossierOfA, StaffScreen):
    path = staticmethod(lambda env, d: reverse("dossiers:action", args=[d.code, "forward"]))
    allowed, refused = ("reception_a", "admin"), B_STAFF


class TestWorkQueue(StaffScreen):
    path = staticmethod(lambda env, _x: reverse("dossiers:queue", args=["unit"]))
    allowed = ("reception_a", "processing_a", "leader_a", "reception_b", "admin")


class TestCounter(StaffScreen):
    """The desk receives; a processing officer has no counter (docs/rules.md §9)."""

    path = staticmethod(lambda env, _x: reverse("dossiers:counter"))
    allowed, refused = ("reception_a", "reception_b", "leader_a"), ("processing_a",)


class TestLegacyImport(StaffScreen):
    path = staticmethod(lambda env, _x: reverse("dossiers:legacy_import"))
    allowed, refused = ("admin",), ("reception_a", "leader_a")


class TestDossierEndpoint(DossierOfA, StaffEndpoint):
    path = staticmethod(lambda env, d: f"/api/v1/dossiers/{d.code}")
    allowed, refused = A_STAFF, B_STAFF


class TestDossierList(DossierOfA, StaffEndpoint):
    """B's staff may list dossiers, but A's is not among them."""

    path = staticmethod(lambda env, d: f"/api/v1/dossiers?q={d.code}")
    allowed, refused = A_STAFF, B_STAFF

    def hidden(self, body):
        return body["count"] == 0 and body["items"] == []
