r"""Spectral bias in time: tangent-kernel eigenvalues of shallow networks from σ̂ (issue 11).

Network f(x) = Σ_i v_i σ(w_i·x + b_i), NTK scaling (m E[v²] = s_v²), trained layers
``output`` (v), ``first`` (w, b) or ``both``.  Infinite-width tangent kernels:

    K_out(x, x')   = E[σ(w·x+b) σ(w·x'+b)]
    K_first(x, x') = s_v² E[σ'(w·x+b) σ'(w·x'+b)] (x·x' + 1)
    K_both         = K_out + K_first.

Kernel GD (mean loss, learning rate η) gives f_t − y = (I − ηK/n)^t (f_0 − y) ≈ e^{−ηKt/n}(f_0 − y):
the residual's component along an eigenvector of K/n decays at the rate η λ.

**Circle, Gaussian law** (w ~ N(0, s_w² I_2), b ~ N(0, s_b²)).  With w = ρ(cos φ, sin φ) and
x = (cos θ, sin θ), σ(w·x + b) = g(θ − φ), g(ψ) = σ(ρ cos ψ + b); φ is uniform, so K is zonal and its
eigenvalue on e^{ikθ} (uniform probability measure) is λ_k = E_{ρ,b} |g_k|².  Inserting
σ(z) = (1/2π) ∫ σ̂(ω) e^{iωz} dω and Jacobi–Anger e^{iz cos ψ} = Σ i^n J_n(z) e^{inψ}:

    g_k(ρ, b) = (i^k / 2π) ∫ σ̂(ω) J_k(ρω) e^{iωb} dω.

Weber's second exponential integral (Watson 13.31(1)) for the Rayleigh law of ρ and the Gaussian
characteristic function of b give

    λ_k = (1/4π²) ∬ σ̂(ω) conj σ̂(ω') e^{−s_w²(ω²+ω'²)/2} I_k(s_w² ω ω') e^{−s_b²(ω−ω')²/2} dω dω'

and, folding the four sign quadrants with σ̂(−ω) = conj σ̂(ω) (R = regular part, ω > 0),

    λ_k = (1/2π²) ∬_{(0,∞)²} e^{−s_w²(u−u')²/2} Ĩ_k(s_w² u u')
          { Re[R(u) conj R(u')] e^{−s_b²(u−u')²/2} + (−1)^k Re[R(u) R(u')] e^{−s_b²(u+u')²/2} } du du'

(Ĩ_k(x) = e^{−x} I_k(x)).  For k at least the pole order of σ̂ at 0 the integrand is regular
(J_k(ρω) = O(ω^k) also annihilates the δ^{(j)}(ω) terms, j < k), so no regularization enters.
Point masses c_j δ(ω − ω_j), ω_j ≠ 0 (sin), give the closed form
λ_k = (1/4π²) Σ c_j conj(c_j') e^{−s_w²(ω_j²+ω_j'²)/2} I_k(s_w² ω_j ω_j') e^{−s_b²(ω_j−ω_j')²/2}.
σ' has σ̂' = iω σ̂; the first-layer eigenvalue is s_v²(a_k + (a_{k−1} + a_{k+1})/2) since
x·x' + 1 = 1 + cos(θ − θ').

**Circle, uniform law** (PyTorch's ``nn.Linear(2, m)``: w uniform on the square [−c, c]², b uniform on
[−c, c], c = 1/√2; s_v² = 1/3).  The angle φ of w is not uniform, so the kernel is not exactly zonal, but
the Fourier coefficient of θ ↦ σ(ρ cos(θ − φ) + b) is e^{−ikφ} g_k(ρ, b), whose modulus does not depend
on φ: the Rayleigh quotient of e^{ikθ} (the eigenvalue of the rotation-averaged kernel, what
numerics/ntk.py computes) is still λ_k = E_{ρ,b} |g_k(ρ, b)|², with only the law of ρ = |w| entering.

1. Law of ρ.  P(ρ ≤ |w| ≤ ρ + dρ) = ρ dρ · (angle of the circle of radius ρ inside the square)/(4c²).
   For ρ ≤ c the whole circle is inside: density 2πρ/(4c²).  For c < ρ ≤ c√2 each side x = ±c, y = ±c
   cuts off the arc |φ − φ_side| < arccos(c/ρ): density ρ(2π − 8 arccos(c/ρ))/(4c²), which vanishes like
   √(c√2 − ρ) at the corner; with β = arccos(c/ρ) (ρ = c sec β, dρ = c sec β tan β dβ, β ∈ [0, π/4]) the
   weight is smooth.  Mass π/4 on [0, c] and 1 − π/4 on [c, c√2] (the quadrature weights sum to 1).
2. g_k.  As for the Gaussian law (Jacobi–Anger, Watson §2.22), g_k = (i^k/2π) ∫ σ̂(ω) J_k(ρω) e^{iωb} dω.
   Fold ω < 0 with σ̂(−u) = conj R(u) and J_k(−x) = (−1)^k J_k(x) (Watson §2.1):
   ∫ = F_k + (−1)^k conj F_k,  F_k(ρ, b) = ∫_0^∞ R(u) J_k(ρu) e^{iub} du, so

       λ_k = (1/π²) E_{ρ,b} [ (Re F_k)² (k even) or (Im F_k)² (k odd) ].

   The integrand is regular at u = 0 for k ≥ min_frequency (J_k(x) ~ (x/2)^k/k!, Watson §3.1).
3. Quadrature.  b: uniform on [−c, c], split at b = ±ρ (where σ's kink at 0 enters the circle ψ ∈ [0, π];
   g_k behaves like (ρ ∓ b)^{p−1/2} there) and integrated with Gauss–Legendre in α, b = mid − half cos α
   (32 + 2k_max nodes on |b| < ρ, bucketed; at most 64 on |b| > ρ, where the kink is off the circle and g_k is
   smooth: changes ≤ 3e−8 relative up to k = 208 against 32 + 2k there too); ρ: Gauss–Legendre on the two pieces of step 1 (40 + 40 nodes);
   u: 12-node Gauss–Legendre panels of width 2 (the phase ρu ± ub moves by ≤ 3.5 per panel).  If R(u)
   decays exponentially (tanh, sigmoid, softplus, …) the u-range stops where |R| < 1e-17 of its size at
   u ≈ 1.  If it decays like a power u^{−p} (relu, step, abs, elu, …: F_k converges only like
   u^{−p−1/2}), R is multiplied by a C^∞ taper χ(u/U), 1 on [0, U/2], 0 beyond U = max(500, 6·k_max) (J_k(ρu)
   switches on at u ≈ k/ρ: with U fixed at 500, λ_200 was 7 % off; with 6·k_max, against 20·k_max: ≤ 1.3e−4
   up to k = 208, 8.7e−4 at k = 300 (step; relu 1.4e−4); k ≤ 400 is computed), and the removed
   spectral mass is added back in closed form:
4. Tail.  For u, u' ≫ k, J_k(ρu) J_k(ρu') = (2/πρ√(uu')) cos(ρu − kπ/2 − π/4) cos(ρu' − kπ/2 − π/4) + …
   (Watson §7.21); the part oscillating in u + u' averages out under ρ, the rest is cos(ρ(u − u'))/(πρu).
   In the double-ω form λ_k = (1/4π²) ∬ σ̂(ω) conj σ̂(ω') E_ρ[J_k(ρω) J_k(ρω')] E_b[e^{i(ω−ω')b}] dω dω',
   with E_b e^{ixb} = sin(cx)/(cx), the ridge ω' ≈ ω (x = ω − ω') integrates with Dirichlet's
   discontinuous factor ∫ cos(ρx) sin(cx)/(cx) dx = (π/c)·1{ρ < c}, and
   E_ρ[1{ρ < c}/ρ] = ∫_0^c (1/ρ)·2πρ/(4c²) dρ = π/(2c); so each sign of ω contributes
   (1/4π²)|R(u)|²·(1/πu)·(π/c)·(π/2c) = |R(u)|²/(8πc²u) per unit u, and the mass removed by the taper is

       ∫_0^∞ (1 − χ(u/U)²) |R(u)|²/(4πc² u) du,

   independent of k to leading order (its own error is O(k²/U²) and O(1/U) relative to it).  At U = 500
   it is 6.6e−7 for step (and relu's first layer: σ̂' = −i/ω as for step), 2.9e−12 for relu's output layer
   (the U^{−2p} of p = 1, 2); omitting it left step's λ_k low by ~7e−7 at every k (U^{−2}: 1.9e−7 at
   U = 1000), with it the difference from numerics/ntk.py is ≤ 5e−9 (absolute) at k = 2, 5, 12.
   The leading-order tail needs k ≪ ρU: for k comparable to U/2 it is only approximate (relu's first
   layer: λ_176, λ_208 sit 3.5% and 8.7% above the large-k law A k^{−2}, whose own correction there is
   < 1e−4).  These k enter only as aliases in circle_grid_rates (n = 96: k ± 96, k ± 192), where they
   move the grid rate of k = 16 by ≤ 5e−4 relative.
5. Point masses (sin): g_k = (i^k/2π) Σ_j c_j J_k(ρω_j) e^{iω_j b}, so λ_k = (1/4π²) Σ_{j,j'} c_j conj c_j'
   E_ρ[J_k(ρω_j) J_k(ρω_j')] sin((ω_j − ω_j')c)/((ω_j − ω_j')c), E_ρ of the smooth product by Gauss–Legendre.
6. First layer: σ̂' = iωσ̂ in steps 2–5 and s_v²(a_k + (a_{k−1} + a_{k+1})/2), s_v² = 1/3, as above.

Measured against numerics/ntk.py (quadrature of σ itself over the same law): relu, step, relu first/both
k = 2…24: ≤ 1.5e−5 relative (the worst at k = 16, the b-quadrature of the p = 1 cases); tanh, sigmoid
(all train choices) k = 2…6: ≤ 1.5e−10; sin: ≤ 1.5e−12 at k ≤ 3 (1.5e−10 at k = 5, λ_5 = 2e−9).  As λ_k
falls (λ_k ~ e^{−2k asinh(a/ρ_max)}, ρ_max = 1: sigmoid λ_8 = 3e−16, tanh λ_16 = 3e−18) the numerics' own
floor (|g_k| ≈ 1e−16 of σ's size) takes over: 2e−8 for sigmoid's output layer at k = 8, 1e−6 for tanh
at k = 16.  A kink of σ away from t = 0 (user expressions) is
not split, which slows the b-quadrature's convergence there (algebraically).

**Large-k law** (any law whose τ = −b/ρ has a density on (−1, 1)).  If |σ̂(ω)| ~ |C| ω^{−p}
(σ^{(p−1)} jumps by C), g(ψ) has that singularity at the two points cos ψ₀ = τ with local slope
ρ sin ψ₀, each contributing |C| (ρ sin ψ₀)^{p−1}/(2π k^p) to |g_k|; averaging over τ removes the
cross term (Riemann–Lebesgue), so

    λ_k ~ |C|²/(2π²) · E[(ρ² − b²)_+^{p−1}] · k^{−2p}.

Output layer: k^{−2p}; first layer: k^{−2(p−1)} (σ' has order p − 1), constant doubled by the
x·x' + 1 factor; both: the slower.  ReLU (p = 2): output k^{−4}, first and both k^{−2}.  If
|σ̂| ~ e^{−a ω} (σ analytic in the strip |Im z| < a) the singularities of g move to Im ψ = asinh(a/ρ),
so |g_k|² ~ e^{−2k asinh(a/ρ)}; under a bounded law (PyTorch) that is an exponential law with rate
2 asinh(a/ρ_max), under the Gaussian law the ρ tail e^{−ρ²/2s_w²} competes and Laplace's method gives
the stretched exponential log λ_k ≈ −3·2^{−1/3} (a/s_w)^{2/3} k^{2/3}.  Faster-decaying σ̂ (Gaussian,
GELU, sin) give faster than any such law; for sin λ_k is the closed form above, ~ (s_w²/2)^k/(2 k!).

**Sphere S^{d−1}, d > 2, Gaussian law** (w ~ N(0, s_w² I_d), b ~ N(0, s_b²); :func:`sphere_eigenvalues`;
d = 2 is the circle above, bit for bit).  Write w = ρu, u uniform on S^{d−1}, ρ = |w| ~ chi_d(s_w)
(density ρ^{d−1} e^{−ρ²/2s_w²}/(2^ν s_w^d Γ(ν+1)), ν = d/2 − 1), and h(t) = σ(ρt + b).  Funk–Hecke
(Müller, *Spherical Harmonics*, Lecture Notes in Math. 17, the Funk–Hecke formula): ∫ h(u·x) Y(x) dx = μ_k Y(u) for every
degree-k harmonic Y (uniform probability measure), μ_k = c_d ∫_{−1}^{1} h(t) P_k(t) (1 − t²)^{(d−3)/2} dt,
c_d = Γ(d/2)/(√π Γ((d−1)/2)), P_k the Gegenbauer polynomial C_k^ν normalized to P_k(1) = 1.  With an
orthonormal basis Y_kj of degree k, h(u·x) = Σ_k μ_k Σ_j Y_kj(u) Y_kj(x) and E_u Y_kj Y_k'j' = δ, so

    K_out(x, x') = E_{ρ,b} Σ_k μ_k² Σ_j Y_kj(x) Y_kj(x'),     λ_k = E_{ρ,b} μ_k²

(no factor N_k(d); λ_k has multiplicity N_k(d) = (2k+d−2)(k+d−3)!/(k!(d−2)!)).  The Gegenbauer plane-wave
expansion (Watson §11.5, Gegenbauer's generalization of Jacobi–Anger; DLMF 10.60.7 is d = 3:
e^{iz t} = Γ(ν) (z/2)^{−ν} Σ_k i^k (k+ν) J_{k+ν}(z) C_k^ν(t)) gives the Funk–Hecke coefficient of t ↦ e^{iωρt}:

    i^k Γ(d/2) (2/(ωρ))^ν J_{k+ν}(ωρ)        (d = 2: i^k J_k(ωρ), Jacobi–Anger),

so μ_k = (i^k/2π) ∫ σ̂(ω) e^{iωb} Γ(d/2)(2/(ωρ))^ν J_{k+ν}(ωρ) dω.  In E_ρ[μ_k μ̄_k] the two factors
(ωρ)^{−ν}(ω'ρ)^{−ν} turn ρ^{d−1} into ρ, and Weber's second exponential integral (Watson §13.31(1):
∫_0^∞ e^{−p²ρ²} J_μ(aρ) J_μ(bρ) ρ dρ = e^{−(a²+b²)/4p²} I_μ(ab/2p²)/(2p²), p² = 1/(2s_w²)) with E_b e^{ixb} =
e^{−s_b²x²/2} gives

    λ_k = (1/4π²) ∬ σ̂(ω) conj σ̂(ω') e^{−s_b²(ω−ω')²/2} e^{−s_w²(ω²+ω'²)/2}
          Γ(d/2) (2/(s_w² ω ω'))^ν I_{k+ν}(s_w² ω ω') dω dω'.

z^{−ν} J_{k+ν}(z) and z^{−ν} I_{k+ν}(z) are entire with parity (−1)^k, so the fold into the two quadrants
is the circle's with Ĩ_k(x) = e^{−x} I_k(x) replaced by G_k(x) = Γ(d/2) (2/x)^ν e^{−x} I_{k+ν}(x)
(:func:`_gegen_ive`: power series below x = 1, Hankel's expansion above 1e7, SciPy's ive between; 1e−12
relative to mpmath at k ≤ 60, d ≤ 7); point masses (sin) the same way.  Near ω = 0 the Funk–Hecke
coefficient is O(ω^k) for every ν, so the minimum k (pole order of σ̂, :func:`min_frequency`) does not
depend on d.  First layer: multiplying a zonal kernel h(x·x') by t = x·x' mixes degrees by the Gegenbauer
recurrence t P_k = k/(2k+d−2) P_{k−1} + (k+d−2)/(2k+d−2) P_{k+1}; with h = Σ a_k N_k P_k, the eigenvalue of
t·h is a_{k+1} N_{k+1}(k+1)/(N_k(2k+d)) + a_{k−1} N_{k−1}(k+d−3)/(N_k(2k+d−4)), and with
N_{k+1}/N_k = (2k+d)(k+d−2)/((2k+d−2)(k+1)) this is

    (k+d−2)/(2k+d−2) a_{k+1} + k/(2k+d−2) a_{k−1}       (k = 0: a_1),

so μ_k = s_v² (a_k + (k+d−2)/(2k+d−2) a_{k+1} + k/(2k+d−2) a_{k−1}); d = 2 gives a_k + (a_{k−1} + a_{k+1})/2.

Measured against numerics/ntk.sphere_coefficients (Funk–Hecke quadrature of σ itself, Gegenbauer
polynomials by recurrence, ρ from the chi law), every activation of {relu, step, tanh, sigmoid, gelu,
gaussian, sin} and train choice, d = 3, 4, 5, s_w, s_b ∈ {0.5, 1, 2}², k = k0…10: relu and step ≤ 3.6e−13;
tanh, sigmoid, gelu, gaussian ≤ 7.3e−11; sin ≤ 8.9e−10 (at λ_10 ~ 1e−17, the quadrature's floor).  (The
σ̂ route moves by ≤ 3.3e−13 when its grids are doubled: tanh, relu first at d = 3, 5.)  The ReLU output kernel equals the arc-cosine
kernel (q/2π)(sin θ + (π − θ) cos θ) and the first-layer kernel ((π − θ)/2π)(x·x' + 1), both put through a
1-D Funk–Hecke quadrature, to 4.7e−10 (the hand quadrature's own floor) at d = 3, 4, 5, k = 2…12.

*Large k on the sphere.*  Gegenbauer asymptotics (Szegő, *Orthogonal Polynomials*, (8.21.14); the
constant checked numerically at k = 400, d = 3, 4, 5): P_k(cos ψ) ≈ (2Γ(2ν)/Γ(ν))
(Γ(k+ν)/Γ(k+2ν)) (2 sin ψ)^{−ν} cos((k+ν)ψ − νπ/2).  In μ_k = c_d ∫_0^π h(cos ψ) P_k(cos ψ) sin^{2ν}ψ dψ
the kink of h at cos ψ₀ = −b/ρ therefore contributes the circle's amount times π c_d (2Γ(2ν)/Γ(ν)) 2^{−ν}
sin^ν ψ₀ k^{−ν} = 2^ν Γ(ν+1) sin^ν ψ₀ k^{−ν} (duplication formula), and averaging over τ as before,

    λ_k ~ |C|²/(2π²) · 2^{d−2} Γ(d/2)² · E[(ρ² − b²)_+^{p−1+ν} ρ^{−2ν}] · k^{−(2p+d−2)},
    E[(ρ² − b²)_+^{q+ν} ρ^{−2ν}] = Γ(q+ν+1)/Γ(ν+1) · (2s_w²)^q · s_w/√(s_w² + s_b²)   (ρ ~ chi_d)

(d = 2: the circle's law).  ReLU: output k^{−(d+2)}, first and both k^{−d} (constant doubled by x·x' + 1
as on the circle: the two recurrence weights tend to 1/2 each).  The approach is O(1/k) (d = 3: λ_32 is
4.5% below A k^{−5}); :meth:`LargeKLaw.value` with ``refined=True`` keeps the Gegenbauer amplitude's
Γ(k+ν)/Γ(k+2ν), the frequency k + ν, and a measured 1 − ν(1−ν)/k (fitted O(1/k) coefficient −0.249,
0.003, 0.755 at d = 3, 4, 5 for relu, step, relu_pow, relu both; the next Darboux term of P_k has the
factor ν(1−ν), not derived in full here); then λ_k/A(k) − 1 is O(1/k²): ≤ 1.2e−3 at k = 64 and ≤ 7e−4 at
k = 128 (relu output, d = 3, 4, 5; relu_pow 1.7e−3 at k = 128), and Richardson extrapolation of the plain
ratio from k = 64, 128, 256 gives A to 2e−5 at d = 3, 4, 5.  Exponentially decaying σ̂ (σ analytic in
|Im z| < a): the singularities of h move to the same ellipse for every d (the Gegenbauer coefficients of
h decay like those of its Chebyshev series, e^{−k asinh(a/ρ)}, up to powers of k), and the chi density's
ρ^{d−1} is algebraic, so Laplace's method gives the same log λ_k ≈ −3·2^{−1/3}(a/s_w)^{2/3} k^{2/3} for every
d; only the algebraic prefactor k^γ changes.  Fitting log λ_k = −c k^{2/3} + γ log k + C over k = 16, 32, 64,
128: sigmoid c = 5.121, 5.126, 5.132, 5.140 at d = 2, 3, 4, 5 (derived 5.108), tanh 3.222, 3.227, 3.233, 3.240
(derived 3.218); γ(output) = −0.09, −0.58, −1.07, −1.54 (sigmoid): γ falls by ≈ (d − 2)/2.

**Sphere, uniform law** (PyTorch's ``nn.Linear(d, m)``: w uniform on the cube [−c, c]^d, b uniform on [−c, c],
c = 1/√d; s_v² = 1/3; 2 ≤ d ≤ 8).  The cube is not rotation invariant, so the kernel is not zonal and the
degree-k harmonics are not exactly eigenvectors.  What is derived is the mean Rayleigh quotient over the degree-k
space (the eigenvalue of the rotation-averaged kernel; on the circle, the exact Rayleigh quotient of e^{ikθ}):
with w = ρu, Funk–Hecke gives ⟨σ(w·x + b), Y_kj⟩ = μ_k(ρ, b) Y_kj(u), so
(1/N_k) Σ_j E[⟨σ(w·x+b), Y_kj⟩²] = E[μ_k² (1/N_k) Σ_j Y_kj(u)²] = E_{ρ,b} μ_k(ρ, b)² by the addition theorem
Σ_j Y_kj(u)² = N_k: only the law of ρ = |w| enters.  μ_k is the σ̂ integral of the Gaussian case with
Γ(d/2)(2/(ωρ))^ν J_{k+ν}(ωρ) (d = 3: the spherical Bessel function j_k(ωρ)) in place of J_k(ρω), and the
circle's uniform-law quadrature (steps 2–5) carries over with that factor (:func:`_plane_wave`, which keeps the
parity (−1)^k for ω < 0).

*The law of ρ.*  d = 3: density ρ² Ω(ρ)/(8c³), Ω the solid angle of the sphere of radius ρ inside the cube.  Ω = 4π
on [0, c].  On [c, c√2] six disjoint caps of solid angle 2π(1 − c/ρ) are cut off: Ω = 12πc/ρ − 8π.  On [c√2, c√3]
the caps overlap; by symmetry (48 copies of the piece where u_3 is the largest coordinate and the azimuth
φ ∈ [0, π/4]; area element dz dφ, z = u_3) Ω = 48 ∫_0^{π/4} (c/ρ − z_min(φ))_+ dφ with z_min(φ) = cos φ/√(1 + cos²φ)
(where u_3 = u_1), whose antiderivative is asin(sin φ/√2); with z_min(φ*) = c/ρ, i.e. cos φ* = c/√(ρ² − c²),

    Ω(ρ) = 48 [ (c/ρ)(π/4 − φ*) − π/6 + asin(sin φ*/√2) ]

(continuous at c√2, where φ* = 0, and 0 at the corner c√3, where φ* = π/4; the pieces' masses π/6, 0.44147,
0.03493 match a 4·10⁶-sample Monte Carlo to its error).  4 ≤ d ≤ 8: the law of S = |w|²/c² = U_1² + … + U_d²
(U_j uniform on [0, 1]) is a convolution of those of d = 2 and 3, f_d = f_2 ⊛ f_{d−2} (d = 4) or f_3 ⊛ f_{d−3}
(d ≥ 5), with f_2(s) = π/4 on [0, 1], π/4 − arccos(1/√s) on [1, 2] (the square's law in s = ρ²/c²) and
f_3(s) = √s Ω(√s)/16; each convolution integral is split where t or s − t crosses an integer
(:func:`_square_sum_density`).  The ρ-rule (:func:`_uniform_rho_nodes`, d ≥ 3): the ball [0, c] with density
|S^{d−1}| ρ^{d−1}/(2c)^d, then s ∈ [j, j + 1], j = 1 … d − 1, cos-mapped Gauss–Legendre.  Σ w, E|w|², E|w|⁴, E|w|⁶
against the hand-derived moments of the uniform law: ≤ 1e−13 (d = 3 … 6); E|w| at d = 3 against a 64³ tensor rule:
1e−15.  Beyond d = 8: NoClosedForm.

*Tail and large k.*  The taper's tail (step 4) becomes |R(u)|² T_d/u^{d−1} per unit u,
T_d = Γ(d/2)² 2^{d−2} |S^{d−1}|/(2π²(2c)^d) (1/(4πc²) at d = 2, 1/(8c³) at d = 3), from the ridge of
Γ(d/2)²(2/(ρu))^{2ν} J_{k+ν}(ρu) J_{k+ν}(ρu') ≈ Γ(d/2)² 2^{d−2} cos(ρ(u − u'))/(π ρ^{d−1} u^{d−1}) and
E_ρ[1{ρ < c} ρ^{1−d}] = |S^{d−1}| c/(2c)^d (at d = 3, U = 500: 5.3e−9 for step; without it step's λ_6 is 2.6e−5 low).
The large-k law keeps the Gaussian sphere's form (above) with the cube's moment E[(ρ² − b²)_+^{q+ν} ρ^{−2ν}]
(:func:`_moment_uniform`: the ρ-rule, and the b-integral as an incomplete beta function); σ̂ ~ e^{−aω} gives the
exponential law with rate 2 asinh(a/ρ_max), ρ_max = c√d = 1 for every d.

*Measured.*  Against numerics/ntk.sphere_coefficients (Funk–Hecke quadrature of σ; its law of ρ computed
independently: at d = 3 from a numerically integrated solid angle, at d ≥ 4 by Fourier inversion of E e^{iξS}, no
geometry), k = k0…12 (d = 3) or k0…10 (d = 4, 5), every train choice: relu, step ≤ 7e−7 at d = 3 (p = 1 kinks: the
b-quadrature here; doubling its nodes gives 2e−8) and ≤ 1.8e−7 at d = 4, 5; elu ≤ 3e−8; tanh, sigmoid, gelu,
gaussian, sin ≤ 4e−9 while λ_k > 1e−16 (beyond, ≤ 4e−27 absolute: the quadratures' floor).  Against Monte Carlo of
E μ_k² (2·10⁵ samples at d = 3, 10⁵ at d = 4, 5; Funk–Hecke of σ by Gauss–Legendre split at the kink): relu and
tanh, k = 2…6, within 1.9 standard errors.  The refined large-k law at k = 64: within 1.2e−3 (relu output),
3.5e−4 (step), 8.8e−4 (relu first) at d = 3, 2.0e−3 and 3.0e−3 (relu output) at d = 4, 5, falling like 1/k².

**Interval** (d = 1, x on the uniform grid of [0, 1)).  The rate of the mode sin 2πkx is its
Rayleigh quotient; integrating by parts, every feature φ with φ(1) ≠ φ(0) contributes the end-point
term −(φ(1) − φ(0))/(2πk) to ⟨φ, sin 2πk·⟩, so

    λ(k) ≈ E[(φ(1) − φ(0))²]/(2π² k²)  +  λ_st(2πk),
    λ_st(ω) = E_ρ[(Φ(ρ/s_b) − ½) ρ^{−2} |σ̂(ω/ρ)|²]    (stationary picture, ρ = |w|; the first layer
              adds the factor (ω/ρ)² and the mean 4/3 of x·x' + 1 on the diagonal),

with the end-point term dominating at large k for every σ whose features are not periodic:
the interval probe's law is k^{−2} whatever σ̂ (THEORY.md §7's stationary picture is the next
order, and holds only "away from the ends").

**Interval, uniform law** (PyTorch's ``nn.Linear(1, m)``: w, b uniform on [−c, c], c = 1; s_v² = 1/3).  With
u = wx + b and v = w, the pair (u, u' = u + vΔ), Δ = x' − x, is uniform on the image of the square, so for
any g with antiderivative G (SymPy's ``integrate``; for g a function of e^t where that fails, SymPy's integral of
g(log y)/y in y = e^t, which reaches the dilogarithm: softplus −Li₂(−e^t), swish Re[iπ log(1 + e^t) − Li₂(1 + e^t)],
evaluated as spence(1 − z) and its real part kept; every G is checked against Gauss–Legendre quadrature of g),

    E[g(wx + b) g(wx' + b)] = (1/4c²) ∫ g(u) [G(u + v_hi(u)Δ) − G(u + v_lo(u)Δ)]/Δ du,

[v_lo, v_hi] = {|v| ≤ c, |u − vx| ≤ c} (piecewise linear in u; the Δ → 0 limit is g(u)²(v_hi − v_lo)).  The
u-integral is split at the pieces' ends, at g's kinks t_k and where u + v(u)Δ = t_k (Gauss–Legendre on each
piece: 4e−15 against a split quadrature of σ's definition).  g = σ for the output layer, σ' for the first
(s_v² E[σ'σ'](xx' + 1); a point mass in σ' makes it undefined).  With fan_in > 1 (encodings, the sphere)
the pair (w·x + b, w·x' + b) has a box-spline density and no such reduction is made here.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np
import sympy as sp
from scipy import special

from specbias.core.activations import T, as_activation
from specbias.core.errors import DegenerateSeminorm, InputError, NoClosedForm, ParameterError
from specbias.core.report import Report
from specbias.core.validate import TRAIN_CHOICES, check_dim, check_train
from .fourier import OMEGA, breakpoints, fourier_transform

__all__ = ["GaussianLaw", "UniformLaw", "TRAIN_CHOICES", "kernel_expressions", "min_frequency",
           "circle_eigenvalues", "sphere_eigenvalues", "circle_grid_rates", "LargeKLaw",
           "large_k_law", "interval_rates", "predicted_residual", "SpectralBiasInTime", "spectral_bias_in_time",
           "document", "hermite_coefficients", "gaussian_kernel", "uniform_kernel", "dual_kernel", "kernel_gd_residual",
           "rayleigh_rates"]

U = sp.Symbol("u", positive=True)
RHO = sp.Symbol("rho", positive=True)
B = sp.Symbol("b", real=True)


@dataclass(frozen=True)
class GaussianLaw:
    weight_std: float = 1.0
    bias_std: float = 1.0
    out_var: float = 1.0
    kind: str = "gaussian"

    def latex(self):
        return (rf"w\sim\mathcal N(0,{self.weight_std:g}^2 I),\ b\sim\mathcal N(0,{self.bias_std:g}^2),"
                rf"\ m\,\mathbb E v^2={self.out_var:g}")


@dataclass(frozen=True)
class UniformLaw:
    """PyTorch's default nn.Linear(fan_in = d): w, b uniform on [−1/√d, 1/√d]; s_v² = 1/3."""
    dim: int = 2
    out_var: float = 1.0 / 3.0
    kind: str = "uniform"

    @property
    def bound(self):
        return 1.0 / math.sqrt(self.dim)

    def latex(self):
        return rf"w_j,b\sim\mathcal U[-1/\sqrt{{{self.dim}}},1/\sqrt{{{self.dim}}}],\ m\,\mathbb E v^2=1/3"


