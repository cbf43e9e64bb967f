from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    DISCARDED = "discarded", _("Đã hủy")


class FeedbackState(models.TextChoices):
    NEW = "new", _("Chờ xử lý")
    ANSWERED = "answered", _("Đã trả lời")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Công khai")
    PRIVATE = "private", _("Chỉ người gửi")
