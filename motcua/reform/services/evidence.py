"""Evidence of a score: uploaded files, links, issued documents and dossiers within the unit's scope."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction

from motcua.core.uploads import check_upload
from motcua.dossiers.selectors import visible_dossiers

from ..models import Assessment, EvidenceFile, Node, Score
from .assessment import self_score
from .permissions import ReformError, _editable_leaf, _log

# --------------------------------------------------------------------------- evidence
EVIDENCE_KINDS = ("file", "link", "document", "dossier")


def store_evidence(*, actor, agency, upload) -> EvidenceFile:
    """Check an uploaded file (by content) and keep it under a random name for ``agency``."""
    checked = check_upload(upload, max_mb=settings.DOSSIER_FILE_MAX_MB)
    row = EvidenceFile(
        agency=agency,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    row.file.save(f"{secrets.token_hex(12)}{checked.ext}", ContentFile(checked.data), save=False)
    row.save()
    return row


def evidence_items(*, actor, link: str = "", document: str = "", dossier: str = "") -> list[dict]:
    """Evidence given as text: a web link (http or https only), a reference to a document
    (number, date, issuer) or the code of a dossier the actor may see (their units' dossiers:
    a dossier elsewhere is answered as unknown, so its existence does not leak)."""
    items: list[dict] = []
    link, document, dossier = (link or "").strip(), " ".join((document or "").split()), (dossier or "").strip().upper()
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise ReformError("Đường dẫn phải là địa chỉ http:// hoặc https:// hợp lệ.", "The link must be a valid http(s) URL.") from None
        items.append({"kind": "link", "url": link[:500]})
    if document:
        items.append({"kind": "document", "text": document[:300]})
    if dossier:
        if not visible_dossiers(actor).filter(code=dossier).exists():
            raise ReformError(f"Không có hồ sơ mã {dossier[:40]} trong hệ thống.", "No dossier with that code.")
        items.append({"kind": "dossier", "code": dossier[:40]})
    return items


def parse_value(node: Node, raw: str):
    """A sub-criterion's value as typed on the scorecard, by its rule: yes/no, a rate (%), a
    number of items or points (a decimal comma is accepted)."""
    raw = (raw or "").strip()
    if raw == "":
        return None
    if node.rule == "yes_no":
        if raw not in ("yes", "no"):
            raise ReformError("Chọn Có hoặc Không.", "Choose yes or no.")
        return raw == "yes"
    try:
        number = Decimal(raw.replace(",", "."))
    except ArithmeticError:
        raise ReformError("Giá trị phải là một số.", "The value must be a number.") from None
    if not number.is_finite() or number < 0 or number > 100000:
        raise ReformError("Giá trị phải là một số không âm.", "The value must be a non-negative number.")
    if node.rule in ("bands", "ratio") and number > 100:
        raise ReformError("Tỷ lệ không quá 100%.", "A rate is at most 100%.")
    return float(number)


@transaction.atomic
def save_leaf(
    *, actor, assessment: Assessment, node: Node, value=None, add: list | None = None, upload=None, remove: list[int] | None = None
) -> Score:
    """The scorecard's save of one sub-criterion: its value (unless it is filled from the
    one-stop data) and its evidence (files, links, documents, dossiers added or removed)."""
    assessment, score = _editable_leaf(actor, assessment, node)
    dropped = set(remove or ())
    evidence = [e for i, e in enumerate(score.evidence or []) if i not in dropped or e.get("kind") == "one_stop"]
    evidence += add or []
    if upload is not None:
        row = store_evidence(actor=actor, agency=assessment.agency, upload=upload)
        evidence.append({"kind": "file", "id": row.pk, "name": row.name})
    if len(evidence) > 50:
        raise ReformError("Mỗi tiêu chí tối đa 50 minh chứng.", "At most 50 pieces of evidence per criterion.")
    if value is not None and not node.prefill:
        return self_score(actor=actor, assessment=assessment, node=node, value=value, evidence=evidence)
    if evidence != (score.evidence or []):
        score.evidence = evidence
        score.save(update_fields=["evidence"])
        _log(score, actor, "evidence", len(score.evidence), len(evidence))
    return score
