"""Mutation testing of specbias's mathematical code (issue 10).  A benchmark script, not a test.

One change at a time is made to the source of the mathematical modules (an arithmetic operator,
a numeric constant, a unary minus, a power, a comparison), and only the tests that execute the
mutated line are run against it.  A mutant is *killed* when one of those tests fails (or the
module no longer imports), *survived* when they all pass, *timeout* when they take longer than
the per-mutant limit.  Mutants listed in ``benchmarks/mutation_equivalent.json`` (rows {"key", "reason"}; the key,
file|original line|column|replacement, is stable under line shifts and printed in the JSON report)
are reported as *equivalent* with their reason: they are
run all the same, and shown, never silently dropped.

How it works
------------
1. The work tree is copied to a temporary directory (the real files are never touched), and
   the copy is put on ``PYTHONPATH`` as the package ``specbias`` (a folder of symbolic links
   ``specbias/{core,theory,numerics,derivations}`` into the copy), ahead of the editable install.
2. Coverage map: the test suite is run once under coverage.py with the dynamic context
   ``test_function`` (``pip install coverage``), which records, for every line of the target
   files, the test functions that executed it, and with ``--junitxml`` for their durations.
   Without coverage.py (``--no-coverage``) every mutant runs the static map ``STATIC_MAP``.
3. Mutants: all sites are enumerated from the AST in a fixed order; ``--sample N --seed S``
   draws a reproducible sample (``random.Random(S).sample``).  Each mutant is written into the
   copy as a byte-exact text replacement (line numbers are kept), the covering tests run as
   ``pytest -x`` fastest first (Hypothesis profile ``mutation``: derandomized, no database), and
   the original is written back.
4. ``--json`` prints one object: killed, survived, timeout, equivalent, kill_ratio
   (= killed / (killed + survived + timeout), equivalent mutants excluded), the per-file
   breakdown and every surviving / equivalent mutant with its location.

Usage::

    pip install coverage
    python benchmarks/mutation.py --sample 220 --seed 10 [--jobs 1] [--timeout 240] [--json]
    python benchmarks/mutation.py --list            # every mutation site, no tests run
    python benchmarks/mutation.py --files theory/seminorm.py --sample 40 --seed 1

Operators: ``+``↔``-``, ``*``↔``/``, ``**`` → ``*``, ``//`` → ``/``; an int or float constant
c → c + 1 (booleans and strings are never mutated); ``-x`` → ``x``; comparisons negated
(``<`` → ``>=``, ``<=`` → ``>``, ``>`` → ``<=``, ``>=`` → ``<``, ``==`` ↔ ``!=``).  Not mutated:
docstrings, f-strings and other string literals, ``__all__``, and the ``maxsize`` of
``functools.lru_cache`` (cache sizes).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: the mathematical code under mutation
TARGETS = [
    "theory/fourier.py", "theory/seminorm.py", "theory/radon.py", "theory/reparam.py",
    "theory/ntk.py", "theory/regions.py",
    "numerics/fourier.py", "numerics/radon.py", "numerics/regularized.py",
    "specbias/core/conventions.py",
]

#: used when coverage.py is not installed (``--no-coverage``): file -> test files
STATIC_MAP = {
    "theory/fourier.py": ["tests/test_known_transforms.py", "tests/test_transform_properties.py",
                          "tests/test_rules_numeric.py", "tests/test_conventions_all.py",
                          "tests/test_kills_theory_fourier.py"],
    "theory/seminorm.py": ["tests/test_seminorm_theory.py", "tests/test_conventions_all.py",
                           "tests/test_kills_theory_fourier.py"],
    "theory/radon.py": ["tests/test_radon_known.py", "tests/test_radon_fourier_slice.py", "tests/test_kills_radon.py"],
    "theory/reparam.py": ["tests/test_reparam_symbolic.py", "tests/test_pin_upper_bound.py",
                          "tests/test_kills_ntk_regions_reparam.py"],
    "numerics/fourier.py": ["tests/test_numeric_transforms.py", "tests/test_known_transforms.py",
                            "tests/test_kills_numeric_fourier.py"],
    "numerics/radon.py": ["tests/test_radon_known.py", "tests/test_radon_adjoint.py",
                          "tests/test_radon_convergence.py", "tests/test_radon_fourier_slice.py",
                          "tests/test_kills_radon.py"],
    "numerics/regularized.py": ["tests/test_regularized_catalogue.py", "tests/test_mutation_kills.py"],
    "theory/ntk.py": ["tests/test_spectral_bias_theory.py", "tests/test_spectral_bias_interval.py",
                      "tests/test_spectral_bias_uniform_interval.py", "tests/test_kills_ntk_regions_reparam.py"],
    "theory/regions.py": ["tests/test_regions_theory.py", "tests/test_kills_ntk_regions_reparam.py"],
    "specbias/core/conventions.py": ["tests/test_conventions_all.py", "tests/test_transform_properties.py",
                                     "tests/test_kills_theory_fourier.py"],
}

#: the test files run under coverage to build the line -> tests map: every test file except those that
#: only exercise the simulations (training loops that never execute a target line, minutes each) and
#: EXCLUDE_TESTS.  A hand-written kill counts only if its file is here (it was not, for
#: test_mutation_kills.py and test_edges_and_provenance.py, before this list was made exhaustive).
SIMULATION_ONLY_TESTS = [
    "tests/test_adaptive_cli.py", "tests/test_adaptive_flow.py", "tests/test_adaptive_hybrid.py",
    "tests/test_adaptive_prediction.py", "tests/test_adaptive_regimes.py", "tests/test_adaptive_rs.py",
    "tests/test_network.py", "tests/test_kernel_regime.py", "tests/test_regions_mlp.py",
    "tests/test_regions_measures.py", "tests/test_regions_cli.py", "tests/test_targets.py",
    "tests/test_spectral_bias_training.py", "tests/test_examples.py",
]
#: left out of the map as well: the front door's budget, fuzz, security, layout and order tests (they judge
#: the CLI's robustness, not formulas, and run for many minutes under coverage's tracer), and the tests that
#: spawn interpreters, which fail in the mutation copy.  (A map run used to hang in
#: test_transform_properties.py::test_linearity: the budget cleared an undelivered interrupt with
#: PyThreadState_SetAsyncExc(tid, NULL), which under a tracer makes CPython 3.11 spin at the next call; fixed
#: in specbias/core/budget.py, tested in test_front_door.py.)
SLOW_OR_PROCESS_TESTS = [
    "tests/test_front_door.py", "tests/test_fuzz.py", "tests/test_security.py", "tests/test_layout.py",
    "tests/test_independence.py", "tests/test_order.py", "tests/test_benchmarks_coverage.py",
    "tests/test_api.py", "tests/test_perf.py", "tests/test_large_sums.py", "tests/test_known_failures.py",
]
MAP_TESTS = sorted(f"tests/{p.name}" for p in (ROOT / "tests").glob("test_*.py")
                   if f"tests/{p.name}" not in SIMULATION_ONLY_TESTS + SLOW_OR_PROCESS_TESTS
                   and f"tests/{p.name}" not in ("tests/test_generated_docs.py", "tests/test_packaging.py"))

#: tests never used to judge a mutant (they regenerate the documents or build packages: minutes each)
EXCLUDE_TESTS = ["tests/test_generated_docs.py", "tests/test_packaging.py"]

#: marker in the map for lines run at import time (module-level constants, tables, class bodies):
#: coverage attributes them to no test, so such a mutant runs the static map's test files instead
IMPORT_TIME = "<import>"

EQUIVALENT_FILE = ROOT / "benchmarks" / "mutation_equivalent.json"


def import_time_tests(file: str) -> list:
    """Test files for a line run at import time (a module constant, a default argument), which coverage
    attributes to no test: the static map's files for its module and every kill file (tests/test_kills*.py,
    tests/test_mutation_kills.py), whose tests call functions with their defaults on purpose."""
    kill_files = sorted(f"tests/{p.name}" for p in (ROOT / "tests").glob("test_kills*.py"))
    out = [t for t in STATIC_MAP.get(file, []) + kill_files + ["tests/test_mutation_kills.py"] if (ROOT / t).exists()]
    return list(dict.fromkeys(out))

BINOP_SWAP = {ast.Add: (ast.Sub, "+", "-"), ast.Sub: (ast.Add, "-", "+"), ast.Mult: (ast.Div, "*", "/"),
              ast.Div: (ast.Mult, "/", "*"), ast.Pow: (ast.Mult, "**", "*"), ast.FloorDiv: (ast.Div, "//", "/")}
CMP_SWAP = {ast.Lt: ("<", ">="), ast.LtE: ("<=", ">"), ast.Gt: (">", "<="), ast.GtE: (">=", "<"),
            ast.Eq: ("==", "!="), ast.NotEq: ("!=", "==")}


@dataclass
class Mutant:
    file: str
    line: int
    start: int          # byte offsets into the file
    end: int
    original: str
    replacement: str
    kind: str
    status: str = "pending"
    reason: str = ""
    tests: int = 0
    seconds: float = 0.0
    killer: str = ""
    col: int = 0          # character column of the mutation in its line
    source_line: str = ""

    @property
    def key(self) -> str:
        """Stable under line shifts: file, the original line's text, the column and the replacement."""
        return f"{self.file}|{self.source_line.strip()}|{self.col}|{self.replacement}"

    def mutated_line(self) -> str:
        ln = self.source_line
        return (ln[:self.col] + "⟦" + self.replacement + "⟧" + ln[self.col + len(self.original):]).strip()

    def label(self) -> str:
        return (f"{self.file}:{self.line}  {self.kind}: `{self.original}` -> `{self.replacement}`"
                f"   [{self.mutated_line()[:110]}]")


