"""Referrer policy per path: 'no-referrer' everywhere, 'same-origin' where forms are posted.

With 'no-referrer' browsers send 'Origin: null' on form posts, which Django's CSRF protection
rightly refuses. 'same-origin' still never sends a referrer to another site.
"""

from django.conf import settings

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
