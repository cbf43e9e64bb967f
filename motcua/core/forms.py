"""Form helpers shared by the apps."""

from __future__ import annotations

from django import forms


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
