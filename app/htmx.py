"""htmx glue: one template per page, rendered whole or as the swapped app shell.

A normal request gets the whole document. An htmx request (a boosted link or form) gets only
`<title>` and the `#app` element of the same template, which htmx swaps in place of the old
one; back and forward fetch the same fragment. `Vary: HX-Request` keeps caches apart.
"""

from __future__ import annotations

from flask import Flask, Response, request
from htmx_flask import Htmx

htmx = Htmx()


def wants_fragment() -> bool:
    return bool(getattr(request, "htmx", False))


def _vary(response: Response) -> Response:
    response.vary.add("HX-Request")
    return response


def init_app(app: Flask) -> None:
    htmx.init_app(app)
    app.after_request(_vary)
