#include "query/request_normalisation.h"

#include <gtest/gtest.h>

#include "fixtures/bar_builder.h"
#include "fixtures/in_memory_chain.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace std::chrono;

namespace {

const Expiry kNov4 = sys_days{2025y / November / 4};
const Expiry kNov11 = sys_days{2025y / November / 11};
const Expiry kNov18 = sys_days{2025y / November / 18};
const Expiry kNov25 = sys_days{2025y / November / 25};
const Expiry kDec2 = sys_days{2025y / December / 2};
const Expiry kDec30 = sys_days{2025y / December / 30};

Timestamp ist(Date d, int hour, int minute) {
  return Timestamp{ist_time_on(d, hours{hour} + minutes{minute})};
}

// One NIFTY bar per expiry; the newest bucket of the symbol is 2025-11-04 15:25 IST.
class Normalisation : public ::testing::Test {
 protected:
  void SetUp() override {
    for (Expiry e : {kNov4, kNov11, kNov18, kNov25, kDec2, kDec30}) {
      chain.add(bar_at("NIFTY", e, 24350, Timeframe::m5, newest, 24350.0));
    }
  }
  InMemoryChain chain;
  const UtcSeconds newest = ist_time_on(kNov4, hours{15} + minutes{25});
};

std::vector<Expiry> expiries_for(const InMemoryChain& chain, QueryParams params, Timestamp now) {
  auto r = normalise_strike_distribution(params, chain, now);
  EXPECT_TRUE(r) << r.error().detail;
  return r ? r.value().expiries : std::vector<Expiry>{};
}

}  // namespace

TEST_F(Normalisation, DefaultIsTheNextTwoUnexpired) {
  // On an expiry day that expiry is still unexpired (its IST date is today).
  EXPECT_EQ(expiries_for(chain, {}, ist(kNov4, 14, 0)), (std::vector<Expiry>{kNov4, kNov11}));
  // The day after, it has expired.
  EXPECT_EQ(expiries_for(chain, {}, ist(sys_days{2025y / November / 5}, 10, 0)),
            (std::vector<Expiry>{kNov11, kNov18}));
  // 2025-11-04 20:00 UTC is already 2025-11-05 in India.
  EXPECT_EQ(expiries_for(chain, {}, Timestamp{sys_days{kNov4} + 20h}),
            (std::vector<Expiry>{kNov11, kNov18}));
}

TEST_F(Normalisation, RelativeLabelsResolveAgainstToday) {
  const Timestamp nov5 = ist(sys_days{2025y / November / 5}, 10, 0);
  EXPECT_EQ(expiries_for(chain, {{"expiry", "NWeek+0"}}, nov5), (std::vector<Expiry>{kNov11}));
  EXPECT_EQ(expiries_for(chain, {{"expiry", "NWeek+2"}}, nov5), (std::vector<Expiry>{kNov25}));
  EXPECT_EQ(expiries_for(chain, {{"expiry", "NMonth+0"}}, nov5), (std::vector<Expiry>{kNov25}));
  EXPECT_EQ(expiries_for(chain, {{"expiry", "NMonth+1"}}, nov5), (std::vector<Expiry>{kDec30}));
  // NWeek+0 on the expiry day is that day's expiry.
  EXPECT_EQ(expiries_for(chain, {{"expiry", "nweek+0"}}, ist(kNov4, 9, 0)),
            (std::vector<Expiry>{kNov4}));
  // A label with no such expiry selects nothing (never every expiry).
  EXPECT_TRUE(expiries_for(chain, {{"expiry", "NWeek+9"}}, nov5).empty());
}

TEST_F(Normalisation, ExplicitExpiriesAreSortedAndUnique) {
  const Timestamp nov5 = ist(sys_days{2025y / November / 5}, 10, 0);
  EXPECT_EQ(
      expiries_for(chain, {{"expiry", "2025-11-18,2025-11-11"}, {"expiry[]", "NWeek+0"}}, nov5),
      (std::vector<Expiry>{kNov11, kNov18}));
  // A date is taken as given, even without data (the response is then empty).
  EXPECT_EQ(expiries_for(chain, {{"expiry", "2025-11-06"}}, nov5),
            (std::vector<Expiry>{sys_days{2025y / November / 6}}));
}