def kernel_expressions(train: str) -> str:
    """The tangent kernel of the trained layers (LaTeX)."""
    check_train(train)
    out = r"\mathbb E\,[\sigma(w\cdot x+b)\,\sigma(w\cdot x'+b)]"
    first = r"s_v^2\,\mathbb E\,[\sigma'(w\cdot x+b)\,\sigma'(w\cdot x'+b)]\,(x\cdot x'+1)"
    return {"output": out, "first": first, "both": out + " + " + first}[train]


# --------------------------------------------------------------------------------------------
# The transform, split into what the circle formula needs
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Spectrum:
    regular: sp.Expr            # R(u), u > 0 (angular convention)
    pole: int                   # pole order at 0
    delta0: int                 # highest δ-derivative order at 0 (−1 if none)
    masses: tuple               # ((ω_j, c_j complex), ...) order-0 point masses at ω_j ≠ 0

    @functools.cached_property
    def R(self):
        if self.regular == 0:
            return lambda u: np.zeros_like(np.asarray(u, dtype=float), dtype=complex)
        f = sp.lambdify(U, self.regular, modules=["scipy", "numpy"])

        def call(u):
            u = np.asarray(u, dtype=np.float64)
            with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
                v = np.asarray(f(u), dtype=np.complex128) * np.ones_like(u, dtype=np.complex128)
            return np.where(np.isfinite(v), v, 0.0)

        return call


