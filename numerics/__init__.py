"""specbias.numerics: the independent numeric side (NumPy, SciPy, mpmath).

Rule: numerics never evaluates a formula that :mod:`theory` derived.  Its only input about an
activation is the activation's own definition (the SymPy expression of σ, which it may
differentiate and lambdify).  ``tests/test_independence.py`` enforces that no module here imports
the derived-formula modules of :mod:`theory`.
"""
