"""The main job's "spectral bias in time" part (issue 11): one LaTeX file, a subsection per activation
(theory.ntk.document), each eigenvalue stamped against the numerics side's quadrature of σ, plus the
comparison with THEORY.md §3/§7 and the anchors.  Cached like the other parts of the build.

Hook: one entry ``Section("spectral_bias", _spectral_bias_section)`` in derivations/build.py's SECTIONS,
whose generator returns :func:`section_text` (cached by the build).
"""

from __future__ import annotations


INTRO = r"""\section*{Spectral bias in time}
Shallow network $f(x)=\sum_i v_i\sigma(w_i\cdot x+b_i)$ in the kernel regime (NTK scaling), data uniform on the
unit circle, $w\sim\mathcal N(0,I_2)$, $b\sim\mathcal N(0,1)$, $m\,\mathbb E v^2=1$. The tangent kernel of the
trained layers is zonal; its eigenvalue on $e^{ik\theta}$ is derived from $\hat\sigma$ by Jacobi--Anger and
Weber's integral:
\[\lambda_k=\frac{1}{4\pi^2}\iint\hat\sigma(\omega)\overline{\hat\sigma(\omega')}\,e^{-(\omega^2+\omega'^2)/2}
I_k(\omega\omega')\,e^{-(\omega-\omega')^2/2}\,d\omega\,d\omega'\]
($\hat\sigma'=i\omega\hat\sigma$ for the first layer, whose kernel carries the factor $x\cdot x'+1$, so that
$\lambda^{\rm first}_k=a_k+(a_{k-1}+a_{k+1})/2$). GD on the mean loss multiplies the residual's mode $k$ by
$1-\eta\lambda_k$ per step. Large-$k$ law: if $|\hat\sigma|\sim|C|\omega^{-p}$ then
$\lambda_k\sim\frac{|C|^2}{2\pi^2}\mathbb E[(\rho^2-b^2)_+^{p-1}]\,k^{-2p}$ (output layer), $k^{-2(p-1)}$ with the
first layer; if $|\hat\sigma|\sim e^{-a\omega}$, $\log\lambda_k\sim-3\cdot2^{-1/3}a^{2/3}k^{2/3}$.

\paragraph{Against THEORY.md and the anchors.}
(i) ReLU with bias, both layers: $\lambda_k\sim\frac{\sqrt2}{2\pi^2}k^{-2}$, so the time to learn mode $k$ grows
like $k^2$, as Basri et al.\ (2019) report; with the output layer alone it is $k^{-4}$ (time $\sim k^4$).
(ii) THEORY.md \S3 says the rate at frequency $\xi$ is $\propto 1/W_\sigma(|\xi|)=|\xi|^{1-d}|\hat\sigma|^2$. On the
circle the exponent is the same ($|\hat\sigma|^2\sim\omega^{-2p}$ gives $k^{-2p}$), but the rate is an average over
the bandwidth $\rho$, which turns $e^{-2a\omega}$ into the stretched exponential $e^{-c k^{2/3}}$ under the Gaussian
law. (iii) On a grid of an interval (Rahaman et al.'s probe) the end points dominate: every feature with
$\varphi(1)\ne\varphi(0)$ gives the sine mode a component $\propto 1/k$, so every activation's rate there falls
like $k^{-2}$; the stationary picture of THEORY.md \S7 is only the next-order term
(\texttt{specbias simulate spectral-bias --domain interval}).

\paragraph{PyTorch's uniform initialization.} For \texttt{nn.Linear(2, m)}, $w$ uniform on the square
$[-c,c]^2$, $b$ uniform on $[-c,c]$, $c=1/\sqrt2$, $m\,\mathbb E v^2=1/3$, the kernel is not zonal (the angle of
$w$ is not uniform), but the modulus of the Fourier coefficient of $\theta\mapsto\sigma(\rho\cos(\theta-\varphi)+b)$
does not depend on $\varphi$, so the Rayleigh quotient of $e^{ik\theta}$ is
$\lambda_k=\mathbb E_{\rho,b}\bigl|\tfrac{1}{2\pi}\int\hat\sigma(\omega)J_k(\rho\omega)e^{i\omega b}\,d\omega\bigr|^2$ with
only the law of $\rho=|w|$ on the square entering (density $2\pi\rho/4c^2$ on $[0,c]$,
$\rho(2\pi-8\arccos(c/\rho))/4c^2$ on $[c,c\sqrt2]$). The large-$k$ laws keep their exponents; an exponentially
decaying $\hat\sigma$ gives $e^{-2k\,\mathrm{asinh}(a/\rho_{\max})}$, $\rho_{\max}=1$ (the bounded law has no
stretched exponential). The same holds on $S^{d-1}$ for $2\le d\le 8$ with the cube's law of $|w|$
(\texttt{theory.ntk.sphere\_eigenvalues}).
"""


def _activation_blocks(name: str) -> str:
    """The subsection of one activation: the Gaussian-law block and the PyTorch-law block, each stamped against the
    numerics side under the same law (a module-level function: it runs in the build's worker processes)."""
    from specbias.core.activations import resolve_activation
    from specbias.numerics.ntk import InitLaw, circle_coefficients
    from specbias.theory.ntk import UniformLaw, document

    def checker(law_n):
        return lambda act, ks, train: circle_coefficients(act, law_n, max(ks), train)[list(ks)]

    act = resolve_activation(name)
    return "\n".join([r"\subsection*{" + name.replace("_", r"\_") + "}",
                      document(act, check=checker(InitLaw())).split("\n", 1)[1],
                      r"\paragraph{PyTorch's uniform initialization.}",
                      document(act, check=checker(InitLaw("uniform")), law=UniformLaw(2)).split("\n", 2)[2]])


def section_text(names, jobs: int = 1) -> str:
    """The LaTeX of ``spectral_bias.tex``: the introduction and one subsection per activation (``jobs`` worker
    processes, one activation per task; the text does not depend on ``jobs``)."""
    from .parallel import map_ordered

    return INTRO + "\n".join(map_ordered(_activation_blocks, list(names), jobs)) + "\n"