# ---------------------------------------------------------------------------------------------
# mutation sites
# ---------------------------------------------------------------------------------------------
class _Sites(ast.NodeVisitor):
    def __init__(self, src: bytes, rel: str):
        self.src = src
        self.rel = rel
        starts = [0]
        for i, ch in enumerate(src):
            if ch == 0x0A:
                starts.append(i + 1)
        self.starts = starts
        self.out: list[Mutant] = []

    def off(self, line, col):
        return self.starts[line - 1] + col

    def seg(self, a, b):
        return self.src[a:b].decode("utf-8")

    # skipped subtrees
    def visit_JoinedStr(self, node):
        return

    def visit_Expr(self, node):
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # docstring
        self.generic_visit(node)

    def visit_Assign(self, node):
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return
        self.generic_visit(node)

    def visit_keyword(self, node):
        if node.arg == "maxsize":
            return  # lru_cache sizes
        self.generic_visit(node)

    def _add(self, line, a, b, new, kind):
        orig = self.seg(a, b)
        ls = self.starts[line - 1]
        le = self.src.find(b"\n", ls)
        le = len(self.src) if le < 0 else le
        text = self.src[ls:le].decode("utf-8")
        col = len(self.src[ls:a].decode("utf-8"))
        self.out.append(Mutant(self.rel, line, a, b, orig, new, kind, col=col, source_line=text))

    def visit_Constant(self, node):
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)) or isinstance(v, complex):
            return
        a = self.off(node.lineno, node.col_offset)
        b = self.off(node.end_lineno, node.end_col_offset)
        text = self.seg(a, b)
        if isinstance(v, int):
            new = str(v + 1)
        else:
            new = repr(v + 1.0)
        self._add(node.lineno, a, b, new, "constant")

    def visit_UnaryOp(self, node):
        if isinstance(node.op, ast.USub):
            a = self.off(node.lineno, node.col_offset)
            b = self.off(node.operand.lineno, node.operand.col_offset)
            if self.seg(a, b).strip() == "-":
                self._add(node.lineno, a, b, "", "unary minus removed")
        self.generic_visit(node)

    def _op_between(self, left, right, token):
        a = self.off(left.end_lineno, left.end_col_offset)
        b = self.off(right.lineno, right.col_offset)
        seg = self.src[a:b]
        tok = token.encode()
        idx = [i for i in range(len(seg)) if seg.startswith(tok, i)]
        # '*' must not match inside '**', '/' not inside '//'
        if token in ("*", "/"):
            idx = [i for i in idx if seg[i + 1:i + 2] != tok and (i == 0 or seg[i - 1:i] != tok)]
        if len(idx) != 1 or b"#" in seg:
            return None
        return a + idx[0], a + idx[0] + len(tok)

    def visit_BinOp(self, node):
        spec = BINOP_SWAP.get(type(node.op))
        if spec is not None:
            _, tok, new = spec
            pos = self._op_between(node.left, node.right, tok)
            if pos is not None:
                self._add(node.lineno, pos[0], pos[1], new,
                          "power -> product" if tok == "**" else "arithmetic operator")
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        spec = BINOP_SWAP.get(type(node.op))
        if spec is not None and spec[1] in ("+", "-", "*", "/"):
            pos = self._op_between(node.target, node.value, spec[1] + "=")
            if pos is not None:
                self._add(node.lineno, pos[0], pos[1], spec[2] + "=", "augmented assignment")
        self.generic_visit(node)

    def visit_Compare(self, node):
        if len(node.ops) == 1 and type(node.ops[0]) in CMP_SWAP:
            tok, new = CMP_SWAP[type(node.ops[0])]
            pos = self._op_between(node.left, node.comparators[0], tok)
            if pos is not None:
                self._add(node.lineno, pos[0], pos[1], new, "comparison")
        self.generic_visit(node)


