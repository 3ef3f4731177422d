"""Gaussian copula: each column keeps its own distribution; a correlation matrix ties them together.

Fit: map every column to a standard normal score through its empirical distribution
(randomised within ties and within a category's share, so discrete columns map cleanly),
then estimate the scores' correlation. Sample: draw correlated normal scores and map each
back through the column's inverse distribution. Conditional sampling on a category draws
that column's score from its category's slice of the normal and the other scores from the
exact conditional normal, so every row has the asked-for value and the rest follow it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from core.tabular.encoding import TableEncoder

_EPS = 1e-6
STEP_INVERSE_MAX_UNIQUE = 30


@dataclass(frozen=True)
class GaussianCopulaConfig:
    seed: int = 0
    # Draw continuous columns from a kernel-smoothed distribution (Silverman's bandwidth) instead of between
    # real values, and let them pass the real extremes by one bandwidth: no synthetic value is then a real one.
    smooth: bool = False


@dataclass
class _Marginal:
    name: str
    discrete: bool
    values: np.ndarray  # sorted sample (continuous) or categories by frequency (discrete)
    cumulative: np.ndarray  # right edges of each category's share of [0, 1] (discrete)
    step: bool = False


class GaussianCopula:
    """fit(table, column_types) -> self; sample(n, condition=None, seed=None) -> DataFrame."""

    name = "Gaussian copula"

    def __init__(self, config: GaussianCopulaConfig | None = None):
        self.config = config or GaussianCopulaConfig()

    def fit(self, table: pd.DataFrame, column_types: dict[str, str], progress=None) -> "GaussianCopula":
        self.encoder_ = TableEncoder()
        encoded = self.encoder_.fit_transform(table, column_types)
        self.columns_ = list(encoded.columns)
        self.marginals_ = [
            self._fit_marginal(name, encoded[name], name in self.encoder_.discrete_columns_) for name in self.columns_
        ]
        scores = np.column_stack([
            _expected_scores(marginal, encoded[marginal.name].to_numpy()) for marginal in self.marginals_
        ])
        scores -= scores.mean(axis=0)
        observed = scores.T @ scores / len(scores)
        coefficients = np.array([_hermite_coefficients(marginal) for marginal in self.marginals_])
        self.correlation_ = _nearest_correlation(_latent_correlation(observed, coefficients))
        if progress:
            progress(1.0, "fitted")
        return self

    @staticmethod
    def _fit_marginal(name: str, values: pd.Series, discrete: bool) -> _Marginal:
        if discrete:
            shares = values.value_counts(normalize=True, sort=True)
            return _Marginal(name, True, shares.index.to_numpy(dtype=object), np.cumsum(shares.to_numpy()))
        sorted_values = np.sort(values.to_numpy(dtype=float))
        step = len(np.unique(sorted_values)) <= STEP_INVERSE_MAX_UNIQUE
        return _Marginal(name, False, sorted_values, np.empty(0), step=step)

    @staticmethod
    def _from_uniform(marginal: _Marginal, uniform: np.ndarray) -> np.ndarray:
        if marginal.discrete:
            positions = np.minimum(np.searchsorted(marginal.cumulative, uniform, side="right"), len(marginal.values) - 1)
            return marginal.values[positions]
        n = len(marginal.values)
        if marginal.step:
            return marginal.values[np.minimum((uniform * n).astype(int), n - 1)]
        return np.interp(uniform * n - 0.5, np.arange(n), marginal.values)

    def sample(self, n: int, condition: dict | None = None, seed: int | None = None) -> pd.DataFrame:
        if n < 1:
            raise ValueError("Ask for at least one row.")
        rng = np.random.default_rng(self.config.seed + 1 if seed is None else seed)
        scores = self._conditional_scores(n, condition, rng) if condition else self._scores(n, rng)
        uniform = np.clip(stats.norm.cdf(scores), _EPS, 1 - _EPS)
        encoded = pd.DataFrame({
            marginal.name: self._from_uniform(marginal, uniform[:, index])
            for index, marginal in enumerate(self.marginals_)
        })
        if not self.config.smooth:
            return self.encoder_.decode(encoded)
        margins = {}
        for marginal in self.marginals_:
            if not marginal.discrete and not marginal.step:
                bandwidth = silverman_bandwidth(marginal.values)
                encoded[marginal.name] = encoded[marginal.name] + rng.normal(0.0, bandwidth, size=n)
                margins[marginal.name] = bandwidth
        return self.encoder_.decode(encoded, margins)

    def _scores(self, n: int, rng: np.random.Generator) -> np.ndarray:
        return rng.multivariate_normal(np.zeros(len(self.columns_)), self.correlation_, size=n, method="cholesky")

    def _conditional_scores(self, n: int, condition: dict, rng: np.random.Generator) -> np.ndarray:
        if len(condition) != 1:
            raise ValueError("Fix the value of one column at a time.")
        (column, value), = condition.items()
        if column not in self.columns_ or column not in self.encoder_.discrete_columns_:
            raise ValueError(f"Only a categorical or yes/no column can be fixed; {column!r} is not one.")
        j = self.columns_.index(column)
        marginal = self.marginals_[j]
        labels = list(marginal.values)
        if str(value) not in labels:
            raise ValueError(f"{column!r} never takes the value {value!r} in this table; choose one of: "
                             f"{', '.join(map(str, labels[:20]))}.")
        k = labels.index(str(value))
        low = marginal.cumulative[k - 1] if k > 0 else 0.0
        high = marginal.cumulative[k]
        a, b = stats.norm.ppf(max(low, _EPS)), stats.norm.ppf(min(high, 1 - _EPS))
        fixed = stats.truncnorm.rvs(a, b, size=n, random_state=rng)
        rest = [i for i in range(len(self.columns_)) if i != j]
        sigma = self.correlation_
        weights = sigma[rest, j]
        mean = np.outer(fixed, weights)
        covariance = sigma[np.ix_(rest, rest)] - np.outer(weights, weights)
        scores = np.empty((n, len(self.columns_)))
        scores[:, j] = fixed
        if rest:
            scores[:, rest] = mean + rng.multivariate_normal(np.zeros(len(rest)), _nearest_psd(covariance), size=n,
                                                             method="eigh")
        return scores


def silverman_bandwidth(values: np.ndarray) -> float:
    """Silverman's rule of thumb: 0.9 min(sd, IQR / 1.34) n^(-1/5), the kernel width for a smoothed distribution."""
    spread = min(np.std(values), (np.quantile(values, 0.75) - np.quantile(values, 0.25)) / 1.34) or np.std(values)
    return float(0.9 * spread * len(values) ** -0.2) if spread > 0 else 0.0


