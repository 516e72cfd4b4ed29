"""``specbias transform ACTIVATION [--param name=value ...] [--convention NAME|a,b] [--format ...]``."""

from __future__ import annotations


from specbias.derivations.commands.options import add_derived_output_options, add_param_option


def register(sub):
    p = sub.add_parser("transform", help="generalized Fourier transform of an activation, verified numerically")
    p.add_argument("activation", help="catalogue name (relu, sigmoid, ...) or a SymPy expression such as 't/(1+exp(-t))'")
    add_param_option(p, "activation parameter, e.g. --param alpha=2 (repeatable)")
    p.add_argument("--convention", default="angular", help="angular (default), ordinary, sympy, unitary, mathematica, or 'a,b'")
    add_derived_output_options(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from specbias.core import budget
    from specbias.core.activations import resolve_activation
    from specbias.core.conventions import get_convention
    from specbias.theory.fourier import fourier_transform

    from specbias.derivations.cli import EXIT_INPUT, emit, parse_params
    from specbias.derivations.verification import verify_transform

    with budget.budget(args.timeout, "transform", hard_exit=EXIT_INPUT):
        with budget.step("parse"):
            conv = get_convention(args.convention)
            act = resolve_activation(args.activation, **parse_params(args.param))
        with budget.step("derive"):
            gt = fourier_transform(act, convention=conv)
        with budget.step("verify"):
            verified = None if args.no_verify else verify_transform(gt)
        with budget.step("print"):
            return emit(gt, verified, args.format)