TEST_F(Normalisation, BucketTimeSetsTheAsOfDate) {
  // As of 2025-11-03 (bucket_time in milliseconds) the next two are Nov 4 and Nov 11, whatever
  // today is.
  const UtcSeconds nov3 = ist_time_on(sys_days{2025y / November / 3}, hours{12});
  const std::string ms = std::to_string(epoch_seconds(nov3)) + "000";
  auto r = normalise_strike_distribution({{"bucket_time", ms}}, chain,
                                         ist(sys_days{2025y / November / 20}, 10, 0));
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().as_of, nov3);
  EXPECT_TRUE(r.value().as_of_given);
  EXPECT_EQ(r.value().expiries, (std::vector<Expiry>{kNov4, kNov11}));
  // `at` is the same moment (and wins over bucket_time); an ISO time without an offset is IST.
  r = normalise_strike_distribution({{"at", "2025-11-03 12:00"}, {"bucket_time", "1"}}, chain,
                                    ist(sys_days{2025y / November / 20}, 10, 0));
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().as_of, nov3);
  r = normalise_strike_distribution({{"at", "2025-11-03T06:30:00Z"}}, chain,
                                    ist(sys_days{2025y / November / 20}, 10, 0));
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().as_of, nov3);
  EXPECT_FALSE(normalise_strike_distribution({{"at", "yesterday"}}, chain, ist(kNov4, 10, 0)));
}

TEST_F(Normalisation, StrikeDistributionDefaults) {
  auto r = normalise_strike_distribution({{"unknown", "ignored"}}, chain, ist(kNov4, 10, 0));
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().symbol, "NIFTY");
  EXPECT_EQ(r.value().timeframe, Timeframe::m5);
  EXPECT_EQ(r.value().indicator, Indicator::iv);
  EXPECT_EQ(r.value().side, SideSelection::both);
  EXPECT_EQ(r.value().strike_range, 10);
  EXPECT_FALSE(r.value().as_of_given);
  EXPECT_EQ(r.value().as_of, floor_seconds(ist(kNov4, 10, 0)));
}

TEST_F(Normalisation, BadParameterIsAnError) {
  const Timestamp now = ist(kNov4, 10, 0);
  EXPECT_FALSE(normalise_strike_distribution({{"option_side", "CE"}}, chain, now));
  EXPECT_FALSE(normalise_strike_distribution({{"bucket_time", "x"}}, chain, now));
  EXPECT_FALSE(normalise_moneyness_series({{"timeframe", "7m"}}, chain, now));
  // Not a parameter of expiry-metrics: ignored.
  EXPECT_TRUE(normalise_expiry_metrics({{"indicator", "nope"}}, chain, now));
}

TEST_F(Normalisation, SeriesWindowDefaultsToSixHoursEndingAtTheNewestBar) {
  const Timestamp now = ist(kNov4, 16, 0);
  auto r = normalise_moneyness_series({}, chain, now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().window, (TimeWindow{newest - hours{6}, newest}));
  // Only `to`: six hours ending there. Only `from`: up to the newest bar.
  const UtcSeconds to = newest - hours{1};
  r = normalise_moneyness_series({{"to", std::to_string(epoch_seconds(to))}}, chain, now);
  EXPECT_EQ(r.value().window, (TimeWindow{to - hours{6}, to}));
  const UtcSeconds from = newest - hours{2};
  r = normalise_moneyness_series({{"from", std::to_string(epoch_seconds(from))}}, chain, now);
  EXPECT_EQ(r.value().window, (TimeWindow{from, newest}));
  // Both, in milliseconds.
  r = normalise_moneyness_series({{"from", std::to_string(epoch_seconds(from)) + "000"},
                                  {"to", std::to_string(epoch_seconds(to)) + "500"}},
                                 chain, now);
  EXPECT_EQ(r.value().window, (TimeWindow{from, to}));
}

TEST_F(Normalisation, ToBeforeFromIsAnError) {
  auto r = normalise_moneyness_series({{"from", "1730379600"}, {"to", "1730379000"}}, chain,
                                      ist(kNov4, 16, 0));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().detail, "to (1730379000) is before from (1730379600)");
}

