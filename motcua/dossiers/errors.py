"""Errors of dossier actions, each with an HTTP status and Vietnamese and English messages."""


class DossierError(Exception):
    status = 400

    def __init__(self, message_vi: str, message_en: str, detail: object = None):
        super().__init__(message_vi)
        self.message_vi, self.message_en, self.detail = message_vi, message_en, detail


class Invalid(DossierError):
    status = 422


class Forbidden(DossierError):
    status = 403


class NotFound(DossierError):
    status = 404


class Conflict(DossierError):
    status = 409