def enumerate_mutants(files) -> list[Mutant]:
    out = []
    for rel in files:
        path = ROOT / rel
        if not path.exists():
            continue
        src = path.read_bytes()
        v = _Sites(src, rel)
        v.visit(ast.parse(src))
        out.extend(v.out)
    return out


def parses(m: Mutant) -> bool:
    src = (ROOT / m.file).read_bytes()
    try:
        ast.parse(src[:m.start] + m.replacement.encode() + src[m.end:])
    except SyntaxError:
        return False
    return True


def load_equivalent() -> dict:
    if not EQUIVALENT_FILE.exists():
        return {}
    rows = json.loads(EQUIVALENT_FILE.read_text())
    return {r["key"]: r["reason"] for r in rows}


# ---------------------------------------------------------------------------------------------
# the working copy
# ---------------------------------------------------------------------------------------------
def make_copy(base: Path) -> Path:
    dst = base / "tree"
    ignore = shutil.ignore_patterns(".git", ".hypothesis", "__pycache__", "*.egg-info", ".venv",
                                    "generated", "runs", ".pytest_cache")
    shutil.copytree(ROOT, dst, ignore=ignore, symlinks=True)
    pkg = base / "pkg" / "specbias"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").symlink_to(dst / "specbias" / "__init__.py")
    if (dst / "specbias" / "__main__.py").exists():
        (pkg / "__main__.py").symlink_to(dst / "specbias" / "__main__.py")
    (pkg / "core").symlink_to(dst / "specbias" / "core")
    for sub in ("theory", "numerics", "derivations"):
        (pkg / sub).symlink_to(dst / sub)
    # the editable install's import hook (added by a .pth file, ahead of PYTHONPATH) would import the
    # real work tree: sitecustomize (run after the .pth files) removes it in the mutant processes
    (base / "pkg" / "sitecustomize.py").write_text(
        "import sys\n"
        "sys.meta_path[:] = [f for f in sys.meta_path if '__editable__' not in getattr(f, '__module__', '')"
        " and '__editable__' not in getattr(type(f), '__module__', '')]\n")
    # the generated documents are read by a few tests: link them back (never written by mutants)
    gen = ROOT / "derivations" / "generated"
    if gen.exists():
        (dst / "derivations" / "generated").symlink_to(gen)
    return dst


