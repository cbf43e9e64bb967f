from django import template
from django.utils.translation import gettext as _

from motcua.catalog.choices import ApplicantType, CompetenceLevel

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """50000 -> '50.000 đồng' (Vietnamese thousands separator); 0 -> 'Miễn phí'."""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return ""
    if value == 0:
        return _("Miễn phí")
    return f"{value:,}".replace(",", ".") + " " + _("đồng")


@register.filter
def levels_display(version) -> str:
    return ", ".join(str(CompetenceLevel(v).label) for v in version.levels if v in CompetenceLevel.values)


@register.filter
def applicants_display(version) -> str:
    return ", ".join(str(ApplicantType(v).label) for v in version.applicant_types if v in ApplicantType.values)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
