from django import template

from motcua.catalog.choices import ApplicantType, CompetenceLevel
from motcua.core.text import vnd

register = template.Library()


register.filter("vnd", vnd)  # money written one way (core.text.vnd)


@register.filter
def levels_display(version) -> str:
    return ", ".join(str(CompetenceLevel(v).label) for v in version.levels if v in CompetenceLevel.values)


@register.filter
def applicants_display(version) -> str:
    return ", ".join(str(ApplicantType(v).label) for v in version.applicant_types if v in ApplicantType.values)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
