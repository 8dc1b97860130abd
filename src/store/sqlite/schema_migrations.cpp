#include "store/sqlite/schema_migrations.h"

#include <string>

namespace strikeline::sqlite {

namespace {

constexpr const char* kVersion1 = R"sql(
CREATE TABLE fo_option_strike_bars (
  bucket_time INTEGER NOT NULL,
  timeframe TEXT NOT NULL,
  symbol TEXT NOT NULL,
  expiry TEXT NOT NULL,
  strike REAL NOT NULL,
  underlying_close REAL,
  call_iv_avg REAL, put_iv_avg REAL,
  call_delta_avg REAL, put_delta_avg REAL,
  call_gamma_avg REAL, put_gamma_avg REAL,
  call_theta_avg REAL, put_theta_avg REAL,
  call_vega_avg REAL, put_vega_avg REAL,
  call_volume INTEGER, put_volume INTEGER,
  call_count INTEGER, put_count INTEGER,
  call_oi_sum INTEGER, put_oi_sum INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (bucket_time, symbol, expiry, strike, timeframe)
) WITHOUT ROWID;
)sql";

constexpr const char* kVersion2 = R"sql(
ALTER TABLE fo_option_strike_bars ADD COLUMN call_oi_change INTEGER;
ALTER TABLE fo_option_strike_bars ADD COLUMN put_oi_change INTEGER;
ALTER TABLE fo_option_strike_bars ADD COLUMN call_analytics_count INTEGER;
ALTER TABLE fo_option_strike_bars ADD COLUMN put_analytics_count INTEGER;
ALTER TABLE fo_option_strike_bars ADD COLUMN call_open REAL;
ALTER TABLE fo_option_strike_bars ADD COLUMN call_high REAL;
ALTER TABLE fo_option_strike_bars ADD COLUMN call_low REAL;
ALTER TABLE fo_option_strike_bars ADD COLUMN call_close REAL;
ALTER TABLE fo_option_strike_bars ADD COLUMN put_open REAL;
ALTER TABLE fo_option_strike_bars ADD COLUMN put_high REAL;
ALTER TABLE fo_option_strike_bars ADD COLUMN put_low REAL;
ALTER TABLE fo_option_strike_bars ADD COLUMN put_close REAL;

-- Version 1 averaged the Greeks over every tick of the bar: their weight is the tick count.
UPDATE fo_option_strike_bars SET
  call_analytics_count = CASE WHEN call_iv_avg IS NULL AND call_delta_avg IS NULL THEN 0
                              ELSE max(coalesce(call_count, 0), 1) END,
  put_analytics_count = CASE WHEN put_iv_avg IS NULL AND put_delta_avg IS NULL THEN 0
                             ELSE max(coalesce(put_count, 0), 1) END;

CREATE TABLE fo_bar_days (
  day TEXT NOT NULL,
  symbol TEXT NOT NULL,
  expiry TEXT NOT NULL,
  first_bucket INTEGER NOT NULL,
  last_bucket INTEGER NOT NULL,
  PRIMARY KEY (day, symbol, expiry)
) WITHOUT ROWID;

INSERT INTO fo_bar_days (day, symbol, expiry, first_bucket, last_bucket)
  SELECT date(bucket_time + 19800, 'unixepoch'), symbol, expiry, min(bucket_time), max(bucket_time)
  FROM fo_option_strike_bars WHERE timeframe = '1min' GROUP BY 1, 2, 3;

CREATE VIEW fo_option_strike_bars_readable AS SELECT
  strftime('%Y-%m-%d %H:%M:%S+00', bucket_time, 'unixepoch') AS bucket_time,
  strftime('%Y-%m-%d %H:%M:%S', bucket_time + 19800, 'unixepoch') AS bucket_time_ist,
  timeframe, symbol, expiry, strike, underlying_close,
  call_iv_avg, put_iv_avg, call_delta_avg, put_delta_avg, call_gamma_avg, put_gamma_avg,
  call_theta_avg, put_theta_avg, call_vega_avg, put_vega_avg,
  call_volume, put_volume, call_count, put_count, call_oi_sum, put_oi_sum,
  strftime('%Y-%m-%d %H:%M:%S+00', created_at, 'unixepoch') AS created_at,
  strftime('%Y-%m-%d %H:%M:%S+00', updated_at, 'unixepoch') AS updated_at,
  call_oi_change, put_oi_change, call_analytics_count, put_analytics_count,
  call_open, call_high, call_low, call_close, put_open, put_high, put_low, put_close,
  bucket_time AS bucket_epoch
FROM fo_option_strike_bars;
)sql";

