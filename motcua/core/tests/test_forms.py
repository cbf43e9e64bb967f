"""The shared form helpers."""

import re

from django import forms

from motcua.core.forms import BootstrapMixin, LongSelect

CHOICES = [("", "— Tất cả —"), ("x<1", "Sở A & B"), ("000.00.01.H99", "UBND xã Ý"), ("Huyện", [("h1", "Xã 1"), ("h2", "Xã 2")])]


class Pick(BootstrapMixin, forms.Form):
    fast = forms.ChoiceField(choices=CHOICES, required=True, widget=LongSelect)
    plain = forms.ChoiceField(choices=CHOICES, required=True)


def test_a_long_select_writes_what_django_writes_and_escapes_it():
    form = Pick({"fast": "h2", "plain": "h2"})
    fast, plain = str(form["fast"]), str(form["plain"])
    assert fast.startswith('<select name="fast" class="form-select"') and "aria-invalid" not in fast  # valid: no error marks
    assert '<option value="x&lt;1">Sở A &amp; B</option>' in fast
    assert '<optgroup label="Huyện"><option value="h1">Xã 1</option><option value="h2" selected>Xã 2</option></optgroup>' in fast
    assert fast.count(" selected") == 1 and "<script" not in fast
    # The same element as Django's own widget (its per-option templates), whitespace aside.
    assert re.sub(r"\s*\n\s*", "", fast) == re.sub(r"\s*\n\s*", "", plain).replace('name="plain"', 'name="fast"').replace(
        'id="id_plain"', 'id="id_fast"'
    )


def test_a_long_select_keeps_the_error_marks_of_its_field():
    form = Pick({"fast": "nope", "plain": "nope"})
    assert not form.is_valid()
    fast = str(form["fast"])
    assert 'aria-invalid="true"' in fast and "required" in fast and 'value="nope"' not in fast
