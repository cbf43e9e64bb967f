"""The public verification page: anyone uploads a PDF and learns whether this system issued it
and whether it is unchanged. Rate-limited per client address like the public lookup."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.core.throttle import ClientThrottle

from .verification import verify

MAX_MB = 20


class VerifyThrottle(ClientThrottle):
    """PUBLIC_LOOKUP_RATE per client address (a budget of its own), on the page and the API."""

    def __init__(self):
        super().__init__("verify", settings.PUBLIC_LOOKUP_RATE)

    def allow_request(self, request) -> bool:
        self.rate = settings.PUBLIC_LOOKUP_RATE  # read per request
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


@require_http_methods(["GET", "POST"])
def verify_page(request):
    if request.method == "GET":
        return render(request, "signatures/verify.html", {})
    if not VerifyThrottle().allow_request(request):
        return render(request, "signatures/verify.html", {"error": _("Quá nhiều lần kiểm tra; vui lòng thử lại sau ít phút.")}, status=429)
    upload = request.FILES.get("file")
    if upload is None or not upload.size:
        return render(request, "signatures/verify.html", {"error": _("Cần chọn một tệp PDF.")}, status=422)
    if upload.size > MAX_MB * 1024 * 1024:
        return render(request, "signatures/verify.html", {"error": _("Tệp lớn hơn %(mb)s MB.") % {"mb": MAX_MB}}, status=413)
    verdict = verify(upload.read())
    return render(request, "signatures/verify.html", {"verdict": verdict, "name": upload.name[:100]})
