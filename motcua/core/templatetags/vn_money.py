"""Money the way Vietnamese forms write it: ``{{ amount|vnd }}`` -> '8.000 đồng' (core.text.vnd)."""

from django import template

from motcua.core.text import vnd

register = template.Library()
register.filter("vnd", vnd)
