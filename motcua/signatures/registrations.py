"""What this app plugs into the registries of the apps below it: the signer of issued PDFs and
the demo PKI. ``core`` imports every app's ``registrations`` once all models are loaded."""

from __future__ import annotations

from motcua.core import demo, pdf

from .demo import load_demo_pki
from .services import seal_pdf

pdf.set_sealer(seal_pdf)
demo.register("pki", lambda options: [f"Signing: {load_demo_pki()}."], order=25)
