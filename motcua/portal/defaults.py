"""The rating criteria and feedback categories shipped with motcua (then data)."""

from .models import FeedbackCategory, RatingCriterion

CRITERIA = [
    ("overall", "Mức độ hài lòng chung"),
    ("convenience", "Sự thuận tiện khi thực hiện thủ tục"),
    ("timeliness", "Thời gian giải quyết so với quy định"),
    ("attitude", "Thái độ, tinh thần phục vụ của cán bộ"),
    ("contacts", "Số lần phải liên hệ để hoàn thành thủ tục"),
    ("publicity", "Công khai, minh bạch thông tin thủ tục"),
]
CATEGORIES = [("phan-anh", "Phản ánh về hành vi, thái độ, thời hạn giải quyết", 10), ("kien-nghi", "Kiến nghị về quy định hành chính", 10)]


def install(apps=None) -> None:
    """The shipped rating criteria and feedback categories (``apps``: a migration's models)."""
    criterion = apps.get_model("portal", "RatingCriterion") if apps else RatingCriterion
    category = apps.get_model("portal", "FeedbackCategory") if apps else FeedbackCategory
    for position, (code, label) in enumerate(CRITERIA):
        criterion.objects.get_or_create(code=code, defaults={"label": label, "position": position})
    for code, name, days in CATEGORIES:
        category.objects.get_or_create(code=code, defaults={"name": name, "due_working_days": days})
