"""Forms of the counter and back-office screens: they only shape input; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Membership
from motcua.accounts.selectors import in_scope
from motcua.organisations.models import Agency

from . import services
from .actions import ACTIONS, Param
from .choices import STEP_ROLES, WORKING_ROLES, ApplicantKind, Channel, Sex
from .models import Dossier, DossierFile
from .selectors import SORTS


def _members(agency: Agency | None, roles=WORKING_ROLES):
    return _members_of([agency] if agency is not None else [], roles)


def _members_of(agencies: list[Agency], roles=WORKING_ROLES):
    """The active officers holding one of ``roles`` in these agencies or the units under them."""
    User = get_user_model()
    if not agencies:
        return User.objects.none()
    under = Q()
    for agency in agencies:
        under |= Q(agency__path__startswith=agency.path)
    holders = Membership.objects.filter(under, is_active=True, role__in=list(roles)).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True).order_by("full_name", "username")


class ReceptionForm(forms.Form):
    """The desk: one screen for a simple case."""

    procedure = forms.CharField(max_length=20, widget=forms.HiddenInput)
    receiving_agency = forms.ChoiceField(label=_("Nơi tiếp nhận"))
    applicant_kind = forms.ChoiceField(
        label=_("Người nộp là"), choices=ApplicantKind.choices, initial=ApplicantKind.PERSON, widget=forms.RadioSelect
    )
    id_number = forms.CharField(label=_("Số định danh cá nhân / mã số thuế"), max_length=20)
    name = forms.CharField(label=_("Họ tên / tên tổ chức"), max_length=200)
    birth_date = forms.DateField(label=_("Ngày sinh"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sex = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Sex.choices], required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=16, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    result_channel = forms.ChoiceField(
        label=_("Nhận kết quả tại"), choices=Channel.choices, initial=Channel.COUNTER, widget=forms.RadioSelect
    )
    sets = forms.IntegerField(label=_("Số bộ hồ sơ"), min_value=1, max_value=99, initial=1)
    note = forms.CharField(
        label=_("Nội dung hướng dẫn / lý do từ chối"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_agency"].choices = [(a.code, a.name) for a in agencies]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), max_length=100, required=False)
    channel = forms.ChoiceField(label=_("Kênh"), choices=[("", _("Mọi kênh")), *Channel.choices], required=False)
    sort = forms.ChoiceField(label=_("Sắp xếp"), choices=[(k, k) for k in SORTS], required=False)


class FileForm(forms.Form):
    file = forms.FileField(label=_("Tệp (PDF, PNG, JPEG)"))
    kind = forms.ChoiceField(label=_("Loại"), choices=DossierFile.Kind.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


# --------------------------------------------------------------------------- action dialogs
class ActionForm(forms.Form):
    """The dialog of an action: one field per parameter the action declares
    (``actions.ACTIONS``), by its kind; the service validates what comes in."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, dossier: Dossier, action: str, user=None, **kwargs):
        self.dossier, self.action = dossier, action
        self._branches = (
            [b for b in services.open_branches(dossier) if user is None or in_scope(user, b.agency)]
            if ACTIONS[action].branches == "open"
            else []
        )
        super().__init__(*args, **kwargs)
        for param in ACTIONS[action].params:
            field = self._field(dossier, param)
            if field is not None:
                self.fields[param.name] = field

    def _field(self, d: Dossier, p: Param):
        """The form field of a declared parameter, by its kind (None: not asked on this screen,
        such as the per-criterion scores given on the portal)."""
        make = getattr(self, f"_field_{p.kind}", None)
        return make(d, p, _(p.label_vi), p.required) if make else None

    def _field_note(self, d: Dossier, p: Param, label, required: bool):
        return forms.CharField(
            label=label, max_length=p.max_length, required=required, widget=forms.Textarea(attrs={"rows": 3 if required else 2})
        )

    def _field_text(self, d: Dossier, p: Param, label, required: bool):
        initial = d.applicant_name if p.name == "collector" else None  # the applicant, unless a proxy comes
        return forms.CharField(label=label, max_length=p.max_length, required=required, initial=initial)

    def _field_missing(self, d: Dossier, p: Param, label, required: bool):
        names = [c.name for c in d.procedure_version.components.all()]
        return forms.MultipleChoiceField(label=label, choices=[(n, n) for n in names], required=False, widget=forms.CheckboxSelectMultiple)

    def _field_user(self, d: Dossier, p: Param, label, required: bool):
        if self.action == "forward":  # the officers who work the next step, in its agency (none when parallel steps follow)
            nxt = services.next_steps(d)
            if len(nxt) != 1:
                return None
            step, agency = nxt[0]
            return forms.ModelChoiceField(
                label=label,
                queryset=_members(agency, STEP_ROLES.get(step.role, WORKING_ROLES)),
                required=required,
                help_text=_("Bước tiếp theo: %(step)s — %(agency)s") % {"step": step.name, "agency": agency.name},
            )
        if self.action == "branch_accept":  # the officers of the parallel steps' agencies this user acts for
            agencies = [b.agency for b in self._branches]
            return forms.ModelChoiceField(label=label, queryset=_members_of(agencies), required=required)
        return forms.ModelChoiceField(label=label, queryset=_members(d.current_agency), required=required)

    def _field_step(self, d: Dossier, p: Param, label, required: bool):  # an open parallel step of this user's agencies
        choices = [(b.position, f"{b.position}. {b.name} — {b.agency.name}") for b in self._branches]
        return forms.TypedChoiceField(
            label=label, choices=choices, coerce=int, required=True, initial=choices[0][0] if len(choices) == 1 else None
        )

    def _field_agency(self, d: Dossier, p: Param, label, required: bool):
        partners = Agency.objects.filter(is_active=True).exclude(pk=d.current_agency_id).order_by("path")
        return forms.ChoiceField(label=label, choices=[(a.code, f"{'— ' * a.depth}{a.name}") for a in partners], required=required)

    def _field_amount(self, d: Dossier, p: Param, label, required: bool):
        return forms.IntegerField(label=label, min_value=1, max_value=10**12, required=required)

    def _field_channel(self, d: Dossier, p: Param, label, required: bool):
        return forms.ChoiceField(
            label=label, choices=Channel.choices, initial=d.result_channel or Channel.COUNTER, widget=forms.RadioSelect, required=required
        )

    def _field_datetime(self, d: Dossier, p: Param, label, required: bool):  # the apology's new appointment, proposed from the work left
        return forms.DateTimeField(
            label=label,
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            required=required,
            input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
            initial=timezone.localtime(services.proposed_appointment(d, timezone.now())),
            help_text=_("Đề xuất theo thời gian còn lại của các bước xử lý; phải trong giờ làm việc của một ngày làm việc."),
        )

    def _field_score(self, d: Dossier, p: Param, label, required: bool):
        return forms.TypedChoiceField(
            label=label, choices=[(i, str(i)) for i in range(5, 0, -1)], coerce=int, widget=forms.RadioSelect, required=required
        )

    @property
    def hint(self) -> str:
        """What the dialog says before its fields: where a forward leads."""
        if self.action != "forward":
            return ""
        nxt = services.next_steps(self.dossier)
        if not nxt:
            return str(_("Đã hết các bước xử lý: dùng «Có kết quả giải quyết»."))
        if len(nxt) > 1:
            names = "; ".join(f"{step.name} — {agency.name}" for step, agency in nxt)
            return str(_("Các bước tiếp theo chạy song song, mỗi cơ quan tự tiếp nhận: %(steps)s")) % {"steps": names}
        return ""

    def params(self) -> dict:
        """The cleaned values as the service's parameters."""
        out = {}
        for key, value in self.cleaned_data.items():
            if key == "version" or value in (None, "", []):
                continue
            if key == "to_user":
                value = value.pk
            elif key == "new_appointment" and isinstance(value, dt.datetime):
                value = value if timezone.is_aware(value) else timezone.make_aware(value)
            out[key] = value
        return out
