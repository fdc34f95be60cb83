"""Issue 2: the filtered case list API and full-text search over 100,000 cases, beside raw SQL.

Each scenario is measured as a full HTTP request through Django's test client (middleware, token
auth, access checks, filters, serialisation, JSON) and, in the same run, as the raw SQL query that
answers the same question (same rows, same access rule, same page size).
"""

from __future__ import annotations

import argparse
import time

from bench.report import p50, percentile, write_section
from bench.setup import bench_user, configure, ensure_cases

ROUNDS = 200
WARMUP = 20
PAGE = 50

COLUMNS = """c.id, c.reference, c.title, co.iso3, co.name, c.status, c.risk_level, c.year, u.username,
           c.updated_at, c.version"""
FROM = """FROM cases_case c JOIN reference_country co ON co.id = c.country_id
          LEFT JOIN accounts_user u ON u.id = c.assigned_to_id"""
ACCESS = """(c.is_restricted = %(false)s OR EXISTS (SELECT 1 FROM cases_case_compartment m
             WHERE m.case_id = c.id AND m.user_id = %(user)s))"""


def scenarios(vendor: str, ids: dict[str, int]) -> list[tuple[str, dict[str, str], str]]:
    if vendor == "postgresql":
        fts = "c.search_vector @@ to_tsquery('simple', %(tsq)s)"
    else:
        fts = "c.id IN (SELECT rowid FROM cases_case_fts WHERE cases_case_fts MATCH %(match)s)"
    order = f"ORDER BY c.id DESC LIMIT {PAGE + 1}"
    return [
        ("newest cases, no filter", {}, f"SELECT {COLUMNS} {FROM} WHERE {ACCESS} {order}"),
        ("State + status", {"country": ids["country_code"], "status": "follow_up"},
         f"SELECT {COLUMNS} {FROM} WHERE {ACCESS} AND c.country_id = {ids['country']} AND c.status = 'follow_up' "
         f"{order}"),
        ("regional group + form + year", {"regional_group": "ASIA_PACIFIC", "form": "travel_ban", "year": "2018"},
         f"""SELECT {COLUMNS} {FROM} WHERE {ACCESS} AND co.regional_group = 'ASIA_PACIFIC' AND c.year = 2018
             AND c.id IN (SELECT i.case_id FROM cases_incident_forms f JOIN cases_incident i ON i.id = f.incident_id
                          WHERE f.term_id = {ids['travel_ban']}) {order}"""),
        ("UN body + role + open", {"un_body": "CCPR", "role": "lawyer", "open": "true"},
         f"""SELECT {COLUMNS} {FROM} WHERE {ACCESS}
             AND c.status NOT IN ('closed_adequately_addressed', 'closed_not_substantiated', 'closed_withdrawn')
             AND c.id IN (SELECT e.case_id FROM cases_engagement e WHERE e.un_body_id = {ids['ccpr']})
             AND c.id IN (SELECT p.case_id FROM cases_affectedparty_roles r JOIN cases_affectedparty p
                          ON p.id = r.affectedparty_id WHERE r.term_id = {ids['lawyer']})
             {order}"""),
        ("full text: common family name", {"q": "khawaja"}, f"SELECT {COLUMNS} {FROM} WHERE {ACCESS} AND {fts} "
         f"{order}"),
        ("full text: two words, other script", {"q": "曹 顺利"}, f"SELECT {COLUMNS} {FROM} WHERE {ACCESS} AND "
         f"{fts} {order}"),
    ]


def fts_params(q: str) -> dict[str, str]:
    """The database's match expression for ``q``, as the API builds it (prefix terms and sound keys)."""
    from reprisals.cases.search import text_match

    match = text_match(q) or ""
    return {"tsq": match, "match": match}


def mount_floor(queries: list[tuple[str, dict]]) -> None:
    """The framework floor, for this process only: a plain Django view behind the same middleware that
    checks the same bearer token and answers with the scenario's raw SQL rows as JSON. What no code of
    ours adds: the least any Django endpoint answering the question could cost. Beside it, an empty
    request: a view that reads nothing and answers ``{}``, the stack's own cost per request."""
    from django.db import connection
    from django.http import HttpRequest, JsonResponse
    from django.urls import clear_url_caches, path

    import reprisals.urls
    from reprisals.core.api_auth import token_user

    def floor(request: HttpRequest, index: int) -> JsonResponse:
        user = token_user(request.headers.get("Authorization", "")[len("Bearer "):])
        if user is None:
            return JsonResponse({"error": "unauthenticated"}, status=401)
        sql, params = queries[index]
        with connection.cursor() as cursor:
            cursor.execute(sql, {**params, "user": user.pk})
            rows = cursor.fetchall()
        return JsonResponse({"items": [dict(zip(COLUMN_NAMES, row, strict=True)) for row in rows[:PAGE]]})

    def empty(request: HttpRequest) -> JsonResponse:
        return JsonResponse({})

    reprisals.urls.urlpatterns.insert(0, path("bench-floor/<int:index>", floor))
    reprisals.urls.urlpatterns.insert(0, path("bench-empty", empty))
    clear_url_caches()