@functools.lru_cache(maxsize=64)
def _spectrum(act, derivative: bool) -> _Spectrum:
    gt = fourier_transform(act)
    R = gt.angular_regular.subs(OMEGA, U)
    pole = gt.pole_order
    d0, masses = -1, []
    for s in gt.angular_singular:
        loc = complex(s.location)
        if abs(loc) == 0:
            d0 = max(d0, s.order)
        else:
            if s.order != 0:
                raise NoClosedForm("point masses δ^{(j)}(ω − ω₀) with j > 0 at ω₀ ≠ 0 are not supported",
                                   step="tangent-kernel eigenvalues")
            masses.append((loc.real, complex(s.coefficient)))
    if derivative:
        # F[σ'] = iω σ̂: the regular part gains iω, the pole order drops by one, ω δ^{(j)} = −j δ^{(j−1)}
        R = sp.simplify(sp.I * U * R)
        pole = max(pole - 1, 0)
        d0 = d0 - 1
        masses = [(w, 1j * w * c) for (w, c) in masses]
        if R != 0 and sp.limit(sp.Abs(R), U, sp.oo) != 0:
            raise DegenerateSeminorm(
                f"σ = {act.name}: σ̂'(ω) does not decay (σ is discontinuous, σ' has a point mass); the "
                "first-layer kernel is not defined (use train=output)")
    if masses and R != 0:
        raise NoClosedForm("σ̂ with both a regular part and point masses away from 0 (e.g. relu + sin) "
                           "is not supported by the circle formula", step="tangent-kernel eigenvalues")
    return _Spectrum(R, pole, d0, tuple(masses))


def min_frequency(activation, train: str = "output", dim: int = 2) -> int:
    """Smallest k for which the circle/sphere formula needs no regularization (k ≥ pole order of σ̂ and k
    above the δ-orders at 0); the first layer uses k − 1 as well.  The same for every d: the Funk–Hecke
    coefficient Γ(d/2)(2/z)^ν J_{k+ν}(z) of e^{izt} vanishes like z^k at z = 0 for every ν = d/2 − 1
    (module docstring, "Sphere")."""
    check_train(train)
    check_dim(dim, lo=2, what="the sphere dimension d (data on S^(d-1))")
    act = as_activation(activation)
    k0 = 0
    if train in ("output", "both"):
        s = _spectrum(act, False)
        k0 = max(k0, s.pole, s.delta0 + 1)
    if train in ("first", "both"):
        s = _spectrum(act, True)
        k0 = max(k0, s.pole + 1, s.delta0 + 2)
    return k0


@functools.lru_cache(maxsize=32)
def _leggauss(n):
    return np.polynomial.legendre.leggauss(n)


def _gl(n, a, b):
    x, w = _leggauss(n)
    return 0.5 * (b - a) * x + 0.5 * (b + a), 0.5 * (b - a) * w


def _ive(k, x):
    """e^{−x} I_k(x); SciPy's ive returns NaN above x ≈ 1e9, where the Hankel expansion
    1/√(2πx) (1 − (4k²−1)/(8x) + (4k²−1)(4k²−9)/(2(8x)²)) is exact to double precision."""
    x = np.asarray(x, dtype=np.float64)
    big = x > 1e7
    xs = np.where(big, 1.0, x)
    mu = 4.0 * k * k
    xb = np.where(big, x, 1e7)
    asym = (1 - (mu - 1) / (8 * xb) + (mu - 1) * (mu - 9) / (2 * (8 * xb) ** 2)) / np.sqrt(2 * np.pi * xb)
    return np.where(big, asym, special.ive(k, xs))


def _gegen_ive(k, x, dim: int = 2):
    """G_k(x) = Γ(d/2) (2/x)^ν e^{−x} I_{k+ν}(x), ν = d/2 − 1, for x ≥ 0: the factor that replaces
    e^{−x} I_k(x) on S^{d−1} (module docstring, "Sphere"); d = 2 is :func:`_ive` itself.  Near x = 0 the
    power series Γ(d/2) e^{−x} Σ_m (x/2)^{k+2m}/(m! Γ(k+ν+m+1)) (x < 1: 30 terms, below 1e−17 relative);
    above x = 1e7 the Hankel expansion of e^{−x} I_{k+ν}, as in :func:`_ive`."""
    if dim == 2:
        return _ive(k, x)
    nu = 0.5 * dim - 1.0
    x = np.asarray(x, dtype=np.float64)
    o = k + nu
    small = x < 1.0
    big = x > 1e7
    mid = ~(small | big)
    xm = np.where(mid, x, 1.0)
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        val = math.gamma(0.5 * dim) * (2.0 / xm) ** nu * special.ive(o, xm)
        xs = np.where(small, x, 0.0)
        h = 0.5 * xs
        ser = np.zeros_like(xs)
        lg = math.lgamma(0.5 * dim)
        for m in range(30):
            coef = math.exp(lg - math.lgamma(m + 1) - math.lgamma(k + nu + m + 1))
            ser = ser + coef * h ** (k + 2 * m)
        ser = ser * np.exp(-xs)
        mu = 4.0 * o * o
        xb = np.where(big, x, 1e7)
        asym = (math.gamma(0.5 * dim) * (2.0 / xb) ** nu
                * (1 - (mu - 1) / (8 * xb) + (mu - 1) * (mu - 9) / (2 * (8 * xb) ** 2)) / np.sqrt(2 * np.pi * xb))
    return np.where(small, ser, np.where(big, asym, val))


