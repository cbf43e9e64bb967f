from django.db import models
from django.utils.translation import gettext_lazy as _


class Formula(models.TextChoices):
    ON_TIME_766 = "on_time_766", _("Tỷ lệ hồ sơ đúng hạn (hồ sơ bổ sung quá 1 lần tính là trễ)")
    ONLINE_SHARE = "online_share", _("Tỷ lệ hồ sơ nộp trực tuyến")
    POSTAL_SHARE = "postal_share", _("Tỷ lệ hồ sơ tiếp nhận qua bưu chính")
    POSTAL_RETURN_SHARE = "postal_return_share", _("Tỷ lệ kết quả trả qua bưu chính")
    PROCEDURES_ONLINE = "procedures_online", _("Tỷ lệ thủ tục cung cấp trực tuyến")
    PROCEDURES_ONLINE_USED = "procedures_online_used", _("Tỷ lệ thủ tục trực tuyến có phát sinh hồ sơ trực tuyến")
    DIGITISED = "digitised", _("Tỷ lệ hồ sơ được số hóa thành phần")
    ELECTRONIC_RESULTS = "electronic_results", _("Tỷ lệ hồ sơ có kết quả điện tử")
    PUBLISHED_ON_TIME = "published_on_time", _("Tỷ lệ thủ tục được công bố, công khai đúng hạn")
    PUBLISHED_COMPLETE = "published_complete", _("Tỷ lệ thủ tục được công khai đầy đủ các bộ phận")
    SYNCED_NATIONAL = "synced_national", _("Tỷ lệ hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia")
    REUSED = "reused", _("Tỷ lệ hồ sơ khai thác, sử dụng lại dữ liệu đã số hóa")
    FROM_STORE = "from_store", _("Tỷ lệ giấy tờ lấy từ kho dữ liệu của người nộp")
    VNEID = "vneid", _("Tỷ lệ hồ sơ trực tuyến nộp bằng tài khoản định danh điện tử (VNeID)")
    SATISFACTION = "satisfaction", _("Mức độ hài lòng (100% − tỷ lệ trễ − tỷ lệ phản ánh, đánh giá không hài lòng)")
    ON_TIME_RATE = "on_time_rate", _("Tỷ lệ giải quyết đúng hạn (trước hạn + đúng hạn) / đã giải quyết")