COLUMN_NAMES = ("id", "reference", "title", "country", "country_name", "status", "risk_level", "year", "assigned_to",
                "updated_at", "version")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--fresh", action="store_true", help="empty the bench database first")
    args = parser.parse_args()
    configure(args.db, fresh=args.fresh)
    from django.db import connection
    from django.test import Client

    from reprisals.reference.models import Country, Term, UNBody

    total = ensure_cases(args.scale)
    user, token = bench_user()
    client = Client(HTTP_HOST="localhost")
    headers = {"Authorization": f"Bearer {token}"}
    busiest = connection.cursor()
    busiest.execute("SELECT country_id FROM cases_case GROUP BY country_id ORDER BY COUNT(*) DESC LIMIT 1")
    country = Country.objects.get(pk=busiest.fetchone()[0])
    ids = {
        "country": country.pk, "country_code": country.iso3,
        "travel_ban": Term.objects.get(vocabulary="reprisal_form", code="travel_ban").pk,
        "lawyer": Term.objects.get(vocabulary="party_role", code="lawyer").pk,
        "ccpr": UNBody.objects.get(code="CCPR").pk,
    }
    rows = ["| scenario | rows | API p50 ms | API p95 ms | raw SQL p50 ms | raw SQL p95 ms | API / raw p95 "
            "| floor p50 ms | floor p95 ms | floor / raw p95 | API / floor p95 | empty request p95 ms "
            "| empty / raw p95 |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    plan = [(label, params, sql, {"false": False, "user": user.pk, **fts_params(params.get("q", ""))})
            for label, params, sql in scenarios(connection.vendor, ids)]
    mount_floor([(sql, sql_params) for _label, _params, sql, sql_params in plan])
    for index, (label, params, sql, sql_params) in enumerate(plan):
        api_times, sql_times, floor_times, empty_times, n_rows = [], [], [], [], 0
        for i in range(WARMUP + ROUNDS):
            t0 = time.perf_counter()
            response = client.get("/api/v1/cases", {**params, "limit": PAGE}, headers=headers)
            t1 = time.perf_counter()
            assert response.status_code == 200, response.content
            with connection.cursor() as cursor:
                t2 = time.perf_counter()
                cursor.execute(sql, sql_params)
                raw = cursor.fetchall()
                t3 = time.perf_counter()
            floor = client.get(f"/bench-floor/{index}", headers=headers)
            t4 = time.perf_counter()
            assert client.get("/bench-empty").status_code == 200
            t5 = time.perf_counter()
            assert floor.status_code == 200, floor.content
            if i >= WARMUP:
                api_times.append((t1 - t0) * 1000)
                sql_times.append((t3 - t2) * 1000)
                floor_times.append((t4 - t3) * 1000)
                empty_times.append((t5 - t4) * 1000)
            n_rows = len(response.json()["items"])
            assert n_rows == min(len(raw), PAGE) == len(floor.json()["items"]), (label, n_rows, len(raw))
        api95, sql95, floor95, empty95 = (percentile(t, 0.95) for t in (api_times, sql_times, floor_times, empty_times))
        rows.append(f"| {label} | {n_rows} | {p50(api_times):.1f} | {api95:.1f} | {p50(sql_times):.2f} | "
                    f"{sql95:.2f} | {api95 / sql95:.1f}× | {p50(floor_times):.1f} | {floor95:.1f} | "
                    f"{floor95 / sql95:.1f}× | {api95 / floor95:.1f}× | {empty95:.2f} | {empty95 / sql95:.1f}× |")
        print(rows[-1], flush=True)
    body = (f"{total:,} demo cases; {ROUNDS} requests per scenario after {WARMUP} warm-up, API, raw SQL and floor "
            f"interleaved; page size {PAGE}. API = `GET /api/v1/cases` through Django's test client "
            "(token auth, access rule, filters, JSON). Floor = the least any Django endpoint could cost: a plain "
            "view behind the same middleware, checking the same token and returning the raw SQL's rows as JSON "
            "(mounted by the benchmark only). Empty request = a view behind the same middleware that reads nothing "
            "and answers `{}`: what the stack alone costs per request, before any token check or query.\n\n"
            + "\n".join(rows))
    write_section(f"case_list:{args.db}", f"Case list and full-text search ({args.db})", body)


if __name__ == "__main__":
    main()