def env_for(base: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(base / "pkg")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["HYPOTHESIS_PROFILE"] = "mutation"
    env["CI"] = "true"
    env["MPLBACKEND"] = "Agg"
    env["OMP_NUM_THREADS"] = env["OPENBLAS_NUM_THREADS"] = env["MKL_NUM_THREADS"] = "1"
    env.pop("SPECBIAS_TEST_ORDER", None)
    return env


def check_layout(base: Path, tree: Path):
    out = subprocess.run([sys.executable, "-P", "-c", "import specbias.theory.fourier as m; print(m.__file__)"],
                         env=env_for(base), cwd=tree, capture_output=True, text=True)
    if str(base) not in out.stdout:
        raise SystemExit(f"the copy is not the imported package: {out.stdout} {out.stderr}")


# ---------------------------------------------------------------------------------------------
# coverage map
# ---------------------------------------------------------------------------------------------
def coverage_map(base: Path, tree: Path, files, tests, quiet, nproc: int = 2, weights=None):
    """{file: {line: [test node ids]}}, {node id: seconds}, [failing node ids], from ``nproc``
    concurrent coverage runs over a split of the test files (balanced by ``weights``, seconds)."""
    import coverage

    # coverage.py records real paths: the files of the copy, not the symbolic links to them
    srcs = [str((tree / f).resolve()) for f in files]
    weights = weights or {}
    groups = [[] for _ in range(nproc)]
    load = [0.0] * nproc
    for t in sorted(tests, key=lambda t: -weights.get(t, 30.0)):
        i = load.index(min(load))
        groups[i].append(t)
        load[i] += weights.get(t, 30.0)
    procs = []
    t0 = time.perf_counter()
    for i, group in enumerate(groups):
        if not group:
            continue
        rc = base / f"coveragerc{i}"
        rc.write_text("[run]\ndynamic_context = test_function\ndata_file = " + str(base / f".coverage{i}")
                      + "\ninclude =\n" + "".join(f"    {s}\n" for s in srcs))
        # addopts cleared: the project's "-n 2" would run the tests in xdist workers that coverage does
        # not trace, and every line would look unexecuted (each mutant runs the same way, below)
        cmd = [sys.executable, "-P", "-m", "coverage", "run", f"--rcfile={rc}", "-m", "pytest", "-q",
               "-p", "no:cacheprovider", "-o", "addopts=", "-p", "no:unraisableexception",
               f"--junitxml={base / f'junit{i}.xml'}"] + list(group)
        procs.append((i, subprocess.Popen(cmd, env=env_for(base), cwd=tree, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL)))
    for i, p in procs:
        p.wait()
    if not quiet:
        print(f"coverage runs: {time.perf_counter() - t0:.0f} s, pytest rc {[p.returncode for _, p in procs]}",
              file=sys.stderr)
    data = coverage.CoverageData(basename=str(base / ".coverage_all"))
    for i, _ in procs:
        part = coverage.CoverageData(basename=str(base / f".coverage{i}"))
        part.read()
        data.update(part)
    junits = [base / f"junit{i}.xml" for i, _ in procs if (base / f"junit{i}.xml").exists()]
    durations: dict = defaultdict(float)
    failing = set()
    modfile = {}
    for p in (tree / "tests").glob("test_*.py"):
        modfile[p.stem] = f"tests/{p.name}"
    cases = [c for j in junits for c in ET.parse(j).getroot().iter("testcase")]
    for case in cases:
        cls = case.get("classname", "")
        parts = cls.split(".")
        # classname 'tests.test_x' or 'tests.test_x.TestClass'
        mod = next((p for p in parts if p in modfile), None)
        if mod is None:
            continue
        klass = parts[parts.index(mod) + 1:] if parts.index(mod) + 1 < len(parts) else []
        fn = case.get("name", "").split("[")[0]
        node = "::".join([modfile[mod]] + klass + [fn])
        durations[node] += float(case.get("time", 0))
        if case.find("failure") is not None or case.find("error") is not None:
            failing.add(node)
    out = {}
    for f, s in zip(files, srcs):
        by_line = data.contexts_by_lineno(s)
        m = {}
        for line, ctxs in by_line.items():
            nodes = set()
            if any(not c for c in ctxs):
                nodes.add(IMPORT_TIME)   # executed when the module is imported (outside any test)
            for c in ctxs:
                if not c:
                    continue
                bits = c.split(".")
                mod = next((b for b in bits if b in modfile), None)
                if mod is None:
                    continue
                rest = bits[bits.index(mod) + 1:]
                nodes.add("::".join([modfile[mod]] + rest))
            if nodes:
                m[line] = sorted(nodes)
        out[f] = m
    return out, dict(durations), sorted(failing), None


# ---------------------------------------------------------------------------------------------
# running one mutant
# ---------------------------------------------------------------------------------------------
def run_mutant(m: Mutant, base: Path, tree: Path, tests: list, timeout: float) -> None:
    path = tree / m.file
    orig = path.read_bytes()
    new = orig[:m.start] + m.replacement.encode() + orig[m.end:]
    path.write_bytes(new)
    t0 = time.perf_counter()
    try:
        cmd = [sys.executable, "-P", "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--tb=line",
               "-o", "addopts="] + tests
        proc = subprocess.Popen(cmd, env=env_for(base), cwd=tree, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            stdout, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)   # the whole process group of this one pytest run
            proc.communicate()
            m.status = "timeout"
        else:
            if proc.returncode == 0:
                m.status = "survived"
            elif proc.returncode == 5:
                m.status = "survived"
                m.reason = "no test collected"
            else:
                m.status = "killed"
                fails = [ln for ln in stdout.splitlines() if ln.startswith(("FAILED", "ERROR"))]
                tail = stdout.strip().splitlines()[-1:] or [""]
                m.killer = (fails[0] if fails else tail[0])[:200]
    finally:
        path.write_bytes(orig)
    m.seconds = time.perf_counter() - t0


# ---------------------------------------------------------------------------------------------
# fork server: third-party libraries are imported once; each mutant runs in a forked child that
# imports specbias from the mutated copy (≈10 s of SymPy/SciPy imports saved per mutant)
# ---------------------------------------------------------------------------------------------
def preload():
    import matplotlib

    matplotlib.use("Agg")
    import hypothesis  # noqa: F401
    import mpmath  # noqa: F401
    import numpy  # noqa: F401
    import pytest  # noqa: F401
    import scipy.cluster.hierarchy  # noqa: F401
    import scipy.integrate  # noqa: F401
    import scipy.interpolate  # noqa: F401
    import scipy.linalg  # noqa: F401
    import scipy.special  # noqa: F401
    import scipy.stats  # noqa: F401
    import sympy  # noqa: F401
    assert not any(k == "specbias" or k.startswith("specbias.") for k in sys.modules)


def _child(base: Path, tree: Path, tests: list, out: Path):
    os.setsid()
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    sys.dont_write_bytecode = True
    os.environ.update({k: v for k, v in env_for(base).items() if k != "PYTHONPATH"})
    os.environ.pop("SPECBIAS_TEST_ORDER", None)
    sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in str(getattr(f, "__module__", ""))]
    sys.path_importer_cache.clear()
    sys.path.insert(0, str(base / "pkg"))
    os.chdir(tree)
    import pytest

    rc = pytest.main(["-x", "-q", "-p", "no:cacheprovider", "--tb=line", "-o", "addopts=", *tests])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(rc))


