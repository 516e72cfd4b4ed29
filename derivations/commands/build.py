"""``specbias build``: the main job (see :mod:`derivations.build`)."""

from __future__ import annotations

import json
import sys
import time

from specbias.derivations.commands.options import add_catalogue_options, add_jobs_option


def register(sub):
    p = sub.add_parser("build", help="derive every activation in every dimension, verify, write LaTeX documents")
    add_catalogue_options(p, "catalogue names (default: the whole catalogue)")
    p.add_argument("--out", default=None, help="output directory (default: ./specbias-build; the repository's committed copies: --out derivations/generated)")
    p.add_argument("--no-cache", action="store_true", help="ignore and do not write the cache")
    p.add_argument("--no-pdf", action="store_true", help="do not run a TeX engine even if one is installed")
    p.add_argument("--format", choices=("text", "json"), default="text")
    add_jobs_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from specbias.derivations.build import build, tex_engine
    from specbias.derivations.cli import parse_dims
    from specbias.derivations.parallel import check_jobs

    t0 = time.perf_counter()
    res = build(args.activations or None, dims=parse_dims(args.dims), out=args.out,
                pdf=False if args.no_pdf else None, progress=sys.stderr.isatty(), use_cache=not args.no_cache,
                jobs=check_jobs(getattr(args, "jobs", None)))
    elapsed = time.perf_counter() - t0
    if args.format == "json":
        res = {k: v for k, v in res.items() if k != "rows"}
        res["seconds"] = elapsed
        print(json.dumps(res, indent=2, default=str))
    else:
        for row in res["rows"]:
            print(row["activation"], "->", row["claim"]["status"])
        print(f"wrote {len(res['activations'])} documents, summary.md/.tex and spectra.png to {res['out']}"
              f" in {elapsed:.1f} s ({res['cache_hits']} from cache)"
              + (f"; PDF {res['pdf']}" if res["pdf"] else "; no PDF (--no-pdf)" if args.no_pdf else
                 f"; no PDF (the TeX engine failed: see {res['out']}/specbias.log)" if tex_engine() else
                 "; no PDF (no TeX engine: apt-get install texlive-latex-base texlive-latex-recommended)"))
        if res["disagreements"]:
            print("DISAGREEMENTS with THEORY.md:")
            for a, c in res["disagreements"]:
                print(f"  {a}: {'; '.join(c['notes'])}")
    return 0
