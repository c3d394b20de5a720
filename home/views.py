"""Site-wide views: search and the exit control."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from wagtail.models import Page

from home.models import MaracSettings
from referral_form import wizard

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


def search_terms(query: str) -> str:
    """The query as the search backends can take it: a double quote breaks SQLite's full-text
    syntax and control characters (NUL) break PostgreSQL, so both become spaces."""
    return " ".join("".join(" " if c == '"' or not c.isprintable() else c for c in query).split())


@never_cache  # queries may hold names: never kept by any cache
def search(request):
    raw = "".join(c if c.isprintable() else " " for c in request.GET.get("query", ""))
    query = " ".join(raw.split())[:SEARCH_QUERY_MAX_LENGTH]
    results = Page.objects.none()
    if terms := search_terms(query):
        results = Page.objects.live().public().specific().search(terms)
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request, "home/search.html", {"query": query, "results": page, "paginator": paginator}
    )


@never_cache
def exit_this_page(request):
    """Forget the referral in progress (the self-check keeps nothing), then go to the neutral
    site. A member of staff signed in in the same browser stays signed in; anyone else's
    session is deleted with its cookie."""
    if request.user.is_authenticated:
        wizard.forget(request.session)
    else:
        request.session.flush()
    return redirect(MaracSettings.for_request(request).exit_url)
