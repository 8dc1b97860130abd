#include "pricing/volatility_guess_table.h"

#include <array>
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

class Table {
 public:
  double& at(int i, int j) { return values_[(i + 1) * kStride + (j + 1)]; }
  const double* row(int i) const { return &values_[(i + 1) * kStride + 1]; }

  // The value at (i + fraction_u, j + fraction_v) from the row weights `wu` of that point.
  double interpolate(int i, const std::array<double, 4>& wu, double v) const {
    int j = static_cast<int>(v);
    if (j >= kCells) j = kCells - 1;
    const auto wv = weights(v - j);
    double sum = 0.0;
    for (int p = 0; p < 4; ++p) {
      const double* r = row(i - 1 + p) + (j - 1);
      sum += wu[p] * (wv[0] * r[0] + wv[1] * r[1] + wv[2] * r[2] + wv[3] * r[3]);
    }
    return sum;
  }

  // Catmull-Rom weights of the four nodes around a point at fraction t of its cell.
  static std::array<double, 4> weights(double t) {
    const double t2 = t * t;
    const double t3 = t2 * t;
    return {0.5 * (-t3 + 2.0 * t2 - t), 0.5 * (3.0 * t3 - 5.0 * t2 + 2.0),
            0.5 * (-3.0 * t3 + 4.0 * t2 + t), 0.5 * (t3 - t2)};
  }

 private:
  std::array<double, kStride * kStride> values_{};
};

// Functions of |x| alone, per row (ghost rows included), interpolated with the same weights.
struct RowTerm {
  std::array<double, kCells + 3> values{};
  double& at(int i) { return values[i + 1]; }
  double interpolate(int i, const std::array<double, 4>& wu) const {
    const double* r = &values[i];  // rows i - 1 .. i + 2
    return wu[0] * r[0] + wu[1] * r[1] + wu[2] * r[2] + wu[3] * r[3];
  }
};

struct GuessTables {
  Table lower;
  Table upper;
  RowTerm log_inflexion_fraction;  // ln(b_c / b_max) = ln((1 - erfcx(sqrt|x|)) / 2)
  RowTerm log_gap_fraction;        // ln((b_max - b_c) / b_max) = ln((1 + erfcx(sqrt|x|)) / 2)
  RowTerm lower_edge;              // s_l / s_c, s_l where the tangent at s_c meets b = 0
  RowTerm upper_edge;              // s_u / s_c, s_u where it meets b = b_max
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
    t.log_inflexion_fraction.at(i) = std::log(b_c / b_max);
    t.log_gap_fraction.at(i) = std::log((b_max - b_c) / b_max);
    t.lower_edge.at(i) = (s_c - b_c * inv_v_c) / s_c;
    t.upper_edge.at(i) = (s_c + (b_max - b_c) * inv_v_c) / s_c;
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

// Static storage (no heap, nothing on a thread's stack), filled once by the first caller; the
// initialisation of `built` orders the filling before every other caller's reads.
const GuessTables& tables() {
  static GuessTables instance;
  static const bool built = (build(instance), true);
  static_cast<void>(built);
  return instance;
}

// |x| < 1e-6: to first order in x, b(x, s) = b(0, s) + x/2 = 1 - 2 Phi(-s/2) + x/2 (the terms in
// x/s cancel between the two halves of b), and b_max = 1 + x/2 to the same order, so
// s = -2 Phi^-1((b_max - beta)/2) is off by O((x/s)^2) only: as close as a table would be unless
// s is tiny, in which case the caller's step check rejects it.
TableGuess at_the_money_guess(double beta, double b_max) {
  const double gap = b_max - beta;
  TableGuess out{-2.0 * inverse_norm_cdf(0.5 * gap), GuessZone::middle, 0.0, 0.0};
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

}  // namespace

TableGuess tabulated_s_guess(double beta, double x, double b_max) noexcept {
  TableGuess out{0.0, GuessZone::middle, 0.0, 0.0};
  const double ax = -x;
  if (ax < 1e-6) return at_the_money_guess(beta, b_max);
  if (!(ax <= 4.0)) return out;
  const double log_ax = inline_log(ax);
  const double u = (log_ax - kLogAxMin) * (kCells / (kLogAxMax - kLogAxMin));
  int i = static_cast<int>(u);
  if (i >= kCells) i = kCells - 1;
  const auto wu = Table::weights(u - i);
  const GuessTables& t = tables();
  const double log_s_c = 0.5 * (kLn2 + log_ax);
  const double s_c = std::sqrt(2.0 * ax);
  out.log_beta = inline_log(beta);
  const double q = 0.5 * x + t.log_inflexion_fraction.interpolate(i, wu) - out.log_beta;
  if (q >= 0.0) {  // beta <= b_c
    const double v = inline_log1p(q) * (kCells / kLowerSpan);
    if (!(v <= kCells)) return out;
    out.s = inline_exp(t.lower.interpolate(i, wu, v) + log_s_c);
    if (out.s < s_c * t.lower_edge.interpolate(i, wu)) out.zone = GuessZone::lowest;
    return out;
  }
  out.log_gap = inline_log(b_max - beta);
  const double kappa = 0.5 * x + t.log_gap_fraction.interpolate(i, wu) - out.log_gap;
  double v = (inline_log(kappa) - log_s_c - kUpperMin) * (kCells / (kUpperMax - kUpperMin));
  if (!(v >= 0.0)) v = 0.0;  // s within ~1e-5 relative of s_c: the first node is that close
  if (!(v <= kCells)) return out;
  out.s = inline_exp(t.upper.interpolate(i, wu, v));
  if (out.s > s_c * t.upper_edge.interpolate(i, wu)) out.zone = GuessZone::upper;
  return out;
}

}  // namespace strikeline::pricing::detail
