"""``specbias seminorm ACTIVATION --dim D [--param ...] [--format text|latex|json]``."""

from __future__ import annotations


from ..cli import add_timeout_option


def register(sub):
    p = sub.add_parser("seminorm", help="the activation-specific spectral weight W_σ,d and its properties")
    p.add_argument("activation", help="catalogue name or SymPy expression")
    p.add_argument("--dim", type=int, required=True, help="input dimension d >= 1")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--format", choices=("text", "latex", "json"), default="text")
    p.add_argument("--no-verify", action="store_true", help="skip the numeric spot check")
    add_timeout_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from specbias.core import budget
    from specbias.core.activations import resolve_activation
    from specbias.theory.seminorm import spectral_weight

    from ..cli import emit, parse_params
    from ..verification import verify_weight

    with budget.budget(args.timeout, "seminorm"):
        with budget.step("parse"):
            act = resolve_activation(args.activation, **parse_params(args.param))
        with budget.step("derive"):
            sw = spectral_weight(act, args.dim)
        with budget.step("verify"):
            verified = None if args.no_verify else verify_weight(sw)
        with budget.step("print"):
            return emit(sw, verified, args.format)