// The chain as of a moment (DESIGN.md): when each side of a 1-minute bar was last observed, and
// the state each contract's bars of a day leave (store/contract_day_state.h), kept by every write
// so the state before any day is known without reading the days before it. Keys order
// observations (bucket * 64 + seconds into it), -1 when the field was never seen. Filled for the
// bars already stored by the repository when it opens (SqliteBarRepository).
constexpr const char* kVersion3 = R"sql(
ALTER TABLE fo_option_strike_bars ADD COLUMN call_observed_at INTEGER;
ALTER TABLE fo_option_strike_bars ADD COLUMN put_observed_at INTEGER;

CREATE TABLE fo_contract_states (
  expiry TEXT NOT NULL,
  symbol TEXT NOT NULL,
  strike REAL NOT NULL,
  day TEXT NOT NULL,
  call_oi INTEGER, call_oi_change INTEGER, call_oi_key INTEGER NOT NULL DEFAULT -1,
  call_price REAL, call_price_key INTEGER NOT NULL DEFAULT -1,
  call_iv REAL, call_delta REAL, call_gamma REAL, call_theta REAL, call_vega REAL,
  call_analytics_key INTEGER NOT NULL DEFAULT -1,
  call_observed_key INTEGER NOT NULL DEFAULT -1,
  put_oi INTEGER, put_oi_change INTEGER, put_oi_key INTEGER NOT NULL DEFAULT -1,
  put_price REAL, put_price_key INTEGER NOT NULL DEFAULT -1,
  put_iv REAL, put_delta REAL, put_gamma REAL, put_theta REAL, put_vega REAL,
  put_analytics_key INTEGER NOT NULL DEFAULT -1,
  put_observed_key INTEGER NOT NULL DEFAULT -1,
  underlying REAL, underlying_key INTEGER NOT NULL DEFAULT -1,
  PRIMARY KEY (expiry, symbol, strike, day)
) WITHOUT ROWID;
)sql";

// The quote a 1-minute bar last saw (best bid/offer prices, quantities in units; NULL when the
// feed gave none) and the quote state each contract's day leaves (one snapshot with its key, -1:
// never quoted). Nothing to fill: bars written before carry no quote.
constexpr const char* kVersion4 = R"sql(
ALTER TABLE fo_option_strike_bars ADD COLUMN call_bid REAL;
ALTER TABLE fo_option_strike_bars ADD COLUMN call_ask REAL;
ALTER TABLE fo_option_strike_bars ADD COLUMN call_bid_qty INTEGER;
ALTER TABLE fo_option_strike_bars ADD COLUMN call_ask_qty INTEGER;
ALTER TABLE fo_option_strike_bars ADD COLUMN put_bid REAL;
ALTER TABLE fo_option_strike_bars ADD COLUMN put_ask REAL;
ALTER TABLE fo_option_strike_bars ADD COLUMN put_bid_qty INTEGER;
ALTER TABLE fo_option_strike_bars ADD COLUMN put_ask_qty INTEGER;

ALTER TABLE fo_contract_states ADD COLUMN call_bid REAL;
ALTER TABLE fo_contract_states ADD COLUMN call_ask REAL;
ALTER TABLE fo_contract_states ADD COLUMN call_bid_qty INTEGER;
ALTER TABLE fo_contract_states ADD COLUMN call_ask_qty INTEGER;
ALTER TABLE fo_contract_states ADD COLUMN call_quote_key INTEGER NOT NULL DEFAULT -1;
ALTER TABLE fo_contract_states ADD COLUMN put_bid REAL;
ALTER TABLE fo_contract_states ADD COLUMN put_ask REAL;
ALTER TABLE fo_contract_states ADD COLUMN put_bid_qty INTEGER;
ALTER TABLE fo_contract_states ADD COLUMN put_ask_qty INTEGER;
ALTER TABLE fo_contract_states ADD COLUMN put_quote_key INTEGER NOT NULL DEFAULT -1;
)sql";

// Provenance (issue 25): the source of each contract-day's bars, written with them. Days stored
// before stay NULL (unknown: nothing tells simulated bars from real ones after the fact).
constexpr const char* kVersion5 = R"sql(
ALTER TABLE fo_bar_days ADD COLUMN source TEXT
  CHECK (source IS NULL OR source IN ('market', 'simulator', 'mixed'));
)sql";

