#include "pricing/volatility_guess_table.h"

#include <array>
#include <atomic>
#include <cfloat>
#include <cmath>
#include <numbers>

#include "pricing/implied_volatility.h"
#include "pricing/inline_log_exp.h"
#include "pricing/normal_distribution.h"
#include "pricing/normalised_black.h"

namespace strikeline::pricing::detail {
namespace {

constexpr int kCells = 128;
constexpr double kLn2 = 0.69314718055994530942;
// ln|x| from ln(1e-6) to ln(4).
constexpr double kLogAxMin = -13.815510557964274104;
constexpr double kLogAxMax = 1.3862943611198906188;
// Below b_c: ln(1 + ln(b_c/beta)) from 0 to 6.6 (ln(b_c/beta) up to ~734: beta ~ 1e-319).
constexpr double kLowerSpan = 6.6;
// Above b_c: ln(kappa/s_c) from -12 (kappa/s_c ~ 6e-6: s within ~1e-5 of s_c) to 10.2 (kappa up
// to 26,900 s_c: covers a gap of 1e-14 b_max down to s_c = 1.4e-3, i.e. |x| = 1e-6).
constexpr double kUpperMin = -12.0;
constexpr double kUpperMax = 10.2;
// Nodes whose price is not a usable input (underflow, or within this fraction of b_max) are
// extrapolated linearly from the two nodes before them.
constexpr double kMinNodePrice = 1e-300;
constexpr double kMaxNodeFraction = 1.0 - 1e-13;

// s_u at x = 0: the tangent at the inflexion point (0, 0), slope 1/sqrt(2 pi), meets b = 1.
constexpr double kAtTheMoneyUpperEdge = 2.5066282746310005024;

constexpr int kStride = kCells + 3;  // nodes -1 .. kCells + 1

// Catmull-Rom weights of the four nodes around a point at fraction t of its cell.
struct Weights {
  double w0, w1, w2, w3;
};
[[gnu::always_inline]] inline Weights catmull_rom(double t) {
  const double t2 = t * t;
  const double half_t3 = 0.5 * t2 * t;
  return {std::fma(-0.5, t, t2) - half_t3, std::fma(3.0, half_t3, 1.0) - 2.5 * t2,
          std::fma(0.5, t, 2.0 * t2) - 3.0 * half_t3, half_t3 - 0.5 * t2};
}

[[gnu::always_inline]] inline double combine(const Weights& w, double a, double b, double c,
                                             double d) {
  return std::fma(w.w0, a, w.w1 * b) + std::fma(w.w2, c, w.w3 * d);
}

// A point of a table: its cell (i, j) and the weights of the rows and columns around it.
struct Position {
  int cell;
  Weights weights;
};
[[gnu::always_inline]] inline Position position(double coordinate) {
  int cell = static_cast<int>(coordinate);
  if (cell >= kCells) cell = kCells - 1;
  return {cell, catmull_rom(coordinate - cell)};
}

class Table {
 public:
  double& at(int i, int j) { return values_[(i + 1) * kStride + (j + 1)]; }

  // The bicubic interpolant at the point with row position `u` and column position `v`.
  [[gnu::always_inline]] double interpolate(const Position& u, const Position& v) const {
    const double* r = &values_[u.cell * kStride + v.cell];  // node (i - 1, j - 1)
    const Weights& w = v.weights;
    const double r0 = combine(w, r[0], r[1], r[2], r[3]);
    r += kStride;
    const double r1 = combine(w, r[0], r[1], r[2], r[3]);
    r += kStride;
    const double r2 = combine(w, r[0], r[1], r[2], r[3]);
    r += kStride;
    const double r3 = combine(w, r[0], r[1], r[2], r[3]);
    return combine(u.weights, r0, r1, r2, r3);
  }

