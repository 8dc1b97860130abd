// The implied forward from put-call parity (pricing/implied_forward.h) recovers the forward a
// chain was priced from, to 0.01: exact quotes, noisy ones (a minority of strikes far off: the
// median ignores them), one-sided ones (strikes without both prices are skipped), far expiries
// whose forward is well above spot (the strikes re-centre on the forward); and the choice of
// forward (pricing/forward_choice.h) by policy. Prices come from Black-76 written here (erfc), not
// from the library.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "pricing/forward_choice.h"
#include "pricing/implied_forward.h"

namespace strikeline::pricing {
namespace {

double normal_cdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// Discounted Black-76 price of a call or put.
double black76(bool call, double forward, double strike, double sigma, double years, double rate) {
  const double s = sigma * std::sqrt(years);
  const double d1 = std::log(forward / strike) / s + s / 2;
  const double d2 = d1 - s;
  const double discount = std::exp(-rate * years);
  return call ? discount * (forward * normal_cdf(d1) - strike * normal_cdf(d2))
              : discount * (strike * normal_cdf(-d2) - forward * normal_cdf(-d1));
}

// A chain of strikes [low, high] by step priced from `forward` with a skewed smile.
std::vector<ParityQuote> chain(double forward, double low, double high, double step, double years,
                               double rate) {
  std::vector<ParityQuote> out;
  for (double k = low; k <= high + 1e-9; k += step) {
    const double sigma = 0.15 - 0.2 * std::log(k / forward);
    out.push_back({k, black76(true, forward, k, sigma, years, rate),
                   black76(false, forward, k, sigma, years, rate)});
  }
  return out;
}

constexpr double kRate = 0.10;

TEST(ImpliedForward, RecoversTheForwardOfAnExactChain) {
  const double years = 20.0 / 365;
  const double forward = 24480.0;  // not 24360 exp(rT) = 24493.6...: the chain's own forward
  const std::vector<ParityQuote> quotes = chain(forward, 23000, 26000, 50, years, kRate);
  const ImpliedForward f = implied_forward(quotes, 24360.0, years, kRate);
  ASSERT_TRUE(f.found);
  EXPECT_NEAR(f.forward, forward, 0.01);
  EXPECT_EQ(f.used, kDefaultParityPairs);
  // First the five strikes nearest the spot (24250..24400), then the five nearest their median,
  // the forward 24480: 24500, 24450, 24550, 24400 and 24600 (120 away; 24350 is 130).
  std::vector<double> strikes;
  for (std::size_t i = 0; i < f.used; ++i) strikes.push_back(quotes[f.indices[i]].strike);
  EXPECT_EQ(strikes, (std::vector<double>{24400, 24450, 24500, 24550, 24600}));
  EXPECT_NEAR(f.low, forward, 0.01);
  EXPECT_NEAR(f.high, forward, 0.01);
}

TEST(ImpliedForward, IgnoresAMinorityOfNoisyQuotes) {
  const double years = 9.0 / 365;
  const double forward = 22105.5;
  std::vector<ParityQuote> quotes = chain(forward, 21000, 23000, 50, years, kRate);
  // Two of the five strikes nearest the money carry stale prices, tens of rupees off, one pulling
  // its forward up and one down.
  for (ParityQuote& q : quotes) {
    if (q.strike == 22100) q.call += 35.0;
    if (q.strike == 22150) q.put += 12.5;
  }
  const ImpliedForward f = implied_forward(quotes, 22050.0, years, kRate);
  ASSERT_TRUE(f.found);
  EXPECT_NEAR(f.forward, forward, 0.01);
  EXPECT_GT(f.high - f.low, 47.0);  // the spread shows the noise the median ignored
  // Small symmetric noise on every strike moves the median by at most that noise.
  std::vector<ParityQuote> jittered = chain(forward, 21000, 23000, 50, years, kRate);
  const double jitter[] = {0.004, -0.003, 0.002, -0.004, 0.003};
  for (std::size_t i = 0; i < jittered.size(); ++i) jittered[i].call += jitter[i % 5] / 2;
  const ImpliedForward g = implied_forward(jittered, 22050.0, years, kRate);
  ASSERT_TRUE(g.found);
  EXPECT_NEAR(g.forward, forward, 0.01);
}

TEST(ImpliedForward, SkipsOneSidedStrikes) {
  const double years = 30.0 / 365;
  const double forward = 48210.0;
  std::vector<ParityQuote> quotes = chain(forward, 46000, 50000, 100, years, kRate);
  // The three strikes nearest the money have one side only (0, negative, NaN: no price).
  for (ParityQuote& q : quotes) {
    if (q.strike == 48200) q.put = 0;
    if (q.strike == 48300) q.call = -1;
    if (q.strike == 48100) q.call = std::nan("");
  }
  const ImpliedForward f = implied_forward(quotes, 48150.0, years, kRate);
  ASSERT_TRUE(f.found);
  EXPECT_NEAR(f.forward, forward, 0.01);
  std::vector<double> strikes;
  for (std::size_t i = 0; i < f.used; ++i) strikes.push_back(quotes[f.indices[i]].strike);
  // Nearest the spot 48150 with both prices: 48000, 47900, 48400, 47800, 48500; nearest their
  // median (the forward 48210): 48400, 48000, 48500, 47900, 48600.
  EXPECT_EQ(strikes, (std::vector<double>{47900, 48000, 48400, 48500, 48600}));
}

TEST(ImpliedForward, AFarExpiryRecentresOnItsForward) {
  // One year out at 10 %: the forward is 2103 above a spot of 20000; the five strikes nearest the
  // spot would be deep in the money for puts. The second round centres on the forward.
  const double years = 1.0;
  const double forward = 22103.42;
  const std::vector<ParityQuote> quotes = chain(forward, 15000, 30000, 100, years, kRate);
  const ImpliedForward f = implied_forward(quotes, 20000.0, years, kRate);
  ASSERT_TRUE(f.found);
  EXPECT_NEAR(f.forward, forward, 0.01);
  EXPECT_EQ(quotes[f.indices[0]].strike, 21900);
  EXPECT_EQ(quotes[f.indices[f.used - 1]].strike, 22300);
}

TEST(ImpliedForward, WithoutAReferenceStartsWhereCallAndPutAreClosest) {
  const double years = 14.0 / 365;
  const double forward = 24480.0;
  const std::vector<ParityQuote> quotes = chain(forward, 23000, 26000, 50, years, kRate);
  const ImpliedForward f = implied_forward(quotes, 0.0, years, kRate);
  ASSERT_TRUE(f.found);
  EXPECT_NEAR(f.forward, forward, 0.01);
}

TEST(ImpliedForward, EvenCountsTakeTheMeanOfTheMiddleTwo) {
  // Two strikes only, forwards 100 + e^{rT}(C - P) = 101 and 103 at T = 0: the median is 102.
  const ParityQuote quotes[] = {{100, 3.0, 2.0}, {105, 1.0, 3.0}};
  const ImpliedForward f = implied_forward(quotes, 102.0, 0.0, kRate);
  ASSERT_TRUE(f.found);
  EXPECT_EQ(f.used, 2u);
  EXPECT_DOUBLE_EQ(f.forward, 102.0);
}

TEST(ImpliedForward, NothingToUse) {
  const ParityQuote one_sided[] = {{100, 3.0, 0.0}, {105, 0.0, 3.0}};
  EXPECT_FALSE(implied_forward(one_sided, 102.0, 0.1, kRate).found);
  EXPECT_FALSE(implied_forward({}, 102.0, 0.1, kRate).found);
  const ParityQuote both[] = {{100, 3.0, 2.0}};
  EXPECT_FALSE(implied_forward(both, 100.0, -0.01, kRate).found);  // expired
  EXPECT_FALSE(implied_forward(both, 100.0, std::nan(""), kRate).found);
}

TEST(ForwardChoice, ByPolicyWithFallbacks) {
  const double years = 0.25;
  const ForwardCandidates all{20000.0, 20510.0, 20490.0};
  const double of_spot = 20000.0 * std::exp(0.10 * years);

  ChosenForward c = choose_forward({ForwardSource::future}, years, all);
  EXPECT_TRUE(c.found);
  EXPECT_EQ(c.source, ForwardSource::future);
  EXPECT_EQ(c.forward, 20510.0);
  EXPECT_TRUE(c.underlying_is_forward);

  c = choose_forward({ForwardSource::synthetic}, years, all);
  EXPECT_EQ(c.source, ForwardSource::synthetic);
  EXPECT_EQ(c.underlying, 20490.0);

  c = choose_forward({ForwardSource::spot}, years, all);
  EXPECT_EQ(c.source, ForwardSource::spot);
  EXPECT_FALSE(c.underlying_is_forward);
  EXPECT_EQ(c.underlying, 20000.0);
  EXPECT_NEAR(c.forward, of_spot, 1e-9);

  // Fallbacks: synthetic without an implied forward is the future, then the spot.
  c = choose_forward({ForwardSource::synthetic}, years, {20000.0, 20510.0, std::nullopt});
  EXPECT_EQ(c.source, ForwardSource::future);
  c = choose_forward({ForwardSource::synthetic}, years, {20000.0, std::nullopt, std::nullopt});
  EXPECT_EQ(c.source, ForwardSource::spot);
  c = choose_forward({ForwardSource::future, 0.07, 0.01}, years, {20000.0, std::nullopt, 0.0});
  EXPECT_NEAR(c.forward, 20000.0 * std::exp(0.06 * years), 1e-9);
  c = choose_forward({ForwardSource::spot}, years, {std::nullopt, 20510.0, std::nullopt});
  EXPECT_EQ(c.source, ForwardSource::future);
  EXPECT_FALSE(choose_forward({ForwardSource::spot}, years, {}).found);
  EXPECT_FALSE(choose_forward({ForwardSource::future}, years, {-1.0, 0.0, std::nullopt}).found);
}

TEST(ForwardSourceNames, ParseAndName) {
  EXPECT_EQ(parse_forward_source(" Synthetic "), ForwardSource::synthetic);
  EXPECT_EQ(parse_forward_source("future"), ForwardSource::future);
  EXPECT_EQ(parse_forward_source("SPOT"), ForwardSource::spot);
  EXPECT_EQ(parse_forward_source("futures"), std::nullopt);
  EXPECT_EQ(parse_forward_source(""), std::nullopt);
  EXPECT_EQ(forward_source_name(ForwardSource::synthetic), "synthetic");
}

}  // namespace
}  // namespace strikeline::pricing
