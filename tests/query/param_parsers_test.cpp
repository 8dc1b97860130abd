#include "query/param_parsers.h"

#include <gtest/gtest.h>

using namespace strikeline;
using namespace std::chrono;

namespace {
QueryParams one(const char* key, const char* value) {
  return QueryParams{{key, value}};
}
}  // namespace

TEST(SymbolParam, CanonicalNameAndDefault) {
  EXPECT_EQ(parse_symbol_param({}).value(), "NIFTY");
  EXPECT_EQ(parse_symbol_param(one("symbol", " nifty 50 ")).value(), "NIFTY");
  EXPECT_EQ(parse_symbol_param(one("symbol", "NSE:BANKNIFTY")).value(), "BANKNIFTY");
  EXPECT_EQ(parse_symbol_param(one("symbol", "^NSEI")).value(), "NIFTY");
  const auto bad = parse_symbol_param(one("symbol", "DROP TABLE;"));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().detail.find("invalid symbol 'DROP TABLE;'"), std::string::npos);
  EXPECT_FALSE(parse_symbol_param(one("symbol", "")));
}

TEST(TimeframeParam, EverySpellingOfApiMd) {
  EXPECT_EQ(parse_timeframe_param({}).value(), Timeframe::m5);
  const std::pair<const char*, Timeframe> cases[] = {
      {"1", Timeframe::m1},     {"1m", Timeframe::m1},   {"1min", Timeframe::m1},
      {"3", Timeframe::m3},     {"3m", Timeframe::m3},   {"3min", Timeframe::m3},
      {"5", Timeframe::m5},     {"5m", Timeframe::m5},   {"5min", Timeframe::m5},
      {"15", Timeframe::m15},   {"15m", Timeframe::m15}, {"15min", Timeframe::m15},
      {"30", Timeframe::m30},   {"30m", Timeframe::m30}, {"30min", Timeframe::m30},
      {"60", Timeframe::h1},    {"1h", Timeframe::h1},   {"60min", Timeframe::h1},
      {"1hour", Timeframe::h1}, {"1d", Timeframe::d1},   {"D", Timeframe::d1},
      {"1day", Timeframe::d1}};
  for (const auto& [text, tf] : cases) {
    EXPECT_EQ(parse_timeframe_param(one("timeframe", text)).value(), tf) << text;
  }
  for (const char* bad : {"2", "1M", "5mins", "", "month", "1w"}) {
    const auto r = parse_timeframe_param(one("timeframe", bad));
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().detail.find("accepted 1, 1m, 1min"), std::string::npos);
  }
}

