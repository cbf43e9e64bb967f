"""Money the way Vietnamese forms write it: ``{{ amount|vnd }}`` -> '8.000 đồng' (core.text.vnd)."""

from django import template

from motcua.core.text import vnd, vnd_sum

register = template.Library()
register.filter("vnd", vnd)  # a price: 0 -> 'Miễn phí'
register.filter("vnd_sum", vnd_sum)  # a sum: 0 -> '0 đồng'


@register.filter
def amount_of(mapping, key):
    """The sum under ``key`` of a mapping of sums ('0 đồng' when absent)."""
    return vnd_sum(mapping.get(key, 0) if hasattr(mapping, "get") else 0)
