"""Pages this site may frame in its own pages (the forms ready to print): every other response
refuses all framing (``X-Frame-Options: DENY`` and ``frame-ancestors 'none'``, docs/security.md)."""

from __future__ import annotations

import functools

from django.views.decorators.clickjacking import xframe_options_sameorigin

from .middleware import SecurityHeadersMiddleware

SAME_ORIGIN_POLICY = SecurityHeadersMiddleware.POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'")


def same_origin_frame(view):
    """Let this site's own pages, and only them, frame the view's answer (the print page frames
    the PDF and prints it in one click)."""

    @xframe_options_sameorigin
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = SAME_ORIGIN_POLICY
        return response

    return wrapped
