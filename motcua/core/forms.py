"""Form helpers shared by the apps."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class BootstrapMixin:
    """Bootstrap classes on every widget, so ``{{ field.as_field_group }}`` renders a labelled,
    styled control with its errors linked through aria-describedby."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                continue
            css = (
                "form-select"
                if isinstance(widget, forms.Select)
                else "form-check-input"
                if isinstance(widget, forms.CheckboxInput)
                else "form-control"
            )
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class LongSelect(forms.Select):
    """A select of hundreds of options (every agency of a province) written in one pass: the same
    markup as Django's, without a template rendered per option (700 of them cost a report page
    about 40 ms)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, choices, _index in widget["optgroups"]:
            options = format_html_join(
                "", '<option value="{}"{}>{}</option>', ((o["value"], _attrs(o["attrs"]), o["label"]) for o in choices)
            )
            groups.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, options) if group_name else options)
        return format_html('<select name="{}"{}>{}</select>', widget["name"], _attrs(widget["attrs"]), SafeString("".join(groups)))


def _attrs(attrs: dict) -> SafeString:
    """Attributes as Django's widget templates write them: in their order, a true one bare, a
    false or None one left out."""
    return format_html_join(
        "",
        "{}",
        ((format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v),) for k, v in attrs.items() if v not in (False, None)),
    )
