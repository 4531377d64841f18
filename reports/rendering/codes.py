"""Page 1's machine-readable marks: the job number as Code 39 and a QR code to undocs.org."""
from __future__ import annotations

import base64
import io

import barcode
import segno
from barcode.writer import SVGWriter


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def code39_svg(value: str) -> bytes:
    """Code 39 of the job number, as printed under UN documents (*2110019*)."""
    buffer = io.BytesIO()
    code = barcode.get_barcode_class("code39")(value, writer=SVGWriter(), add_checksum=False)
    code.write(buffer, options={"module_height": 8.0, "module_width": 0.25, "quiet_zone": 1.0,
                                "write_text": False})
    return buffer.getvalue()


def qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="svg", scale=4, border=0)
    return buffer.getvalue()


def code39_uri(value: str) -> str:
    return _data_uri(code39_svg(value))


def qr_uri(url: str) -> str:
    return _data_uri(qr_svg(url))