TEST(IndicatorParam, UnknownListsTheSupportedOnes) {
  EXPECT_EQ(parse_indicator_param({}).value(), Indicator::iv);
  EXPECT_EQ(parse_indicator_param(one("indicator", "pcr")).value(), Indicator::pcr);
  const auto r = parse_indicator_param(one("indicator", "rsi"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().detail,
            "unknown indicator 'rsi': supported iv, delta, gamma, theta, vega, oi, oi_change, "
            "volume, pcr, pcr_volume, premium");
}

TEST(SideParam, BothCallPut) {
  EXPECT_EQ(parse_side_param({}).value(), SideSelection::both);
  EXPECT_EQ(parse_side_param(one("option_side", "put")).value(), SideSelection::put);
  EXPECT_EQ(parse_side_param(one("option_side", "call")).value(), SideSelection::call);
  const auto r = parse_side_param(one("option_side", "straddle"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().detail, "invalid option_side 'straddle': accepted both, call, put");
}

TEST(StrikeRangeParam, BetweenOneAndTwoHundred) {
  EXPECT_EQ(parse_strike_range_param({}).value(), 10);
  EXPECT_EQ(parse_strike_range_param(one("strike_range", "1")).value(), 1);
  EXPECT_EQ(parse_strike_range_param(one("strike_range", "200")).value(), 200);
  for (const char* bad : {"0", "201", "-3", "2.5", "ten", ""}) {
    EXPECT_FALSE(parse_strike_range_param(one("strike_range", bad))) << bad;
  }
}

TEST(EpochParam, SecondsAndMilliseconds) {
  EXPECT_EQ(parse_epoch_time_param({}, "from").value(), std::nullopt);
  EXPECT_EQ(parse_epoch_time_param(one("from", "1730379600"), "from").value(),
            strikeline::utc_seconds(1730379600));
  EXPECT_EQ(parse_epoch_time_param(one("from", "1730379600123"), "from").value(),
            strikeline::utc_seconds(1730379600));
  for (const char* bad : {"yesterday", "-5", "", "1e400", "nan"}) {
    const auto r = parse_epoch_time_param(one("to", bad), "to");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().detail.rfind("invalid to", 0), 0u);
  }
}

TEST(StrikeParam, PositivePrice) {
  EXPECT_EQ(parse_strike_param({}).value(), std::nullopt);
  EXPECT_EQ(parse_strike_param(one("strike", "24350")).value(), strike_rupees(24350));
  EXPECT_EQ(parse_strike_param(one("strike", "47.5")).value(), Strike::from_hundredths(4750));
  for (const char* bad : {"0", "-100", "abc", "1e30"}) {
    EXPECT_FALSE(parse_strike_param(one("strike", bad))) << bad;
  }
}

TEST(HoursParam, PositiveAndBounded) {
  EXPECT_EQ(parse_hours_param({}).value(), hours{24});
  EXPECT_EQ(parse_hours_param(one("hours", "1.5")).value(), minutes{90});
  for (const char* bad : {"0", "-1", "9000", "x"}) {
    EXPECT_FALSE(parse_hours_param(one("hours", bad))) << bad;
  }
}

TEST(ExpiryParams, RepeatableBracketsAndCommas) {
  QueryParams params{{"expiry", "2025-11-04,NWeek+1"},
                     {"symbol", "NIFTY"},
                     {"expiry[]", "NMonth+0"},
                     {"expiry", "2025-11-18"}};
  const auto r = parse_expiry_params(params);
  ASSERT_TRUE(r);
  const std::vector<ExpirySpec> expected = {
      ExpirySpec{sys_days{2025y / November / 4}},
      ExpirySpec{RelativeExpiry{RelativeExpiry::Kind::week, 1}},
      ExpirySpec{RelativeExpiry{RelativeExpiry::Kind::month, 0}},
      ExpirySpec{sys_days{2025y / November / 18}}};
  EXPECT_EQ(r.value(), expected);
  EXPECT_TRUE(parse_expiry_params({}).value().empty());
  // '+' decoded as a space from an unencoded URL.
  EXPECT_EQ(parse_expiry_params(one("expiry", "NWeek 0")).value(),
            (std::vector<ExpirySpec>{RelativeExpiry{RelativeExpiry::Kind::week, 0}}));
}

TEST(ExpiryParams, InvalidItemIsRejected) {
  for (const char* bad : {"2025-13-01", "NWeek-1", "soon", "2025-11-04,", ""}) {
    const auto r = parse_expiry_params(one("expiry", bad));
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().detail.find("accepted YYYY-MM-DD"), std::string::npos);
  }
  QueryParams many;
  for (int i = 0; i < 11; ++i) many.add("expiry", "NWeek+" + std::to_string(i));
  EXPECT_FALSE(parse_expiry_params(many));
}

TEST(QueryParams, LastValueWinsAndQuotesAreSafe) {
  QueryParams params{{"indicator", "iv"}, {"indicator", "oi"}};
  EXPECT_EQ(params.last("indicator"), "oi");
  EXPECT_EQ(params.last("missing"), std::nullopt);
  EXPECT_EQ(quote_value("a\x01\xff"),
            "'a?"
            "?'");
  EXPECT_EQ(quote_value(std::string(70, 'x')), "'" + std::string(64, 'x') + "...'");
}
