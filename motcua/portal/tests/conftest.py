import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.testing import sample_pdf, sample_png
from motcua.notifications.models import Message

PASSWORD = "mat-khau-rat-dai-2026"  # noqa: S105 - a test password


def code_sent_to(recipient: str) -> str:
    """The verification code in the last message to ``recipient`` (read from the outbox)."""
    import re

    message = Message.objects.filter(recipient=recipient, template_key="account.verify").order_by("-id").first()
    assert message is not None, f"no code sent to {recipient}"
    found = re.search(r"\b(\d{6})\b", message.body)
    assert found is not None, f"no code in the message to {recipient}"
    return found.group(1)


@pytest.fixture
def citizen(db, client):
    """A verified applicant account, logged in on ``client``."""
    from motcua.portal import services

    def make(email="an.nguyen@example.invalid", phone="", name="Nguyễn Văn An", login=True):
        user = services.register(full_name=name, email=email, phone=phone, password=PASSWORD)
        assert services.verify(user, code_sent_to(email or user.phone))
        user.refresh_from_db()
        if login:
            client.force_login(user)
        return user

    return make


def pdf(name="to-khai.pdf", text="scanned"):
    return SimpleUploadedFile(name, sample_pdf(text), content_type="application/pdf")


def png(name="anh.png"):
    return SimpleUploadedFile(name, sample_png(), content_type="image/png")
