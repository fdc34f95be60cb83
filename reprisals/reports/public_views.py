"""The public site: no login. Published cases of final reports (redacted at the moment of use) with
filters, a page per State, charts and a map with small counts suppressed, open data downloads and the
public documents of final reports. Every view is ``@public``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from reprisals.core.access import public
from reprisals.core.errors import NotFound
from reprisals.reference.i18n import localized_name
from reprisals.reference.models import Country
from reprisals.reports import charts, conf, disclosure, opendata, worldmap
from reprisals.reports import public as data
from reprisals.reports.documents import FORMATS, REPORTS
from reprisals.reports.forms import PublicFilterForm

CHART_KEYS = ("by_regional_group", "by_form", "by_un_body", "by_report")


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    response = render(request, template, {"threshold": conf.min_cell(), **context}, status=status)
    response["Cache-Control"] = "public, max-age=300"
    return response


def _file(body: bytes, mimetype: str, filename: str = "", inline: bool = False) -> HttpResponse:
    response = HttpResponse(body, content_type=mimetype)
    if filename:
        kind = "inline" if inline else "attachment"
        response["Content-Disposition"] = f'{kind}; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def map_svg() -> str:
    """The map shows the same protected figures as the statistics: a State whose count is grouped (to
    protect a smaller one) shows no number either, so that none can be worked out across outputs."""
    few = _("fewer than %(n)s, or grouped to protect identities") % {"n": conf.min_cell()}
    counts = data.counts_by_state()
    shown = {row[0] for row in disclosure.protect_counts({k: n for k, (_c, n) in counts.items()},
                                                         conf.min_cell()).rows}
    # Every State is named in the reader's language, those without published cases too (they are not links).
    names = {c.m49: localized_name(c) for c in Country.objects.only("m49", "iso3", "name")}
    states = {c.m49: worldmap.MapState(c.m49, c.iso3, names.get(c.m49, c.name), n,
                                       reverse("reports:public_state", args=[c.iso3]), c.iso3 in shown)
              for c, n in counts.values()}
    for m49, name in names.items():
        states.setdefault(m49, worldmap.MapState(m49, "", name, 0))
    return worldmap.svg(states, conf.min_cell(), _("Published cases by State"), few)


@public
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    stats = data.statistics()
    top = max((row["count"] for row in stats["by_state"]["rows"] if not row["grouped"]), default=0)
    return _page(request, "public/home.html", {
        "map": mark_safe(map_svg()),  # built by worldmap from escaped names and numbers only
        "legend": worldmap.legend(conf.min_cell(), top, _("fewer than %(n)s, or grouped to protect identities")
                                  % {"n": conf.min_cell()}),
        "stats": stats, "charts": CHART_KEYS,
        "reports": data.final_periods(), "formats": FORMATS,
    })


@public
@require_safe
def cases(request: HttpRequest) -> HttpResponse:
    form = PublicFilterForm(request.GET, choices=data.filter_choices())
    if not form.is_valid():
        return _page(request, "public/cases.html", {"form": form, "cases": [], "more": False}, status=400)
    page = form.cleaned_data.get("page") or 1
    found, more = data.page_of(form.filters(), page)
    query = request.GET.copy()
    query["page"] = str(page + 1)
    return _page(request, "public/cases.html", {"form": form, "cases": found, "more": more,
                                                "next_query": query.urlencode(), "page": page})


@public
@require_safe
def state(request: HttpRequest, iso3: str) -> HttpResponse:
    country = Country.objects.filter(iso3=iso3.upper()).first() if len(iso3) == 3 else None
    if country is None:  # "BHRXX" is no State, not Bahrain
        raise NotFound()
    found, more = data.page_of(data.PublicFilters(state=country.iso3), 1)
    return _page(request, "public/state.html", {"country": country, "cases": found, "more": more,
                                                "stats": data.statistics(country.iso3)})


@public
@require_safe
def world_map(request: HttpRequest) -> HttpResponse:
    return _file(map_svg().encode(), "image/svg+xml")


@public
@require_safe
def chart(request: HttpRequest, key: str) -> HttpResponse:
    if key not in CHART_KEYS:
        raise NotFound()
    table = data.statistics()[key]
    rows = [(r["label"] if not r["grouped"] else _("Other (grouped to protect identities)"), r["count"])
            for r in table["rows"]]
    if not rows:
        rows = [(_("fewer than %(n)s") % {"n": conf.min_cell()}, 0)]
    return _file(charts.bars([label for label, _n in rows], [("", [n for _l, n in rows])]), "image/png")


@public
@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return _page(request, "public/open_data.html", {})


DOWNLOADS = {
    "cases.csv": (opendata.cases_csv, "text/csv; charset=utf-8"),
    "cases.json": (opendata.cases_json, "application/json"),
    "statistics.csv": (opendata.statistics_csv, "text/csv; charset=utf-8"),
    "statistics.json": (opendata.statistics_json, "application/json"),
}


@public
@require_safe
def open_data_file(request: HttpRequest, name: str) -> HttpResponse:
    if name not in DOWNLOADS:
        raise NotFound()
    make, mimetype = DOWNLOADS[name]
    return _file(make(), mimetype, f"reprisals-{name}")


@public
@require_safe
def report_document(request: HttpRequest, period_id: int, fmt: str) -> HttpResponse:
    period = data.final_periods().filter(pk=period_id).first()
    if period is None or fmt not in REPORTS:
        raise NotFound()
    filename, mimetype, body = REPORTS[fmt]().render({"period": period, "public": True})
    return _file(body, mimetype, filename)
