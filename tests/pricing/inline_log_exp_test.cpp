// inline_log, inline_log1p and inline_exp against 113-bit references: the error in units of the
// last place of the exact result, over random arguments across the whole range the tables serve
// and densely around the places where such functions go wrong (ln near 1, ln(1 + u) for tiny u,
// the table cells' edges, exp near 0 and at the ends of its range); and the C library's answer
// outside that range.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <vector>

#include "high_precision.h"
#include "pricing/inline_log_exp.h"

namespace strikeline::pricing {
namespace inline_log_exp_test {

using testing::Quad;

constexpr double kInf = std::numeric_limits<double>::infinity();

// The same double, or both NaN.
bool same(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) ||
         (std::isnan(a) && std::isnan(b));
}

// |computed - exact| in ulps of the exact value rounded to double.
double ulps(double computed, const Quad& exact) {
  const double rounded = static_cast<double>(exact);
  const double ulp = std::nextafter(std::fabs(rounded), kInf) - std::fabs(rounded);
  return static_cast<double>(boost::multiprecision::abs(Quad(computed) - exact) / Quad(ulp));
}

// Random doubles spread evenly over the binades [2^lo, 2^hi).
std::vector<double> log_uniform(int lo, int hi, int n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> exponent(lo, hi);
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(std::exp2(exponent(rng)));
  return v;
}

// Every table cell's edges (and their neighbours) in three binades, plus values next to 1.
std::vector<double> cell_edges() {
  std::vector<double> v;
  for (int k : {-1, 0, 1}) {
    for (std::uint64_t cell = 0; cell <= 128; ++cell) {
      const std::uint64_t edge = 0x3fe6b00000000000ULL + (cell << 45);
      const double m = std::bit_cast<double>(edge);
      for (double z : {std::nextafter(m, 0.0), m, std::nextafter(m, 2.0)})
        v.push_back(std::ldexp(z, k));
    }
  }
  double below = 1.0, above = 1.0;
  for (int i = 0; i < 64; ++i) {
    below = std::nextafter(below, 0.0);
    above = std::nextafter(above, 2.0);
    v.push_back(below);
    v.push_back(above);
  }
  return v;
}

// The largest error in ulps of `computed` against the 113-bit `exact` over `args`, and where.
struct WorstError {
  double ulps = 0.0;
  double at = 0.0;
};
template <class Computed, class Exact>
WorstError worst_error(const std::vector<double>& args, Computed computed, Exact exact) {
  WorstError worst;
  for (double a : args) {
    const double e = ulps(computed(a), exact(Quad(a)));
    if (e > worst.ulps) worst = {e, a};
  }
  return worst;
}

TEST(InlineLogExp, LogIsWithinOneUlpEverywhereItsTableServes) {
  std::vector<double> args = log_uniform(-1021, 1023, 60000, 1);
  const std::vector<double> near = log_uniform(-1, 1, 60000, 2);  // the cells around ln = 0
  args.insert(args.end(), near.begin(), near.end());
  const std::vector<double> edges = cell_edges();
  args.insert(args.end(), edges.begin(), edges.end());
  args.push_back(DBL_MIN);
  args.push_back(DBL_MAX);
  const WorstError worst =
      worst_error(args, detail::inline_log, [](const Quad& z) { return log(z); });
  std::printf("inline_log worst error %.3f ulp at %a over %zu arguments\n", worst.ulps, worst.at,
              args.size());
  EXPECT_LE(worst.ulps, 1.0);
  EXPECT_EQ(detail::inline_log(1.0), 0.0);
  EXPECT_EQ(detail::inline_log(2.0), std::log(2.0));
}

TEST(InlineLogExp, LogHandsTheCLibraryWhatItsTableDoesNotServe) {
  for (double z :
       {0.0, -0.0, -1.0, DBL_MIN / 4, std::numeric_limits<double>::denorm_min(), kInf, -kInf}) {
    EXPECT_TRUE(same(detail::inline_log(z), std::log(z))) << z;
  }
  EXPECT_EQ(detail::inline_log(DBL_MIN / 4), std::log(DBL_MIN) - 2.0 * std::log(2.0));
  EXPECT_TRUE(std::isnan(detail::inline_log(NAN)));
}

TEST(InlineLogExp, Log1pIsWithinOneUlpForTinyAndLargeArguments) {
  std::vector<double> args;
  for (double u : log_uniform(-1070, 10, 40000, 3)) {
    args.push_back(u);
    if (u < 2.0) args.push_back(-0.5 * u);  // -1 < -u/2 < 0
  }
  for (double u : log_uniform(-60, 0, 40000, 4)) {
    if (u < 1.0) args.push_back(-u);  // down to -1
  }
  const WorstError worst =
      worst_error(args, detail::inline_log1p, [](const Quad& u) { return log1p(u); });
  std::printf("inline_log1p worst error %.3f ulp at %a\n", worst.ulps, worst.at);
  EXPECT_LE(worst.ulps, 1.0);
  EXPECT_EQ(detail::inline_log1p(0.0), 0.0);
  EXPECT_EQ(detail::inline_log1p(1e-300), 1e-300);
}

TEST(InlineLogExp, ExpIsWithinOneUlpOverItsWholeRange) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> wide(-708.0, 708.0);
  std::uniform_real_distribution<double> narrow(-1.0, 1.0);
  std::vector<double> args;
  for (int i = 0; i < 60000; ++i) args.push_back(wide(rng));
  for (int i = 0; i < 60000; ++i) args.push_back(narrow(rng) * std::exp2(-40.0 * narrow(rng) - 10));
  for (double y : {0.0, 1e-300, -1e-300, 707.99, -707.99, 0.5, -0.5}) args.push_back(y);
  const WorstError worst =
      worst_error(args, detail::inline_exp, [](const Quad& y) { return exp(y); });
  std::printf("inline_exp worst error %.3f ulp at %a\n", worst.ulps, worst.at);
  EXPECT_LE(worst.ulps, 1.0);
  EXPECT_EQ(detail::inline_exp(0.0), 1.0);
}