def _lam_regular(spec: _Spectrum, ks, sw, sb, n_m=160, n_d=48, n_o=64, dim: int = 2):
    """(1/2π²) ∬ ... of the module docstring, for an array of k; on S^{d−1} with Ĩ_k → G_k of
    :func:`_gegen_ive` (d = 2: unchanged)."""
    ks = np.asarray(ks)
    s = math.sqrt(sw * sw + sb * sb)
    D = 12.0 / s                       # half-width of the diagonal ridge in δ = u − u'
    m0 = D / 2
    out = np.zeros(len(ks))
    # same-sign part in (m, δ): u = m + δ/2, u' = m − δ/2, |δ| < min(2m, D)
    xm, wm = _gl(n_m // 3, 0.0, m0)
    t, wt = _leggauss(n_m)
    L = max(1.0, float(ks.max()) / sw)
    x = 0.5 * (t + 1)
    xm2 = m0 + L * x / (1 - x)
    wm2 = 0.5 * wt * L / (1 - x) ** 2
    M = np.concatenate([xm, xm2])
    WM = np.concatenate([wm, wm2])
    td, wd = _leggauss(n_d)
    half = np.minimum(2 * M, D)
    dl = half[:, None] * td[None, :]
    Wd = half[:, None] * wd[None, :] * WM[:, None]
    u, up = M[:, None] + dl / 2, M[:, None] - dl / 2
    Ru, Rup = spec.R(u), spec.R(up)
    base = np.real(Ru * np.conj(Rup)) * np.exp(-(sw * sw + sb * sb) * dl * dl / 2) * Wd
    for i, k in enumerate(ks):
        out[i] = np.sum(base * _gegen_ive(k, sw * sw * u * up, dim))
    # opposite-sign part near the origin
    U0 = 10.0 / sb
    uo, wo = _gl(n_o, 0.0, U0)
    A, Ap = np.meshgrid(uo, uo, indexing="ij")
    Wo = np.outer(wo, wo)
    Ra, Rb = spec.R(A), spec.R(Ap)
    base_o = np.real(Ra * Rb) * np.exp(-sw * sw * (A - Ap) ** 2 / 2 - sb * sb * (A + Ap) ** 2 / 2) * Wo
    for i, k in enumerate(ks):
        out[i] += (-1) ** int(k) * np.sum(base_o * _gegen_ive(k, sw * sw * A * Ap, dim))
    return out / (2 * math.pi ** 2)


def _lam_masses(spec: _Spectrum, ks, sw, sb, dim: int = 2):
    """Point masses: (1/4π²) Σ c_j conj c_j' e^{−s_w²(ω_j²+ω_j'²)/2} e^{−s_b²(ω_j−ω_j')²/2} e^{|x|} G_k(|x|) sign(x)^k,
    x = s_w² ω_j ω_j' (G_k = e^{−x} I_k at d = 2; Γ(d/2)(2/x)^ν e^{−x} I_{k+ν} on S^{d−1}, of parity (−1)^k)."""
    out = np.zeros(len(ks))
    for i, k in enumerate(ks):
        tot = 0.0
        for (w1, c1) in spec.masses:
            for (w2, c2) in spec.masses:
                x = sw * sw * w1 * w2
                if dim == 2:
                    ik = special.ive(k, abs(x)) * math.exp(abs(x)) * (np.sign(x) ** k if x != 0 else (1.0 if k == 0 else 0.0))
                else:
                    ik = float(_gegen_ive(int(k), abs(x), dim)) * math.exp(abs(x)) * (np.sign(x) ** k if x != 0 else 1.0)
                tot += (c1 * np.conj(c2)).real * math.exp(-sw * sw * (w1 * w1 + w2 * w2) / 2 - sb * sb * (w1 - w2) ** 2 / 2) * ik
        out[i] = tot / (4 * math.pi ** 2)
    return out


# --------------------------------------------------------------------------------------------
# Circle, PyTorch's uniform law (see "Circle, uniform law" in the module docstring)
# --------------------------------------------------------------------------------------------
def _cos_nodes(n, lo, hi):
    """Gauss–Legendre in α ∈ [0, π] for b = mid − half·cos α: nodes cluster at both ends, where
    g_k(ρ, b) has its (ρ ∓ b)^{p − 1/2} behaviour (a power of sin(α/2) after the map, so smooth)."""
    a, wa = _gl(n, 0.0, math.pi)
    mid, half = 0.5 * (lo + hi), 0.5 * (hi - lo)
    return mid - half * np.cos(a), wa * half * np.sin(a)


CUBE_DIM_MAX = 8    # the uniform law's radial density is built by convolution up to d = 8 (module docstring)


def _square_sum_density(s, d: int, n: int = 24):
    """Density f_d of S_d = U_1² + … + U_d², U_j uniform on [0, 1] (S_d = |w|²/c² for w uniform on [−c, c]^d), at the
    points s.  d = 2, 3 in closed form (the square's and the cube's radial laws, module docstring: f_2 = π/4 on
    [0, 1], π/4 − arccos(1/√s) on [1, 2]; f_3(s) = √s Ω(√s)/16 with the cube's solid angle Ω); d ≥ 4 by the
    convolution f_d(s) = ∫ f_a(t) f_{d−a}(s − t) dt, a = 2 (d = 4) or 3 (d ≥ 5), split where t or s − t crosses an
    integer (both factors are non-smooth only there) and integrated by the cos-mapped Gauss–Legendre rule
    (n nodes a piece; it absorbs the square-root ends).  Measured: Σ, E S, E S² against 1, d/3, d/5 + d(d−1)/9 to
    1e−13 for d = 4, 5, 6."""
    s = np.atleast_1d(np.asarray(s, dtype=np.float64))
    if d == 2:
        with np.errstate(invalid="ignore", divide="ignore"):
            v = np.where(s <= 1, math.pi / 4, math.pi / 4 - np.arccos(np.clip(1 / np.sqrt(np.maximum(s, 1e-300)), -1, 1)))
        return np.where((s >= 0) & (s <= 2), v, 0.0)
    if d == 3:
        r = np.sqrt(np.maximum(s, 0.0))
        om = np.zeros_like(r)
        m1, m3 = r <= 1, (r > math.sqrt(2)) & (r < math.sqrt(3))
        m2 = (r > 1) & (r <= math.sqrt(2))
        om[m1] = 4 * math.pi
        om[m2] = 12 * math.pi / r[m2] - 8 * math.pi
        ph = np.arccos(np.clip(1 / np.sqrt(r[m3] ** 2 - 1), -1, 1))
        om[m3] = 48 * ((1 / r[m3]) * (math.pi / 4 - ph) - math.pi / 6 + np.arcsin(np.sin(ph) / math.sqrt(2)))
        return np.where(s >= 0, r * om / 16, 0.0)
    a = 2 if d == 4 else 3
    b = d - a
    out = np.zeros(s.shape)
    for i, si in enumerate(s):
        lo, hi = max(0.0, si - b), min(float(a), si)
        if hi <= lo:
            continue
        cuts = sorted({lo, hi} | {float(j) for j in range(1, a) if lo < j < hi}
                      | {si - j for j in range(1, b) if lo < si - j < hi})
        for u, v in zip(cuts[:-1], cuts[1:]):
            t, w = _cos_nodes(n, u, v)
            out[i] += float(np.sum(w * _square_sum_density(t, a, n) * _square_sum_density(si - t, b, n)))
    return out


@functools.lru_cache(maxsize=32)
def _uniform_rho_nodes(c: float, n: int, dim: int = 2):
    """Nodes/weights of the law of ρ = |w|, w uniform on the cube [−c, c]^d (weights sum to 1); 2 ≤ d ≤ 8 (module
    docstring, "Sphere, uniform law").

    d = 2: density 2πρ/(4c²) on [0, c]; ρ(2π − 8 arccos(c/ρ))/(4c²) on [c, c√2], integrated in β = arccos(c/ρ)
    (ρ = c sec β, dρ = c sec β tan β dβ, β ∈ [0, π/4]) so that the square-root end at the corner is smooth.
    d ≥ 3: the ball [0, c] (density |S^{d−1}| ρ^{d−1}/(2c)^d, Gauss–Legendre in ρ), then s = ρ²/c² ∈ [j, j + 1],
    j = 1 … d − 1, with the density f_d(s) of :func:`_square_sum_density` (d = 3: the cube's solid angle in closed
    form) and the cos-mapped rule, which clusters at both ends: at s = 1 (ρ = c) E_b g_k² is not smooth, and at
    each integer f_d has an (s − j)^{m/2} end."""
    if dim == 2:
        r1, w1 = _gl(n, 0.0, c)
        w1 = w1 * 2 * math.pi * r1 / (4 * c * c)
        beta, wb = _gl(n, 0.0, math.pi / 4)
        r2 = c / np.cos(beta)
        w2 = wb * (c * np.tan(beta) / np.cos(beta)) * r2 * (2 * math.pi - 8 * beta) / (4 * c * c)
        return _frozen(np.concatenate([r1, r2])), _frozen(np.concatenate([w1, w2]))
    if dim > CUBE_DIM_MAX:
        raise NoClosedForm(f"the law of |w| for w uniform on a cube is built for d ≤ {CUBE_DIM_MAX} (got d = {dim})",
                           step="tangent-kernel eigenvalues")
    # [0, c]: the ball inside the cube, density |S^{d−1}| ρ^{d−1}/(2c)^d; beyond, s = ρ²/c² ∈ [j, j + 1] with the
    # density f_d(s) of :func:`_square_sum_density` (the cos map absorbs its (s − j)^{m/2} ends)
    area = 2 * math.pi ** (0.5 * dim) / math.gamma(0.5 * dim)
    r0, w0 = _gl(n, 0.0, c)
    rs, ws = [r0], [w0 * area * r0 ** (dim - 1) / (2 * c) ** dim]
    for j in range(1, dim):
        sj, wj = _cos_nodes(n, float(j), float(j + 1))
        rs.append(c * np.sqrt(sj))
        ws.append(wj * _square_sum_density(sj, dim))
    return _frozen(np.concatenate(rs)), _frozen(np.concatenate(ws))


def _frozen(a: np.ndarray) -> np.ndarray:
    """A cached array, made read-only so that no caller can change the cache."""
    a.setflags(write=False)
    return a


def _plane_wave(k: int, x, dim: int = 2):
    """The Funk–Hecke coefficient (over i^k) of t ↦ e^{ixt} on S^{d−1}: Γ(d/2)(2/x)^ν J_{k+ν}(x), ν = d/2 − 1
    (Watson §11.5); d = 2: J_k(x) (Jacobi–Anger), d = 3: the spherical Bessel function j_k(x)."""
    if dim == 2:
        return special.jv(k, x)
    if dim == 3:
        return special.spherical_jn(k, x)
    nu = 0.5 * dim - 1
    x = np.asarray(x, dtype=np.float64)
    ax = np.abs(x)
    safe = np.where(ax > 0, ax, 1.0)
    with np.errstate(over="ignore", invalid="ignore"):
        val = math.gamma(0.5 * dim) * (2.0 / safe) ** nu * special.jv(k + nu, safe)
    # parity (−1)^k (Watson §11.5: z^{−ν} J_{k+ν}(z) is entire, of parity (−1)^k); value δ_{k0} at x = 0
    sign = np.where(x < 0, (-1.0) ** np.asarray(k), 1.0)
    return np.where(ax > 0, sign * val, np.where(np.asarray(k) == 0, 1.0, 0.0))


def _taper(t):
    """C^∞ cut-off: 1 for t ≤ 1/2, 0 for t ≥ 1 (ratio of e^{−1/s} bumps)."""
    s = np.clip(2.0 * (np.asarray(t, dtype=float) - 0.5), 0.0, 1.0)
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        e0 = np.where(s > 0, np.exp(-1.0 / np.where(s > 0, s, 1.0)), 0.0)
        e1 = np.where(s < 1, np.exp(-1.0 / np.where(s < 1, 1.0 - s, 1.0)), 0.0)
    return 1.0 - e0 / (e0 + e1)


OUTER_B = 64    # b-nodes on the pieces |b| > ρ (see _lam_group)
U_POWER = 500.0    # ω cut-off (smooth taper on [U/2, U]) when |σ̂| decays like a power ...
UNIFORM_U_PER_K = 6.0    # ... raised to 6·k_max: J_k(ρu) switches on at u ≈ k/ρ (module docstring, step 3)
UNIFORM_K_MAX = 400    # the largest k computed under the uniform law (b-nodes 32 + 2k ≤ 1024)


def _omega_grid(spec: _Spectrum, h: float = 2.0, m: int = 12, U_power: float = U_POWER):
    """Panels of width h with m Gauss–Legendre nodes on [0, U]; weights include the taper.  U = U_POWER with
    the taper if |R| has not fallen below 1e-17 of its size at u ≈ 1 by u = U_POWER/2 (power-law σ̂), else
    the first u beyond which it stays below (exponential/Gaussian σ̂; plain truncation, error < 1e-17)."""
    probe = np.linspace(0.5, U_POWER, 4000)
    a = np.abs(spec.R(probe))
    scale = float(np.max(a[probe <= 4.0])) or 1.0
    big = np.nonzero(a > 1e-17 * scale)[0]
    u_last = float(probe[big[-1]]) if big.size else 1.0
    taper = u_last > U_POWER / 2
    U = U_power if taper else max(20.0, 2.0 * math.ceil(u_last / 2.0) + 4.0)
    npan = int(math.ceil(U / h))
    x, w = _leggauss(m)
    u = (np.arange(npan)[:, None] * h + 0.5 * h * (x[None, :] + 1.0)).ravel()
    wu = np.tile(0.5 * h * w, npan)
    if taper:
        wu = wu * _taper(u / U)
    return u, wu, U, taper


def _lam_regular_uniform(spec: _Spectrum, ks, c: float, n_rho: int = 40, n_b: int | None = None, dim: int = 2):
    """λ_k = E_{ρ,b} g_k²,  g_k = (1/π)·(Re F_k if k even else Im F_k),  F_k = ∫_0^∞ R(u) J_k(ρu) e^{iub} du
    (module docstring); ρ by :func:`_uniform_rho_nodes`, b uniform on [−c, c] split at ±ρ."""
    ks = np.asarray(ks, dtype=int)
    if ks.max() > UNIFORM_K_MAX:
        raise ParameterError(f"the uniform (PyTorch) law's eigenvalues are computed for k ≤ {UNIFORM_K_MAX} "
                             f"(got k = {int(ks.max())}): the ω range and the b-nodes grow with k")
    out = np.zeros(len(ks))
    u, wu, U, taper = _omega_grid(spec, U_power=max(U_POWER, UNIFORM_U_PER_K * float(ks.max())))
    Rw = spec.R(u) * wu
    rho, wr = _uniform_rho_nodes(c, n_rho, dim)
    # the b-integrand oscillates about k/2 times over |b| < ρ: nodes grow with k.  One node set for all ks
    # (that of the largest k, bucketed): the matrix e^{iub} dominates the cost and is then built once per ρ
    # (3x faster for the CLI's aliased grid sums than one set per k).
    need = n_b or (32 + 2 * int(ks.max()))
    nb = next(b for b in (48, 64, 96, 128, 192, 256, 384, 512, 768, 1024) if b >= need)
    with _one_blas_thread():
        out[:] = _lam_group(ks, nb, u, Rw, rho, wr, c, dim, recurrence=taper)
    if taper:
        out += _tail_uniform(spec, U, c, dim=dim)
    return out


def _one_blas_thread():
    """Many small matrix products: a multi-threaded BLAS on a shared machine is far slower than one thread."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl ships with scikit-learn, a dependency
        import contextlib
        return contextlib.nullcontext()
    return threadpool_limits(1)


def _lam_group(kk, nb, u, Rw, rho, wr, c, dim: int = 2, recurrence: bool = False):
    """E_{ρ,b} g_k² for the orders kk with nb Gauss–Legendre b-nodes per piece.  ``recurrence``: the Bessel factors
    by :func:`_plane_wave_rows` (the long ω ranges of power-law σ̂, where SciPy's per-order jv dominated the cost)."""
    acc = np.zeros(len(kk))
    even = (kk % 2 == 0)[:, None]
    for r, w_r in zip(rho, wr):
        # |b| > ρ: σ's kink is off the circle, g_k(ρ, b) is smooth in b and small for large k (few nodes);
        # |b| < ρ: g_k oscillates about k/2 times (nb nodes)
        pieces = [(-c, -r, min(nb, OUTER_B)), (-r, r, nb), (r, c, min(nb, OUTER_B))] if r < c else [(-c, c, nb)]
        bs, wb = zip(*[_cos_nodes(n, lo, hi) for lo, hi, n in pieces])
        bs, wb = np.concatenate(bs), np.concatenate(wb) / (2 * c)
        J = _plane_wave_rows(kk, r * u, dim) if recurrence else _plane_wave(kk[:, None], r * u[None, :], dim)
        F = (J * Rw[None, :]) @ np.exp(1j * np.outer(u, bs))
        G = np.where(even, F.real, F.imag) / math.pi
        acc += w_r * (G * G) @ wb
    return acc


def _plane_wave_rows(kk, x, dim: int = 2) -> np.ndarray:
    """:func:`_plane_wave` for the orders kk (rows) at the points x > 0 (columns), by the downward recurrence
    J_{μ−1}(x) = (2μ/x) J_μ(x) − J_{μ+1}(x) (DLMF 10.6.1; μ = k + ν) from SciPy's J_{K+ν}, J_{K+1+ν}, K = max kk:
    one vector operation per order instead of one SciPy call per (order, point).  Downward, J is the dominant
    solution where μ > x and the recurrence is neutral where μ < x, so from exact seeds the error stays at a few
    hundred roundings: measured ≤ 2e−13 of each row's maximum against SciPy (d = 2, 3, 5, k ≤ 209, x ≤ 875).
    Where the seed is below 1e−250 (x ≪ K: it would underflow on the way down) the column is SciPy's."""
    kk = np.asarray(kk, dtype=int)
    x = np.asarray(x, dtype=np.float64)
    nu = 0.5 * dim - 1
    K = int(kk.max())
    a, b = special.jv(K + nu, x), special.jv(K + 1 + nu, x)
    ok = (np.abs(a) > 1e-250) | (x > K)
    xs, a, b = x[ok], a[ok], b[ok]
    rows: dict = {}
    for i, k in enumerate(kk):          # an order may be asked for more than once (the first layer's k ± 1)
        rows.setdefault(int(k), []).append(i)
    res = np.empty((len(kk), xs.size))
    for k in range(K, -1, -1):
        for i in rows.get(k, ()):
            res[i] = a
        if k == 0:
            break
        a, b = (2 * (k + nu) / xs) * a - b, a
    if dim > 2:
        res *= math.gamma(0.5 * dim) * (2.0 / xs) ** nu
    out = np.empty((len(kk), x.size))
    out[:, ok] = res
    if not ok.all():
        out[:, ~ok] = _plane_wave(kk[:, None], x[None, ~ok], dim)
    return out


def _tail_uniform(spec: _Spectrum, U: float, c: float, n: int = 64, dim: int = 2):
    """The spectral mass the taper removes (module docstring, "tail"): ∫_0^∞ (1 − χ(u/U)²) |R(u)|² T_d/u^{d−1} du,
    T_d = Γ(d/2)² 2^{d−2} |S^{d−1}|/(2π² (2c)^d) (d = 2: 1/(4πc²); d = 3: 1/(8c³)), on [U/2, U] and, with
    u = U/t, U^{2−d} ∫_0^1 |R(U/t)|² t^{d−3} dt beyond U."""
    x1, w1 = _gl(n, U / 2, U)
    a = np.sum(w1 * (1 - _taper(x1 / U) ** 2) * np.abs(spec.R(x1)) ** 2 / x1 ** (dim - 1))
    t, wt = _gl(n, 0.0, 1.0)
    b = U ** (2 - dim) * np.sum(wt * np.abs(spec.R(U / t)) ** 2 * t ** (dim - 3))
    area = 2 * math.pi ** (0.5 * dim) / math.gamma(0.5 * dim)
    T_d = math.gamma(0.5 * dim) ** 2 * 2 ** (dim - 2) * area / (2 * math.pi ** 2 * (2 * c) ** dim)
    return float(a + b) * T_d


def _lam_masses_uniform(spec: _Spectrum, ks, c: float, n_rho: int = 64, dim: int = 2):
    """Point masses c_j δ(ω − ω_j): g_k = (i^k/2π) Σ_j c_j J_k(ρω_j) e^{iω_j b}, so
    λ_k = (1/4π²) Σ_{j,j'} c_j conj(c_j') E_ρ[J_k(ρω_j) J_k(ρω_j')] sinc((ω_j − ω_j')c)  (E_b e^{ixb} =
    sin(xc)/(xc)); E_ρ of the smooth Bessel product by Gauss–Legendre on the two pieces of ρ's law."""
    ks = np.asarray(ks, dtype=int)
    rho, wr = _uniform_rho_nodes(c, n_rho, dim)
    out = np.zeros(len(ks))
    for i, k in enumerate(ks):
        tot = 0.0
        for (w1, c1) in spec.masses:
            for (w2, c2) in spec.masses:
                er = float(np.sum(wr * _plane_wave(k, rho * w1, dim) * _plane_wave(k, rho * w2, dim)))
                tot += (c1 * np.conj(c2)).real * er * float(np.sinc((w1 - w2) * c / math.pi))
        out[i] = tot / (4 * math.pi ** 2)
    return out


def _zonal(spec, ks, law, dim: int = 2):
    ks = np.asarray(ks, dtype=int)
    if isinstance(law, UniformLaw):
        if law.dim != dim:
            raise ParameterError(f"the uniform (PyTorch) law's fan_in ({law.dim}) must equal the data dimension d = {dim}")
        if dim > CUBE_DIM_MAX:
            raise NoClosedForm(f"the uniform (PyTorch) law is derived for d ≤ {CUBE_DIM_MAX} (the law of |w| for w "
                               "uniform on a cube, module docstring)", step="tangent-kernel eigenvalues")
        if spec.masses:
            return _lam_masses_uniform(spec, ks, law.bound, dim=dim)
        return _lam_regular_uniform(spec, ks, law.bound, dim=dim)
    if spec.masses:
        return _lam_masses(spec, ks, law.weight_std, law.bias_std, dim)
    return _lam_regular(spec, ks, law.weight_std, law.bias_std, dim=dim)


def _times_dot_plus_one(lo, mid, hi, ks, dim: int):
    """Eigenvalues of (x·x' + 1)·h(x·x') from those of h at k − 1, k, k + 1 (Gegenbauer recurrence, module
    docstring): mid + (k+d−2)/(2k+d−2)·hi + k/(2k+d−2)·lo, and mid + hi at k = 0.  d = 2: mid + (lo + hi)/2
    (k ≥ 1), with lo = a_{−1} = a_1 at k = 0."""
    if dim == 2:
        return mid + 0.5 * (lo + hi)
    k = np.asarray(ks, dtype=float)
    up = np.where(k == 0, 1.0, (k + dim - 2) / np.maximum(2 * k + dim - 2, 1.0))
    down = k / (2 * k + dim - 2)
    return mid + up * hi + down * np.where(k == 0, 0.0, lo)


def sphere_eigenvalues(activation, ks, dim: int, train: str = "output", law=GaussianLaw()):
    """λ_k on the unit sphere S^{d−1} ⊂ R^d (eigenvalue of the tangent kernel on the degree-k spherical
    harmonics, uniform probability measure) from σ̂: Weber's integral with the Gegenbauer plane-wave
    expansion (module docstring, "Sphere").  d = 2 is :func:`circle_eigenvalues`.  The uniform (PyTorch)
    law (``UniformLaw(d)``, fan_in = d) is supported for 2 ≤ d ≤ 8 (NoClosedForm beyond); there λ_k is the mean
    Rayleigh quotient over the degree-k harmonics (module docstring, "Sphere, uniform law"); d must be an
    integer >= 2 (ParameterError).
    Each λ_k has multiplicity N_k(d) = (2k+d−2)(k+d−3)!/(k!(d−2)!)."""
    check_train(train)
    dim = check_dim(dim, lo=2, what="the sphere dimension d (data on S^(d-1))")
    if not isinstance(law, (GaussianLaw, UniformLaw)):
        raise NoClosedForm(f"no circle eigenvalues for the law {law!r}", step="tangent-kernel eigenvalues")
    act = as_activation(activation)
    ks = np.asarray(list(ks), dtype=int)
    k0 = min_frequency(act, train)
    if ks.size and ks.min() < k0:
        raise ParameterError(f"the σ̂ formula for {act.name} ({train}) needs k >= {k0} (lower modes need the "
                             f"finite-part regularization), got k = {ks.min()}")
    out = np.zeros(len(ks), dtype=float)
    if train in ("output", "both"):
        out += _zonal(_spectrum(act, False), ks, law, dim)
    if train in ("first", "both"):
        sp1 = _spectrum(act, True)
        lo = ks - 1 if dim == 2 else np.maximum(ks - 1, 0)   # k = 0 (d > 2): the k − 1 term has weight 0
        a = _zonal(sp1, np.concatenate([lo, ks, ks + 1]), law, dim)
        n = len(ks)
        out += law.out_var * _times_dot_plus_one(a[:n], a[n:2 * n], a[2 * n:], ks, dim)
    return out


def circle_eigenvalues(activation, ks, train: str = "output", law=GaussianLaw()):
    """λ_k on the unit circle (uniform probability measure) from σ̂, for the Gaussian law (Weber's integral)
    or PyTorch's uniform law (:class:`UniformLaw`, d = 2: quadrature of the Jacobi–Anger coefficient).
    The d = 2 case of :func:`sphere_eigenvalues`."""
    return sphere_eigenvalues(activation, ks, 2, train, law)


def circle_grid_rates(activation, ks, n_points: int, train: str = "output", law=GaussianLaw(), n_alias: int = 2):
    """Eigenvalues of K/n on n equispaced circle points for modes ks: Σ_j λ_{|k + jn|} (|j| ≤ n_alias)."""
    ks = [int(k) for k in ks]
    idx = sorted({abs(k + j * n_points) for k in ks for j in range(-n_alias, n_alias + 1)})
    lam = dict(zip(idx, circle_eigenvalues(activation, idx, train, law)))
    return np.array([sum(lam[abs(k + j * n_points)] for j in range(-n_alias, n_alias + 1)) for k in ks])


def predicted_residual(rates, r0, eta: float, t):
    """Residual coefficients in the eigenbasis after t GD steps: (1 − ηλ)^t r0 (→ e^{−ηλt} r0)."""
    rates = np.asarray(rates, dtype=float)
    return (1.0 - eta * rates) ** np.asarray(t, dtype=float)[..., None] * np.asarray(r0, dtype=float)


# --------------------------------------------------------------------------------------------
# Large-k law
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LargeKLaw(Report):
    activation: str
    train: str
    law: str
    kind: str                  # "power", "exponential", "stretched", "super-exponential"
    exponent: sp.Expr | None   # power: λ_k ~ A k^{exponent}; stretched: log λ ~ −c k^{2/3}
    constant: sp.Expr | None   # A (power) or c (stretched) or the rate (exponential)
    derivation: str = ""
    dim: int = 2               # data on S^{dim−1}

    def value(self, k, refined: bool = False):
        """A k^{exponent}.  With ``refined`` (S^{d−1}, d > 2) the kink's Gegenbauer amplitude is kept exact to
        first order: A k^{2ν} (Γ(k+ν)/Γ(k+2ν))² (k/(k+ν))^{2p} (1 − ν(1−ν)/k) k^{exponent} (the oscillation
        frequency is k + ν; the last factor is the measured O(1/k) term, coefficient −ν(1−ν) to 3 digits at
        d = 3, 4, 5, the size of the next term of Darboux's expansion of P_k, not derived in full), which
        leaves O(1/k²) (module docstring, "Sphere"); d = 2: the same as the plain law."""
        k = np.asarray(k, dtype=float)
        if self.kind == "power":
            lead = float(self.constant) * k ** float(self.exponent)
            if not refined or self.dim == 2:
                return lead
            nu = 0.5 * self.dim - 1.0
            two_p = -float(self.exponent) - (self.dim - 2)
            corr = np.exp(2 * nu * np.log(k) + 2 * (special.gammaln(k + nu) - special.gammaln(k + 2 * nu))
                          + two_p * np.log(k / (k + nu))) * (1.0 - nu * (1.0 - nu) / k)
            return lead * corr
        raise NoClosedForm("only power laws have a closed-form amplitude", step="large-k law")

    def _by_kind(self, power, stretched, exponential, faster):
        """The form for this law's kind: each argument a callable giving the text of one kind."""
        return {"power": power, "stretched": stretched, "exponential": exponential}.get(self.kind, faster)()

    def to_text(self):
        c = self.constant
        form = self._by_kind(lambda: f"λ_k ~ {sp.sstr(c)} · k^({self.exponent})",
                             lambda: f"log λ_k ~ -{sp.sstr(c)} · k^(2/3)",
                             lambda: f"log λ_k ~ -{sp.sstr(c)} · k",
                             lambda: "λ_k decays faster than any exp(-c k^(2/3))")
        where = "" if self.dim == 2 else f", S^{self.dim - 1}"
        return f"{form}  ({self.train} layer, {self.law} init{where})"

    def to_latex(self):
        c = self.constant
        return self._by_kind(lambda: rf"\lambda_k \sim {sp.latex(c)}\,k^{{{sp.latex(self.exponent)}}}",
                             lambda: rf"\log\lambda_k \sim -{sp.latex(c)}\,k^{{2/3}}",
                             lambda: rf"\log\lambda_k \sim -{sp.latex(c)}\,k",
                             lambda: r"\lambda_k \text{ decays faster than any } e^{-c k^{2/3}}")

    def to_json(self):
        return {"activation": self.activation, "train": self.train, "law": self.law, "kind": self.kind,
                "exponent": None if self.exponent is None else float(self.exponent),
                "constant": None if self.constant is None else float(self.constant),
                "constant_symbolic": None if self.constant is None else sp.sstr(self.constant),
                "text": self.to_text(), **({} if self.dim == 2 else {"dim": self.dim})}


def _decay_type(R):
    """('power', p, |C|) or ('exponential', a) or ('super', None) for |R(u)| at u → ∞."""
    if R == 0:
        return ("super", None)
    absR = sp.sqrt(sp.expand(R * sp.conjugate(R)))
    absR = sp.simplify(absR)
    lead = sp.limit(sp.log(absR) / sp.log(U), U, sp.oo)
    if lead.is_finite:
        p = -lead
        C = sp.simplify(sp.limit(absR * U ** p, U, sp.oo))
        if C.is_finite and C != 0:
            return ("power", sp.nsimplify(p), C)
    a = sp.limit(-sp.log(absR.rewrite(sp.exp)) / U, U, sp.oo)
    if a.is_finite and a.is_positive:
        return ("exponential", a)
    return ("super", None)


SW, SB = sp.symbols("s_w s_b", positive=True)


def _moment_gaussian(q: int):
    """E[(ρ² − b²)_+^q] for ρ Rayleigh(s_w), b ~ N(0, s_b²).  With r = ρ² − b² (dr = 2ρ dρ) the ρ-integral
    is e^{−b²/2s_w²} ∫_0^∞ r^q e^{−r/2s_w²} dr/(2s_w²) = e^{−b²/2s_w²} q! (2s_w²)^q, and
    E_b[e^{−b²/2s_w²}] = s_w/√(s_w² + s_b²)."""
    return sp.factorial(q) * (2 * SW ** 2) ** q * SW / sp.sqrt(SW ** 2 + SB ** 2)


def _moment_gaussian_sphere(q: int, dim: int):
    """E[(ρ² − b²)_+^{q+ν} ρ^{−2ν}] for ρ ~ chi_d(s_w) (density ρ^{d−1} e^{−ρ²/2s_w²}/(2^ν s_w^d Γ(ν+1)),
    ν = d/2 − 1), b ~ N(0, s_b²): ρ^{d−1}·ρ^{−2ν} = ρ, and with r = ρ² − b² as in :func:`_moment_gaussian`
    the ρ-integral is e^{−b²/2s_w²} Γ(q+ν+1) (2s_w²)^{q+ν+1}/(2·2^ν s_w^d Γ(ν+1)), so the moment is
    Γ(q+ν+1)/Γ(ν+1) · (2s_w²)^q · s_w/√(s_w² + s_b²)  (d = 2: :func:`_moment_gaussian`)."""
    nu = sp.Rational(dim, 2) - 1
    return sp.gamma(q + nu + 1) / sp.gamma(nu + 1) * (2 * SW ** 2) ** q * SW / sp.sqrt(SW ** 2 + SB ** 2)


def _moment_uniform(q: int, dim: int = 2) -> float:
    """E[(ρ² − b²)_+^{q+ν} ρ^{−2ν}] (ν = d/2 − 1) for PyTorch's law, 2 ≤ d ≤ 8: ρ = |w| by the node rule of
    :func:`_uniform_rho_nodes` (the square's or the cube's radial law), b uniform on [−c, c], c = 1/√d, with the
    b-integral in closed form (b = ρ√y): ∫_{−m}^{m} (ρ² − b²)^α db = ρ^{2α+1} B(½, α + 1) I_{m²/ρ²}(½, α + 1),
    m = min(ρ, c), α = q + ν (I the regularized incomplete beta function).  d = 2: E[(ρ² − b²)_+^q]."""
    c = 1 / math.sqrt(dim)
    nu = 0.5 * dim - 1
    r, w = _uniform_rho_nodes(c, 40, dim)
    al = q + nu
    ib = special.beta(0.5, al + 1) * special.betainc(0.5, al + 1, np.minimum(1.0, c * c / r ** 2))
    return float(np.sum(w * r ** (2 * al + 1) * ib / (2 * c) * r ** (-2 * nu)))


def large_k_law(activation, train: str = "output", law=GaussianLaw(), dim: int = 2) -> LargeKLaw:
    """The leading large-k law of the circle (dim = 2) or sphere S^{d−1} eigenvalues (module docstring,
    "Large-k law" and "Sphere").  Power laws on S^{d−1}: λ_k ~ A k^{−(2p+d−2)} (first layer: p → p − 1);
    σ̂ ~ e^{−aω}: the same stretched exponential log λ_k ~ −c k^{2/3} for every d (only the algebraic
    prefactor, not part of the law, depends on d).  The uniform law: 2 ≤ d ≤ 8 (NoClosedForm beyond)."""
    dim = check_dim(dim, lo=2, what="the sphere dimension d (data on S^(d-1))")
    if isinstance(law, UniformLaw) and law.dim != dim:
        raise ParameterError(f"the uniform (PyTorch) law's fan_in ({law.dim}) must equal the data dimension d = {dim}")
    if dim > CUBE_DIM_MAX and not isinstance(law, GaussianLaw):
        raise NoClosedForm(f"the large-k law on S^{{d-1}}, d > {CUBE_DIM_MAX}, is derived for the Gaussian law only (the "
                           f"law of |w| under the uniform law is built for d ≤ {CUBE_DIM_MAX})", step="large-k law")
    return _large_k_law(activation, train, law, dim)


@functools.lru_cache(maxsize=128)
def _large_k_law(activation, train, law, dim) -> LargeKLaw:
    check_train(train)
    act = as_activation(activation)
    lawname = law.kind
    layers = {"output": [False], "first": [True], "both": [False, True]}[train]
    laws = []
    for der in layers:
        spec = _spectrum(act, der)
        if spec.masses:
            laws.append(("super", None, None, der))
            continue
        kind = _decay_type(spec.regular)
        if kind[0] == "power":
            p, C = kind[1], kind[2]
            q = p - 1
            if isinstance(law, GaussianLaw) and dim != 2:
                # sphere: the Gegenbauer asymptotics give each kink the extra factor (2^ν Γ(ν+1))² sin^{2ν}ψ₀ k^{−2ν}
                nu = sp.Rational(dim, 2) - 1
                mom = (2 ** (2 * nu) * sp.gamma(nu + 1) ** 2 * _moment_gaussian_sphere(int(q), dim)).subs(
                    {SW: sp.nsimplify(law.weight_std), SB: sp.nsimplify(law.bias_std)})
            elif isinstance(law, GaussianLaw):
                mom = _moment_gaussian(int(q)).subs({SW: sp.nsimplify(law.weight_std), SB: sp.nsimplify(law.bias_std)})
            else:
                nu = sp.Rational(dim, 2) - 1
                mom = 2 ** (2 * nu) * sp.gamma(nu + 1) ** 2 * sp.Float(_moment_uniform(int(q), law.dim), 15)
            A = C ** 2 / (2 * sp.pi ** 2) * mom
            if der:
                A = 2 * sp.nsimplify(law.out_var) * A
            laws.append(("power", -2 * p - (dim - 2), sp.simplify(A), der))
        elif kind[0] == "exponential":
            a = kind[1]
            if isinstance(law, GaussianLaw):
                c = 3 * 2 ** sp.Rational(-1, 3) * (a / sp.nsimplify(law.weight_std)) ** sp.Rational(2, 3)
                laws.append(("stretched", sp.Rational(2, 3), sp.simplify(c), der))
            else:
                rmax = 1.0  # the corner of the cube [−1/√d, 1/√d]^d, for every d
                laws.append(("exponential", sp.Integer(1), 2 * sp.asinh(a / sp.nsimplify(rmax)), der))
        else:
            laws.append(("super", None, None, der))
    # the slowest law wins
    order = {"power": 0, "stretched": 1, "exponential": 2, "super": 3}
    laws.sort(key=lambda L: (order[L[0]], -(float(L[1]) if L[0] == "power" else 0)))
    best = laws[0]
    if best[0] == "power":
        same = [L for L in laws if L[0] == "power" and L[1] == best[1]]
        A = sp.simplify(sum(L[2] for L in same))
        return LargeKLaw(act.name, train, lawname, "power", best[1], A,
                         "singularity of σ^(p-1) at the two kink points of g(ψ)" if dim == 2 else
                         "singularity of σ^(p-1) at the kink of h(t) = σ(ρt+b), Gegenbauer asymptotics", dim)
    if best[0] == "stretched":
        return LargeKLaw(act.name, train, lawname, "stretched", best[1], best[2], "Laplace's method over ρ"
                         + ("" if dim == 2 else " (the exponent and c do not depend on d)"), dim)
    if best[0] == "exponential":
        return LargeKLaw(act.name, train, lawname, "exponential", best[1], best[2], "strip of analyticity", dim)
    return LargeKLaw(act.name, train, lawname, "super-exponential", None, None, "entire σ / Gaussian-decaying σ̂", dim)


# --------------------------------------------------------------------------------------------
# Interval probe (d = 1)
# --------------------------------------------------------------------------------------------
def interval_rates(activation, ks, train: str = "output", law=GaussianLaw(), n_quad: int = 160,
                   n_points: int | None = None):
    """Predicted rate of the mode sin 2πkx on [0, 1): end-point term + stationary term (see the module
    docstring).  Returns (total, endpoint, stationary).  On a grid of n points the end-point term's
    1/(2πk) becomes the discrete summation-by-parts value 1/(2n tan(πk/n)), i.e. the term is
    multiplied by ((πk/n)/tan(πk/n))².

    The end-point expectation E‖φ(1) − φ(0)‖² of the features φ is K(1, 1) + K(0, 0) − 2K(0, 1) for the
    tangent kernel K of the trained layers, taken from :func:`gaussian_kernel` (Mehler's formula from σ̂:
    exact across σ's kinks and jumps; a Gauss–Hermite grid over (w, b) there was 4.7 % low for relu's first
    layer and 7 % for step, whose exact values at s_w = s_b are 3/4 and 1/4).  Only where Mehler's sum has no
    closed tail (σ̂'s regular part not a pure power, e.g. elu) is it computed from σ's definition, by
    Gauss–Legendre over (w, b) split at σ's kinks (:func:`_endpoint_grid`, ``n_quad`` nodes per piece, ≤ 64)."""
    check_train(train)
    if not isinstance(law, GaussianLaw):
        raise NoClosedForm("the interval prediction is derived for the Gaussian law", step="interval rates")
    act = as_activation(activation)
    ks = np.asarray(list(ks), dtype=float)
    sw, sb = law.weight_std, law.bias_std
    try:
        K01 = gaussian_kernel(act, np.array([[0.0], [1.0]]), train, law)
        e_end = float(K01[0, 0] + K01[1, 1] - 2 * K01[0, 1])
    except NoClosedForm:
        e_end = _endpoint_grid(act, train, law, n_quad)
    end = e_end / (2 * np.pi ** 2 * ks ** 2)
    stat = np.zeros_like(ks)
    # ρ half-normal(s_w), Gauss–Legendre on [0, 9 s_w]
    r, wr = _gl(200, 1e-9, 9 * sw)
    wr = wr * np.sqrt(2 / np.pi) / sw * np.exp(-r ** 2 / (2 * sw * sw))
    zeta = special.ndtr(r / sb) - 0.5
    om = 2 * np.pi * ks
    if train in ("output", "both"):
        spec = _spectrum(act, False)
        for i, w0 in enumerate(om):
            stat[i] += np.sum(wr * zeta / r ** 2 * np.abs(spec.R(w0 / r)) ** 2)
    if train in ("first", "both"):
        spec1 = _spectrum(act, True)
        for i, w0 in enumerate(om):
            stat[i] += law.out_var * (4 / 3) * np.sum(wr * zeta / r ** 2 * np.abs(spec1.R(w0 / r)) ** 2)
    if n_points:
        a = np.pi * ks / n_points
        end = end * (a / np.tan(a)) ** 2
    return end + stat, end, stat


def _kinks(expr: sp.Expr) -> list:
    """σ's jumps and kinks as floats (theory.fourier.breakpoints)."""
    return [float(p) for p in breakpoints(expr)]


def _polylog(s, z):
    """Li_s(z), complex: Li₂(z) = spence(1 − z) (SciPy's Spence function, spence(x) = ∫_1^x log t/(1 − t) dt, DLMF
    25.12.1, principal branch) and Li₁(z) = −log(1 − z).  On the cut z > 1 the two sides share the real part, which
    is all an antiderivative of a real σ uses (:func:`_antiderivative` takes it and checks it by quadrature)."""
    z = np.asarray(z, dtype=complex)
    if s == 2:
        return special.spence(1.0 - z)
    if s == 1:
        return -np.log(1.0 - z)
    raise NoClosedForm(f"polylog of order {s} is not evaluated", step="uniform-law kernel")


# lambdify's NumPy namespace for σ and its antiderivatives: H(0) = ½, Li₂ through SciPy's spence
_NUMPY_MODULES = [{"Heaviside": lambda x, h=0.5: np.heaviside(x, 0.5), "polylog": _polylog}, "scipy", "numpy"]


def _float_function(expr: sp.Expr, real_part: bool = False):
    """``expr`` as a vectorized float function of t (NumPy; H(0) = ½), broadcast to its argument's shape;
    ``real_part``: evaluated in complex arithmetic and its real part kept (antiderivatives through Li₂)."""
    f = sp.lambdify(T, expr, modules=_NUMPY_MODULES)

    def call(z):
        z = np.asarray(z, dtype=float)
        if real_part:
            return np.real(np.asarray(f(z.astype(complex)), dtype=complex)) * np.ones_like(z)
        return np.asarray(f(z), dtype=float) * np.ones_like(z)

    return call


def _endpoint_grid(act, train: str, law, n_quad: int) -> float:
    """E‖φ(1) − φ(0)‖² from σ's definition by Gauss–Legendre over (w, b) = (s_w z, s_b y), z, y ~ N(0, 1) on
    [−10, 10]: z split at 0, y at every (t_k − w)/s_b and t_k/s_b for σ's kinks t_k, so that no node sits on a
    kink (a Gauss–Hermite grid put nodes on w + b = 0 and was 3.4 % off for elu's first layer, whose σ'(0)
    it evaluated as 0).  ``n_quad`` nodes per piece (at most 64)."""
    f = _float_function(act.expr)
    d1 = _derivative_function(act) if train in ("first", "both") else None
    df = None if d1 is None else _float_function(d1)
    kinks = _kinks(act.expr) + ([] if d1 is None else _kinks(d1))
    xg, wg = _leggauss(min(int(n_quad), 64))
    sw, sb = law.weight_std, law.bias_std
    gauss = 1.0 / math.sqrt(2 * math.pi)
    e = 0.0
    for za, zb in ((-10.0, 0.0), (0.0, 10.0)):
        for z, wz in zip(0.5 * (zb - za) * xg + 0.5 * (za + zb), 0.5 * (zb - za) * wg):
            w = sw * z
            cuts = sorted({-10.0, 10.0} | {c for t in kinks for c in ((t - w) / sb, t / sb) if -10.0 < c < 10.0})
            lo, hi = np.array(cuts[:-1])[:, None], np.array(cuts[1:])[:, None]
            y = (0.5 * (hi - lo) * xg + 0.5 * (hi + lo)).ravel()
            wy = (0.5 * (hi - lo) * wg).ravel() * gauss * np.exp(-y * y / 2)
            b = sb * y
            val = 0.0
            if train in ("output", "both"):
                val = val + (f(w + b) - f(b)) ** 2
            if df is not None:
                val = val + law.out_var * (df(w + b) ** 2 + (df(w + b) - df(b)) ** 2)
            e += wz * gauss * math.exp(-z * z / 2) * float(np.sum(wy * val))
    return float(e)


# --------------------------------------------------------------------------------------------
# Report for the documents
# --------------------------------------------------------------------------------------------
@dataclass
class SpectralBiasInTime(Report):
    activation: str
    rows: list = field(default_factory=list)   # per train choice: dict
    law: str = "gaussian"

    def to_text(self):
        init = "Gaussian init (s_w = s_b = 1)" if self.law == "gaussian" else "PyTorch's uniform init (nn.Linear(2, m))"
        lines = [f"spectral bias in time, σ = {self.activation}, circle, {init}"]
        for r in self.rows:
            lines.append(f"  {r['train']:>6}: {r['law_text']}; {r['stamp_text']}")
        return "\n".join(lines)

    def to_latex(self):
        return r"\\ ".join(rf"\text{{{r['train']}}}:\ {r['law_latex']}" for r in self.rows)

    def to_json(self):
        return {"activation": self.activation, "law": self.law, "rows": self.rows}


def spectral_bias_in_time(activation, check=None, ks=(3, 4, 8), law=GaussianLaw()) -> SpectralBiasInTime:
    """Large-k law and the exact λ_k at a few k for each trained-layer choice, under ``law`` (GaussianLaw or
    UniformLaw(2)).  ``check`` is a callable (activation, ks, train) -> numerically computed λ_k under the same
    law (the build passes numerics.ntk), so that this module never imports the numerics side."""
    act = as_activation(activation)
    rep = SpectralBiasInTime(act.name, law=law.kind)
    for train in TRAIN_CHOICES:
        row = {"train": train}
        try:
            L = large_k_law(act, train, law)
            row.update(law_text=L.to_text(), law_latex=L.to_latex(), law=L.to_json())
            k0 = min_frequency(act, train)
            kk = [max(k, k0) for k in ks]
            lam = circle_eigenvalues(act, kk, train, law)
            row.update(ks=kk, lam=[float(x) for x in lam])
            if check is not None:
                num = np.asarray(check(act, kk, train), dtype=float)
                err = float(np.max(np.abs(num / lam - 1)))
                row.update(lam_numeric=[float(x) for x in num], max_rel_err=err, tol=1e-5, ok=bool(err <= 1e-5))
                row["stamp_text"] = f"max rel. err {err:.1e} vs quadrature of σ at k = {kk}"
            else:
                row["stamp_text"] = "not verified"
        except (DegenerateSeminorm, NoClosedForm, ParameterError) as exc:
            row.update(law_text=f"not defined: {exc}", law_latex=r"\text{not defined}", stamp_text="-", skipped=str(exc))
        rep.rows.append(row)
    return rep


def _tex_escape(s: str) -> str:
    return s.replace("_", r"\_").replace("%", r"\%")


def document(activation, check=None, law=GaussianLaw()) -> str:
    """LaTeX subsection "Spectral bias in time" for one activation under ``law`` (for derivations/build.py)."""
    rep = spectral_bias_in_time(activation, check=check, law=law)
    if law.kind == "gaussian":
        head = [r"\subsection*{Spectral bias in time (circle, Gaussian initialization $s_w=s_b=1$)}",
                r"Tangent-kernel eigenvalue on the Fourier mode $e^{ik\theta}$ of the unit circle, derived from "
                r"$\hat\sigma$ (Jacobi--Anger and Weber's integral), and its large-$k$ law. GD on the mean loss "
                r"decays the residual's mode $k$ by $(1-\eta\lambda_k)$ per step."]
    else:
        head = [r"\subsection*{Spectral bias in time (circle, PyTorch's uniform initialization)}",
                r"$" + law.latex() + r"$. Rayleigh quotient of $e^{ik\theta}$ (the eigenvalue of the "
                r"rotation-averaged kernel), derived from $\hat\sigma$ (Jacobi--Anger coefficient averaged over the "
                r"law of $|w|$ on the square and over $b$), and its large-$k$ law."]
    out = head + [r"\begin{itemize}"]
    for r in rep.rows:
        if "skipped" in r:
            why = (r"not defined: $\sigma$ is discontinuous, so $\sigma'$ is a point mass and first-layer GD has zero "
                   r"gradient almost everywhere" if "discontinuous" in r["skipped"] else
                   r"not derived here (see the JSON record)")
            out.append(rf"\item {r['train']}: {why}.")
            continue
        if r.get("ok") is False:   # a result that fails its own check is not printed as an answer
            out.append(rf"\item {r['train']}: not printed: the $\hat\sigma$ route and the quadrature of $\sigma$ "
                       rf"disagree (max rel.\ err ${r['max_rel_err']:.1e}$ $>$ ${r['tol']:.0e}$).")
            continue
        ks = ", ".join(f"{k}" for k in r["ks"])
        vals = ", ".join(f"{x:.4g}" for x in r["lam"])
        stamp = (rf"max rel.\ err ${r['max_rel_err']:.1e}$ against the quadrature of $\sigma$"
                 if "max_rel_err" in r else "not verified")
        out.append(rf"\item {r['train']}: ${r['law_latex']}$; $\lambda_k$ at $k={ks}$: ${vals}$. "
                   rf"\emph{{Stamp:}} {stamp}.")
    out.append(r"\end{itemize}")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Gaussian-law kernels on arbitrary inputs (interval, encodings): Mehler's formula
# --------------------------------------------------------------------------------------------
# For the Gaussian law and inputs x, x' (raw or encoded), (w·x + b, w·x' + b) is a centred Gaussian pair
# with variances s², s'² (s² = s_w²‖x‖² + s_b²) and covariance c = s_w² x·x' + s_b².  Mehler's formula
# (Hermite expansion of the bivariate normal density; with Stein's identity E[f(Z) He_n(Z)] = E[f^{(n)}(Z)])
# gives, with r = c/(s s'),
#
#     E[σ(X) σ(Y)] = Σ_n b_n(s) b_n(s') r^n,     b_n(s) = s^n E[σ^{(n)}(sZ)] / √n!.
#
# For n at least the pole order n₀ of σ̂ at 0, E[σ^{(n)}(sZ)] = (1/2π) ∫ (iω)^n σ̂(ω) e^{−s²ω²/2} dω
# = (1/π) Re ∫_0^∞ (iu)^n R(u) e^{−s²u²/2} du (R the regular part; ω^n annihilates the δ^{(j)}, j < n);
# below n₀, from σ's definition (a 1-D Gaussian integral; n₀ ≤ 3 in the catalogue).
#
# The series converges geometrically in n only when σ̂ decays exponentially (σ analytic in a strip:
# b_n² ~ e^{−c√n}); it is summed until its last 20 terms are below 1e-14 of the diagonal.  When σ̂ has a power law
# (kinks, jumps) it converges like n^{−p−1/2} at r = 1 (160 terms left relu's diagonal 1% low), so the
# tail is summed in closed form, for a regular part that is exactly R(u) = C u^{−p} (relu, step, abs,
# sign, relu^k, ...): then b_n(s) = s^{p−1} β_n with
#
#     β_n = (1/π) Re(i^n C) 2^{(n−p−1)/2} Γ((n−p+1)/2) / √n!       (∫_0^∞ u^{m} e^{−s²u²/2} du, m = n − p),
#
# and with (2m)! = 4^m m! (1/2)_m, (2m+1)! = 4^m m! (3/2)_m each parity class is a Gauss series:
#
#     Σ_{n even} β_n² r^n = (Re C)² 2^{−p−1} Γ(a)²/π² · ₂F₁(a, a; 1/2; r²),        a = (1 − p)/2,
#     Σ_{n odd}  β_n² r^n = (Im C)² 2^{−p} Γ(b)²/π² · r ₂F₁(b, b; 3/2; r²),        b = 1 − p/2
#
# (convergent at r² = 1 since c − 2a = p − 1/2 > 0 and c − 2b = p − 1/2 > 0), from which the class terms
# n < n₀ are removed and replaced by the direct moments.  Check by hand: step (C = −i, p = 1) gives
# 1/4 + arcsin(r)/(2π), relu (C = −1, p = 2) gives s s'/(2π) (√(1 − r²) + r arcsin r) + s s' r/4, the
# arc-sine and arc-cosine kernels.
@functools.lru_cache(maxsize=64)
def _moment_integrand(act, n: int):
    """σ^{(n)} as a float function (NumPy; mpmath where NumPy overflows, e.g. t e^{−t}/(1 + e^{−t})² at t ≪ 0)."""
    import mpmath

    expr = sp.diff(act.expr, T, n).replace(lambda e: isinstance(e, sp.DiracDelta), lambda e: sp.S(0))
    f = sp.lambdify(T, expr, modules=_NUMPY_MODULES)
    fm = sp.lambdify(T, expr, modules=[{"Heaviside": lambda x, h=0.5: mpmath.mpf(1) if x > 0 else (mpmath.mpf(0) if x < 0 else mpmath.mpf(0.5))}, "mpmath"])

    def call(z):
        with np.errstate(all="ignore"):
            v = float(np.real(f(z)))
        return v if math.isfinite(v) else float(mpmath.re(fm(z)))

    return call


@functools.lru_cache(maxsize=8192)
def _gauss_moment_direct(act, n: int, s: float) -> float:
    """E[σ^{(n)}(sZ)] from σ's definition (only for the few n below the pole order of σ̂): adaptive
    quadrature on each half-line (σ's kinks in the catalogue are at t = 0)."""
    import warnings

    from scipy import integrate

    f = _moment_integrand(act, n)
    g = lambda z: f(s * z) * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        lo = integrate.quad(g, -np.inf, 0.0, epsabs=1e-15, epsrel=1e-12, limit=200)[0]
        hi = integrate.quad(g, 0.0, np.inf, epsabs=1e-15, epsrel=1e-12, limit=200)[0]
    return lo + hi


def _n0(spec: _Spectrum) -> int:
    return max(spec.pole, spec.delta0 + 1)


def _direct_coefficients(act, derivative: bool, n0: int, s: float) -> np.ndarray:
    return np.array([_gauss_moment_direct(act, n + int(derivative), s) * s ** n / math.sqrt(math.factorial(n))
                     for n in range(n0)])


@functools.lru_cache(maxsize=4096)
def hermite_coefficients(activation, s: float, n_terms: int = 160, derivative: bool = False):
    """b_n = s^n E[σ^{(n)}(sZ)]/√n!, n < n_terms (σ → σ' if ``derivative``): below the pole order from σ's
    definition, above it from σ̂ (Gauss–Legendre in u, all n at once, in logs)."""
    act = as_activation(activation)
    spec = _spectrum(act, derivative)
    n0 = min(_n0(spec), n_terms)
    out = np.zeros(n_terms)
    out[:n0] = _direct_coefficients(act, derivative, n0, s)
    if n_terms > n0:
        n = np.arange(n0, n_terms)[:, None]
        u, wu = _gl(600, 1e-12, (math.sqrt(n_terms) + 12) / s)
        Ru = spec.R(u)[None, :]
        lg = np.array([0.5 * math.lgamma(k + 1) for k in range(n0, n_terms)])[:, None]
        with np.errstate(divide="ignore", under="ignore"):
            logw = n * np.log(s * u)[None, :] - s * s * u * u / 2 - lg
        phase = np.real((1j) ** (n % 4) * Ru)
        out[n0:] = (wu[None, :] * phase * np.exp(logw)).sum(1) / math.pi
        for (w0, c0) in spec.masses:
            k = np.arange(n0, n_terms)
            out[n0:] += (np.real(c0 * (1j * np.sign(w0)) ** (k % 4)) *
                         np.exp(k * math.log(s * abs(w0)) - s * s * w0 * w0 / 2 - lg[:, 0]) / (2 * math.pi))
    return out


@functools.lru_cache(maxsize=64)
def _power_form(act, derivative: bool):
    """(C, p) if σ̂'s regular part is exactly C u^{−p} (u > 0), else None."""
    spec = _spectrum(act, derivative)
    if spec.masses or spec.regular == 0 or spec.pole < 1:
        return None
    C = sp.simplify(spec.regular * U ** spec.pole)
    if C.free_symbols:
        return None
    return complex(C), int(spec.pole)


def _power_series(C: complex, p: int, n0: int, r):
    """Σ_{n ≥ n₀} β_n² r^n in closed form (the two Gauss series minus their terms n < n₀)."""
    r = np.asarray(r, dtype=float)
    z = r * r
    out = np.zeros_like(r)
    a, b = (1 - p) / 2, 1 - p / 2
    for cls, coef, par in ((0, C.real, a), (1, C.imag, b)):
        if coef == 0:
            continue
        if par <= 0 and par == int(par):
            raise NoClosedForm(f"the Mehler tail of C u^(-{p}) with complex C is not summed in closed form",
                               step="Gaussian-law kernel")
        if cls == 0:
            out += coef ** 2 * 2.0 ** (-p - 1) * math.gamma(a) ** 2 / math.pi ** 2 * special.hyp2f1(a, a, 0.5, z)
        else:
            out += r * coef ** 2 * 2.0 ** (-p) * math.gamma(b) ** 2 / math.pi ** 2 * special.hyp2f1(b, b, 1.5, z)
        for n in range(cls, n0, 2):     # the class's own terms below n₀ (finite: Γ has no pole there)
            out -= _beta_formal(C, p, n) ** 2 * r ** n
    return out


def _beta_formal(C: complex, p: int, n: int) -> float:
    """The power-form β_n continued to n < p through Γ (the class formula's own n-th term)."""
    return (complex(1j ** (n % 4) * C).real * 2 ** ((n - p - 1) / 2) * math.gamma((n - p + 1) / 2)
            / math.sqrt(math.factorial(n)) / math.pi)


MEHLER_TAIL = 1e-14    # relative size of the omitted tail of a geometrically converging Mehler series
MEHLER_MAX_TERMS = 5120


def _series_sum(B, r):
    """Σ_n B[i, n] B[j, n] r_ij^n (B: coefficients per point, r: matrix)."""
    K = np.zeros_like(r)
    rp = np.ones_like(r)
    for n in range(B.shape[1]):
        K += np.outer(B[:, n], B[:, n]) * rp
        rp = rp * r
    return K


def _mehler(act, derivative: bool, s, r):
    """Σ_n b_n(s_i) b_n(s_j) r_ij^n for a vector of scales s and a matrix r (|r| ≤ 1)."""
    spec = _spectrum(act, derivative)
    s = np.asarray(s, dtype=float)
    r = np.clip(np.asarray(r, dtype=float), -1.0, 1.0)
    n0 = _n0(spec)
    us, inv = np.unique(s, return_inverse=True)
    pf = _power_form(act, derivative)
    if pf is not None:
        C, p = pf
        D = np.array([_direct_coefficients(act, derivative, n0, float(x)) for x in us])[inv]   # (n, n0)
        return _series_sum(D, r) + np.outer(s, s) ** (p - 1) * _power_series(C, p, n0, r)
    kind = _decay_type(spec.regular)[0] if spec.regular != 0 else "super"
    if kind == "power":
        raise NoClosedForm(f"σ = {act.name}: σ̂ decays like a power but is not a pure power C u^(-p); the "
                           "Mehler series converges too slowly to sum and its tail is not in closed form",
                           step="Gaussian-law kernel")
    N = 160
    probe = sorted({float(us.min()), float(us.max())})      # the series decays slowest at the largest s
    while True:
        Bp = np.array([hermite_coefficients(act, x, N, derivative) for x in probe])
        tail = np.max((Bp[:, -20:] ** 2).sum(1) / np.maximum((Bp ** 2).sum(1), 1e-300))
        if tail < MEHLER_TAIL or N >= MEHLER_MAX_TERMS:
            break
        N *= 2
    if tail >= MEHLER_TAIL:
        raise NoClosedForm(f"σ = {act.name}: the Mehler series has not converged at {N} terms (tail {tail:.1e})",
                           step="Gaussian-law kernel")
    Bm = np.array([hermite_coefficients(act, float(x), N, derivative) for x in us])
    return _series_sum(Bm[inv], r)


def gaussian_kernel(activation, X, train: str = "output", law=GaussianLaw()):
    """Infinite-width tangent kernel on inputs X (n, d) (raw or encoded) under the Gaussian law, from σ̂ by
    Mehler's formula (see above):  K = E[σσ] (+ s_v² E[σ'σ'] (X Xᵀ + 1) for the first layer)."""
    check_train(train)
    if not isinstance(law, GaussianLaw):
        raise NoClosedForm("Mehler's formula needs the Gaussian law", step="Gaussian-law kernel")
    act = as_activation(activation)
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or not np.all(np.isfinite(X)):
        raise InputError("X must be a finite (n, d) array")
    G = X @ X.T
    sw2, sb2 = law.weight_std ** 2, law.bias_std ** 2
    s = np.sqrt(sw2 * np.diag(G) + sb2)
    return _tangent_kernel(act, s, (sw2 * G + sb2) / np.outer(s, s), G, train, law.out_var)


# --------------------------------------------------------------------------------------------
# PyTorch's uniform law on scalar inputs (the interval probe, fan_in = 1)
# --------------------------------------------------------------------------------------------
#: the symbolic antiderivative's time budget (seconds)
ANTIDERIVATIVE_SECONDS = 10.0
_UNI_NODES = 32    # Gauss–Legendre nodes per piece of the u-integral


@functools.lru_cache(maxsize=64)
def _antiderivative(expr: sp.Expr):
    """(g, G) lambdified, G' = g, G from SymPy's integrate under a time budget, checked against a
    Gauss–Legendre quadrature of g on a few intervals; NoClosedForm when SymPy returns no closed form."""
    from specbias.core.budget import budget
    from specbias.core.errors import Timeout

    try:
        with budget(ANTIDERIVATIVE_SECONDS, "antiderivative"):
            prim = sp.integrate(expr, T)
            if prim.has(sp.Integral) and expr.has(sp.exp):
                # σ a function of e^t (softplus, swish): with y = e^t, ∫ g dt = ∫ g(log y) dy/y; SymPy then reaches
                # the dilogarithm (softplus: −Li₂(−e^t); swish: t log(1 + e^t) + Li₂(−e^t)), and y = e^t is put back
                y = sp.Symbol("y_", positive=True)
                p_y = sp.integrate(sp.simplify(expr.subs(T, sp.log(y)) / y), y)
                if not p_y.has(sp.Integral):
                    prim = p_y.replace(sp.exp_polar, sp.exp).subs(y, sp.exp(T))
    except Timeout:
        raise NoClosedForm(f"no antiderivative of {sp.sstr(expr)} within {ANTIDERIVATIVE_SECONDS:g} s",
                           step="uniform-law kernel") from None
    if prim.has(sp.Integral):
        raise NoClosedForm(f"SymPy finds no closed antiderivative of {sp.sstr(expr)}", step="uniform-law kernel")
    g, G = _float_function(expr), _float_function(prim, real_part=prim.has(sp.polylog))
    kinks = _kinks(expr)
    xg, wg = _leggauss(40)
    for a, b in ((-2.0, -0.5), (-0.5, 0.0), (0.0, 0.7), (0.7, 2.0), (-1.3, 1.1)):
        cuts = [a] + [k for k in kinks if a < k < b] + [b]   # Gauss–Legendre between σ's kinks
        q = sum(0.5 * (hi - lo) * np.sum(wg * g(0.5 * (hi - lo) * xg + 0.5 * (lo + hi)))
                for lo, hi in zip(cuts[:-1], cuts[1:]))
        d = float(G(b) - G(a))
        if not abs(d - q) <= 1e-9 * max(1.0, abs(q)):
            raise NoClosedForm(f"the antiderivative {sp.sstr(prim)} fails its check on [{a}, {b}] "
                               f"({d!r} against {q!r})", step="uniform-law kernel")
    return g, G, tuple(kinks)


def _uniform_pair_moment(expr: sp.Expr, x: np.ndarray, c: float) -> np.ndarray:
    """M_ij = E[g(w x_i + b) g(w x_j + b)], (w, b) uniform on [−c, c]², g = ``expr``.

    With u = w x_i + b and v = w: E = (1/4c²) ∫ g(u) ∫_{V(u)} g(u + vΔ) dv du, Δ = x_j − x_i,
    V(u) = {|v| ≤ c, |u − v x_i| ≤ c} = [v_lo(u), v_hi(u)] (piecewise linear in u), and the inner integral is
    (G(u + v_hi Δ) − G(u + v_lo Δ))/Δ with G' = g (g(u)(v_hi − v_lo) at Δ = 0).  The u-integral is split
    where v_lo, v_hi change pieces, at g's kinks t_k and where u + v(u)Δ = t_k, Gauss–Legendre on each piece."""
    g, G, kinks = _antiderivative(expr)
    n = len(x)
    I, J = np.triu_indices(n)
    xi, d = x[I], x[J] - x[I]
    ax = np.abs(xi)
    U = c * (1 + ax)
    safe = np.where(xi != 0, xi, 1.0)
    bp = [-U, U, -c * (1 - ax), c * (1 - ax)]
    lines = [(np.zeros_like(xi), -c + 0 * xi), (np.zeros_like(xi), c + 0 * xi),
             (1 / safe, -c / safe), (1 / safe, c / safe)]
    for t in set(kinks) | {0.0}:
        bp.append(np.full_like(xi, t))
        for a, beta in lines:
            den = 1 + a * d
            bp.append(np.where(np.abs(den) > 1e-12, (t - beta * d) / np.where(np.abs(den) > 1e-12, den, 1.0), -U))
    B = np.sort(np.clip(np.stack(bp, axis=1), -U[:, None], U[:, None]), axis=1)
    xg, wg = _leggauss(_UNI_NODES)
    lo, hi = B[:, :-1, None], B[:, 1:, None]
    u = (0.5 * (hi - lo) * xg + 0.5 * (hi + lo)).reshape(len(xi), -1)
    wu = (0.5 * (hi - lo) * wg).reshape(len(xi), -1)
    X = xi[:, None]
    v1 = np.where(X > 0, (u - c) / np.where(X > 0, X, 1.0), np.where(X < 0, (u + c) / np.where(X < 0, X, 1.0), -c))
    v2 = np.where(X > 0, (u + c) / np.where(X > 0, X, 1.0), np.where(X < 0, (u - c) / np.where(X < 0, X, 1.0), c))
    vlo, vhi = np.maximum(-c, v1), np.minimum(c, v2)
    vhi = np.where(X == 0, np.where(np.abs(u) <= c, c, -c), vhi)
    vlo = np.where(X == 0, -c, vlo)
    width = np.maximum(vhi - vlo, 0.0)
    vhi = vlo + width
    D = d[:, None]
    tiny = np.abs(D) < 1e-12
    inner = np.where(tiny, g(u) * width,
                     (G(u + vhi * D) - G(u + vlo * D)) / np.where(tiny, 1.0, D))
    vals = np.sum(wu * g(u) * inner, axis=1) / (4 * c * c)
    M = np.zeros((n, n))
    M[I, J] = vals
    M[J, I] = vals
    return M


def _derivative_function(act) -> sp.Expr:
    """σ' as a function: its δ terms c(t)δ(t − t₀) dropped when c(t₀) = 0 (relu: t·δ(t)); a point mass that
    remains (step: δ(t)) makes the first-layer kernel undefined (DegenerateSeminorm)."""
    d1 = sp.expand(sp.diff(act.expr, T))
    plain = d1.replace(lambda e: isinstance(e, sp.DiracDelta), lambda e: sp.S(0))
    rest = sp.expand(d1 - plain)
    for delta in sorted(rest.atoms(sp.DiracDelta), key=sp.default_sort_key):
        coef = rest.coeff(delta)
        rest = sp.expand(rest - coef * delta)
        roots = [r for r in sp.solve(delta.args[0], T) if r.is_real]
        ok = len(delta.args) == 1 and not coef.has(sp.DiracDelta) and all(
            sp.simplify(coef.subs(T, r)) == 0 for r in roots)
        if not ok:
            raise DegenerateSeminorm(f"σ = {act.name}: σ' has a point mass; the first-layer kernel is not defined "
                                     "(use train=output)")
    if rest != 0:
        raise DegenerateSeminorm(f"σ = {act.name}: σ' is not a function ({sp.sstr(rest)} remains)")
    return plain


def uniform_kernel(activation, X, train: str = "output", law=None):
    """Infinite-width tangent kernel under PyTorch's uniform law (w, b uniform on [−c, c], c = 1/√fan_in,
    s_v² = 1/3) on scalar inputs X (n,) or (n, 1) — the interval probe — from σ's symbolic antiderivative:
    K = E[σσ] (+ s_v² E[σ'σ'] (x x' + 1) for the first layer), each moment a one-dimensional integral
    (:func:`_uniform_pair_moment`).  Higher fan-in (encodings, the sphere) has no such reduction here: the pair
    (w·x + b, w·x' + b) of a cube's uniform law has a box-spline density (NoClosedForm)."""
    check_train(train)
    law = UniformLaw(1) if law is None else law
    if not isinstance(law, UniformLaw):
        raise NoClosedForm("uniform_kernel needs the uniform law", step="uniform-law kernel")
    X = np.asarray(X, dtype=float)
    if X.ndim == 2 and X.shape[1] == 1:
        X = X[:, 0]
    if X.ndim != 1 or not np.all(np.isfinite(X)):
        raise InputError("X must be a finite array of scalar inputs, shape (n,) or (n, 1)")
    if law.dim != 1:
        raise NoClosedForm(f"the uniform law's kernel is derived for fan_in = 1 (scalar inputs) only, got fan_in = "
                           f"{law.dim}", step="uniform-law kernel")
    act = as_activation(activation)
    c = law.bound
    K = np.zeros((len(X), len(X)))
    if train in ("output", "both"):
        K += _uniform_pair_moment(act.expr, X, c)
    if train in ("first", "both"):
        K += law.out_var * _uniform_pair_moment(_derivative_function(act), X, c) * (np.outer(X, X) + 1.0)
    return K


def _tangent_kernel(act, s, r, G, train: str, out_var: float):
    """E[σσ] (+ s_v² E[σ'σ'] (G + 1)) from the Mehler sums at scales s and correlations r."""
    K = np.zeros_like(r)
    if train in ("output", "both"):
        K += _mehler(act, False, s, r)
    if train in ("first", "both"):
        if G is None:
            raise InputError("the first-layer kernel needs the Gram matrix G = γ·γ'")
        K += out_var * _mehler(act, True, s, r) * (np.asarray(G) + 1.0)
    return K


def dual_kernel(activation, C, s2: float, train: str = "output", out_var: float = 1.0, G=None, n_terms: int = 160):
    """Tangent kernel on inputs of equal norm given through C = s_w² γ·γ' + s_b² and s² = s_w²‖γ‖² + s_b²
    (NeRF and Fourier features), G = γ·γ' for the first layer: the Mehler sum of :func:`gaussian_kernel`
    with a constant scale.  ``n_terms`` is kept for compatibility; the series is summed to convergence."""
    check_train(train)
    act = as_activation(activation)
    C = np.asarray(C, dtype=float)
    return _tangent_kernel(act, np.full(C.shape[0], math.sqrt(s2)), C / s2, G, train, out_var)


def kernel_gd_residual(K, r0, eta: float, steps):
    """Kernel GD on the mean loss from the residual r0: r_t = (I − ηK/n)^t r0 at each t in ``steps``
    (eigendecomposition of the symmetric K/n); returns an array (len(steps), n)."""
    K = np.asarray(K, dtype=float)
    n = K.shape[0]
    lam, V = np.linalg.eigh(0.5 * (K + K.T) / n)
    c0 = V.T @ np.asarray(r0, dtype=float)
    fac = 1.0 - eta * lam
    return np.stack([V @ (np.sign(fac) ** int(t) * np.abs(fac) ** float(t) * c0) for t in steps])


def rayleigh_rates(K, modes):
    """Rayleigh quotients vᵀKv/(n vᵀv) of the mode vectors (columns of ``modes``)."""
    K = np.asarray(K, dtype=float)
    V = np.asarray(modes, dtype=float)
    n = K.shape[0]
    return np.einsum("ik,ij,jk->k", V, K, V) / (n * np.einsum("ik,ik->k", V, V))
