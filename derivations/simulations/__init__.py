"""One module per ``specbias simulate KIND``; each defines ``register(subparsers)``."""
