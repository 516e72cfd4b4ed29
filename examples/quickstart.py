# %% [markdown]
# # specbias quickstart: the spectral bias of a custom activation
#
# A notebook-style script (cells marked `# %%`; open it in Jupyter with jupytext, VS Code or
# Spyder, or run it with `python examples/quickstart.py`).  It transforms a custom activation,
# gets its spectral weight in d = 3, checks both numerically, computes the seminorm of a function
# by every numeric route and plots the spectra.  Every number printed here was verified.

# %%
import math

import numpy as np

import specbias as sb

print("specbias", sb.__version__)

# %% [markdown]
# ## 1. The generalized Fourier transform of a custom activation
#
# Any SymPy expression in one variable; catalogue names can be used as functions.  The result
# carries its regular part (for ω > 0), its regularization, its point masses and the derivation.

# %%
sigma = "relu(t) - 0.5*sigmoid(2*t)"
hat = sb.transform(sigma)
print(hat)  # in a notebook, `hat` alone renders as LaTeX

# %% [markdown]
# ## 2. Its spectral weight in d = 3
#
# W_σ,3(ω) = ω²/|σ̂(ω)|², with its constant C_3, its asymptotics and its null space.

# %%
weight = sb.spectral_weight(sigma, dim=3)
print(weight)

# %% [markdown]
# ## 3. Check it numerically
#
# `sb.verify` compares the exact σ̂ and W with routes computed from the definition of σ only
# (QUADPACK and an mpmath oracle).  In a notebook the result is a table.

# %%
checks = sb.verify(sigma, dim=3)
print(checks.to_text())
assert checks.passed

omega = np.array([0.5, 1.0, 2.0])
numeric = sb.numeric_transform(sigma, omega)
exact = hat.evaluate(omega)
print("max rel. difference exact vs numeric:", float(np.max(np.abs(numeric - exact) / np.abs(exact))))

# %% [markdown]
# ## 4. The seminorm of a function
#
# ‖g‖²_σ = C_d ∫ |ĝ(ξ)|² W_σ,d(|ξ|) dξ for a Gaussian bump g in d = 2, by each numeric route:
# the FFT of samples of g, the Radon route (γ_d 𝒟_σ Λ^{d−1} R g) and the mpmath oracle.

# %%
g = sb.GaussianMixture(weights=[1.0], centers=[[0.0, 0.0]], widths=[1.5])
by_route = sb.seminorm(g, "gaussian", dim=2, route="all")
for route, result in by_route.items():
    print(f"{route:8s} ‖g‖²_σ = {result.value:.10g}")
print(by_route.comparisons.to_text())

# %% [markdown]
# A check by hand: for the Gaussian σ(t) = e^{−t²/2}, |σ̂|² = 2π e^{−ω²}, so W_σ,2(ω) = ω e^{ω²}/(2π),
# and for g(x) = e^{−|x|²/(2s²)}, ĝ(ξ) = 2πs² e^{−s²|ξ|²/2}.  With C_2 = 1/(16π³),
# ‖g‖²_σ = C_2 ∫ 4π²s⁴ e^{−s²ω²} ω e^{ω²}/(2π) 2πω dω = s⁴√π / (16π (s² − 1)^{3/2})  (finite for s > 1
# only: a narrower bump has an infinite seminorm, which sb.seminorm reports as an error).

# %%
s = 1.5
closed_form = s**4 * math.sqrt(math.pi) / (16 * math.pi * (s**2 - 1) ** 1.5)
for route, result in by_route.items():
    print(f"{route:8s} relative difference to the closed form: {abs(result.value - closed_form) / closed_form:.1e}")

# %% [markdown]
# ## 5. The spectra
#
# |σ̂(ω)|² and W_σ,1(ω) = 1/|σ̂(ω)|² for a few activations, on log-log axes.

# %%
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

w = np.geomspace(0.05, 20, 200)
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
for name in ["relu", "sigmoid", "gelu", sigma]:
    s2 = np.abs(sb.transform(name).evaluate(w)) ** 2
    keep = (s2 > 1e-300) & np.isfinite(s2)
    axes[0].loglog(w[keep], s2[keep], label=name)
    axes[1].loglog(w[keep], 1 / s2[keep], label=name)
axes[0].set_title(r"$|\hat\sigma(\omega)|^2$")
axes[1].set_title(r"$W_{\sigma,1}(\omega)$")
for ax in axes:
    ax.set_xlabel(r"$\omega$")
    ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig("spectra.png", dpi=100)
print("wrote spectra.png")
print("done:", math.isfinite(by_route.value))
