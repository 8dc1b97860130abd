#include "pricing/volatility_guess_table.h"

#include <array>
#include <cmath>
#include <vector>

#include "pricing/implied_volatility.h"
#include "pricing/normalised_black.h"

namespace strikeline::pricing::detail {
namespace {

constexpr int kCells = 128;
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

constexpr int kStride = kCells + 3;  // nodes -1 .. kCells + 1

class Table {
 public:
  double& at(int i, int j) { return values_[(i + 1) * kStride + (j + 1)]; }
  const double* row(int i) const { return &values_[(i + 1) * kStride + 1]; }

  // u, v in table units ([0, kCells] inside the domain).
  double interpolate(double u, double v) const {
    int i = static_cast<int>(u);
    int j = static_cast<int>(v);
    if (i >= kCells) i = kCells - 1;
    if (j >= kCells) j = kCells - 1;
    const auto wu = weights(u - i);
    const auto wv = weights(v - j);
    double sum = 0.0;
    for (int p = 0; p < 4; ++p) {
      const double* r = row(i - 1 + p) + (j - 1);
      sum += wu[p] * (wv[0] * r[0] + wv[1] * r[1] + wv[2] * r[2] + wv[3] * r[3]);
    }
    return sum;
  }

 private:
  // Catmull-Rom weights of the four nodes around a point at fraction t of its cell.
  static std::array<double, 4> weights(double t) {
    const double t2 = t * t;
    const double t3 = t2 * t;
    return {0.5 * (-t3 + 2.0 * t2 - t), 0.5 * (3.0 * t3 - 5.0 * t2 + 2.0),
            0.5 * (-3.0 * t3 + 4.0 * t2 + t), 0.5 * (t3 - t2)};
  }

  std::vector<double> values_ = std::vector<double>(kStride * kStride, 0.0);
};

struct GuessTables {
  Table lower;
  Table upper;
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

GuessTables build() {
  GuessTables t;
  for (int i = -1; i <= kCells + 1; ++i) {
    const double ax = std::exp(log_ax_at(i));
    const double b_max = std::exp(-0.5 * ax);
    const double b_c = inflexion_price(ax, b_max);
    const double s_c = std::sqrt(2.0 * ax);
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
  return t;
}

const GuessTables& tables() {
  static const GuessTables instance = build();
  return instance;
}

}  // namespace

double tabulated_s_guess(double beta, double ax, double b_max, double b_c, double s_c) noexcept {
  if (!(ax >= 1e-6 && ax <= 4.0)) return 0.0;
  const double u = (std::log(ax) - kLogAxMin) * (kCells / (kLogAxMax - kLogAxMin));
  if (beta <= b_c) {
    const double v = std::log(1.0 + std::log(b_c / beta)) * (kCells / kLowerSpan);
    if (!(v >= 0.0 && v <= kCells)) return 0.0;
    return s_c * std::exp(tables().lower.interpolate(u, v));
  }
  const double kappa = std::log((b_max - b_c) / (b_max - beta));
  double v = (std::log(kappa / s_c) - kUpperMin) * (kCells / (kUpperMax - kUpperMin));
  if (v < 0.0) v = 0.0;  // s within ~1e-5 relative of s_c: the first node is that close
  if (!(v <= kCells)) return 0.0;
  return std::exp(tables().upper.interpolate(u, v));
}

}  // namespace strikeline::pricing::detail
