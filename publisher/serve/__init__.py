"""``publisher serve``: a release over HTTP, read-only, for the clients statisticians use.

The release is read into memory (:mod:`publisher.serve.release`), and read again when a
build swaps a new one in (:mod:`publisher.serve.app`); the PxWebApi 2
subset (:mod:`publisher.serve.pxweb`) and the SDMX REST v1 subset
(:mod:`publisher.serve.sdmxrest`) answer from memory, and the release's files are served
under their own paths with the landing page at ``/``. Every request is bounded
(:mod:`publisher.serve.limits`, enforced by :mod:`publisher.serve.guard` and, for what
arrives before the app sees a request, by :mod:`publisher.serve.server`), and every
error is answered in its protocol's own format (:mod:`publisher.serve.problems`).
"""

from publisher.serve.app import create_app

__all__ = ["create_app"]
