#include "query/atm.h"

#include <gtest/gtest.h>

#include <vector>

#include <cmath>
#include <tuple>
#include "query/max_pain.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace std::chrono;

namespace {

ChainState chain(std::initializer_list<std::int64_t> strikes, std::optional<double> underlying) {
  ChainState state;
  for (std::int64_t k : strikes) {
    StrikeState s;
    s.strike = strike_rupees(k);
    state.strikes.push_back(s);
  }
  state.underlying = underlying;
  return state;
}

std::vector<StrikeState> oi_chain(
    std::initializer_list<std::tuple<std::int64_t, std::int64_t, std::int64_t>> rows) {
  std::vector<StrikeState> out;
  for (const auto& [strike, call_oi, put_oi] : rows) {
    StrikeState s;
    s.strike = strike_rupees(strike);
    s.call.oi = call_oi;
    s.put.oi = put_oi;
    out.push_back(s);
  }
  return out;
}

std::optional<double> atm_of(const ChainState& state) {
  auto i = atm_index(state);
  if (!i) return std::nullopt;
  return state.strikes[*i].strike.to_double();
}

}  // namespace

TEST(Atm, TheListedStrikeNearestTheUnderlying) {
  EXPECT_EQ(atm_of(chain({24300, 24350, 24400, 24450}, 24374.0)), 24350.0);
  EXPECT_EQ(atm_of(chain({24300, 24350, 24400, 24450}, 24426.0)), 24450.0);
  // Only listed strikes count: 24350 is not listed, 24400 is nearer than 24300.
  EXPECT_EQ(atm_of(chain({24300, 24400}, 24360.0)), 24400.0);
  // Beyond either end: the end.
  EXPECT_EQ(atm_of(chain({24300, 24400}, 30000.0)), 24400.0);
  EXPECT_EQ(atm_of(chain({24300, 24400}, 10.0)), 24300.0);
}

TEST(Atm, TiesGoToTheLowerStrike) {
  EXPECT_EQ(atm_of(chain({24300, 24350, 24400, 24450}, 24375.0)), 24350.0);
  EXPECT_EQ(atm_of(chain({24300, 24400}, 24350.0)), 24300.0);
  // A long-dated chain 500 apart: 24250 is halfway between 24000 and 24500.
  EXPECT_EQ(atm_of(chain({23500, 24000, 24500, 25000}, 24250.0)), 24000.0);
}

TEST(Atm, NothingWithoutStrikesOrAUsableUnderlying) {
  EXPECT_FALSE(atm_of(chain({}, 24350.0)));
  EXPECT_FALSE(atm_of(chain({24300}, std::nullopt)));
  EXPECT_FALSE(atm_of(chain({24300}, -1.0)));
  EXPECT_FALSE(atm_of(chain({24300}, std::nan(""))));
}

TEST(Atm, StrikesAroundCountPositions) {
  const StrikeSpan middle = strikes_around(5, 11, 2);
  EXPECT_EQ(middle.first, 3u);
  EXPECT_EQ(middle.last, 8u);
  const StrikeSpan edge = strikes_around(1, 11, 3);
  EXPECT_EQ(edge.first, 0u);
  EXPECT_EQ(edge.last, 5u);
  const StrikeSpan top = strikes_around(10, 11, 3);
  EXPECT_EQ(top.first, 7u);
  EXPECT_EQ(top.last, 11u);
}

TEST(MaxPain, MinimisesTheIntrinsicValuePaid) {
  // call OI 10/20/5 and put OI 5/10/40 at 100/110/120.
  // P=100: puts 10*10 + 40*20 = 900.  P=110: calls 10*10 = 100, puts 40*10 = 400 -> 500.
  // P=120: calls 10*20 + 20*10 = 400 -> 400.  Minimum at 120.
  const auto bars = oi_chain({{100, 10, 5}, {110, 20, 10}, {120, 5, 40}});
  EXPECT_EQ(max_pain(bars), strike_rupees(120));
}

TEST(MaxPain, TiesGoToTheLowerStrike) {
  // put OI at 120 is 30: P=100 -> 700, P=110 -> 100 + 300 = 400, P=120 -> 400.
  const auto bars = oi_chain({{100, 10, 5}, {110, 20, 10}, {120, 5, 30}});
  EXPECT_EQ(max_pain(bars), strike_rupees(110));
}

TEST(MaxPain, CallsAndPutsWeighTheRightWay) {
  // Out-of-the-money OI only (calls at 120, puts at 100) plus one call at 100:
  // P=100 pays 0; P=110 pays the call at 100: 1*10 = 10; P=120 pays 1*20 = 20 -> 100.
  // With calls and puts swapped the answer would be 120 (20000 / 16000 / 12000).
  const auto bars = oi_chain({{100, 1, 600}, {110, 0, 0}, {120, 1000, 0}});
  EXPECT_EQ(max_pain(bars), strike_rupees(100));
}

TEST(MaxPain, MissingOrNegativeOiCountsAsZero) {
  auto bars = oi_chain({{100, 10, 5}, {110, 20, 10}, {120, 5, 40}, {130, -500, 0}});
  bars.back().put.oi.reset();
  // As in MinimisesTheIntrinsicValuePaid, plus P=130: calls 10*30 + 20*20 + 5*10 = 750 -> 120.
  EXPECT_EQ(max_pain(bars), strike_rupees(120));
}

TEST(MaxPain, NoOiNoAnswer) {
  EXPECT_FALSE(max_pain({}));
  const auto bars = oi_chain({{100, 0, 0}, {110, 0, 0}});
  EXPECT_FALSE(max_pain(bars));
}
