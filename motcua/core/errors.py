"""One shape for domain errors that reach users: a Vietnamese message for screens, an English
one for the API, and the HTTP status that fits."""

from __future__ import annotations


class BilingualError(ValueError):
    status = 422

    def __init__(self, message_vi: str, message_en: str, status: int | None = None):
        super().__init__(message_vi)
        self.message_vi, self.message_en = message_vi, message_en
        if status is not None:
            self.status = status
