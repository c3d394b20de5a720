"""Admin URLs that take only what they expect: numeric ids and the list's own parameters.

Anything else answers 404 (an id that is not a number never reaches the database) or sends
the list back without the parameter (nothing but the list's search, paging, ordering and filters
reaches a query, so no one can probe related rows with look-ups such as
``?referrals__referrer_agency__startswith=``).
"""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldError, ValidationError
from django.shortcuts import redirect
from wagtail_modeladmin.helpers import AdminURLHelper


class NumericIdURLHelper(AdminURLHelper):
    def _get_object_specific_action_url_pattern(self, action):
        return rf"^{self.base_url_path}/{action}/(?P<instance_pk>[0-9]{{1,18}})/$"


class KnownParamsOnlyMixin:
    """For modeladmin index views: only ALLOWED_PARAMS may be in the query string."""

    ALLOWED_PARAMS: frozenset[str] = frozenset()

    def dispatch(self, request, *args, **kwargs):
        if set(request.GET) - set(self.ALLOWED_PARAMS):
            messages.error(request, "That filter is not available, so the full list is shown.")
            return redirect(self.index_url)
        try:
            return super().dispatch(request, *args, **kwargs)
        except (IncorrectLookupParameters, ValidationError, ValueError, FieldError):
            messages.error(request, "That filter could not be applied, so the full list is "
                           "shown.")
            return redirect(self.index_url)