TEST(InlineLogExp, ExpHandsTheCLibraryTheEndsOfItsRange) {
  for (double y : {708.5, 709.7, 710.0, -708.5, -745.0, -800.0, kInf, -kInf}) {
    EXPECT_TRUE(same(detail::inline_exp(y), std::exp(y))) << y;
  }
  EXPECT_TRUE(std::isnan(detail::inline_exp(NAN)));
}

TEST(InlineLogExp, CoarseVariantsKeepTheirStatedAccuracy) {
  std::vector<double> args = log_uniform(-1021, 1023, 40000, 6);
  const std::vector<double> near = log_uniform(-1, 1, 40000, 7);
  args.insert(args.end(), near.begin(), near.end());
  double worst_log = 0.0;
  for (double z : args) {
    const Quad exact = boost::multiprecision::log(Quad(z));
    worst_log = std::max(
        worst_log,
        static_cast<double>(boost::multiprecision::abs(Quad(detail::coarse_log(z)) - exact)));
    EXPECT_EQ(detail::log_of_normal(z), detail::inline_log(z));
  }
  std::mt19937_64 rng(8);
  std::uniform_real_distribution<double> wide(-707.9, 707.9);
  double worst_exp = 0.0;
  for (int i = 0; i < 80000; ++i) {
    const double y = wide(rng);
    const Quad exact = boost::multiprecision::exp(Quad(y));
    worst_exp = std::max(
        worst_exp,
        static_cast<double>(boost::multiprecision::abs(Quad(detail::coarse_exp(y)) / exact - 1)));
    EXPECT_EQ(detail::exp_in_range(y), detail::inline_exp(y));
  }
  std::printf("coarse_log worst absolute error %.2e, coarse_exp worst relative error %.2e\n",
              worst_log, worst_exp);
  EXPECT_LE(worst_log, 2.1e-8);
  EXPECT_LE(worst_exp, 3.5e-9);
  EXPECT_GT(worst_log, 0.0);  // the cheaper series is in use, not the full one
}

}  // namespace inline_log_exp_test
}  // namespace strikeline::pricing