def start_mutant(m: Mutant, base: Path, tree: Path, tests: list):
    path = tree / m.file
    orig = path.read_bytes()
    path.write_bytes(orig[:m.start] + m.replacement.encode() + orig[m.end:])
    out = base / "child.out"
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        try:
            _child(base, tree, tests, out)
        except BaseException:
            os._exit(3)
    return pid, path, orig, out, time.perf_counter()


def finish_mutant(m: Mutant, state, status) -> None:
    pid, path, orig, out, t0 = state
    path.write_bytes(orig)
    m.seconds = time.perf_counter() - t0
    if status is None:
        m.status = "timeout"
        return
    rc = os.waitstatus_to_exitcode(status)
    text = out.read_text(errors="replace") if out.exists() else ""
    if rc == 0:
        m.status = "survived"
    elif rc == 5:
        m.status, m.reason = "survived", "no test collected"
    else:
        m.status = "killed"
        fails = [ln for ln in text.splitlines() if ln.startswith(("FAILED", "ERROR"))]
        tail = text.strip().splitlines()[-1:] or [f"exit {rc}"]
        m.killer = (fails[0] if fails else tail[0])[:200]


def run_pool(jobs, bases, equiv, quiet, on_done=None):
    """Run (mutant, tests, budget) items, at most len(bases) children at a time; ``on_done(mutant)``
    after each one (the partial report is written there)."""
    free = list(range(len(bases)))
    running = {}   # pid -> (slot, mutant, state, deadline)
    todo = list(jobs)
    done = 0
    while todo or running:
        while todo and free:
            slot = free.pop()
            m, tests, budget = todo.pop(0)
            b, tree = bases[slot]
            st = start_mutant(m, b, tree, tests)
            running[st[0]] = (slot, m, st, time.perf_counter() + budget)
        time.sleep(0.1)
        for pid in list(running):
            slot, m, st, deadline = running[pid]
            r, status = os.waitpid(pid, os.WNOHANG)
            if r == 0 and time.perf_counter() < deadline:
                continue
            if r == 0:   # over its budget: kill this child's process group only
                try:
                    os.killpg(pid, 9)
                except ProcessLookupError:
                    pass
                os.waitpid(pid, 0)
                status = None
            finish_mutant(m, st, status)
            if m.key in equiv and m.status == "survived":
                m.status = "equivalent"
            del running[pid]
            free.append(slot)
            done += 1
            if on_done is not None:
                on_done(m)
            if not quiet:
                print(f"[{done}/{len(jobs)}] {m.status:9s} {m.seconds:6.1f}s {m.label()}"
                      + (f"   <- {m.killer}" if m.killer else ""), file=sys.stderr, flush=True)


