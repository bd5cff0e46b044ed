"""Files people attach (to a directive; later to an article or minutes): checked by their first
bytes as well as their name, so a program renamed to .pdf is refused, and by their size."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from orgburo.core.errors import ServiceError

# extension -> (content type, the bytes such a file starts with)
KINDS: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    # OpenDocument and Office Open XML files are ZIP archives
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    "txt": ("text/plain; charset=utf-8", ()),
}
NAME_LIMIT = 200


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes


def upload_check(upload: Upload, *, megabytes: int, field: str = "attachments") -> CheckedFile:
    """The file, with its content type, or a ServiceError on `field` saying what is wrong."""
    name = upload.name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or len(name) > NAME_LIMIT:
        raise ServiceError(_("a file needs a name of at most 200 characters"), field=field)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in KINDS:
        raise ServiceError(
            _("%(name)s: this kind of file is not accepted (accepted: %(kinds)s)")
            % {"name": name, "kinds": ", ".join(sorted(KINDS))},
            field=field,
        )
    if len(upload.data) > megabytes * 1024 * 1024:
        raise ServiceError(
            _("%(name)s is larger than %(limit)d MB") % {"name": name, "limit": megabytes},
            field=field,
        )
    if not upload.data:
        raise ServiceError(_("%(name)s is empty") % {"name": name}, field=field)
    content_type, starts = KINDS[extension]
    if starts and not upload.data.startswith(starts):
        raise ServiceError(
            _("%(name)s is not a .%(kind)s file inside") % {"name": name, "kind": extension},
            field=field,
        )
    if extension == "txt":
        try:
            upload.data.decode("utf-8")
        except UnicodeDecodeError:
            raise ServiceError(
                _("%(name)s is not text in UTF-8") % {"name": name}, field=field
            ) from None
    return CheckedFile(name, content_type, upload.data)
