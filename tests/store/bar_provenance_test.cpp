// Provenance is data (issue 25): the SQLite bar log records where each contract-day's bars came
// from in the same transaction as the bars and reads it back (also after reopening); a store from
// before sources were recorded is upgraded without loss and reads as unknown; discard_simulated()
// removes exactly the days only the simulator wrote; the chain store carries the sources from the
// catalogue and from every apply. Expected sources are worked out here from the writes made (a day
// written by one source has it, by two is mixed), expected counts from the bars written.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "store/bar_validation.h"
#include "store/chain_store.h"
#include "store/sqlite/schema_migrations.h"
#include "store/sqlite/sqlite_bar_repository.h"
#include "store/sqlite/sqlite_connection.h"
#include "store_fixtures.h"

namespace strikeline::bar_provenance_test {  // named: the tests build as one unit
namespace {

using namespace strikeline::testing;

const Date kDay1 = day_of(2025, 11, 3);
const Date kDay2 = day_of(2025, 11, 4);
const Expiry kWeekly = day_of(2025, 11, 11);
const Expiry kMonthly = day_of(2025, 11, 25);

using DayKey = std::tuple<Date, std::string, Expiry>;

// One write: the bars of a contract on a day (minutes from 09:15 IST), and their source.
struct Write {
  std::string symbol;
  Expiry expiry;
  Date day;
  int first_minute, minutes;
  BarSource source;
};

std::vector<StrikeBar> bars_of(const Write& w) {
  std::vector<StrikeBar> out;
  std::uint32_t seed = static_cast<std::uint32_t>(w.first_minute * 31 + w.minutes);
  for (int m = w.first_minute; m < w.first_minute + w.minutes; ++m) {
    for (std::int64_t strike : {24000, 24100, 24200}) {
      out.push_back(synthetic_bar(w.symbol, w.expiry, strike, ist(w.day, 9, 15 + m), ++seed));
    }
  }
  return out;
}

// NIFTY weekly: day 1 real, day 2 simulated; NIFTY monthly day 1 written by both (mixed);
// BANKNIFTY weekly day 1 simulated twice (overlapping minutes).
const std::vector<Write> kWrites{
    {"NIFTY", kWeekly, kDay1, 0, 4, BarSource::market},
    {"NIFTY", kWeekly, kDay2, 0, 3, BarSource::simulator},
    {"NIFTY", kMonthly, kDay1, 0, 2, BarSource::simulator},
    {"NIFTY", kMonthly, kDay1, 1, 3, BarSource::market},
    {"BANKNIFTY", kWeekly, kDay1, 0, 5, BarSource::simulator},
    {"BANKNIFTY", kWeekly, kDay1, 3, 4, BarSource::simulator},
};

// The oracle: per contract-day, the one source all its writes had, else mixed.
std::map<DayKey, BarSource> expected_sources(const std::vector<Write>& writes) {
  std::map<DayKey, std::set<BarSource>> seen;
  for (const Write& w : writes) seen[{w.day, w.symbol, w.expiry}].insert(w.source);
  std::map<DayKey, BarSource> out;
  for (const auto& [key, sources] : seen)
    out[key] = sources.size() == 1 ? *sources.begin() : BarSource::mixed;
  return out;
}

// Distinct bar keys per contract-day.
std::map<DayKey, std::set<std::pair<UtcSeconds, Strike>>> expected_bars(
    const std::vector<Write>& writes) {
  std::map<DayKey, std::set<std::pair<UtcSeconds, Strike>>> out;
  for (const Write& w : writes) {
    for (const StrikeBar& bar : bars_of(w))
      out[{w.day, w.symbol, w.expiry}].emplace(bar.key.bucket, bar.key.strike);
  }
  return out;
}

std::map<DayKey, BarSource> catalogue_sources(DaySource& source) {
  std::map<DayKey, BarSource> out;
  for (const ContractDay& d : source.contract_days()) out[{d.day, d.symbol, d.expiry}] = d.source;
  return out;
}

void write_all(SqliteBarRepository& repo, const std::vector<Write>& writes) {
  for (const Write& w : writes) repo.write(bars_of(w), w.source);
}

TEST(BarProvenance, SqliteRecordsEachContractDaysSourceWithItsBars) {
  TempDatabase db("provenance");
  const auto expected = expected_sources(kWrites);
  ASSERT_EQ(expected.at({kDay1, "NIFTY", kMonthly}), BarSource::mixed);  // the oracle's own check
  {
    SqliteBarRepository repo(db.path());
    write_all(repo, kWrites);
    EXPECT_EQ(catalogue_sources(repo), expected);
  }
  SqliteBarRepository reopened(db.path());
  EXPECT_EQ(catalogue_sources(reopened), expected);

  // One batch over two contract-days with a source neither had: both become mixed.
  std::vector<StrikeBar> batch = bars_of({"NIFTY", kWeekly, kDay1, 10, 1, BarSource::simulator});
  const auto more = bars_of({"BANKNIFTY", kWeekly, kDay1, 10, 1, BarSource::market});
  batch.insert(batch.end(), more.begin(), more.end());
  reopened.write(batch, BarSource::simulator);
  auto after = expected;
  after[{kDay1, "NIFTY", kWeekly}] = BarSource::mixed;  // market, then simulator
  EXPECT_EQ(catalogue_sources(reopened), after);        // BANKNIFTY stays simulator

  EXPECT_THROW(reopened.write(batch, BarSource::mixed), StorageError);
  EXPECT_THROW(reopened.write(batch, BarSource::unknown), StorageError);
}

TEST(BarProvenance, ChainStoreCarriesSourcesFromTheCatalogueAndFromApplies) {
  TempDatabase db("provenance_store");
  auto repo = std::make_shared<SqliteBarRepository>(db.path());
  write_all(*repo, kWrites);
  // Per expiry, over its days: all days one source, else mixed.
  std::map<std::pair<std::string, Expiry>, std::set<BarSource>> per_expiry;
  for (const auto& [key, source] : expected_sources(kWrites))
    per_expiry[{std::get<1>(key), std::get<2>(key)}].insert(source);
  const auto over_days = [&](const std::string& symbol, Expiry expiry) {
    const auto& sources = per_expiry.at({symbol, expiry});
    return sources.size() == 1 ? *sources.begin() : BarSource::mixed;
  };

  // A window of one day: day 1 is only in the catalogue, yet its source counts.
  ChainStore store({.window_days = 1, .history_cache_days = 0}, repo);
  store.load_window();
  for (const auto& [contract, sources] : per_expiry) {
    EXPECT_EQ(store.snapshot()->source(contract.first, contract.second),
              over_days(contract.first, contract.second))
        << contract.first;
  }
  EXPECT_EQ(store.snapshot()->source("NIFTY", kWeekly), BarSource::mixed);
  EXPECT_EQ(store.snapshot()->source("BANKNIFTY", kWeekly), BarSource::simulator);
  EXPECT_EQ(store.snapshot()->source("FINNIFTY", kWeekly), BarSource::unknown);  // no data

  // Applies say their source; unknown (a replica's follower) leaves the days as they are, and
  // record_sources() then sets them from the catalogue.
  ChainStore fresh;
  fresh.apply(bars_of({"SENSEX", kWeekly, kDay1, 0, 2, BarSource::market}), BarSource::market);
  EXPECT_EQ(fresh.snapshot()->source("SENSEX", kWeekly), BarSource::market);
  fresh.apply(bars_of({"SENSEX", kWeekly, kDay2, 0, 2, BarSource::market}), BarSource::unknown);
  EXPECT_EQ(fresh.snapshot()->source("SENSEX", kWeekly), BarSource::market);  // unknown is real
  fresh.apply(bars_of({"SENSEX", kWeekly, kDay2, 5, 1, BarSource::simulator}),
              BarSource::simulator);
  EXPECT_EQ(fresh.snapshot()->source("SENSEX", kWeekly), BarSource::mixed);
  fresh.record_sources(
      std::vector{ContractDay{kDay2, "SENSEX", kWeekly, ist(kDay2, 9, 15), ist(kDay2, 9, 20),
                              BarSource::market, StoredIvConvention::unknown},
                  ContractDay{kDay2, "BANKEX", kWeekly, ist(kDay2, 9, 15), ist(kDay2, 9, 20),
                              BarSource::simulator,
                              StoredIvConvention::unknown}});  // not in the store: ignored
  EXPECT_EQ(fresh.snapshot()->source("SENSEX", kWeekly), BarSource::market);
  EXPECT_EQ(fresh.snapshot()->symbols(), std::vector<std::string>{"SENSEX"});
}

TEST(BarProvenance, DiscardSimulatedRemovesOnlyTheDaysTheSimulatorAloneWrote) {
  TempDatabase db("provenance_discard");
  SqliteBarRepository repo(db.path());
  write_all(repo, kWrites);
  const auto sources = expected_sources(kWrites);
  const auto bars = expected_bars(kWrites);
  std::size_t simulated_bars = 0, total_bars = 0;
  for (const auto& [key, keys] : bars) {
    total_bars += keys.size();
    if (sources.at(key) == BarSource::simulator) simulated_bars += keys.size();
  }
  ASSERT_GT(simulated_bars, 0u);

  // Every day is asked for: the market and mixed ones stay.
  std::vector<BarRepository::ContractDayKey> all;
  for (const auto& [key, source] : sources)
    all.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key)});
  EXPECT_EQ(repo.discard_simulated(all), simulated_bars);

  std::map<DayKey, BarSource> left = sources;
  std::erase_if(left, [](const auto& entry) { return entry.second == BarSource::simulator; });
  EXPECT_EQ(catalogue_sources(repo), left);
  std::size_t remaining = 0;
  repo.scan(utc_seconds(0), utc_seconds(4000000000), [&](const StrikeBar& bar) {
    ++remaining;
    EXPECT_NE(sources.at({ist_date(bar.key.bucket), bar.key.symbol, bar.key.expiry}),
              BarSource::simulator)
        << describe_key(bar.key);
  });
  EXPECT_EQ(remaining, total_bars - simulated_bars);
  // Their day states went with them: nothing of BANKNIFTY before day 2.
  for (const ContractDayState& state : repo.states_before(kDay2 + std::chrono::days{1}))
    EXPECT_NE(state.symbol, "BANKNIFTY");
  EXPECT_EQ(repo.discard_simulated(all), 0u);  // nothing left to remove
  EXPECT_EQ(repo.integrity_check(), "ok");
}

