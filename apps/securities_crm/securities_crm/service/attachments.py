"""Ticket attachments: stored files whose type is read from their content, never from their name.

A file is accepted when its first bytes are those of an allowed type (PDF, PNG, JPEG, GIF, Office
documents, plain UTF-8 text) and its name's extension is of that same type: a program renamed
"receipt.pdf", or a PNG called "photo.jpg", is refused. Sizes are limited per file and per message.
python-magic is not among the packages this project may install, and the few types we allow have
well-known signatures, so they are checked here.
"""

from __future__ import annotations

import io
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

MAX_FILES = 5
SIGNATURES = [  # (content type, leading bytes)
    ("application/pdf", b"%PDF-"),
    ("image/png", b"\x89PNG\r\n\x1a\n"),
    ("image/jpeg", b"\xff\xd8\xff"),
    ("image/gif", b"GIF87a"),
    ("image/gif", b"GIF89a"),
]
OFFICE = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "txt": "text/plain",
    "docx": OFFICE["word/"],
    "xlsx": OFFICE["xl/"],
}


def max_bytes() -> int:
    return int(getattr(settings, "CRM_ATTACHMENT_MAX_MB", 10)) * 1024 * 1024


def sniff(data: bytes) -> str | None:
    """The content type the bytes are, of those we allow; None for anything else."""
    for content_type, magic in SIGNATURES:
        if data.startswith(magic):
            return content_type
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            for prefix, content_type in OFFICE.items():
                if any(n.startswith(prefix) for n in names):
                    return content_type
        return None
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain"


def check(name: str, data: bytes) -> str:
    """The file's content type, or a ValidationError on `attachments` saying why it is refused."""
    name = (name or "").strip() or "file"
    if len(data) > max_bytes():
        raise ValidationError(
            {
                "attachments": _("%(name)s is larger than %(max)d MB.")
                % {"name": name, "max": max_bytes() // (1024 * 1024)}
            }
        )
    if not data:
        raise ValidationError({"attachments": _("%(name)s is empty.") % {"name": name}})
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = EXTENSIONS.get(ext)
    if claimed is None:
        raise ValidationError(
            {
                "attachments": _("%(name)s: only PDF, images, Word, Excel and text files may be attached.")
                % {"name": name}
            }
        )
    actual = sniff(data)
    if actual != claimed:
        raise ValidationError({"attachments": _("%(name)s is not the file its name says it is.") % {"name": name}})
    return actual


def store(files) -> list[dict]:
    """Check every file first, then store them all: [{name, path, content_type, size}]. `files` are
    (name, bytes) pairs or uploaded files."""
    pairs = []
    for f in files or ():
        name, data = (f[0], f[1]) if isinstance(f, tuple) else (f.name, f.read())
        pairs.append((str(name)[:200], bytes(data)))
    if len(pairs) > MAX_FILES:
        raise ValidationError({"attachments": _("At most %(n)d files per message.") % {"n": MAX_FILES}})
    checked = [(name, data, check(name, data)) for name, data in pairs]
    stored = []
    for name, data, content_type in checked:
        ext = name.rsplit(".", 1)[-1].lower()
        path = default_storage.save(f"tickets/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}", ContentFile(data))
        stored.append({"name": name, "path": path, "content_type": content_type, "size": len(data)})
    return stored


def open_file(entry: dict):
    return default_storage.open(entry["path"], "rb")
