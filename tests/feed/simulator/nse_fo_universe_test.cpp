#include "feed/simulator/nse_fo_universe.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "core/symbol.h"
#include "feed/simulator/market_simulator.h"

using namespace strikeline;
using namespace strikeline::sim;
using namespace std::chrono;

namespace {

// Monday 2026-03-02; the March monthly (Tuesday 31) is made a holiday, so it settles on Monday 30.
const Date kDay = sys_days{2026y / March / 2};
const SessionCalendar kCalendar{{sys_days{2026y / March / 31}}};

SimulatorConfig nse_fo(std::uint64_t seed) {
  SimulatorConfig c;
  c.seed = seed;
  c.around_the_clock = false;
  c.calendar = kCalendar;
  use_nse_fo_universe(c);
  c.option_tick_interval = default_option_tick_interval(SimulatedUniverse::nse_fo);
  return c;
}

// The test's own reading of the rules (README.md, "The whole market").
double expected_step_rupees(double price) {
  if (price <= 250) return 1;
  if (price <= 500) return 5;
  if (price <= 1000) return 10;
  if (price <= 2500) return 20;
  if (price <= 5000) return 50;
  if (price <= 20000) return 100;
  if (price <= 40000) return 250;
  return 500;
}

// The smallest multiple of 25 worth Rs 5 lakh, unless that is worth above Rs 10 lakh: then the
// smallest multiple of 5 (at least 10) worth Rs 5 lakh.
int expected_lot(double price) {
  int lot = 25;
  while (lot * price < 500000) lot += 25;
  if (lot * price <= 1000000) return lot;
  lot = 10;
  while (lot * price < 500000) lot += 5;
  return lot;
}

// The last Tuesday of each month from kDay's, moved back over weekends and holidays, not yet
// expired at `now`: the first three.
std::vector<Expiry> expected_monthlies(Timestamp now) {
  std::vector<Expiry> out;
  year_month_day ymd{kDay};
  for (year_month m{ymd.year(), ymd.month()}; out.size() < 3; m += months{1}) {
    Date d = sys_days{(m + months{1}) / day{1}} - days{1};  // the month's last day
    while (weekday{d} != Tuesday) d -= days{1};
    while (weekday{d} == Saturday || weekday{d} == Sunday || d == sys_days{2026y / March / 31})
      d -= days{1};
    if (Timestamp{ist_time_on(d, 15h + 30min)} > now) out.push_back(d);
  }
  return out;
}

// Every event of the first seconds of the session, as text.
std::string first_seconds(std::uint64_t seed, seconds length) {
  MarketSimulator market(nse_fo(seed));
  const Timestamp open{kCalendar.session_open(kDay)};
  std::ostringstream text;
  std::size_t options = 0;
  market.run(open, open + length, [&](const MarketEvent& e) {
    std::visit(
        [&](const auto& x) {
          text << x.ts.time_since_epoch().count() << ' ' << x.symbol << ' ';
          if constexpr (std::is_same_v<std::decay_t<decltype(x)>, OptionTick>) {
            ++options;
            text << x.expiry.time_since_epoch().count() << ' ' << x.strike.hundredths() << ' '
                 << static_cast<int>(x.side) << ' ' << x.price.value_or(-1) << ' '
                 << x.oi.value_or(-1);
          } else {
            text << x.price;
          }
          text << '\n';
        },
        e);
  });
  EXPECT_GT(options, 1000u) << "the open trades across the market";
  return text.str();
}

}  // namespace

TEST(NseFoUniverse, DeterministicForASeed) {
  const auto a = nse_fo_symbols(42), b = nse_fo_symbols(42), c = nse_fo_symbols(43);
  ASSERT_EQ(a.size(), 5u + 214u);
  ASSERT_EQ(a.size(), c.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].symbol, b[i].symbol);
    EXPECT_EQ(a[i].reference_spot, b[i].reference_spot);
    EXPECT_EQ(a[i].lot_size, b[i].lot_size);
    EXPECT_EQ(a[i].strike_step, b[i].strike_step);
    if (a[i].reference_spot != c[i].reference_spot) ++differing;
  }
  EXPECT_GT(differing, 200u) << "another seed prices the stocks differently";

  const std::string first = first_seconds(42, 3s);
  EXPECT_EQ(first, first_seconds(42, 3s));
  EXPECT_NE(first, first_seconds(43, 3s));
}

TEST(NseFoUniverse, EveryUnderlyingHasItsBandsGridLotAndExpiries) {
  const SimulatorConfig config = nse_fo(42);
  MarketSimulator market(config);
  const Timestamp open{kCalendar.session_open(kDay)};
  market.run(open, open, [](const MarketEvent&) {});  // lists the session's first chains
  // (symbol, expiry, side) -> strikes listed
  std::map<std::tuple<std::string, Expiry, Side>, std::set<std::int64_t>> listed;
  for (const auto& o : market.listed_options())
    listed[{o.symbol, o.expiry, o.side}].insert(o.strike.hundredths());

  std::set<std::string> names;
  double lowest = 1e9, highest = 0;
  std::size_t stocks = 0;
  const std::vector<Expiry> monthlies = expected_monthlies(open);
  ASSERT_EQ(monthlies.front(), sys_days{2026y / March / 30});
  for (const SimulatedSymbol& s : config.symbols) {
    SCOPED_TRACE(s.symbol);
    EXPECT_TRUE(names.insert(s.symbol).second) << "listed once";
    EXPECT_EQ(canonical_symbol(s.symbol), s.symbol) << "a symbol the server accepts";
    if (underlying_kind(s.symbol) == UnderlyingKind::index) {
      // The indices keep the project's exchange defaults.
      const auto spec = default_contract_spec(s.symbol);
      ASSERT_TRUE(spec);
      EXPECT_EQ(s.strike_step, spec->strike_step);
      EXPECT_EQ(s.lot_size, spec->lot_size);
      continue;
    }
    ++stocks;
    lowest = std::min(lowest, s.reference_spot);
    highest = std::max(highest, s.reference_spot);
    const std::int64_t step =
        static_cast<std::int64_t>(expected_step_rupees(s.reference_spot) * 100);
    EXPECT_EQ(s.strike_step.hundredths(), step) << "at Rs " << s.reference_spot;
    EXPECT_EQ(s.lot_size, expected_lot(s.reference_spot)) << "at Rs " << s.reference_spot;
    const double spot = *market.spot(s.symbol);
    std::set<Expiry> expiries;
    for (const auto& [key, strikes] : listed) {
      if (std::get<0>(key) != s.symbol) continue;
      expiries.insert(std::get<1>(key));
      // ATM +- 11 steps, the ATM the step nearest spot, strikes above zero.
      const std::int64_t atm = std::llround(spot * 100.0 / static_cast<double>(step)) * step;
      std::set<std::int64_t> expected;
      for (int k = -11; k <= 11; ++k) {
        if (atm + k * step > 0) expected.insert(atm + k * step);
      }
      EXPECT_EQ(strikes, expected) << "at spot " << spot;
    }
    EXPECT_EQ(std::vector<Expiry>(expiries.begin(), expiries.end()), monthlies);
  }
  EXPECT_EQ(stocks, 214u);
  EXPECT_LT(lowest, 10.0);
  EXPECT_GT(highest, 30000.0);
}