TEST(BarProvenance, AStoreFromBeforeSourcesIsUpgradedWithoutLossAndReadsUnknown) {
  TempDatabase db("provenance_upgrade");
  std::size_t written = 0;
  {
    SqliteBarRepository repo(db.path());
    const std::vector<Write> old{{"NIFTY", kWeekly, kDay1, 0, 4, BarSource::market},
                                 {"NIFTY", kMonthly, kDay1, 0, 2, BarSource::market}};
    write_all(repo, old);
    for (const auto& [key, keys] : expected_bars(old)) written += keys.size();
  }
  {
    // Back to what version 4 wrote: no source column (SQLite 3.35+ drops columns), nor what the
    // versions after 5 added (lots, IV conventions, daily marks).
    sqlite::Connection connection(db.path());
    connection.exec(
        "DROP TABLE fo_daily_bar_days; ALTER TABLE fo_bar_days DROP COLUMN iv_convention; "
        "DROP TABLE fo_contract_lots; ALTER TABLE fo_bar_days DROP COLUMN source; "
        "PRAGMA user_version = 4",
        "test");
  }
  SqliteBarRepository upgraded(db.path());
  EXPECT_EQ(upgraded.schema_version(), sqlite::kSchemaVersion);
  std::size_t read = 0;
  upgraded.scan(utc_seconds(0), utc_seconds(4000000000), [&](const StrikeBar&) { ++read; });
  EXPECT_EQ(read, written);
  EXPECT_EQ(catalogue_sources(upgraded),
            (std::map<DayKey, BarSource>{{{kDay1, "NIFTY", kWeekly}, BarSource::unknown},
                                         {{kDay1, "NIFTY", kMonthly}, BarSource::unknown}}));
  // Unknown is real data: the simulator joining it makes the day mixed, a real feed market.
  upgraded.write(bars_of({"NIFTY", kWeekly, kDay1, 20, 1, BarSource::simulator}),
                 BarSource::simulator);
  upgraded.write(bars_of({"NIFTY", kMonthly, kDay1, 20, 1, BarSource::market}), BarSource::market);
  EXPECT_EQ(catalogue_sources(upgraded),
            (std::map<DayKey, BarSource>{{{kDay1, "NIFTY", kWeekly}, BarSource::mixed},
                                         {{kDay1, "NIFTY", kMonthly}, BarSource::market}}));
}

}  // namespace
}  // namespace strikeline::bar_provenance_test
