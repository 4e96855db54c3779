"""Reading an error back the way each protocol's client would: its one line of reason."""

from __future__ import annotations

import httpx2 as httpx
from lxml import etree

_SDMX = "{http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message}"
_COM = "{http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common}"


def reason(response: httpx.Response) -> str:
    """The reason an error response gives, checked to be in its protocol's format.

    PxWebApi: problem+json with the status; SDMX: an SDMX-ML ``Error`` message whose code
    the standard maps to the status; the release's files: one line of text.
    """
    media_type = response.headers["content-type"].split(";")[0]
    path = response.request.url.path
    if path.startswith("/api/v2"):
        assert media_type == "application/problem+json"
        problem = response.json()
        assert problem["status"] == response.status_code and problem["title"]
        line = str(problem["detail"])
    elif path.startswith("/rest"):
        assert media_type == "application/xml"
        root = etree.fromstring(response.content)
        assert root.tag == f"{_SDMX}Error"
        message = root.find(f"{_SDMX}ErrorMessage")
        assert message is not None and message.get("code", "").isdigit()
        line = "".join(message.find(f"{_COM}Text").itertext())  # type: ignore[union-attr]
    else:
        assert media_type == "text/plain"
        assert response.text.count("\n") == 1
        line = response.text
    assert "\n" not in line.strip() and "Traceback" not in line
    assert all(c.isprintable() for c in line.strip())
    return line
