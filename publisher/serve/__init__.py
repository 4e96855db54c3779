"""``publisher serve``: a release over HTTP, read-only, for the clients statisticians use.

The release is read once at start (:mod:`publisher.serve.release`); the PxWebApi 2
subset (:mod:`publisher.serve.pxweb`) and the SDMX REST v1 subset
(:mod:`publisher.serve.sdmxrest`) answer from memory, and the release's files are served
under their own paths with the landing page at ``/``.
"""

from publisher.serve.app import create_app

__all__ = ["create_app"]
