"""Referrer policy per path, and bidirectional control characters stripped from all input.

Referrer policy: 'no-referrer' everywhere, 'same-origin' where forms are posted. With
'no-referrer' browsers send 'Origin: null' on form posts, which Django's CSRF protection
rightly refuses. 'same-origin' still never sends a referrer to another site.
"""

import re

from django.conf import settings
from django.http import QueryDict

FORM_POLICY = "same-origin"


class ReferrerPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(settings.FORM_PATH_PREFIXES)

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefixes):
            response.headers["Referrer-Policy"] = FORM_POLICY
        return response


# Bidirectional controls: embeddings and overrides (U+202A to U+202E), isolates (U+2066 to
# U+2069) and the marks (U+200E, U+200F). In a name they can make text display differently from
# what is stored, so a coordinator could read a different name from the one searched or matched.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _without_bidi_controls(data: QueryDict) -> QueryDict:
    if not any(BIDI_CONTROLS.search(key) or any(BIDI_CONTROLS.search(v) for v in values)
               for key, values in data.lists()):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(BIDI_CONTROLS.sub("", key), [BIDI_CONTROLS.sub("", v) for v in values])
    cleaned._mutable = False
    return cleaned


class StripBidiControlsMiddleware:
    """Remove bidirectional control characters from every query string and form post."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _without_bidi_controls(request.GET)
        if request.method == "POST" and request.content_type in (
                "application/x-www-form-urlencoded", "multipart/form-data"):
            request.POST = _without_bidi_controls(request.POST)
        return self.get_response(request)
