// Stored IVs say which convention made them (issue 20): the SQLite bar log records the IV
// convention of each contract-day's IVs with its bars (unknown says nothing, two conventions make
// the day mixed), reads it back (also from a file of schema 7, where every day is unknown), and the
// chain store carries it from the catalogue and from every apply, answering an expiry's convention
// over its days up to a date. Expected conventions are worked out here from the writes made.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "store/chain_store.h"
#include "store/sqlite/schema_migrations.h"
#include "store/sqlite/sqlite_bar_repository.h"
#include "store/sqlite/sqlite_connection.h"
#include "store_fixtures.h"

namespace strikeline::iv_convention_test {  // named: the tests build as one unit
namespace {

using namespace strikeline::testing;

const Date kDay1 = day_of(2025, 11, 3);
const Date kDay2 = day_of(2025, 11, 4);
const Expiry kWeekly = day_of(2025, 11, 11);
const Expiry kMonthly = day_of(2025, 11, 25);
constexpr auto kUnknown = StoredIvConvention::unknown;
constexpr auto kStrikeline = StoredIvConvention::strikeline;
constexpr auto kNse = StoredIvConvention::nse;
constexpr auto kMixed = StoredIvConvention::mixed;

using DayKey = std::tuple<Date, Expiry>;

struct Write {
  Expiry expiry;
  Date day;
  int first_minute;
  StoredIvConvention convention;
};

std::vector<StrikeBar> bars_of(const Write& w) {
  std::vector<StrikeBar> out;
  std::uint32_t seed = static_cast<std::uint32_t>(w.first_minute * 7 + 3);
  for (int m = w.first_minute; m < w.first_minute + 2; ++m) {
    for (std::int64_t strike : {24000, 24100})
      out.push_back(synthetic_bar("NIFTY", w.expiry, strike, ist(w.day, 9, 15 + m), ++seed));
  }
  return out;
}

// Weekly day 1: strikeline, then unknown (bars given with their IVs): strikeline. Weekly day 2:
// nse. Monthly day 1: nse then strikeline: mixed. Monthly day 2: only unknown.
const std::vector<Write> kWrites{{kWeekly, kDay1, 0, kStrikeline},  {kWeekly, kDay1, 3, kUnknown},
                                 {kWeekly, kDay2, 0, kNse},         {kMonthly, kDay1, 0, kNse},
                                 {kMonthly, kDay1, 5, kStrikeline}, {kMonthly, kDay2, 0, kUnknown}};

// The oracle: the known conventions a day was written with; none: unknown, one: it, two: mixed.
std::map<DayKey, StoredIvConvention> expected_days(const std::vector<Write>& writes) {
  std::map<DayKey, std::set<StoredIvConvention>> seen;
  for (const Write& w : writes) {
    auto& s = seen[{w.day, w.expiry}];
    if (w.convention != kUnknown) s.insert(w.convention);
  }
  std::map<DayKey, StoredIvConvention> out;
  for (const auto& [key, s] : seen)
    out[key] = s.empty() ? kUnknown : s.size() == 1 ? *s.begin() : kMixed;
  return out;
}

std::map<DayKey, StoredIvConvention> catalogue(DaySource& source) {
  std::map<DayKey, StoredIvConvention> out;
  for (const ContractDay& d : source.contract_days()) out[{d.day, d.expiry}] = d.iv_convention;
  return out;
}

void write_all(BarRepository& repo, const std::vector<Write>& writes) {
  for (const Write& w : writes) repo.write(bars_of(w), BarOrigin{BarSource::market, w.convention});
}

TEST(IvConvention, CombiningSaysUnknownNothingAndTwoConventionsMixed) {
  EXPECT_EQ(combined(kUnknown, kNse), kNse);
  EXPECT_EQ(combined(kStrikeline, kUnknown), kStrikeline);
  EXPECT_EQ(combined(kNse, kNse), kNse);
  EXPECT_EQ(combined(kNse, kStrikeline), kMixed);
  EXPECT_EQ(combined(kMixed, kUnknown), kMixed);
  EXPECT_EQ(stored_iv_convention(IvConvention::nse), kNse);
  for (StoredIvConvention c : {kUnknown, kStrikeline, kNse, kMixed})
    EXPECT_EQ(parse_stored_iv_convention(stored_iv_convention_name(c)), c);
  EXPECT_FALSE(parse_stored_iv_convention("NSE"));
}

TEST(IvConvention, SqliteRecordsEachContractDaysConventionWithItsBars) {
  TempDatabase db("iv_convention");
  const auto expected = expected_days(kWrites);
  ASSERT_EQ(expected.at({kDay1, kMonthly}), kMixed);  // the oracle's own check
  ASSERT_EQ(expected.at({kDay1, kWeekly}), kStrikeline);
  {
    SqliteBarRepository repo(db.path());
    write_all(repo, kWrites);
    EXPECT_EQ(catalogue(repo), expected);
  }
  SqliteBarRepository reopened(db.path());
  EXPECT_EQ(catalogue(reopened), expected);
}

TEST(IvConvention, DaysStoredBeforeSchema8ReadUnknown) {
  TempDatabase db("iv_convention_upgrade");
  {
    sqlite::Connection connection(db.path());
    sqlite::migrate_to(connection, 7);
  }
  {
    SqliteBarRepository repo(db.path());  // upgrades to the current schema
    repo.write(bars_of({kWeekly, kDay1, 0, kNse}), BarOrigin{BarSource::market, kNse});
  }
  {
    sqlite::Connection connection(db.path());  // back to a day stored before conventions
    connection.exec("UPDATE fo_bar_days SET iv_convention = NULL", "test");
  }
  SqliteBarRepository repo(db.path());
  EXPECT_EQ(repo.schema_version(), sqlite::kSchemaVersion);
  EXPECT_EQ(catalogue(repo), (std::map<DayKey, StoredIvConvention>{{{kDay1, kWeekly}, kUnknown}}));
  repo.write(bars_of({kWeekly, kDay1, 4, kStrikeline}), BarOrigin{BarSource::market, kStrikeline});
  EXPECT_EQ(catalogue(repo),
            (std::map<DayKey, StoredIvConvention>{{{kDay1, kWeekly}, kStrikeline}}));
}

TEST(IvConvention, ChainStoreCarriesConventionsFromTheCatalogueAndFromApplies) {
  TempDatabase db("iv_convention_store");
  auto repo = std::make_shared<SqliteBarRepository>(db.path());
  write_all(*repo, kWrites);
  const auto days = expected_days(kWrites);
  // Per expiry, over its days up to `through`: the oracle's days combined by the same rule.
  const auto over = [&](Expiry expiry, std::optional<Date> through) {
    std::set<StoredIvConvention> known;
    for (const auto& [key, c] : days) {
      if (std::get<1>(key) != expiry || (through && std::get<0>(key) > *through)) continue;
      if (c == kMixed) {
        known.insert({kNse, kStrikeline});
      } else if (c != kUnknown) {
        known.insert(c);
      }
    }
    return known.empty() ? kUnknown : known.size() == 1 ? *known.begin() : kMixed;
  };
  // A window of one day: day 1 is only in the catalogue, yet its convention counts.
  ChainStore store({.window_days = 1, .history_cache_days = 0}, repo);
  store.load_window();
  const auto snapshot = store.snapshot();
  for (Expiry e : {kWeekly, kMonthly}) {
    for (std::optional<Date> through :
         {std::optional<Date>{}, std::optional<Date>{kDay1}, std::optional<Date>{kDay2}}) {
      EXPECT_EQ(snapshot->iv_convention("NIFTY", e, through), over(e, through))
          << format_date(e) << (through ? format_date(*through) : "");
    }
  }
  EXPECT_EQ(snapshot->iv_convention("NIFTY", kWeekly, kDay1), kStrikeline);
  EXPECT_EQ(snapshot->iv_convention("NIFTY", kWeekly), kMixed);  // strikeline, then nse
  EXPECT_EQ(snapshot->iv_convention("NIFTY", kWeekly, kDay1 - std::chrono::days{1}), kUnknown);
  EXPECT_EQ(snapshot->iv_convention("BANKNIFTY", kWeekly), kUnknown);  // no data

  // Applies say their convention; unknown leaves a day's; record_sources() sets the catalogue's.
  ChainStore fresh;
  fresh.apply(bars_of({kWeekly, kDay1, 0, kNse}), BarOrigin{BarSource::market, kNse});
  EXPECT_EQ(fresh.snapshot()->iv_convention("NIFTY", kWeekly), kNse);
  fresh.apply(bars_of({kWeekly, kDay1, 2, kUnknown}), BarOrigin{BarSource::market, kUnknown});
  EXPECT_EQ(fresh.snapshot()->iv_convention("NIFTY", kWeekly), kNse);
  fresh.apply(bars_of({kWeekly, kDay1, 4, kStrikeline}), BarOrigin{BarSource::market, kStrikeline});
  EXPECT_EQ(fresh.snapshot()->iv_convention("NIFTY", kWeekly), kMixed);
  fresh.record_sources(std::vector{ContractDay{kDay1, "NIFTY", kWeekly, ist(kDay1, 9, 15),
                                               ist(kDay1, 9, 20), BarSource::market, kStrikeline}});
  EXPECT_EQ(fresh.snapshot()->iv_convention("NIFTY", kWeekly), kStrikeline);
}

}  // namespace
}  // namespace strikeline::iv_convention_test
