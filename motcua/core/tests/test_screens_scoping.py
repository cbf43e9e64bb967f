"""The staff screens outside the dossier pass the shared scoping checks, with the roles their
menu entries name: administration for administrators, staff management for administrators and
unit leaders, the dashboard for leaders, the reform index for leaders and reform officers."""

from django.urls import reverse

from motcua.core.tests.scoping import StaffScreen


class TestJobs(StaffScreen):
    path = staticmethod(lambda env, _x: reverse("jobs:list"))
    allowed, refused = ("admin",), ("leader_a", "reception_a")


class TestCatalogueManagement(StaffScreen):
    path = staticmethod(lambda env, _x: reverse("catalog:manage"))
    allowed, refused = ("admin",), ("leader_a", "processing_a")


class TestStaffPage(StaffScreen):
    path = staticmethod(lambda env, _x: reverse("organisations:staff_list"))
    allowed = ("admin", "leader_a")


class TestDashboard(StaffScreen):
    path = staticmethod(lambda env, _x: reverse("reports:dashboard"))
    allowed = ("admin", "leader_a")


class TestCollections(StaffScreen):
    path = staticmethod(lambda env, _x: reverse("fees:collections"))
    allowed, refused = ("admin", "leader_a", "reception_a"), ("processing_a",)


class TestReform(StaffScreen):
    path = staticmethod(lambda env, _x: reverse("reform:index"))
    allowed, refused = ("admin", "leader_a"), ("processing_a", "reception_a")


class TestFeedbackManagement(StaffScreen):
    path = staticmethod(lambda env, _x: reverse("portal:feedback_manage"))
    allowed = ("admin", "leader_a", "reception_a", "processing_a")
