"""QR codes for the screen: the module matrix, drawn by the UI at any size, crisp."""

from __future__ import annotations

from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M


@lru_cache(maxsize=16)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The dark (True) and light modules of `data`'s QR code, without the quiet zone.

    Error correction M, as on the printed ticket, so a phone reads both the same way.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())
