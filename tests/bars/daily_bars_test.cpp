// Daily bars from end-of-day records: one 1-minute bar per strike at 15:30 IST, each side observed
// then; volume = contracts x the contract's lot (two lots in one day); OI, OI change, premium as
// given; an untraded side has no premium; IV from the settlement price under each convention,
// against Black-Scholes / Black-76 written here.
#include <gtest/gtest.h>

#include <cmath>

#include "bars/daily_bars.h"

using namespace strikeline;

namespace {

Date eod_day(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

double normal_cdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// Black-Scholes on the spot with rate r and no dividend.
double bs_call(double spot, double strike, double years, double sigma, double r) {
  const double s = sigma * std::sqrt(years);
  const double d1 = (std::log(spot / strike) + (r + 0.5 * sigma * sigma) * years) / s;
  return spot * normal_cdf(d1) - strike * std::exp(-r * years) * normal_cdf(d1 - s);
}

EndOfDayRecord eod_option(Date day, Expiry expiry, std::int64_t strike, Side side,
                          std::int64_t lot) {
  EndOfDayRecord r;
  r.day = day;
  r.symbol = "NIFTY";
  r.expiry = expiry;
  r.strike = strike_rupees(strike);
  r.side = side;
  r.lot = lot;
  return r;
}

}  // namespace

TEST(DailyBars, OneBarPerStrikeAtTheCloseWithUnitsFromEachContractsLot) {
  const Date day = eod_day(2025, 1, 3);
  const Expiry jan = eod_day(2025, 1, 30), mar = eod_day(2025, 3, 27);
  EndOfDayRecord call = eod_option(day, jan, 24000, Side::call, 25);
  call.open = 250;
  call.high = 271.2;
  call.low = 198.4;
  call.close = 220.35;
  call.settle = 220.35;
  call.oi = 5443125;
  call.oi_change = 812400;
  call.volume_contracts = 92831;
  call.underlying = 24004.75;
  EndOfDayRecord put = eod_option(day, jan, 24000, Side::put, 25);
  put.close = 180;  // untraded: no open/high/low, the previous close repeated
  put.settle = 181.5;
  put.oi = 1000;
  EndOfDayRecord later = eod_option(day, mar, 24000, Side::call, 75);
  later.close = later.open = later.high = later.low = 900;
  later.volume_contracts = 4;
  later.oi = 7500;
  const EndOfDayRecord records[] = {later, put, call};
  DailyBars out = build_daily_bars(records, {});
  ASSERT_EQ(out.bars.size(), 2u);
  const StrikeBar& b = out.bars[0];
  const UtcSeconds close = strikeline::utc_seconds(1735898400);  // 2025-01-03 10:00 UTC = 15:30 IST
  EXPECT_EQ(daily_bar_time(day), close);
  EXPECT_EQ(b.key, (BarKey{"NIFTY", jan, strike_rupees(24000), Timeframe::m1, close}));
  EXPECT_EQ(b.underlying_close, 24004.75);
  EXPECT_EQ(b.call.volume, 92831 * 25);
  EXPECT_EQ(b.call.oi, 5443125);
  EXPECT_EQ(b.call.oi_change, 812400);
  EXPECT_TRUE(b.call.has_premium);
  EXPECT_EQ(b.call.open, 250);
  EXPECT_EQ(b.call.close, 220.35);
  EXPECT_EQ(b.call.observed_at, close);
  EXPECT_EQ(b.put.volume, 0);
  EXPECT_FALSE(b.put.has_premium);
  EXPECT_EQ(b.put.oi, 1000);
  EXPECT_EQ(out.bars[1].key.expiry, mar);
  EXPECT_EQ(out.bars[1].call.volume, 4 * 75);
  EXPECT_EQ(out.stats.options, 3u);
}

TEST(DailyBars, NseConventionIsBlackScholesOnSpotWithWholeDays) {
  const Date day = eod_day(2025, 1, 3);
  const Expiry expiry = eod_day(2025, 1, 9);  // 6 calendar days
  for (double sigma : {0.12, 0.2, 0.45}) {
    EndOfDayRecord r = eod_option(day, expiry, 24000, Side::call, 75);
    r.underlying = 24004.75;
    r.settle = bs_call(24004.75, 24000, 6.0 / 365.0, sigma, 0.10);
    r.oi = 75;
    const EndOfDayRecord records[] = {r};
    DailyBarOptions options;
    options.convention = IvConvention::nse;
    DailyBars out = build_daily_bars(records, options);
    ASSERT_EQ(out.bars.size(), 1u);
    ASSERT_TRUE(out.bars[0].call.has_analytics());
    EXPECT_NEAR(out.bars[0].call.iv, 100 * sigma, 1e-9);
    // On the expiry day NSE's convention still counts one day.
    EndOfDayRecord expiry_day = r;
    expiry_day.day = expiry;
    expiry_day.settle = bs_call(24004.75, 24000, 1.0 / 365.0, sigma, 0.10);
    const EndOfDayRecord expiring[] = {expiry_day};
    DailyBars on_expiry = build_daily_bars(expiring, options);
    EXPECT_NEAR(on_expiry.bars[0].call.iv, 100 * sigma, 1e-9);
    // The strikeline convention has no time left at 15:30 on the expiry day.
    EXPECT_FALSE(build_daily_bars(expiring, {}).bars[0].call.has_analytics());
  }
}

TEST(DailyBars, WithoutASpotTheFutureIsTheForwardAndTheUnderlying) {
  const Date day = eod_day(2020, 1, 2);
  const Expiry expiry = eod_day(2020, 1, 30);
  EndOfDayRecord future;
  future.day = day;
  future.symbol = "NIFTY";
  future.future = true;
  future.expiry = expiry;
  future.close = 12310.4;
  future.settle = 12312;
  EndOfDayRecord call = eod_option(day, expiry, 12200, Side::call, 75);
  call.lot.reset();
  call.settle = 200;
  call.volume_contracts = 10;
  const EndOfDayRecord records[] = {call, future};
  DailyBars out = build_daily_bars(records, {});
  ASSERT_EQ(out.bars.size(), 1u);
  EXPECT_EQ(out.bars[0].underlying_close, 12312);
  EXPECT_EQ(out.stats.underlying_from_future, 1u);
  EXPECT_EQ(out.stats.volume_without_lot, 1u);  // no lot known: volume not stored
  EXPECT_EQ(out.bars[0].call.volume, 0);
  // Black-76 on the future's settlement, 28 days, r = 10 %.
  const double years = 28.0 / 365.0;
  const double sigma = out.bars[0].call.iv / 100;
  const double s = sigma * std::sqrt(years);
  const double d1 = (std::log(12312.0 / 12200.0) + 0.5 * s * s) / s;
  const double price =
      std::exp(-0.10 * years) * (12312.0 * normal_cdf(d1) - 12200.0 * normal_cdf(d1 - s));
  EXPECT_NEAR(price, 200.0, 1e-8);
  ASSERT_EQ(out.futures.size(), 1u);
  EXPECT_EQ(out.futures[0].settle, 12312);
}

// A bhavcopy's futures rows become the futures' daily bars (bars/daily_bars.h future_day_bar):
// the 15:30 IST bar observed then, OHLC only for a future that traded (high/low widened to hold
// open and close), settlement, volume = contracts x lot (units), OI and its change as the file
// says, the day's spot.
TEST(DailyBars, FuturesRowsBecomeTheFuturesDailyBars) {
  const Date day = eod_day(2025, 12, 24);
  EndOfDayRecord near;
  near.day = day;
  near.symbol = "NIFTY";
  near.future = true;
  near.expiry = eod_day(2025, 12, 30);
  near.open = 26010;
  near.high = 26080.5;
  near.low = 25990;
  near.close = 26100;  // above the file's high: the bar's high holds it
  near.settle = 26050.25;
  near.oi = 15'000'000;
  near.oi_change = -120'000;
  near.volume_contracts = 4'000;
  near.lot = 75;
  near.underlying = 25980.5;
  EndOfDayRecord far = near;
  far.expiry = eod_day(2026, 2, 24);
  far.open = far.high = far.low = 0;
  far.close = 26300;
  far.volume_contracts = 0;  // not traded that day
  far.oi = 90'000;
  far.oi_change.reset();
  const EndOfDayRecord records[] = {near, far};
  DailyBars out = build_daily_bars(records, {});
  ASSERT_EQ(out.futures.size(), 2u);

  FutureBar expected;
  expected.key = FutureBarKey{"NIFTY", near.expiry, daily_bar_time(day)};
  expected.has_price = true;
  expected.open = 26010;
  expected.high = 26100;
  expected.low = 25990;
  expected.close = 26100;
  expected.settle = 26050.25;
  expected.volume = 4'000 * 75;
  expected.oi = 15'000'000;
  expected.oi_change = -120'000;
  expected.underlying = 25980.5;
  expected.observed_at = daily_bar_time(day);
  expected.count = 1;
  EXPECT_EQ(future_day_bar(out.futures[0]), expected);
  EXPECT_EQ(daily_bar_time(day),
            ist_time_on(day, std::chrono::hours{15} + std::chrono::minutes{30}));

  const FutureBar untraded = future_day_bar(out.futures[1]);
  EXPECT_FALSE(untraded.has_price);
  EXPECT_EQ(untraded.volume, 0);
  EXPECT_EQ(untraded.oi, 90'000);
  EXPECT_FALSE(untraded.oi_change);
  EXPECT_FALSE(future_bar_problem(untraded));
}

// A daily bar is told apart from minute data (minute data takes precedence over it): every bar
// build_daily_bars makes is one; a bar of another minute, a side seen twice or observed after
// 15:30:00, and a bar without a side are not.
TEST(DailyBars, DailyBarsAreToldFromMinuteBars) {
  const Date day = eod_day(2025, 1, 3);
  EndOfDayRecord call = eod_option(day, eod_day(2025, 1, 30), 24000, Side::call, 25);
  call.close = 220.35;
  call.settle = 220.35;
  call.oi = 1000;
  call.volume_contracts = 4;
  call.underlying = 24004.75;
  const DailyBars daily = build_daily_bars(std::vector{call}, {});
  ASSERT_EQ(daily.bars.size(), 1u);
  const StrikeBar& bar = daily.bars[0];
  EXPECT_TRUE(is_daily_bar(bar));
  StrikeBar earlier = bar;
  earlier.key.bucket -= std::chrono::minutes{1};
  earlier.call.observed_at = earlier.key.bucket;
  EXPECT_FALSE(is_daily_bar(earlier));
  StrikeBar twice = bar;
  twice.call.count = 2;
  EXPECT_FALSE(is_daily_bar(twice));
  StrikeBar later = bar;
  later.call.observed_at = bar.key.bucket + std::chrono::seconds{1};
  EXPECT_FALSE(is_daily_bar(later));
  StrikeBar none = bar;
  none.call = SideBar{};
  EXPECT_FALSE(is_daily_bar(none));
}
