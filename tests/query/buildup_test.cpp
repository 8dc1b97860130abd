// OI build-up on hand-computable ticks: each class, the neutral threshold (share of the OI, no
// change, an unchanged price), unknown sides, the movers' order and cut, the default interval (the
// bucket ending at the moment), `since`, the series against the moment, the future's class (its
// price carried, neutral, unknown and absent ends), and the parameters' 400s.
#include "query/buildup.h"

#include <gtest/gtest.h>

#include "fixtures/bar_builder.h"
#include "fixtures/in_memory_chain.h"
#include "query/request_normalisation.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace std::chrono;

namespace buildup_test {

const Expiry kExpiry = sys_days{2025y / November / 4};
const UtcSeconds kOpen = ist_time_on(sys_days{2025y / November / 3}, hours{10});  // 10:00 IST
const UtcSeconds kLater = kOpen + minutes{5};                                     // 10:05 IST

struct SideSpec {
  std::int64_t oi;
  double price;
};

// One side at 10:00 and at 10:05 (a 1-minute bar each, observed at the minute's end).
struct Move {
  std::int64_t strike;
  std::optional<SideSpec> call_then, call_now, put_then, put_now;
};

// Each row's expected class is in the comment; OI change and its share of the OI at 10:00:
const Move kMoves[] = {
    // call: price 100 -> 110, OI 1000 -> 1200 (+200, 20 %): long build-up
    // put:  price 20 -> 25,   OI 500 -> 800   (+300, 60 %): long build-up
    {24200, SideSpec{1000, 100}, SideSpec{1200, 110}, SideSpec{500, 20}, SideSpec{800, 25}},
    // call: price 80 -> 70, OI 1000 -> 1500 (+500): short build-up
    // put:  price 30 -> 35, OI 600 -> 700 (+100, 16.7 %): long build-up
    {24250, SideSpec{1000, 80}, SideSpec{1500, 70}, SideSpec{600, 30}, SideSpec{700, 35}},
    // call: price 50 -> 60, OI 2000 -> 1700 (-300): short covering
    // put:  price 40 -> 45, OI 700 -> 1000 (+300): long build-up (ties 24200's +300)
    {24300, SideSpec{2000, 50}, SideSpec{1700, 60}, SideSpec{700, 40}, SideSpec{1000, 45}},
    // call: price 30 -> 20, OI 1000 -> 900 (-100): long unwinding
    // put:  first traded at 10:05 (no OI at the start): unknown
    {24350, SideSpec{1000, 30}, SideSpec{900, 20}, std::nullopt, SideSpec{400, 70}},
    // call: price 15 -> 16, OI 10000 -> 10050 (+50, 0.5 % < 1 %): neutral
    // put:  price 60 -> 60, OI 100 -> 200 (+100 but price unchanged): neutral
    {24400, SideSpec{10000, 15}, SideSpec{10050, 16}, SideSpec{100, 60}, SideSpec{200, 60}},
    // call: price 10 -> 9, OI 3000 -> 3000: neutral (no OI change)
    // put:  price 90 -> 80, OI 800 -> 400 (-400, -50 %): long unwinding
    {24450, SideSpec{3000, 10}, SideSpec{3000, 9}, SideSpec{800, 90}, SideSpec{400, 80}},
};

SideBar side_of(const SideSpec& s) {
  return with_oi(with_premium({}, s.price, s.price, s.price, s.price), s.oi);
}

// The expiry's future: 10:00 price 24400, OI 10 lakh; 10:05 price 24450, OI 10.5 lakh (+50000,
// +5 %); 10:10 no trade (the price carries 24450), OI 10.2 lakh. Each observed at its minute's end.
struct FutureSpec {
  UtcSeconds bucket;
  std::optional<double> price;
  std::int64_t oi;
};
const FutureSpec kFuture[] = {{kOpen, 24400.0, 1000000},
                              {kLater, 24450.0, 1050000},
                              {kLater + minutes{5}, std::nullopt, 1020000}};

FutureBar future_bar(const FutureSpec& f) {
  FutureBar bar;
  bar.key = {"NIFTY", kExpiry, f.bucket};
  if (f.price) {
    bar.open = bar.high = bar.low = bar.close = *f.price;
    bar.has_price = true;
    bar.volume = 750;
  }
  bar.oi = f.oi;
  bar.count = 1;
  return bar;
}

std::shared_ptr<InMemoryChain> market() {
  auto chain = std::make_shared<InMemoryChain>();
  for (const FutureSpec& f : kFuture) chain->add_future(future_bar(f));
  for (const Move& m : kMoves) {
    StrikeBar then = bar_at("NIFTY", kExpiry, m.strike, Timeframe::m1, kOpen, 24310.0);
    if (m.call_then) then.call = side_of(*m.call_then);
    if (m.put_then) then.put = side_of(*m.put_then);
    chain->add(then);
    StrikeBar now = bar_at("NIFTY", kExpiry, m.strike, Timeframe::m1, kLater, 24330.0);
    if (m.call_now) now.call = side_of(*m.call_now);
    if (m.put_now) now.put = side_of(*m.put_now);
    chain->add(now);
  }
  return chain;
}

BuildupRequest request_at(UtcSeconds since, UtcSeconds as_of) {
  BuildupRequest r;
  r.symbol = "NIFTY";
  r.expiry = kExpiry;
  r.since = since;
  r.as_of = as_of;
  return r;
}

int count(const BuildupSideSummary& s, BuildupClass c) {
  return s.counts[static_cast<std::size_t>(c)];
}

const std::vector<BuildupMover>& movers(const BuildupSideSummary& s, BuildupClass c) {
  return s.movers[static_cast<std::size_t>(c)];
}

std::vector<std::int64_t> strikes_of(const std::vector<BuildupMover>& movers) {
  std::vector<std::int64_t> out;
  for (const BuildupMover& m : movers)
    out.push_back(static_cast<std::int64_t>(m.strike.to_double()));
  return out;
}

TEST(Buildup, ClassifiesEachMove) {
  using C = BuildupClass;
  const auto move = [](std::int64_t oi0, std::int64_t oi1, double p0, double p1) {
    SideState a, b;
    a.oi = oi0;
    a.last_price = p0;
    b.oi = oi1;
    b.last_price = p1;
    return *buildup_move(a, b);
  };
  EXPECT_EQ(classify_buildup(move(1000, 1100, 10, 11), 1), C::long_buildup);
  EXPECT_EQ(classify_buildup(move(1000, 1100, 10, 9), 1), C::short_buildup);
  EXPECT_EQ(classify_buildup(move(1000, 900, 10, 11), 1), C::short_covering);
  EXPECT_EQ(classify_buildup(move(1000, 900, 10, 9), 1), C::long_unwinding);
  // The threshold: below p % of the OI at the start is neutral, at it is not.
  EXPECT_EQ(classify_buildup(move(1000, 1009, 10, 11), 1), C::neutral);
  EXPECT_EQ(classify_buildup(move(1000, 1010, 10, 11), 1), C::long_buildup);
  EXPECT_EQ(classify_buildup(move(1000, 991, 10, 9), 1), C::neutral);
  EXPECT_EQ(classify_buildup(move(1000, 990, 10, 9), 1), C::long_unwinding);
  EXPECT_EQ(classify_buildup(move(1000, 1009, 10, 11), 0), C::long_buildup);
  EXPECT_EQ(classify_buildup(move(1000, 1400, 10, 11), 50), C::neutral);
  // No OI change, or no price change: neutral whatever the threshold.
  EXPECT_EQ(classify_buildup(move(1000, 1000, 10, 11), 0), C::neutral);
  EXPECT_EQ(classify_buildup(move(1000, 2000, 10, 10), 0), C::neutral);
  // From no OI at all: any increase is a move (no share to be below).
  EXPECT_EQ(classify_buildup(move(0, 75, 10, 11), 1), C::long_buildup);
  EXPECT_EQ(move(0, 75, 10, 11).oi_change_pct, std::nullopt);
  EXPECT_DOUBLE_EQ(*move(1000, 1100, 10, 11).oi_change_pct, 10.0);
  // Missing OI or price at an end: no move.
  SideState priced;
  priced.last_price = 10;
  SideState full = priced;
  full.oi = 100;
  EXPECT_FALSE(buildup_move(priced, full));
  EXPECT_FALSE(buildup_move(full, priced));
  EXPECT_TRUE(buildup_move(full, full));
}

TEST(Buildup, CountsMoversAndRowsOverTheInterval) {
  const auto chain = market();
  BuildupRequest r = request_at(kLater, kLater + minutes{2});
  const Buildup b = buildup(*chain, ContractSpecs{}, r);
  using C = BuildupClass;
  EXPECT_EQ(b.expiry, kExpiry);
  EXPECT_EQ(b.listed_strikes, 6u);
  ASSERT_EQ(b.rows.size(), 6u);
  EXPECT_EQ(b.spot, 24330.0);
  EXPECT_EQ(b.spot_at_since, 24310.0);
  EXPECT_EQ(b.atm_strike, strike_rupees(24350));  // 24330: 24350 is 20 away, 24300 30

  // Calls: one of each directional class, two neutral (threshold, no OI change).
  EXPECT_EQ(count(b.calls, C::long_buildup), 1);
  EXPECT_EQ(count(b.calls, C::short_buildup), 1);
  EXPECT_EQ(count(b.calls, C::short_covering), 1);
  EXPECT_EQ(count(b.calls, C::long_unwinding), 1);
  EXPECT_EQ(count(b.calls, C::neutral), 2);
  EXPECT_EQ(b.calls.unknown, 0);
  EXPECT_EQ(b.calls.oi_change, 200 + 500 - 300 - 100 + 50 + 0);
  // Puts: three long build-ups, a long unwinding, one neutral (price unchanged), one unknown.
  EXPECT_EQ(count(b.puts, C::long_buildup), 3);
  EXPECT_EQ(count(b.puts, C::short_buildup), 0);
  EXPECT_EQ(count(b.puts, C::short_covering), 0);
  EXPECT_EQ(count(b.puts, C::long_unwinding), 1);
  EXPECT_EQ(count(b.puts, C::neutral), 1);
  EXPECT_EQ(b.puts.unknown, 1);
  EXPECT_EQ(b.puts.oi_change, 300 + 100 + 300 + 100 - 400);

  // Movers by |OI change|, ties to the lower strike: 24200 and 24300 (+300 each), then 24250.
  EXPECT_EQ(strikes_of(movers(b.puts, C::long_buildup)),
            (std::vector<std::int64_t>{24200, 24300, 24250}));
  EXPECT_TRUE(movers(b.puts, C::short_buildup).empty());
  const BuildupMover& top = movers(b.calls, C::short_buildup).front();
  EXPECT_EQ(top.strike, strike_rupees(24250));
  EXPECT_EQ(top.move.oi, 1500);
  EXPECT_EQ(top.move.oi_change, 500);
  EXPECT_DOUBLE_EQ(*top.move.oi_change_pct, 50.0);
  EXPECT_EQ(top.move.price, 70.0);
  EXPECT_EQ(top.move.price_change, -10.0);
  EXPECT_EQ(strikes_of(movers(b.puts, C::long_unwinding)), (std::vector<std::int64_t>{24450}));
  EXPECT_EQ(movers(b.puts, C::long_unwinding).front().move.oi_change, -400);

  // Rows: each side's class (the comments of kMoves), unknown without a start.
  const C calls[] = {C::long_buildup,   C::short_buildup, C::short_covering,
                     C::long_unwinding, C::neutral,       C::neutral};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(b.rows[i].strike, strike_rupees(kMoves[i].strike));
    EXPECT_EQ(b.rows[i].call.cls, calls[i]) << kMoves[i].strike;
  }
  EXPECT_EQ(b.rows[3].put.cls, std::nullopt);
  EXPECT_FALSE(b.rows[3].put.move);
  EXPECT_EQ(b.rows[4].put.cls, C::neutral);

