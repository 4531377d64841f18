"""Deciding what a file is from its bytes, never from its name.

Submitters rename files, and mail gateways mangle names; an executable called
``reply.pdf`` must be refused however it is named.
"""
from __future__ import annotations

import io
import shutil
import zipfile
from dataclasses import dataclass

import magic

# Kinds of file a call accepts, by the formats named in the call-package contract.
ACCEPTED_KINDS: tuple[str, ...] = ("pdf", "docx", "odt", "rtf", "html", "txt")

_MIME_TO_KIND = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    "text/rtf": "rtf",
    "application/rtf": "rtf",
    "text/html": "html",
    "text/plain": "txt",
    "text/csv": "txt",
    "message/rfc822": "txt",
}

_EXECUTABLE_MIMES = {
    "application/x-executable",
    "application/x-pie-executable",
    "application/x-sharedlib",
    "application/x-dosexec",
    "application/x-mach-binary",
    "application/x-msdownload",
    "application/vnd.microsoft.portable-executable",
    "application/x-elf",
    "text/x-shellscript",
    "text/x-script.python",
    "application/java-archive",
}

_MACRO_MIMES = {
    "application/vnd.ms-word.document.macroenabled.12",
    "application/vnd.ms-word.template.macroenabled.12",
    "application/vnd.ms-excel.sheet.macroenabled.12",
}


@dataclass(frozen=True)
class FileVerdict:
    """What a file is and whether we take it; ``reason`` is shown to people."""

    kind: str | None
    mime: str
    reason: str = ""
    too_large: bool = False
    # Why it was refused, for translated messages: executable, macro, bomb, xml-dtd, damaged,
    # zip, odf-type, old-word, empty, type, too-large.
    code: str = ""

    @property
    def accepted(self) -> bool:
        return self.kind is not None and not self.reason


# Office files are ZIP archives: refuse "zip bombs" before anything inflates them.
# Limits per member *and* in total (a 2.7 MB DOCX of 190 MB XML stays under a ratio test):
# a real document's XML part is a few MB; images do not compress, so the total stays near the size sent.
MAX_UNCOMPRESSED_BYTES = 120 * 1024 * 1024
MAX_MEMBER_BYTES = 40 * 1024 * 1024
MAX_XML_MEMBER_BYTES = 25 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150
MAX_MEMBERS = 5000


def _archive_problem(archive: zipfile.ZipFile, compressed_size: int) -> str:
    """Why an archive is unsafe to open, or ""."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return f"the document has {len(members)} parts, more than a real document has"
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        return (f"the document would expand to more than {MAX_UNCOMPRESSED_BYTES // 1048576} MB "
                "(a compression bomb)")
    for member in members:
        xml = member.filename.lower().endswith((".xml", ".rels"))
        if member.file_size > (MAX_XML_MEMBER_BYTES if xml else MAX_MEMBER_BYTES):
            return (f"one part of the document ({member.filename[:80]}) would expand to "
                    f"{member.file_size // 1048576} MB, more than a real document holds (a compression bomb)")
    if compressed_size and total / compressed_size > MAX_COMPRESSION_RATIO:
        return "the document is compressed suspiciously well (a compression bomb)"
    for member in members:
        if member.filename.lower().endswith((".xml", ".rels")) and member.file_size:
            head = archive.open(member).read(4096).lower()
            if b"<!doctype" in head or b"<!entity" in head:
                return "the document contains XML with DTD or entity declarations, which are refused for safety"
    return ""


def _zip_kind(data: bytes) -> FileVerdict:
    """Tell DOCX, macro-enabled Word and ODT apart by the archive's members."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            problem = _archive_problem(archive, len(data))
            if problem:
                code = "xml-dtd" if "DTD" in problem else "bomb"
                return FileVerdict(None, "application/zip", problem, code=code)
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype == "application/vnd.oasis.opendocument.text":
                    return FileVerdict("odt", mimetype)
                return FileVerdict(None, mimetype, f"this OpenDocument type ({mimetype}) is not accepted",
                                   code="odf-type")
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return FileVerdict(
                    None, "application/vnd.ms-word.document.macroEnabled.12",
                    "Word files with macros are refused for safety; save it as .docx without macros or as PDF",
                    code="macro",
                )
            if "word/document.xml" in names:
                return FileVerdict("docx", _kind_mime("docx"))
    except (zipfile.BadZipFile, OSError, ValueError):
        return FileVerdict(None, "application/zip", "the file is a damaged archive and cannot be opened",
                           code="damaged")
    return FileVerdict(None, "application/zip", "ZIP archives are not accepted; attach the documents themselves",
                       code="zip")


def _legacy_word(data: bytes, mime: str) -> FileVerdict:
    """Word 97–2003 files are read through LibreOffice when it is installed."""
    if b"V\x00B\x00A\x00" in data or b"_VBA_PROJECT" in data:
        return FileVerdict(None, mime, "Word files with macros are refused for safety; send .docx or PDF",
                           code="macro")
    if shutil.which("soffice") is None:
        return FileVerdict(None, mime, "old Word (.doc) files cannot be read here; please send .docx or PDF",
                           code="old-word")
    return FileVerdict("doc", "application/msword")


def _kind_mime(kind: str) -> str:
    return next(mime for mime, k in _MIME_TO_KIND.items() if k == kind)


def classify(data: bytes) -> FileVerdict:
    """Classify a file by content. ``data`` is the whole file (zip checks need it)."""
    if not data:
        return FileVerdict(None, "application/x-empty", "the file is empty", code="empty")
    mime = magic.from_buffer(data[:65536], mime=True).lower()
    if mime in _EXECUTABLE_MIMES or data[:4] == b"\x7fELF" or data[:2] == b"MZ":
        return FileVerdict(None, mime, "executable programs are refused", code="executable")
    if mime in _MACRO_MIMES:
        return FileVerdict(None, mime, "Office files with macros are refused for safety", code="macro")
    if mime in ("application/zip", "application/x-zip-compressed") or mime in (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
    ):
        return _zip_kind(data)
    if mime in ("application/msword", "application/x-ole-storage", "application/cdfv2"):
        return _legacy_word(data, mime)
    kind = _MIME_TO_KIND.get(mime)
    if kind is None and mime.startswith("text/"):
        kind = "txt"
    if kind is None:
        return FileVerdict(None, mime, f"files of type {mime} are not accepted; send PDF, Word (.docx), "
                                       "OpenDocument (.odt), RTF, HTML or plain text", code="type")
    return FileVerdict(kind, mime)
