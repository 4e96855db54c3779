"""What pypdf raises on a damaged file, caught wherever the reader lets pypdf read.

Its own errors, and whatever a broken object makes its parsing code trip over (a KeyError,
a zlib or struct error, deep recursion …). The reader turns them into one input error
naming the file and page; nothing else is caught.
"""

from __future__ import annotations

import struct
import zlib

from pypdf.errors import PyPdfError

DAMAGED = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    ArithmeticError,
    RecursionError,
    zlib.error,
    struct.error,
)