  // At most `movers` per class; a looser threshold; a narrower range.
  r.movers = 2;
  r.neutral_oi_pct = 0.4;
  const Buildup cut = buildup(*chain, ContractSpecs{}, r);
  EXPECT_EQ(strikes_of(movers(cut.puts, C::long_buildup)),
            (std::vector<std::int64_t>{24200, 24300}));
  EXPECT_EQ(cut.rows[4].call.cls, C::long_buildup);  // +50 on 10000 is 0.5 % >= 0.4 %
  EXPECT_EQ(count(cut.calls, C::long_buildup), 2);
  r.strike_range = 1;  // ATM 24350 +- 1: 24300..24400
  const Buildup narrow = buildup(*chain, ContractSpecs{}, r);
  ASSERT_EQ(narrow.rows.size(), 3u);
  EXPECT_EQ(narrow.rows.front().strike, strike_rupees(24300));
  EXPECT_EQ(count(narrow.puts, C::long_buildup), 1);
  EXPECT_EQ(narrow.puts.unknown, 1);
}

TEST(Buildup, BeforeAnythingChangedEveryMoveIsNeutral) {
  // Both ends before the 10:05 minute was observed (10:06): nothing moved.
  const auto chain = market();
  const Buildup b = buildup(*chain, ContractSpecs{}, request_at(kOpen + minutes{2}, kLater));
  EXPECT_EQ(count(b.calls, BuildupClass::neutral), 6);
  EXPECT_EQ(count(b.puts, BuildupClass::neutral), 5);
  EXPECT_EQ(b.puts.unknown, 1);  // 24350's put is not listed yet at either end
  EXPECT_EQ(b.calls.oi_change, 0);
}

