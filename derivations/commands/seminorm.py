"""``specbias seminorm ACTIVATION --dim D [--param ...] [--format text|latex|json]``."""

from __future__ import annotations


from specbias.derivations.commands.options import add_derived_output_options, add_param_option


def register(sub):
    p = sub.add_parser("seminorm", help="the activation-specific spectral weight W_σ,d and its properties")
    p.add_argument("activation", help="catalogue name or SymPy expression")
    p.add_argument("--dim", type=int, required=True, help="input dimension d >= 1")
    add_param_option(p)
    add_derived_output_options(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from specbias.core import budget
    from specbias.core.activations import resolve_activation
    from specbias.theory.seminorm import spectral_weight

    from specbias.derivations.cli import EXIT_INPUT, emit, parse_params
    from specbias.derivations.verification import verify_weight

    with budget.budget(args.timeout, "seminorm", hard_exit=EXIT_INPUT):
        with budget.step("parse"):
            act = resolve_activation(args.activation, **parse_params(args.param))
        with budget.step("derive"):
            sw = spectral_weight(act, args.dim)
        with budget.step("verify"):
            verified = None if args.no_verify else verify_weight(sw)
        with budget.step("print"):
            return emit(sw, verified, args.format)
