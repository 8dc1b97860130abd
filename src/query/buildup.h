// OI build-up (API.md GET /fo/buildup): how each option of one expiry moved over an interval, from
// the chain as of its two ends (store/chain_state.h: OI and last traded price carried), classified
// as traders read it:
//   long build-up    price up,   OI up      (new longs)
//   short build-up   price down, OI up      (new shorts)
//   short covering   price up,   OI down    (shorts closing)
//   long unwinding   price down, OI down    (longs closing)
//   neutral          |OI change| below neutral_oi_pct % of the OI at the interval's start, or no
//                    OI change, or an unchanged price (no direction to read)
// A side without OI or a last price at either end is unknown (not classified): a strike listed
// during the interval, one never traded. Per side (calls, puts): the count of each class over the
// strikes served (ATM +- strike_range listed strikes, all by default), their OI change, and the
// biggest movers of each directional class by |OI change| (ties: the lower strike first).
// The future: the same expiry's future (store/futures_book.h) over the same interval, its last
// traded price carried and its OI as of both ends, classified by the same rule (unknown when
// either end lacks a price or OI); none when no future of the expiry is known at the interval's
// end.
//
// At a moment the interval is [since, as_of]; a series classifies each bucket of the window over
// its own interval (the state at the previous bucket's end to the state at its end).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/symbol.h"
#include "query/requests.h"
#include "store/chain_reader.h"

namespace strikeline {

enum class BuildupClass : std::uint8_t {
  long_buildup,
  short_buildup,
  short_covering,
  long_unwinding,
  neutral
};
inline constexpr std::size_t kBuildupClasses = 5;
inline constexpr std::size_t kDirectionalClasses = 4;  // all but neutral: the ones with movers
std::string_view buildup_class_name(BuildupClass c);   // "long_buildup", ...

// One side's move: OI and last price at the interval's end and their changes from its start.
struct BuildupMove {
  std::int64_t oi = 0, oi_change = 0;
  double price = 0, price_change = 0;
  std::optional<double> oi_change_pct;  // of the OI at the start; null when that was 0
};

// The class of a move; `neutral_oi_pct` as above.
BuildupClass classify_buildup(const BuildupMove& move, double neutral_oi_pct);

// A side's move between two states of it; nullopt when either lacks OI or a last price.
std::optional<BuildupMove> buildup_move(const SideState& start, const SideState& end);

struct BuildupSideRow {
  std::optional<BuildupClass> cls;  // nullopt: unknown
  std::optional<BuildupMove> move;
};

// The expiry's future's move from its state as of `since` to its state as of `as_of`, classified;
// nullopt when nothing of it is known as of `as_of` (the row's class and move are unknown when an
// end lacks a price or OI).
std::optional<BuildupSideRow> future_buildup(const ChainReader& chain, std::string_view symbol,
                                             Expiry expiry, UtcSeconds since, UtcSeconds as_of,
                                             double neutral_oi_pct);

struct BuildupRow {
  Strike strike;
  BuildupSideRow call, put;
};

struct BuildupMover {
  Strike strike;
  BuildupMove move;
};

struct BuildupSideSummary {
  std::array<int, kBuildupClasses> counts{};
  int unknown = 0;
  std::int64_t oi_change = 0;                                         // over the classified sides
  std::array<std::vector<BuildupMover>, kDirectionalClasses> movers;  // by |OI change|, descending
};

struct Buildup {
  std::string symbol;
  std::optional<Expiry> expiry;
  std::string expiry_label;
  UtcSeconds since, as_of;
  double neutral_oi_pct = 1;
  std::optional<int> strike_range;
  std::int64_t lot_size = 1;  // of this expiry on the moment's IST day
  std::optional<double> spot, spot_at_since;
  std::optional<Strike> atm_strike;
  std::size_t listed_strikes = 0;
  BuildupSideSummary calls, puts;
  std::optional<BuildupSideRow> future;  // future_buildup over [since, as_of]
  std::vector<BuildupRow> rows;          // ascending by strike
};

Buildup buildup(const ChainReader& chain, const ContractSpecs& specs,
                const BuildupRequest& request);

// The series: per bucket with data, the counts and OI change per side (no movers).
struct BuildupPoint {
  UtcSeconds time;
  std::optional<double> underlying;
  BuildupSideSummary calls, puts;
  // future_buildup over the bucket's interval: from the previous point's end (the first: the first
  // bucket's start) to this bucket's end (or `until`).
  std::optional<BuildupSideRow> future;
};
struct BuildupSeries {
  std::optional<Expiry> expiry;
  std::vector<BuildupPoint> points;  // ascending by time
  // The future over the whole series: from the first bucket's start to the last point's end.
  std::optional<BuildupSideRow> future;
};
BuildupSeries buildup_series(const ChainReader& chain, const BuildupRequest& request);

}  // namespace strikeline