TEST(Buildup, DefaultIntervalIsTheBucketEndingAtTheMoment) {
  const auto chain = market();
  const Timestamp now{kLater + hours{1}};
  const auto at = [&](std::string moment, std::string extra_key = "", std::string extra = "") {
    QueryParams p{{"symbol", "NIFTY"}, {"at", moment}};
    if (!extra_key.empty()) p.add(extra_key, extra);
    return normalise_buildup(p, *chain, now);
  };
  // 10:07: the 5-minute bucket holding it, from 10:05.
  auto r = at(std::to_string(epoch_seconds(kLater + minutes{2})));
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r.value().since, kLater);
  EXPECT_EQ(r.value().expiry, kExpiry);
  EXPECT_FALSE(r.value().series);
  // 10:10 exactly: the bucket ending there, 10:05..10:10.
  r = at(std::to_string(epoch_seconds(kLater + minutes{5})));
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().since, kLater);
  // 15min: 10:00..; since 30m, since 10:00 (IST on the session day), since a moment.
  r = at(std::to_string(epoch_seconds(kLater + minutes{2})), "timeframe", "15min");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().since, kOpen);
  r = at(std::to_string(epoch_seconds(kLater + minutes{2})), "since", "30m");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().since, kLater + minutes{2} - minutes{30});
  r = at(std::to_string(epoch_seconds(kLater + minutes{2})), "since", "10:00");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().since, kOpen);
  // The answer over the default interval of 10:07 is the one above.
  const Buildup b = buildup(*chain, ContractSpecs{},
                            at(std::to_string(epoch_seconds(kLater + minutes{2}))).value());
  EXPECT_EQ(count(b.calls, BuildupClass::short_covering), 1);
  EXPECT_EQ(b.puts.unknown, 1);
}