def order_tests(tests, durations):
    return sorted(tests, key=lambda t: (durations.get(t, 1e9), t))


# ---------------------------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------------------------
def summarize(mutants, seed, sample, total_sites, elapsed):
    per = defaultdict(lambda: {"killed": 0, "survived": 0, "timeout": 0, "equivalent": 0})
    for m in mutants:
        per[m.file]["equivalent" if m.status == "equivalent" else m.status] += 1
    for f, c in per.items():
        n = c["killed"] + c["survived"] + c["timeout"]
        c["kill_ratio"] = round(c["killed"] / n, 4) if n else None
    k = sum(c["killed"] for c in per.values())
    s = sum(c["survived"] for c in per.values())
    t = sum(c["timeout"] for c in per.values())
    e = sum(c["equivalent"] for c in per.values())
    return {
        "seed": seed, "sample": sample, "sites": total_sites, "mutants": len(mutants),
        "killed": k, "survived": s, "timeout": t, "equivalent": e,
        "kill_ratio": round(k / (k + s + t), 4) if k + s + t else None,
        "seconds": round(elapsed, 1),
        "per_file": dict(sorted(per.items())),
        "survivors": [m.label() + (f"  ({m.reason})" if m.reason else "") for m in mutants if m.status == "survived"],
        "timeouts": [m.label() for m in mutants if m.status == "timeout"],
        "equivalent_mutants": [{"mutant": m.label(), "key": m.key, "reason": m.reason}
                               for m in mutants if m.status == "equivalent"],
        "survivor_keys": [m.key for m in mutants if m.status == "survived"],
        "killed_by": {m.label(): m.killer for m in mutants if m.status == "killed"},
    }


