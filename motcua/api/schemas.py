from ninja import Schema


class ErrorOut(Schema):
    message: str
    message_en: str
    detail: object | None = None
