// The SQLite bar file's schema and its migrations, versioned by PRAGMA user_version.
//
// Table fo_option_strike_bars has the seed's columns in the seed's order, then this project's
// (oi change, Greek weights, premium OHLC); NULL means absent. Time columns are INTEGER epoch
// seconds (UTC), which keeps the key small and scans fast; expiry is 'YYYY-MM-DD' text, timeframe
// '1min', strike REAL rupees. The view fo_option_strike_bars_readable shows the same rows with
// bucket_time as 'YYYY-MM-DD HH:MM:SS+00' (plus bucket_time_ist) and readable created/updated
// times, for people using the sqlite3 shell. The primary key is the seed's column set (symbol,
// expiry, strike, timeframe, bucket_time), declared time-first (bucket_time, symbol, expiry,
// strike, timeframe) so that the WITHOUT ROWID table is clustered by time: imports append, and
// time-range scans (the chain store's day loads) read sequentially with no secondary index.
// Lookups by contract (symbol, expiry, strike) scan; the server never makes them. fo_bar_days
// catalogues which contracts have bars on which IST day (maintained by every write), so the chain
// store knows history without scanning it.
//
// Version 1: the seed's columns. Version 2: this project's columns, fo_bar_days, the view.
// Version 3: the sides' observation times (call_observed_at, put_observed_at) and
// fo_contract_states. Version 4: the sides' quotes (call_bid, call_ask, call_bid_qty, call_ask_qty
// and the put's) and the quote state in fo_contract_states. Version 5: fo_bar_days.source, where
// each contract-day's bars came from ('market', 'simulator', 'mixed'; NULL for days stored before,
// read as unknown, i.e. real: core/bar_source.h). Version 6: fo_future_bars, the futures' own
// minute bars (core/future_bar.h). Version 7: fo_contract_lots, the lot size each contract
// (symbol, expiry) traded at on an IST day (core/contract_lot.h). Version 8:
// fo_bar_days.iv_convention, the IV convention that computed each contract-day's IVs ('strikeline',
// 'nse', 'mixed'; NULL: unknown, core/bar_origin.h). Version 9: fo_daily_bar_days, the
// contract-days whose 15:30 IST bar is an end-of-day file's daily bar (bars/daily_bars.h).
#pragma once

#include "store/sqlite/sqlite_connection.h"

namespace strikeline::sqlite {

inline constexpr int kSchemaVersion = 9;

// Brings the database to kSchemaVersion, one migration per transaction. Throws StorageError when
// the file's version is newer than kSchemaVersion (nothing is changed) or a migration fails.
void migrate(Connection& connection);

// Runs the migrations up to `version` only (tests use it to build an older file).
void migrate_to(Connection& connection, int version);

}  // namespace strikeline::sqlite
