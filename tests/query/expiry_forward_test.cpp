// The implied forward of an expiry from the stored chain (query/expiry_forward.h): a chain priced
// here with Black-76 from a known forward (not the spot grown at the rate), quoted with bid/ask
// around each price and a stale last price beside it (the mid wins), one strike with a one-sided
// quote (its last price is used), one strike without a put price (skipped) and one strike with a
// quote far off (the median ignores it): the forward comes back to 0.01, from the strikes the
// rules name; its basis to spot; the forward pricing uses under each policy; the option chain's
// `forward` is that forward.
#include "query/expiry_forward.h"

#include <gtest/gtest.h>

#include <cmath>

#include "fixtures/bar_builder.h"
#include "fixtures/in_memory_chain.h"
#include "query/option_chain.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace std::chrono;

namespace expiry_forward_test {

const Expiry kNov4 = sys_days{2025y / November / 4};
const Expiry kNov25 = sys_days{2025y / November / 25};
const UtcSeconds kT0 = ist_time_on(kNov4, hours{10});
const UtcSeconds kAsOf = kT0 + minutes{5};
constexpr double kSpot = 24360.0;
constexpr double kForward = 24480.75;
constexpr double kRate = 0.10;

double normal_cdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

double years_at(UtcSeconds at) {
  return static_cast<double>((expiry_close(kNov25) - at).count()) / (365.0 * 86400.0);
}

double black76(bool call, double strike) {
  const double years = years_at(kAsOf);
  const double sigma = 0.14 - 0.3 * std::log(strike / kForward);
  const double s = sigma * std::sqrt(years);
  const double d1 = std::log(kForward / strike) / s + s / 2;
  const double d2 = d1 - s;
  const double discount = std::exp(-kRate * years);
  return call ? discount * (kForward * normal_cdf(d1) - strike * normal_cdf(d2))
              : discount * (strike * normal_cdf(-d2) - kForward * normal_cdf(-d1));
}

SideBar quoted(double price, double mid_offset = 0) {
  SideBar side = with_premium({}, price + 2, price + 2, price + 2, price + 2);  // a stale last
  side.bid = price + mid_offset - 0.5;
  side.ask = price + mid_offset + 0.5;
  return side;
}

InMemoryChain priced_chain() {
  InMemoryChain chain;
  for (std::int64_t k = 23800; k <= 25200; k += 50) {
    const double strike = static_cast<double>(k);
    StrikeBar bar = bar_at("NIFTY", kNov25, k, Timeframe::m1, kT0, kSpot);
    bar.call = quoted(black76(true, strike));
    bar.put = quoted(black76(false, strike));
    if (k == 24500) {  // a one-sided call quote: its (exact) last price is used
      const double p = black76(true, strike);
      bar.call = with_premium({}, p, p, p, p);
      bar.call.bid = p - 1;
    }
    if (k == 24450) bar.put = with_oi({}, 1000);                     // no put price at all
    if (k == 24550) bar.call = quoted(black76(true, strike), 40.0);  // a quote 40 rupees off
    chain.add(bar);
  }
  return chain;
}

TEST(ExpiryForward, RecoversTheForwardTheChainWasPricedFrom) {
  const InMemoryChain chain = priced_chain();
  const std::optional<ChainState> state = chain.chain_at("NIFTY", kNov25, kAsOf);
  ASSERT_TRUE(state);
  const ExpiryForward f = expiry_forward(*state, PricingPolicy{});
  ASSERT_TRUE(f.implied);
  EXPECT_NEAR(*f.implied, kForward, 0.01);
  EXPECT_NEAR(f.years, years_at(kAsOf), 1e-12);
  // Nearest the spot with both prices: 24350, 24400, 24300, 24250, 24500 (24450 has no put);
  // nearest their median, the forward: 24500, 24550, 24400, 24600, 24350.
  EXPECT_EQ(f.parity_strikes,
            (std::vector<Strike>{strike_rupees(24350), strike_rupees(24400), strike_rupees(24500),
                                 strike_rupees(24550), strike_rupees(24600)}));
  EXPECT_EQ(f.priced_pairs, 28u);  // 29 listed, 24450 without a put price
  ASSERT_TRUE(f.implied_high);
  EXPECT_GT(*f.implied_high - kForward, 40.0);  // the quote 40 off, seen in the spread only
  EXPECT_EQ(f.spot, kSpot);
  EXPECT_EQ(f.basis_spot, 120.75);
  EXPECT_EQ(f.future, std::nullopt);
  EXPECT_EQ(f.basis_future, std::nullopt);
}

TEST(ExpiryForward, TheForwardPricingUsesByPolicy) {
  const InMemoryChain chain = priced_chain();
  const ChainState state = *chain.chain_at("NIFTY", kNov25, kAsOf);
  const double of_spot = kSpot * std::exp(kRate * years_at(kAsOf));

  ExpiryForward f = expiry_forward(state, PricingPolicy{ForwardSource::future});
  EXPECT_EQ(f.forward_source, ForwardSource::spot);  // no future stored: the spot with the rate
  EXPECT_NEAR(*f.forward, of_spot, 0.005);
  f = expiry_forward(state, PricingPolicy{ForwardSource::synthetic});
  EXPECT_EQ(f.forward_source, ForwardSource::synthetic);
  EXPECT_NEAR(*f.forward, kForward, 0.01);
  f = expiry_forward(state, PricingPolicy{ForwardSource::future}, 24495.5);
  EXPECT_EQ(f.forward_source, ForwardSource::future);
  EXPECT_EQ(f.forward, 24495.5);
  EXPECT_NEAR(*f.basis_future, kForward - 24495.5, 0.01);
  f = expiry_forward(state, PricingPolicy{ForwardSource::spot}, 24495.5);
  EXPECT_EQ(f.forward_source, ForwardSource::spot);

  // The chain's forward (the choice alone, parity only under synthetic) is the full computation's.
  for (ForwardSource source :
       {ForwardSource::future, ForwardSource::synthetic, ForwardSource::spot}) {
    for (std::optional<double> future : {std::optional<double>{}, std::optional<double>{24495.5}}) {
      const PricingPolicy policy{source};
      EXPECT_EQ(pricing_forward(state, policy, future),
                expiry_forward(state, policy, future).forward)
          << forward_source_name(source) << " " << future.value_or(0);
    }
  }

  // The option chain's header reports the same forward.
  OptionChainRequest request;
  request.symbol = "NIFTY";
  request.expiry = kNov25;
  request.as_of = kAsOf;
  request.since = kAsOf;
  request.pricing = PricingPolicy{ForwardSource::synthetic};
  const OptionChain table = option_chain(chain, ContractSpecs{}, request);
  ASSERT_TRUE(table.forward);
  EXPECT_NEAR(*table.forward, kForward, 0.01);
  request.pricing = PricingPolicy{};
  EXPECT_NEAR(*option_chain(chain, ContractSpecs{}, request).forward, of_spot, 0.005);
}

TEST(ExpiryForward, ParityPremiumIsTheMidOfATwoSidedQuoteElseTheLast) {
  SideState s;
  EXPECT_EQ(parity_premium(s), std::nullopt);
  s.last_price = 101.0;
  EXPECT_EQ(parity_premium(s), 101.0);
  s.bid = 99.0;
  EXPECT_EQ(parity_premium(s), 101.0);  // one-sided: the last
  s.ask = 100.0;
  EXPECT_EQ(parity_premium(s), 99.5);
  s.ask = 98.0;  // crossed: not a quote to trust
  EXPECT_EQ(parity_premium(s), 101.0);
}

TEST(ExpiryForward, ImpliedForwardsListsTheExpiriesListedAtTheMoment) {
  const InMemoryChain chain = priced_chain();
  ExpiriesAtRequest request{"NIFTY", {kNov4, kNov25}, kAsOf, true};
  const std::vector<ExpiryForward> all = implied_forwards(chain, PricingPolicy{}, request);
  ASSERT_EQ(all.size(), 1u);  // nothing of Nov 4 is stored
  EXPECT_EQ(all[0].expiry, kNov25);
  request.as_of = kT0 - minutes{1};  // before anything was observed
  EXPECT_TRUE(implied_forwards(chain, PricingPolicy{}, request).empty());
}

}  // namespace expiry_forward_test
