"""Search benchmark at marketplace scale on the embedded backend.

    make bench-search            # 100k products, 2k sellers (first run seeds ~5 min)
    make bench-search BENCH_ARGS="--products 20000"
    make bench-search BENCH_ARGS="--database postgres"   # make bench's database

Builds its own SQLite database (var/bench-<N>.sqlite3, kept between runs), seeds
it with `seed_scale`, times a full `search_rebuild`, then sends shopper queries
and autocomplete prefixes through Django's full request stack in one process
(DEBUG off) and writes p50/p95/p99 into docs/PERFORMANCE.md. This measures the
application, not a network: see `make bench` for load over HTTP."""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.perf.bench import analyze, database_url, machine, postgres_database, rows

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "PERFORMANCE.md"
MARKERS = {
    "sqlite": ("<!-- search-bench:start -->", "<!-- search-bench:end -->"),
    "postgres": (
        "<!-- search-bench:postgres:start -->",
        "<!-- search-bench:postgres:end -->",
    ),
}

QUERIES = [
    "che xanh",
    "Chè xanh",
    "tra hoa vang",
    "buoi doan hung",
    "mật ong",
    "mat ong rung",
    "gao st25",
    "ca phe robusta",
    "thit chua thanh son",
    "sam ngoc linh",
    "nuoc mam",
    "banh chung",
    "dac biet",
    "huu co",
    "chè shan tuyết hà giang",
    "cam cao phong",
    "vai thieu luc ngan",
    "que",
    "nam huong",
    "non la",
    "keo dua ben tre",
    "mien dong",
    "bong",
    "tra",
    "cà phê arabica đà lạt",
    "hong khong hat",
    "lac do",
    "mut gung",
    "htx",
    "xyz khong co",
]
PREFIXES = [
    "ch",
    "che",
    "che x",
    "bu",
    "buo",
    "mat o",
    "ca p",
    "gao",
    "sam",
    "ht",
    "tr",
    "tra h",
    "ca",
    "cam c",
    "va",
    "vai t",
    "nh",
    "nhan",
    "ho",
    "hong k",
    "mi",
    "mien",
    "nu",
    "nuoc m",
    "ba",
    "banh c",
    "ke",
    "keo d",
    "no",
    "non l",
]


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(client, path, params, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for value in params:
            started = time.perf_counter()
            response = client.get(path, {"q": value})
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, value, response.status_code)
    return samples


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--sellers", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    options = parser.parse_args()
    start, end = MARKERS[options.database]

    url = database_url(options)  # PostgreSQL: the one `make bench` seeds
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.base",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver",
        "ELASTICSEARCH_URL": "",
    }
    if options.database == "postgres":
        postgres_database(url, fresh=False)
    else:
        (ROOT / "var").mkdir(exist_ok=True)
    seeded = rows(url, "catalogue_product") >= options.products
    manage("migrate", "--noinput", "-v0", env=env)  # also after code updates
    if not seeded:
        manage(
            "seed_scale",
            f"--products={options.products}",
            f"--sellers={options.sellers}",
            env=env,
        )
    started = time.monotonic()
    manage("search_rebuild", "-v0", env=env)
    rebuild_seconds = time.monotonic() - started
    analyze(url)

    os.environ.update(env)
    import django

    django.setup()
    from django.test import Client

    client = Client()
    # The rebuild touched the search index (freshness): the first round meets
    # no usable cached results (cold), later rounds repeat popular questions.
    search_cold = timed(client, "/search/", QUERIES, 1)
    suggest_cold = timed(client, "/search/suggest/", PREFIXES, 1)
    search = timed(client, "/search/", QUERIES, options.rounds)
    suggest = timed(client, "/search/suggest/", PREFIXES, options.rounds)

    def row(name, samples, target):
        p95 = percentile(samples, 95)
        verdict = "met" if p95 <= target else "missed"
        return (
            f"| {name} | {len(samples)} | {statistics.median(samples):.1f} | "
            f"{p95:.1f} | {percentile(samples, 99):.1f} | ≤ {target} ms: {verdict} |"
        )

    rebuild_verdict = "met" if rebuild_seconds <= 180 else "missed"
    table = "\n".join(
        [
            start,
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
            f"{machine()}; "
            f"{options.database}; {options.products:,} products, "
            f"{options.sellers:,} sellers (`make bench-search"
            + (
                ' BENCH_ARGS="--database postgres"'
                if options.database == "postgres"
                else ""
            )
            + "`).",
            "",
            "| What | Requests | p50 ms | p95 ms | p99 ms | Target |",
            "|---|---|---|---|---|---|",
            row("Search page, first time asked (cold)", search_cold, 100),
            row("Search page, asked again (cached results)", search, 100),
            row("Autocomplete, first time typed (cold)", suggest_cold, 30),
            row("Autocomplete, typed again (cached)", suggest, 30),
            "",
            f"Full index rebuild (`search_rebuild`): {rebuild_seconds:.0f} s "
            f"(target ≤ 180 s: {rebuild_verdict}).",
            end,
        ]
    )
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    if start in text:
        text = text[: text.index(start)] + table + text[text.index(end) + len(end) :]
    elif options.database == "postgres" and MARKERS["sqlite"][1] in text:
        at = text.index(MARKERS["sqlite"][1]) + len(MARKERS["sqlite"][1])
        text = text[:at] + "\n\n" + table + text[at:]
    else:
        text = (
            text.rstrip()
            + "\n\n## Search at scale (embedded backend)\n\n"
            + table
            + "\n"
        )
    DOC.write_text(text, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