TEST(Buildup, BadParametersSayWhatIsAccepted) {
  const auto chain = market();
  const Timestamp now{kLater + hours{1}};
  const auto detail = [&](QueryParams p) {
    auto r = normalise_buildup(p, *chain, now);
    EXPECT_FALSE(r);
    return r ? std::string() : r.error().detail;
  };
  EXPECT_NE(detail({{"neutral_oi_pct", "-1"}}).find("0 <= p <= 100"), std::string::npos);
  EXPECT_NE(detail({{"neutral_oi_pct", "abc"}}).find("neutral_oi_pct"), std::string::npos);
  EXPECT_NE(detail({{"neutral_oi_pct", "101"}}).find("neutral_oi_pct"), std::string::npos);
  EXPECT_NE(detail({{"movers", "0"}}).find("1 <= N <= 50"), std::string::npos);
  EXPECT_NE(detail({{"movers", "51"}}).find("movers"), std::string::npos);
  EXPECT_NE(detail({{"at", "1762144200"}, {"from", "1762140000"}}).find("not both"),
            std::string::npos);
  EXPECT_NE(detail({{"from", "1762140000"}, {"since", "30m"}}).find("since"), std::string::npos);
  EXPECT_NE(detail({{"since", "25:00"}}).find("since"), std::string::npos);
  EXPECT_NE(detail({{"at", "2025-11-03 10:00"}, {"since", "11:00"}}).find("after the moment"),
            std::string::npos);
  EXPECT_NE(detail({{"expiry", "2025-11-04,2025-11-11"}}).find("one expiry"), std::string::npos);
  EXPECT_NE(detail({{"strike_range", "0"}}).find("strike_range"), std::string::npos);
  EXPECT_NE(detail({{"timeframe", "7min"}}).find("timeframe"), std::string::npos);
}