// Futures as bars of their own (core/future_bar.h): per (symbol, expiry) and 1-minute bucket, the
// traded price OHLC (close: the last price), the settlement price of a daily file, volume and OI
// in units, the OI change a daily file gives, the spot at the newest tick, when it was last
// observed, its tick count and where it came from (provenance, as fo_bar_days.source: a bar
// rewritten by the other source is 'mixed'). Nothing to fill: futures were not stored before.
constexpr const char* kVersion6 = R"sql(
CREATE TABLE IF NOT EXISTS fo_future_bars (
  bucket_time INTEGER NOT NULL,
  symbol TEXT NOT NULL,
  expiry TEXT NOT NULL,
  open REAL, high REAL, low REAL, close REAL,
  settle REAL,
  volume INTEGER NOT NULL DEFAULT 0,
  oi INTEGER,
  oi_change INTEGER,
  underlying REAL,
  observed_at INTEGER,
  tick_count INTEGER NOT NULL DEFAULT 0,
  source TEXT CHECK (source IS NULL OR source IN ('market', 'simulator', 'mixed')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (bucket_time, symbol, expiry)
) WITHOUT ROWID;
)sql";

// Lot sizes per contract and IST day (core/contract_lot.h), from the data (a bhavcopy's
// NewBrdLotQty, an instrument dump, the lot an import was given). Nothing to fill: the bars do not
// say their lot.
constexpr const char* kVersion7 = R"sql(
CREATE TABLE fo_contract_lots (
  symbol TEXT NOT NULL,
  expiry TEXT NOT NULL,
  day TEXT NOT NULL,
  lot_size INTEGER NOT NULL CHECK (lot_size > 0),
  PRIMARY KEY (symbol, expiry, day)
) WITHOUT ROWID;
)sql";

// The IV convention of each contract-day's IVs, written with them. Days stored before stay NULL
// (unknown).
constexpr const char* kVersion8 = R"sql(
ALTER TABLE fo_bar_days ADD COLUMN iv_convention TEXT
  CHECK (iv_convention IS NULL OR iv_convention IN ('strikeline', 'nse', 'mixed'));
)sql";

// The contract-days whose 15:30 IST bar is a bhavcopy's daily bar: minute data of such a day
// takes its place when imported (app/minute_precedence.h). Days stored before are not marked.
constexpr const char* kVersion9 = R"sql(
CREATE TABLE fo_daily_bar_days (
  day TEXT NOT NULL,
  symbol TEXT NOT NULL,
  expiry TEXT NOT NULL,
  PRIMARY KEY (day, symbol, expiry)
) WITHOUT ROWID;
)sql";

constexpr const char* kMigrations[] = {kVersion1, kVersion2, kVersion3, kVersion4, kVersion5,
                                       kVersion6, kVersion7, kVersion8, kVersion9};
static_assert(std::size(kMigrations) == kSchemaVersion);

std::int64_t file_version(Connection& connection) {
  return connection.query_int("PRAGMA user_version",
                              "reading the schema version of " + connection.path());
}

void run_up_to(Connection& connection, int target) {
  const std::int64_t version = file_version(connection);
  if (version > kSchemaVersion) {
    throw StorageError(connection.path() + " has schema version " + std::to_string(version) +
                       ", newer than this strikeline understands (" +
                       std::to_string(kSchemaVersion) +
                       "); use a newer strikeline or another database file");
  }
  if (version < 0) {
    throw StorageError(connection.path() + " has an invalid schema version " +
                       std::to_string(version));
  }
  for (int next = static_cast<int>(version) + 1; next <= target; ++next) {
    const std::string doing =
        "migrating " + connection.path() + " to schema version " + std::to_string(next);
    connection.exec("BEGIN IMMEDIATE", doing);
    try {
      connection.exec(kMigrations[next - 1], doing);
      connection.exec("PRAGMA user_version = " + std::to_string(next), doing);
      connection.exec("COMMIT", doing);
    } catch (...) {
      try {
        connection.exec("ROLLBACK", doing);
      } catch (const StorageError&) {
      }
      throw;
    }
  }
}

}  // namespace

void migrate(Connection& connection) {
  run_up_to(connection, kSchemaVersion);
}

void migrate_to(Connection& connection, int version) {
  run_up_to(connection, version);
}

}  // namespace strikeline::sqlite