 private:
  std::array<double, kStride * kStride> values_{};
};

// Functions of |x| alone, per row (ghost rows included), interpolated with the rows' weights.
struct RowTerms {
  double log_inflexion_fraction;  // ln(b_c / b_max) = ln((1 - erfcx(sqrt|x|)) / 2)
  double log_gap_fraction;        // ln((b_max - b_c) / b_max) = ln((1 + erfcx(sqrt|x|)) / 2)
  double lower_edge;              // s_l / s_c, s_l where the tangent at s_c meets b = 0
  double upper_edge;              // s_u / s_c, s_u where it meets b = b_max
};

template <double RowTerms::*kTerm>
[[gnu::always_inline]] inline double interpolate(const std::array<RowTerms, kStride>& rows,
                                                 const Position& u) {
  const RowTerms* r = &rows[u.cell];  // row i - 1
  return combine(u.weights, r[0].*kTerm, r[1].*kTerm, r[2].*kTerm, r[3].*kTerm);
}

struct GuessTables {
  Table lower;
  Table upper;
  std::array<RowTerms, kStride> rows{};
  RowTerms& row(int i) { return rows[i + 1]; }
};

double log_ax_at(int i) {
  return kLogAxMin + (kLogAxMax - kLogAxMin) * i / kCells;
}

// Fills one column direction: node j of row i from the price given by `price_at(j)`; unusable
// prices are extrapolated.
template <class Price, class Value>
void fill_row(Table& table, int i, double ax, double b_max, Price price_at, Value value_of) {
  for (int j = -1; j <= kCells + 1; ++j) {
    const double beta = price_at(j);
    if (beta >= kMinNodePrice && beta < kMaxNodeFraction * b_max) {
      table.at(i, j) = value_of(implied_s_otm_call_bracketed(beta, -ax, b_max));
    } else {
      table.at(i, j) = 2.0 * table.at(i, j - 1) - table.at(i, j - 2);
    }
  }
}

void build(GuessTables& t) {
  for (int i = -1; i <= kCells + 1; ++i) {
    const double ax = std::exp(log_ax_at(i));
    const double b_max = std::exp(-0.5 * ax);
    const double b_c = inflexion_price(ax, b_max);
    const double s_c = std::sqrt(2.0 * ax);
    const double inv_v_c = std::sqrt(2.0 * std::numbers::pi) / b_max;  // 1 / b'(s_c)
    t.row(i) = {std::log(b_c / b_max), std::log((b_max - b_c) / b_max), (s_c - b_c * inv_v_c) / s_c,
                (s_c + (b_max - b_c) * inv_v_c) / s_c};
    fill_row(
        t.lower, i, ax, b_max,
        [&](int j) { return b_c * std::exp(1.0 - std::exp(kLowerSpan * j / kCells)); },
        [&](double s) { return std::log(s / s_c); });
    fill_row(
        t.upper, i, ax, b_max,
        [&](int j) {
          const double kappa = s_c * std::exp(kUpperMin + (kUpperMax - kUpperMin) * j / kCells);
          return b_max - (b_max - b_c) * std::exp(-kappa);
        },
        [](double s) { return std::log(s); });
  }
}

// Static storage (no heap, nothing on a thread's stack), filled once by the first caller
// (build_then_guess); `tables_ready`, stored with release after the filling and loaded with
// acquire before every read, orders the filling before the other callers' reads.
GuessTables tables;
std::atomic<bool> tables_ready{false};

// |x| < 1e-6: to first order in x, b(x, s) = b(0, s) + x/2 = 1 - 2 Phi(-s/2) + x/2 (the terms in
// x/s cancel between the two halves of b), and b_max = 1 + x/2 to the same order, so
// s = -2 Phi^-1((b_max - beta)/2) is off by O((x/s)^2) only: as close as a table would be unless
// s is tiny, in which case the caller's step check rejects it.
[[gnu::noinline]] TableGuess at_the_money_guess(double beta, double b_max) {
  const double gap = b_max - beta;
  // One Halley step (3e-10 in the quantile) is closer than the tables come.
  TableGuess out{-2.0 * inverse_norm_cdf_halley(0.5 * gap, 1), GuessZone::middle, 0.0, 0.0};
  if (!(out.s > 0.0) || !std::isfinite(out.s)) {
    out.s = 0.0;
    return out;
  }
  if (out.s > kAtTheMoneyUpperEdge) {
    out.zone = GuessZone::upper;
    out.log_gap = inline_log(gap);
  }
  return out;
}

// The guess for 1e-6 <= ax = -x <= 4 from the filled tables `t`.
[[gnu::always_inline]] inline TableGuess guess_from(const GuessTables& t, double beta, double x,
                                                    double b_max) {
  const double ax = -x;
  TableGuess out{0.0, GuessZone::middle, 0.0, 0.0};
  // The coordinates need ~1e-8 only (coarse_log, coarse_exp); ln(beta) and ln(b_max - beta) are
  // handed to the solver's step, which needs them exact (log_of_normal).
  const double log_ax = coarse_log(ax);
  const Position u = position((log_ax - kLogAxMin) * (kCells / (kLogAxMax - kLogAxMin)));
  const double log_s_c = 0.5 * (kLn2 + log_ax);
  const double s_c = std::sqrt(2.0 * ax);
  out.log_beta = log_of_normal(beta);
  const double q =
      0.5 * x + interpolate<&RowTerms::log_inflexion_fraction>(t.rows, u) - out.log_beta;
  if (q >= 0.0) {  // beta <= b_c
    const double v = coarse_log(1.0 + q) * (kCells / kLowerSpan);
    if (!(v <= kCells)) return out;
    out.s = coarse_exp(t.lower.interpolate(u, position(v)) + log_s_c);
    if (out.s < s_c * interpolate<&RowTerms::lower_edge>(t.rows, u)) out.zone = GuessZone::lowest;
    return out;
  }
  out.log_gap = log_of_normal(b_max - beta);
  const double kappa = 0.5 * x + interpolate<&RowTerms::log_gap_fraction>(t.rows, u) - out.log_gap;
  // kappa <= 0: beta within the interpolation's error of b_c, so s is s_c to ~1e-5.
  double v = kappa >= DBL_MIN
                 ? (coarse_log(kappa) - log_s_c - kUpperMin) * (kCells / (kUpperMax - kUpperMin))
                 : 0.0;
  if (!(v >= 0.0)) v = 0.0;  // s within ~1e-5 relative of s_c: the first node is that close
  if (!(v <= kCells)) return out;
  out.s = coarse_exp(t.upper.interpolate(u, position(v)));
  if (out.s > s_c * interpolate<&RowTerms::upper_edge>(t.rows, u)) out.zone = GuessZone::upper;
  return out;
}

// The first call: fills the tables (once, whichever thread comes first; the others wait), then
// guesses. Kept out of line so that the call does not make the hot path spill its registers.
[[gnu::noinline, gnu::cold]] TableGuess build_then_guess(double beta, double x, double b_max) {
  static const bool built =
      (build(tables), tables_ready.store(true, std::memory_order_release), true);
  static_cast<void>(built);
  return guess_from(tables, beta, x, b_max);
}

}  // namespace

TableGuess tabulated_s_guess(double beta, double x, double b_max) noexcept {
  const double ax = -x;
  if (ax < 1e-6) return at_the_money_guess(beta, b_max);
  if (!(ax <= 4.0)) return {0.0, GuessZone::middle, 0.0, 0.0};
  if (!tables_ready.load(std::memory_order_acquire)) [[unlikely]] {
    return build_then_guess(beta, x, b_max);
  }
  return guess_from(tables, beta, x, b_max);
}

}  // namespace strikeline::pricing::detail