TEST(Buildup, SeriesClassifiesEachBucketOverItsOwnInterval) {
  const auto chain = market();
  BuildupRequest r = request_at(kOpen, kLater + minutes{5});
  r.series = true;
  r.window = TimeWindow{kOpen, kLater};
  const BuildupSeries s = buildup_series(*chain, r);
  ASSERT_EQ(s.points.size(), 2u);
  EXPECT_EQ(s.points[0].time, kOpen);
  EXPECT_EQ(s.points[1].time, kLater);
  // The first bucket: nothing was listed at its start.
  EXPECT_EQ(s.points[0].calls.unknown, 6);
  EXPECT_EQ(s.points[0].puts.unknown, 6);
  // The second: the moment's answer over 10:05..10:10.
  const Buildup moment = buildup(*chain, ContractSpecs{}, request_at(kLater, kLater + minutes{5}));
  EXPECT_EQ(s.points[1].calls.counts, moment.calls.counts);
  EXPECT_EQ(s.points[1].puts.counts, moment.puts.counts);
  EXPECT_EQ(s.points[1].puts.unknown, moment.puts.unknown);
  EXPECT_EQ(s.points[1].calls.oi_change, moment.calls.oi_change);
  EXPECT_EQ(s.points[1].underlying, 24330.0);
  EXPECT_TRUE(s.points[1].calls.movers[0].empty());  // a series lists no movers
}

// ---- The future: the same expiry's, over the same interval ----

void expect_future(const std::optional<BuildupSideRow>& f, std::optional<BuildupClass> cls,
                   std::int64_t oi, std::int64_t oi_change, double price, double price_change) {
  ASSERT_TRUE(f);
  EXPECT_EQ(f->cls, cls);
  ASSERT_TRUE(f->move);
  EXPECT_EQ(f->move->oi, oi);
  EXPECT_EQ(f->move->oi_change, oi_change);
  EXPECT_DOUBLE_EQ(*f->move->oi_change_pct,
                   static_cast<double>(oi_change) / static_cast<double>(oi - oi_change) * 100);
  EXPECT_EQ(f->move->price, price);
  EXPECT_EQ(f->move->price_change, price_change);
}

