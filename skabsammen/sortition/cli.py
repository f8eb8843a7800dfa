"""Command line: `python -m skabsammen.sortition select|sample …`, JSON on standard output.

Bad input (a file that cannot be read, a missing or doubled column, infeasible quotas,
k larger than the pool, …) prints a Danish message on standard error and exits with 2.
"""

import argparse
import json
import sys
from pathlib import Path

from .csvfiles import read_categories, read_register, read_respondents
from .errors import SortitionError
from .selection import ALGORITHMS, LEGACY_DRAWS, select
from .stratified import stratified_sample

EXIT_BAD_INPUT = 2


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m skabsammen.sortition",
        description="Fair lodtrækning: paneler med kvoter (LEXIMIN/LEGACY) og stratificerede "
        "stikprøver. Skriver JSON på standard output.",
    )
    commands = main.add_subparsers(dest="command", required=True)
    select_ = commands.add_parser(
        "select",
        help="træk et panel fra en pulje af frivillige med kvoter",
        description="Beregn lotteriet over paneler og træk ét panel med det offentliggjorte "
        "frø. Output: panel, probabilities, min_probability, distribution, algorithm, "
        "seed og record (inputs' SHA-256 og versioner).",
    )
    select_.add_argument("--categories", required=True, type=Path, help="category,feature,min,max")
    select_.add_argument("--respondents", required=True, type=Path, help="én række pr. person")
    select_.add_argument("--k", required=True, type=int, help="panelets størrelse")
    select_.add_argument("--algorithm", required=True, choices=ALGORITHMS)
    select_.add_argument("--seed", required=True, help="frøet, offentliggjort før trækningen")
    select_.add_argument("--household", help="kolonne med husstand: højst én pr. husstand")
    select_.add_argument(
        "--draws", type=int, default=LEGACY_DRAWS, help="antal LEGACY-kørsler bag sandsynlighederne"
    )
    sample = commands.add_parser(
        "sample",
        help="træk en stratificeret stikprøve af et registerudtræk",
        description="Træk --size personer fra --population (CSV, én række pr. person), så "
        "fordelingen på --strata følger befolkningen (største brøkdels metode over "
        "kombinationerne af værdierne). Output: rows (rækkenumre fra 0), strata med "
        "befolkning, eksakt andel og tildelte pladser, seed og record.",
    )
    sample.add_argument("--population", required=True, type=Path, help="registerudtræk (CSV)")
    sample.add_argument("--size", required=True, type=int, help="stikprøvens størrelse")
    sample.add_argument(
        "--strata", required=True, help="kommaseparerede kolonner, fx bydel,aldersgruppe,køn"
    )
    sample.add_argument("--seed", required=True, help="frøet, offentliggjort før trækningen")
    sample.add_argument("--household", help="kolonne med husstand: højst én pr. husstand")
    for command in (select_, sample):
        command.add_argument("--output", type=Path, help="skriv JSON hertil i stedet")
    return main


def run_select(args) -> dict:
    quotas = read_categories(args.categories)
    pool = read_respondents(args.respondents)
    result = select(
        pool, quotas, args.k, args.algorithm, args.seed, args.household, legacy_draws=args.draws
    )
    return result.as_json()


def run_sample(args) -> dict:
    attributes = [a.strip() for a in args.strata.split(",") if a.strip()]
    wanted = attributes + ([args.household] if args.household else [])
    columns = read_register(args.population, wanted)
    return stratified_sample(columns, attributes, args.size, args.seed, args.household).as_json()


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        output = run_select(args) if args.command == "select" else run_sample(args)
    except SortitionError as error:
        print(f"Fejl: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    text = json.dumps(output, ensure_ascii=False) + "\n"
    if not args.output:
        sys.stdout.write(text)
        return 0
    partial = args.output.with_name(args.output.name + ".delvis")
    try:  # a reader of --output sees the whole result or none of it
        partial.write_text(text, encoding="utf-8")
        partial.replace(args.output)
    except OSError as error:
        partial.unlink(missing_ok=True)
        print(f"Fejl: {args.output} kan ikke skrives ({error.strerror}).", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0