TEST_F(Normalisation, OverlongWindowIsAnError) {
  // Ten days of 1-minute buckets: 14401 > 10000.
  auto r = normalise_moneyness_series(
      {{"timeframe", "1m"}, {"from", "1730000000"}, {"to", std::to_string(1730000000 + 864000)}},
      chain, ist(kNov4, 16, 0));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail.find("14401 buckets of 1min"), std::string::npos);
}

TEST(NormalisationEmpty, NoDataNoWindow) {
  InMemoryChain empty;
  auto r = normalise_moneyness_series({{"symbol", "BANKNIFTY"}}, empty, Timestamp{});
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().window, std::nullopt);
  EXPECT_TRUE(r.value().expiries.empty());
}

TEST_F(Normalisation, StrikeHistoryNeedsStrikeAndOneExpiry) {
  const Timestamp now = ist(kNov4, 16, 0);
  auto r = normalise_strike_history({{"expiry", "2025-11-04"}}, chain, now);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().detail, "strike is required: a strike price such as 24350");
  EXPECT_FALSE(normalise_strike_history({{"strike", "24350"}}, chain, now));
  EXPECT_FALSE(normalise_strike_history(
      {{"strike", "24350"}, {"expiry", "2025-11-04"}, {"expiry", "2025-11-11"}}, chain, now));
  EXPECT_FALSE(normalise_strike_history({{"strike", "24350"}, {"expiry", "NWeek+9"}}, chain, now));

  r = normalise_strike_history({{"strike", "24350"}, {"expiry", "2025-11-04"}, {"hours", "2"}},
                               chain, now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().strike, strike_rupees(24350));
  EXPECT_EQ(r.value().expiry, kNov4);
  EXPECT_EQ(r.value().window, (TimeWindow{newest - hours{2}, newest}));
  // Default: 24 hours.
  r = normalise_strike_history({{"strike", "24350"}, {"expiry", "NWeek+1"}}, chain, now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().expiry, kNov11);
  EXPECT_EQ(r.value().window, (TimeWindow{newest - hours{24}, newest}));
}

TEST_F(Normalisation, ExpiryMetricsTakesOneExpiry) {
  const Timestamp now = ist(sys_days{2025y / November / 5}, 10, 0);
  // Default and relative expiries resolve against the window's end: the newest bar (Nov 4)...
  auto r = normalise_expiry_metrics({}, chain, now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().expiry, kNov4);
  EXPECT_EQ(r.value().until, std::nullopt);
  // ...or the `to` given (Nov 5: Nov 4 has expired), which also bounds the answer.
  const std::string nov5 = std::to_string(epoch_seconds(floor_seconds(now)));
  r = normalise_expiry_metrics({{"to", nov5}}, chain, now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().expiry, kNov11);
  EXPECT_EQ(r.value().until, floor_seconds(now));
  EXPECT_FALSE(normalise_expiry_metrics({{"expiry", "2025-11-11,2025-11-18"}}, chain, now));
  r = normalise_expiry_metrics({{"expiry", "NMonth+0"}, {"to", nov5}}, chain, now);
  EXPECT_EQ(r.value().expiry, kNov25);
}

TEST_F(Normalisation, SeriesExpiriesResolveAgainstTheirWindowNotToday) {
  // A window in early November asked on Dec 20: NWeek+0 is the weekly current then.
  const Timestamp dec20 = ist(sys_days{2025y / December / 20}, 10, 0);
  auto r = normalise_moneyness_series(
      {{"expiry", "NWeek+0"}, {"from", "2025-11-05 09:15"}, {"to", "2025-11-05 15:30"}}, chain,
      dec20);
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r.value().expiries, (std::vector<Expiry>{kNov11}));
  r = normalise_moneyness_series({{"from", "2025-11-05 09:15"}, {"to", "2025-11-05 15:30"}}, chain,
                                 dec20);
  EXPECT_EQ(r.value().expiries, (std::vector<Expiry>{kNov11, kNov18}));
}

TEST(NormaliseExpiries, SymbolOnly) {
  auto r = normalise_expiries({{"symbol", "bank nifty"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().symbol, "BANKNIFTY");
}
