"""Issue 6: what encryption and the audit log cost on the case API.

The same requests run twice in one process, interleaved: once as shipped, once with field encryption
replaced by the identity and the audit log by a no-op. Each mode works on its own cases, so that
values written in one mode are only ever read in that mode.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import time
from collections.abc import Iterator

from bench.report import p50, percentile, write_section
from bench.setup import bench_user, configure, ensure_cases

ROUNDS = 300
WARMUP = 30


@contextlib.contextmanager
def unprotected() -> Iterator[None]:
    """Identity encryption and no audit entries, for the baseline only."""
    from reprisals.cases import services as case_services
    from reprisals.core import audit, crypto
    from reprisals.core import services as core_services

    saved = (crypto.encrypt, crypto.decrypt, case_services.audit_record, core_services.audit_record)

    def no_audit(**kwargs: object) -> None:
        return None

    crypto.encrypt = lambda value: value  # type: ignore[assignment]
    crypto.decrypt = lambda value: value  # type: ignore[assignment]
    case_services.audit_record = core_services.audit_record = no_audit  # type: ignore[assignment]
    try:
        yield
    finally:
        crypto.encrypt, crypto.decrypt, case_services.audit_record, core_services.audit_record = saved
    _ = audit


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--scale", type=int, default=2_000)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    configure(args.db, fresh=args.fresh)
    from django.test import Client

    ensure_cases(args.scale)
    _, token = bench_user()
    client = Client(HTTP_HOST="localhost")
    headers = {"Authorization": f"Bearer {token}"}

    def open_case(label: str) -> int:
        allegation = client.post("/api/v1/allegations", {
            "country": "BHR", "received_on": "2024-05-01", "narrative": f"Benchmark allegation {label}",
            "source_identity": "Source name for the benchmark", "source_contact": "bench@example.org",
        }, content_type="application/json", headers=headers).json()
        case = client.post("/api/v1/cases", {"title": f"Benchmark {label}", "country": "BHR",
                                             "allegation_id": allegation["id"], "risk_notes": "Hiding"},
                           content_type="application/json", headers=headers).json()
        client.post(f"/api/v1/cases/{case['id']}/parties", {"name": "Bench Person", "contact": "+00 1"},
                    content_type="application/json", headers=headers)
        return case["id"]

    protected_case = open_case("protected")
    with unprotected():
        plain_case = open_case("plain")

    def ops(case_id: int, i: int) -> list[tuple[str, object]]:
        version = client.get(f"/api/v1/cases/{case_id}", headers=headers).json()["version"]
        return [
            ("record an allegation (2 protected fields)", lambda: client.post(
                "/api/v1/allegations", {"country": "BHR", "received_on": dt.date.today().isoformat(),
                                        "narrative": f"n{i}", "source_identity": f"s{i}", "source_contact": f"c{i}"},
                content_type="application/json", headers=headers)),
            ("change a case (versioned, audited)", lambda: client.patch(
                f"/api/v1/cases/{case_id}", {"version": version, "summary": f"summary {i}"},
                content_type="application/json", headers=headers)),
            ("read a case", lambda: client.get(f"/api/v1/cases/{case_id}", headers=headers)),
            ("read a case revealing protected fields", lambda: client.get(
                f"/api/v1/cases/{case_id}", {"reveal": "true"}, headers=headers)),
        ]

    times: dict[tuple[str, str], list[float]] = {}
    for i in range(WARMUP + ROUNDS):
        for mode, case_id in (("protected", protected_case), ("plain", plain_case)):
            ctx = unprotected() if mode == "plain" else contextlib.nullcontext()
            with ctx:
                for label, op in ops(case_id, i):
                    t0 = time.perf_counter()
                    response = op()  # type: ignore[operator]
                    elapsed = (time.perf_counter() - t0) * 1000
                    assert response.status_code in (200, 201), (label, response.content[:200])
                    if i >= WARMUP:
                        times.setdefault((label, mode), []).append(elapsed)
    rows = ["| operation | as shipped p50 ms | without encryption and audit p50 ms | overhead | as shipped p95 ms |",
            "|---|---|---|---|---|"]
    labels = list(dict.fromkeys(label for label, _ in times))
    for label in labels:
        on, off = times[(label, "protected")], times[(label, "plain")]
        overhead = (p50(on) / p50(off) - 1) * 100
        rows.append(f"| {label} | {p50(on):.2f} | {p50(off):.2f} | {overhead:+.0f}% | {percentile(on, 0.95):.2f} |")
        print(rows[-1], flush=True)
    body = (f"{ROUNDS} rounds after {WARMUP} warm-up, both modes interleaved in one process; the baseline "
            "replaces AES-GCM field encryption by the identity and the audit log by a no-op. Goal: overhead "
            "under 20%.\n\n" + "\n".join(rows))
    write_section(f"protection_overhead:{args.db}", f"Cost of encryption and audit on the case API ({args.db})", body)


if __name__ == "__main__":
    main()