TEST(Buildup, TheFutureIsClassifiedOverTheSameInterval) {
  const auto chain = market();
  using C = BuildupClass;
  // 10:05..10:07: 24400 -> 24450, 10 lakh -> 10.5 lakh: long build-up (+5 % >= 1 %).
  BuildupRequest r = request_at(kLater, kLater + minutes{2});
  Buildup b = buildup(*chain, ContractSpecs{}, r);
  expect_future(b.future, C::long_buildup, 1050000, 50000, 24450, 50);
  // The same move under a 10 % threshold: neutral.
  r.neutral_oi_pct = 10;
  b = buildup(*chain, ContractSpecs{}, r);
  expect_future(b.future, C::neutral, 1050000, 50000, 24450, 50);
  // 10:07..10:12: the 10:10 minute has no trade: the price carries 24450 (unchanged: neutral),
  // OI 10.5 -> 10.2 lakh.
  b = buildup(*chain, ContractSpecs{}, request_at(kLater + minutes{2}, kLater + minutes{7}));
  expect_future(b.future, C::neutral, 1020000, -30000, 24450, 0);
  // 10:03..10:12: 24400 -> 24450 (carried), 10 -> 10.2 lakh: long build-up.
  b = buildup(*chain, ContractSpecs{}, request_at(kOpen + minutes{3}, kLater + minutes{7}));
  expect_future(b.future, C::long_buildup, 1020000, 20000, 24450, 50);
  // 09:30..10:03: nothing of the future at the start: unknown (known at the end, so not null).
  b = buildup(*chain, ContractSpecs{}, request_at(kOpen - minutes{30}, kOpen + minutes{3}));
  ASSERT_TRUE(b.future);
  EXPECT_EQ(b.future->cls, std::nullopt);
  EXPECT_FALSE(b.future->move);
  // Nothing of it by the end (10:00: the first minute is observed at 10:01): null.
  b = buildup(*chain, ContractSpecs{}, request_at(kOpen - minutes{30}, kOpen));
  EXPECT_FALSE(b.future);
  // Another expiry, without a future: null.
  r = request_at(kLater, kLater + minutes{2});
  r.expiry = Expiry{sys_days{2025y / November / 11}};
  EXPECT_FALSE(buildup(*chain, ContractSpecs{}, r).future);
}

TEST(Buildup, SeriesClassifiesTheFuturePerBucket) {
  const auto chain = market();
  BuildupRequest r = request_at(kOpen, kLater + minutes{5});
  r.series = true;
  r.window = TimeWindow{kOpen, kLater};
  const BuildupSeries s = buildup_series(*chain, r);
  ASSERT_EQ(s.points.size(), 2u);
  // 10:00..10:05: nothing of the future at 10:00: unknown.
  ASSERT_TRUE(s.points[0].future);
  EXPECT_EQ(s.points[0].future->cls, std::nullopt);
  // 10:05..10:10 (the 10:10 minute is observed at 10:11): long build-up.
  expect_future(s.points[1].future, BuildupClass::long_buildup, 1050000, 50000, 24450, 50);
  // Over the whole series: unknown (nothing at its start).
  ASSERT_TRUE(s.future);
  EXPECT_FALSE(s.future->move);
  // Until 10:07 inside the second bucket: its interval ends there.
  r.until = kLater + minutes{2};
  const BuildupSeries cut = buildup_series(*chain, r);
  ASSERT_EQ(cut.points.size(), 2u);
  expect_future(cut.points[1].future, BuildupClass::long_buildup, 1050000, 50000, 24450, 50);
  r.until = kLater;  // 10:05: the 10:05 minute not observed yet: unchanged since 10:05, neutral
  const BuildupSeries early = buildup_series(*chain, r);
  ASSERT_EQ(early.points.size(), 2u);
  ASSERT_TRUE(early.points[1].future);
  EXPECT_EQ(early.points[1].future->cls, BuildupClass::neutral);
}

}  // namespace buildup_test
