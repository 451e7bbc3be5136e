"""Reading a posted form: urlencoded only (no files), at most MAX_BODY bytes, refused as
soon as more arrive; every field once, as UTF-8 text without control characters."""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request

MAX_BODY = 64 * 1024
MAX_FIELDS = 500
FORM_TYPE = "application/x-www-form-urlencoded"

# As on the command line: C0 except tab and newline (a carriage return is folded into the
# newline a textarea sends), DEL, C1, and the bidirectional overrides and isolates.
_FORBIDDEN = {*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)}
_FORBIDDEN |= {0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


class FormRefused(Exception):
    """A form that cannot be read: *status* and the catalog key saying why."""

    def __init__(self, status: int, key: str, **params: object) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.params = params


async def read_form(request: Request) -> dict[str, str]:
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != FORM_TYPE:
        raise FormRefused(415, "web_form_type")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise FormRefused(413, "web_too_large", kib=MAX_BODY // 1024)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise FormRefused(413, "web_too_large", kib=MAX_BODY // 1024)
    try:
        text = bytes(body).decode("utf-8")
        pairs = parse_qsl(
            text,
            keep_blank_values=True,
            strict_parsing=False,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except (UnicodeDecodeError, ValueError):
        raise FormRefused(400, "web_form_unreadable") from None
    form: dict[str, str] = {}
    for name, value in pairs:
        if name in form:
            raise FormRefused(422, "web_field_twice", field=name[:40])
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        for char in name + value:
            if ord(char) in _FORBIDDEN:
                raise FormRefused(422, "web_control_character", char=f"U+{ord(char):04X}")
        form[name] = value
    return form