def table(rep) -> str:
    lines = ["| file | killed | survived | timeout | equivalent | kill ratio |", "|---|---|---|---|---|---|"]
    for f, c in rep["per_file"].items():
        kr = "–" if c["kill_ratio"] is None else f"{100 * c['kill_ratio']:.1f}%"
        lines.append(f"| {f} | {c['killed']} | {c['survived']} | {c['timeout']} | {c['equivalent']} | {kr} |")
    lines.append(f"| **all** | **{rep['killed']}** | **{rep['survived']}** | **{rep['timeout']}** | "
                 f"**{rep['equivalent']}** | **{100 * (rep['kill_ratio'] or 0):.1f}%** |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sample", type=int, default=0, help="number of mutants to draw (0: all)")
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--files", default=",".join(TARGETS), help="comma-separated target files")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per mutant (default 300)")
    ap.add_argument("--jobs", type=int, default=1, choices=(1, 2), help="parallel mutants (1 or 2)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--list", action="store_true", help="list the mutation sites and exit")
    ap.add_argument("--no-coverage", action="store_true", help="use the static file -> tests map")
    ap.add_argument("--tests", default=",".join(MAP_TESTS),
                    help="comma-separated test files for the coverage run (default: the files that "
                         "exercise the target modules)")
    ap.add_argument("--out", default=None, help="also write the JSON report to this file")
    ap.add_argument("--map-cache", default=None,
                    help="JSON file for the coverage map: loaded when it exists, written otherwise")
    ap.add_argument("--map-add", default="",
                    help="comma-separated test files to run under coverage and merge into a cached map")
    ap.add_argument("--match", default=None,
                    help="only the mutants whose label matches this regular expression (after sampling)")
    ap.add_argument("--weights", default=None, help="a previous map file: its durations balance the coverage runs")
    ap.add_argument("--rescore", default=None,
                    help="re-apply the equivalent list to a saved JSON report (or .partial) and print its table")
    ap.add_argument("--map-only", action="store_true", help="build (or extend) the cached map and stop")
    ap.add_argument("--max-tests", type=int, default=60,
                    help="at most this many covering tests per mutant, fastest first (default 60)")
    args = ap.parse_args(argv)

    if args.rescore:
        rep = json.loads(Path(args.rescore).read_text())
        equiv = load_equivalent()
        keep_l, keep_k = [], []
        for lab, key in zip(rep["survivors"], rep["survivor_keys"]):
            if key in equiv:
                f = key.split("|")[0]
                rep["per_file"][f]["survived"] -= 1
                rep["per_file"][f]["equivalent"] += 1
                rep["survived"] -= 1
                rep["equivalent"] += 1
                rep["equivalent_mutants"].append({"mutant": lab, "key": key, "reason": equiv[key]})
            else:
                keep_l.append(lab)
                keep_k.append(key)
        rep["survivors"], rep["survivor_keys"] = keep_l, keep_k
        for c in rep["per_file"].values():
            n = c["killed"] + c["survived"] + c["timeout"]
            c["kill_ratio"] = round(c["killed"] / n, 4) if n else None
        n = rep["killed"] + rep["survived"] + rep["timeout"]
        rep["kill_ratio"] = round(rep["killed"] / n, 4) if n else None
        print(json.dumps(rep) if args.json else table(rep))
        return 0
    files = [f.strip() for f in args.files.split(",") if f.strip()]
    allm = enumerate_mutants(files)
    if args.list:
        import re

        for m in allm:
            if args.match and not re.search(args.match, m.label()):
                continue
            print(m.label())
        print(f"{len(allm)} mutation sites", file=sys.stderr)
        return 0
    # the sites are drawn first, then those whose replacement does not parse (rare: e.g. a unary
    # minus removed after an operator) are dropped from the draw and reported in the count
    chosen = allm if not args.sample or args.sample >= len(allm) else random.Random(args.seed).sample(allm, args.sample)
    if args.match:
        import re

        chosen = [m for m in chosen if re.search(args.match, m.label())]
    n_drawn = len(chosen)
    chosen = [m for m in chosen if parses(m)]
    if len(chosen) < n_drawn and not args.json:
        print(f"{n_drawn - len(chosen)} drawn mutants do not parse and were dropped", file=sys.stderr)
    chosen.sort(key=lambda m: (m.file, m.start))
    equiv = load_equivalent()
    quiet = args.json
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="specbias-mut-") as tmp:
        bases = []
        for j in range(args.jobs):
            b = Path(tmp) / f"w{j}"
            b.mkdir()
            tree = make_copy(b)
            check_layout(b, tree)
            bases.append((b, tree))
        base0, tree0 = bases[0]
        if args.no_coverage:
            cov, durations, failing = None, {}, []
        else:
            cache = Path(args.map_cache) if args.map_cache else None
            if cache is not None and cache.exists():
                blob = json.loads(cache.read_text())
                cov = {f: {int(k): v for k, v in m.items()} for f, m in blob["map"].items()}
                durations, failing = blob["durations"], blob["failing"]
                if args.map_add:
                    add, d2, f2, _ = coverage_map(base0, tree0, files, args.map_add.split(","), quiet,
                                                  nproc=args.jobs)
                    for f, m in add.items():
                        tgt = cov.setdefault(f, {})
                        for line, nodes in m.items():
                            tgt[line] = sorted(set(tgt.get(line, [])) | set(nodes))
                    durations.update(d2)
                    failing = sorted(set(failing) | set(f2))
            else:
                weights = {}
                if args.weights and Path(args.weights).exists():
                    for k, v in json.loads(Path(args.weights).read_text())["durations"].items():
                        weights[k.split("::")[0]] = weights.get(k.split("::")[0], 0.0) + v
                cov, durations, failing, _ = coverage_map(base0, tree0, files,
                                                          [t for t in args.tests.split(",") if (ROOT / t).exists()],
                                                          quiet, nproc=args.jobs, weights=weights)
            if cache is not None and (not cache.exists() or args.map_add):
                cache.write_text(json.dumps({"map": cov, "durations": durations, "failing": failing}))
            if failing and not quiet:
                print(f"note: {len(failing)} tests fail on the unmutated copy and are not used: {failing}",
                      file=sys.stderr)
        if args.map_only:
            print(f"map: {sum(len(v) for v in cov.values())} lines, {len(durations)} tests, "
                  f"{len(failing)} failing: {failing}", file=sys.stderr)
            return 0
        jobs = []
        for m in chosen:
            if m.key in equiv:
                m.reason = equiv[m.key]
            if cov is not None:
                tests = [t for t in cov.get(m.file, {}).get(m.line, []) if t not in failing]
                if IMPORT_TIME in tests:
                    tests = [t for t in tests if t != IMPORT_TIME] + import_time_tests(m.file)
            else:
                tests = STATIC_MAP.get(m.file, [])
            tests = order_tests(tests, durations)[:args.max_tests]
            m.tests = len(tests)
            if not tests:
                m.status = "equivalent" if m.key in equiv else "survived"
                m.reason = m.reason or "no test executes this line"
                continue
            budget = min(args.timeout, 60 + 3 * sum(durations.get(t, 20.0) for t in tests))
            jobs.append((m, tests, budget))

        preload()
        # run in a seeded random order, so that an interrupted run is still a uniform sub-sample
        random.Random(args.seed + 1).shuffle(jobs)
        finished = [m for m in chosen if m.status != "pending"]   # the no-test ones

        def on_done(m):
            finished.append(m)
            if args.out:
                part = summarize(finished, args.seed, args.sample or len(allm), len(allm),
                                 time.perf_counter() - t_start)
                part["partial"] = f"{len(finished)} of {len(chosen)} mutants"
                Path(args.out + ".partial").write_text(json.dumps(part, indent=1))

        run_pool(jobs, bases, equiv, quiet, on_done)
    rep = summarize(chosen, args.seed, args.sample or len(allm), len(allm), time.perf_counter() - t_start)
    if args.out:
        Path(args.out).write_text(json.dumps(rep, indent=1))
    if args.json:
        print(json.dumps(rep))
    else:
        print(table(rep))
        print(f"\nseed {args.seed}, {len(chosen)} of {len(allm)} sites, {rep['seconds']} s")
        for s in rep["survivors"]:
            print("survived:", s)
        for s in rep["equivalent_mutants"]:
            print("equivalent:", s["mutant"], "--", s["reason"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