def _slice_edges(marginal: _Marginal) -> np.ndarray | None:
    """Edges in [0, 1] of each category's (or each repeated value's) share; None for a continuous column."""
    if marginal.discrete:
        edges = np.concatenate([[0.0], marginal.cumulative])
    elif marginal.step:
        _, counts = np.unique(marginal.values, return_counts=True)
        edges = np.concatenate([[0.0], np.cumsum(counts) / counts.sum()])
    else:
        return None
    edges[-1] = 1.0
    return edges


def _slice_means(edges: np.ndarray) -> np.ndarray:
    """E[Z | Z in slice k] for a standard normal Z cut at the quantiles `edges`."""
    density = stats.norm.pdf(stats.norm.ppf(edges))
    shares = np.diff(edges)
    return (density[:-1] - density[1:]) / np.where(shares > 0, shares, 1.0)


def _expected_scores(marginal: _Marginal, values: np.ndarray) -> np.ndarray:
    """Each value's normal score: its slice's mean for discrete columns, its mid-rank quantile otherwise.

    Using the slice mean rather than a random point in the slice keeps the correlation estimate
    free of jitter noise, which the latent-correlation inversion would otherwise amplify.
    """
    edges = _slice_edges(marginal)
    if edges is None:
        n = len(marginal.values)
        ranks = (np.searchsorted(marginal.values, values, "left") + np.searchsorted(marginal.values, values, "right")) / 2
        return stats.norm.ppf(np.clip(ranks / n, _EPS, 1 - _EPS))
    means = _slice_means(edges)
    if marginal.discrete:
        index = {category: i for i, category in enumerate(marginal.values)}
        return means[np.array([index[v] for v in values])]
    return means[np.searchsorted(np.unique(marginal.values), values)]


HERMITE_TERMS = 40
_RHO_GRID = np.linspace(-0.995, 0.995, 399)


def _hermite_coefficients(marginal: _Marginal) -> np.ndarray:
    """c[n-1] = E[m(Z) He_n(Z)] / sqrt(n!), n = 1..HERMITE_TERMS, where m(Z) is the column's score given Z.

    A discrete column's score is its category's slice of the normal plus independent noise
    within the slice, so m(Z) = E[Z | slice]; a continuous column's score is Z itself.
    Then Corr(score_i, score_j) = sum_n rho^n c_i[n] c_j[n] for latent correlation rho.
    """
    coefficients = np.zeros(HERMITE_TERMS)
    edges = _slice_edges(marginal)
    if edges is None:
        coefficients[0] = 1.0
        return coefficients
    cuts = stats.norm.ppf(edges)
    finite = np.isfinite(cuts)
    safe = np.where(finite, cuts, 0.0)
    density = np.where(finite, stats.norm.pdf(safe), 0.0)
    means = _slice_means(edges)
    previous, current = np.zeros_like(safe), np.ones_like(safe)  # He_{-1}, He_0 at the cuts
    log_factorial = 0.0
    for n in range(1, HERMITE_TERMS + 1):
        weighted = current * density  # He_{n-1}(c) * phi(c)
        log_factorial += np.log(n)
        coefficients[n - 1] = np.sum(means * (weighted[:-1] - weighted[1:])) / np.exp(log_factorial / 2)
        previous, current = current, safe * current - (n - 1) * previous
    return coefficients


def _latent_correlation(observed: np.ndarray, coefficients: np.ndarray) -> np.ndarray:
    """Invert Corr(score_i, score_j) = sum_n rho^n c_i[n] c_j[n] for each pair, on a grid of rho."""
    powers = _RHO_GRID[:, None] ** np.arange(1, HERMITE_TERMS + 1)[None, :]
    latent = np.eye(len(observed))
    for i in range(len(observed)):
        for j in range(i + 1, len(observed)):
            curve = powers @ (coefficients[i] * coefficients[j])
            latent[i, j] = latent[j, i] = _RHO_GRID[np.argmin(np.abs(curve - observed[i, j]))]
    return latent


def _nearest_psd(matrix: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
    return (vectors * np.clip(values, 0, None)) @ vectors.T


def _nearest_correlation(matrix: np.ndarray) -> np.ndarray:
    """A valid correlation matrix near `matrix` (constant columns give NaN; they become independent)."""
    matrix = np.nan_to_num(matrix, nan=0.0)
    np.fill_diagonal(matrix, 1.0)
    values, vectors = np.linalg.eigh(matrix)
    repaired = (vectors * np.clip(values, 1e-6, None)) @ vectors.T
    scale = np.sqrt(np.diag(repaired))
    return repaired / np.outer(scale, scale)
