// The chain store's cell encoding and its precision contract (store/compact_bar.h).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "store/cell_block.h"
#include "store/compact_bar.h"
#include "store_fixtures.h"

namespace strikeline {
namespace {

using testing::day_of;
using testing::ist;
using testing::minute_bar;

constexpr double kFloatRelative = 1.0 / (1 << 24);  // 2^-24

void expect_within_float(double read, double written) {
  EXPECT_LE(std::fabs(read - written), std::fabs(written) * kFloatRelative) << written;
}

StrikeBar typical_bar() {
  StrikeBar bar =
      minute_bar("NIFTY", day_of(2025, 11, 4), 24300, ist(day_of(2025, 11, 3), 9, 15), 24351.35);
  bar.call = testing::side({.count = 17,
                            .analytics = 15,
                            .iv = 14.237,
                            .delta = 0.5312,
                            .gamma = 0.000731,
                            .theta = -11.83,
                            .vega = 12.0417,
                            .volume = 1203450,
                            .oi = 5123400,
                            .oi_change = -73500,
                            .ohlc = std::array{152.4, 155.05, 149.9, 151.15}});
  bar.put = testing::side({.count = 3, .volume = 600, .oi = 4000000});
  bar.call.observed_at = bar.key.bucket + std::chrono::seconds(37);
  return bar;
}

TEST(CompactBar, IntegersAndPresenceAreExactAndFloatsWithinTwoToTheMinus24) {
  const StrikeBar written = typical_bar();
  CompactBar cell{};
  QuoteCell quote;
  ASSERT_TRUE(encode_compact(written, cell, quote));
  EXPECT_TRUE(quote.empty());
  StrikeBar read;
  decode_compact(cell, &quote, read, written.key.bucket);

  EXPECT_EQ(read.call.observed_at, written.key.bucket + std::chrono::seconds(37));
  EXPECT_EQ(read.put.observed_at, std::nullopt);
  EXPECT_EQ(read.call.count, 17u);
  EXPECT_EQ(read.call.analytics_count, 15u);
  EXPECT_EQ(read.call.volume, 1203450);
  EXPECT_EQ(read.call.oi, 5123400);
  EXPECT_EQ(read.call.oi_change, -73500);
  EXPECT_TRUE(read.call.has_premium);
  EXPECT_EQ(read.put.count, 3u);
  EXPECT_EQ(read.put.analytics_count, 0u);
  EXPECT_EQ(read.put.volume, 600);
  EXPECT_EQ(read.put.oi, 4000000);
  EXPECT_EQ(read.put.oi_change, std::nullopt);
  EXPECT_FALSE(read.put.has_premium);
  ASSERT_TRUE(read.underlying_close);

  expect_within_float(*read.underlying_close, 24351.35);
  expect_within_float(read.call.iv, 14.237);
  expect_within_float(read.call.delta, 0.5312);
  expect_within_float(read.call.gamma, 0.000731);
  expect_within_float(read.call.theta, -11.83);
  expect_within_float(read.call.vega, 12.0417);
  expect_within_float(read.call.open, 152.4);
  expect_within_float(read.call.high, 155.05);
  expect_within_float(read.call.low, 149.9);
  expect_within_float(read.call.close, 151.15);
  // 152.4 is not a float: the contract is "nearest float", not equality.
  EXPECT_NE(read.call.open, 152.4);
  EXPECT_EQ(read.call.open, static_cast<double>(152.4f));
}

TEST(CompactBar, AbsentUnderlyingStaysAbsent) {
  StrikeBar written = typical_bar();
  written.underlying_close.reset();
  CompactBar cell{};
  QuoteCell quote;
  ASSERT_TRUE(encode_compact(written, cell, quote));
  StrikeBar read;
  read.underlying_close = 1.0;
  decode_compact(cell, nullptr, read, read.key.bucket);
  EXPECT_FALSE(read.underlying_close);
}

TEST(CompactBar, ValuesOutsideTheCompactRangesDoNotEncode) {
  const auto rejects = [](auto mutate) {
    StrikeBar bar = typical_bar();
    mutate(bar);
    CompactBar cell{};
    QuoteCell quote;
    return !encode_compact(bar, cell, quote);
  };
  EXPECT_TRUE(rejects([](StrikeBar& b) { b.call.count = 65536; }));
  EXPECT_TRUE(rejects([](StrikeBar& b) { b.put.analytics_count = 70000; }));
  EXPECT_TRUE(rejects([](StrikeBar& b) { b.call.volume = 4294967296; }));
  EXPECT_TRUE(rejects([](StrikeBar& b) { b.call.volume = -1; }));
  EXPECT_TRUE(rejects([](StrikeBar& b) { b.put.oi = 5000000000; }));
  EXPECT_TRUE(rejects([](StrikeBar& b) { b.put.oi_change = -3000000000; }));
  EXPECT_TRUE(rejects([](StrikeBar& b) { b.call.gamma = 1e-40; }));
  EXPECT_TRUE(rejects([](StrikeBar& b) { b.call.close = 1e39; }));
  EXPECT_TRUE(rejects([](StrikeBar& b) { b.underlying_close = 1e300; }));
  EXPECT_TRUE(rejects([](StrikeBar& b) { b.call.bid_qty = 4294967295; }));
  EXPECT_TRUE(rejects([](StrikeBar& b) { b.put.ask = 1e39; }));
  EXPECT_TRUE(rejects([](StrikeBar& b) { b.put.ask = 0; }));
  // The limits themselves fit.
  EXPECT_FALSE(rejects([](StrikeBar& b) { b.call.count = 65535; }));
  EXPECT_FALSE(rejects([](StrikeBar& b) { b.call.volume = 4294967295; }));
  EXPECT_FALSE(rejects([](StrikeBar& b) { b.put.oi_change = -2147483648; }));
  EXPECT_FALSE(rejects([](StrikeBar& b) { b.call.gamma = 0; }));
  EXPECT_FALSE(rejects([](StrikeBar& b) { b.call.bid_qty = 4294967294; }));
}

// The quote of a 1-minute bar: kept beside the cell (prices as the nearest float, quantities and
// every field's presence exact, a quantity of 0 included), only in the block's quotable cells.
TEST(CellBlock, KeepsQuotesBesideTheCellsOfQuotableRows) {
  StrikeBar quoted = typical_bar();
  quoted.call.bid = 151.05;
  quoted.call.ask = 151.3;
  quoted.call.bid_qty = 0;
  quoted.call.ask_qty = 3750;
  quoted.put.ask = 88.45;  // a one-sided book: no bid
  CellBlock block(8, 4);
  const std::size_t bitmap = 16;  // one word of 64 cells: their bits and the count before them
  EXPECT_EQ(block.heap_bytes(), bitmap) << "empty cells take no memory";
  block.write(1, typical_bar());
  block.shrink_to_fit();
  EXPECT_EQ(block.heap_bytes(), bitmap + sizeof(CompactBar)) << "no quote, no quote block";
  block.write(2, quoted);
  block.shrink_to_fit();
  EXPECT_EQ(block.heap_bytes(), bitmap + 2 * sizeof(CompactBar) + 2 * sizeof(QuoteCell));
  StrikeBar read;
  block.read(2, read, quoted.key.bucket);
  ASSERT_TRUE(read.call.bid && read.call.ask);
  EXPECT_EQ(*read.call.bid, static_cast<double>(151.05f));
  EXPECT_EQ(*read.call.ask, static_cast<double>(151.3f));
  EXPECT_EQ(read.call.bid_qty, 0);
  EXPECT_EQ(read.call.ask_qty, 3750);
  EXPECT_EQ(read.put.bid, std::nullopt);
  EXPECT_EQ(*read.put.ask, static_cast<double>(88.45f));
  EXPECT_EQ(read.put.bid_qty, std::nullopt);
  EXPECT_EQ(read.put.ask_qty, std::nullopt);
  EXPECT_EQ(read.call.count, 17u);
  // The unquoted cell reads without a quote, and so does the quoted one once rewritten without.
  block.read(1, read, quoted.key.bucket);
  EXPECT_FALSE(read.call.has_quote() || read.put.has_quote());
  block.write(2, typical_bar());
  block.read(2, read, quoted.key.bucket);
  EXPECT_FALSE(read.call.has_quote() || read.put.has_quote());

  // A quote that does not fit keeps the whole bar exact; widening moves quotes along.
  quoted.put.bid_qty = 9000000000;
  block.write(3, quoted);
  EXPECT_EQ(block.exact_count(), 1u);
  block.read(3, read, quoted.key.bucket);
  EXPECT_EQ(read.put.bid_qty, 9000000000);
  quoted.put.bid_qty = 5;
  block.write(0, quoted);
  const std::uint32_t new_column[] = {0, 1, 2, 3};
  const CellBlock wide = block.widened(2, new_column, 4);  // 2 rows of 4: the same layout
  wide.read(0, read, quoted.key.bucket);
  EXPECT_EQ(read.put.bid_qty, 5);
  EXPECT_EQ(*read.call.bid, static_cast<double>(151.05f));
}

TEST(CellBlock, KeepsBarsThatDoNotFitExactly) {
  StrikeBar big = typical_bar();
  big.call.count = 100000;
  big.call.volume = 9000000000;
  big.put.oi = 7000000000;
  big.call.iv = 14.237;  // not a float: kept exactly along with the rest
  CellBlock block(4);
  EXPECT_TRUE(block.write(2, big));
  EXPECT_FALSE(block.present(1));
  ASSERT_TRUE(block.present(2));
  EXPECT_EQ(block.exact_count(), 1u);
  StrikeBar read;
  block.read(2, read, read.key.bucket);
  EXPECT_EQ(values_of(read), values_of(big));

  // Rewriting the cell with values that fit drops the exact copy; re-writing is not "new".
  EXPECT_FALSE(block.write(2, typical_bar()));
  EXPECT_EQ(block.exact_count(), 0u);
  block.read(2, read, read.key.bucket);
  EXPECT_EQ(read.call.count, 17u);
}

TEST(CellBlock, WideningMovesCellsAndExactValuesToTheirNewColumns) {
  // 2 rows x 2 strikes (A, C) widened to 3 strikes (A, B, C): C moves from column 1 to 2.
  StrikeBar a = typical_bar();
  StrikeBar c = typical_bar();
  c.put.oi = 6000000000;  // exact
  CellBlock block(4);
  block.write(0, a);  // row 0, A
  block.write(3, c);  // row 1, C
  const std::uint32_t new_column[] = {0, 2};
  const CellBlock wide = block.widened(2, new_column, 3);
  ASSERT_EQ(wide.size(), 6u);
  EXPECT_TRUE(wide.present(0));
  EXPECT_FALSE(wide.present(1));
  EXPECT_FALSE(wide.present(2));
  EXPECT_FALSE(wide.present(3));
  EXPECT_FALSE(wide.present(4));
  ASSERT_TRUE(wide.present(5));
  StrikeBar read;
  wide.read(5, read, read.key.bucket);
  EXPECT_EQ(read.put.oi, 6000000000);
  EXPECT_EQ(wide.exact_count(), 1u);
}

// A sparse block against a map of the cells written: every cell reads back as written (or absent),
// widening keeps them, and once shrunk the block holds its present cells only (a whole-market page
// has a column for every listed strike, most of them empty in most minutes).
TEST(CellBlock, HoldsOnlyItsPresentCellsAndReadsEveryCellAsAMapWould) {
  const std::size_t rows = 16, columns = 41, quotable = 15 * columns;
  CellBlock block(rows * columns, quotable);
  std::map<std::size_t, StrikeBar> oracle;
  std::uint64_t x = 12345;
  const auto next = [&x] {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>(x >> 33);
  };
  for (int n = 0; n < 300; ++n) {
    const std::size_t i = next() % block.size();
    StrikeBar bar = typical_bar();
    bar.call.count = static_cast<std::uint32_t>(n + 1);
    if (i < quotable && n % 3 == 0) bar.call.bid = 100.5 + n;
    if (n % 17 == 0) bar.put.oi = 7000000000 + n;  // exact
    if (n % 11 == 5) {
      block.clear(i);
      oracle.erase(i);
      continue;
    }
    EXPECT_EQ(block.write(i, bar), !oracle.contains(i));
    oracle[i] = bar;
  }
  const auto expect_as_oracle = [&](const CellBlock& b, auto index_of) {
    std::size_t present = 0;
    for (std::size_t i = 0; i < rows * columns; ++i) {
      const auto it = oracle.find(i);
      const std::size_t j = index_of(i);
      ASSERT_EQ(b.present(j), it != oracle.end()) << i;
      if (it == oracle.end()) continue;
      ++present;
      StrikeBar read;
      b.read(j, read, it->second.key.bucket);
      EXPECT_EQ(read.call.count, it->second.call.count) << i;
      EXPECT_EQ(read.put.oi, it->second.put.oi) << i;
      EXPECT_EQ(read.call.bid.has_value(), it->second.call.bid.has_value()) << i;
      if (read.call.bid) {
        EXPECT_EQ(*read.call.bid, static_cast<double>(static_cast<float>(*it->second.call.bid)));
      }
    }
    EXPECT_EQ(b.present_count(), present);
  };
  expect_as_oracle(block, [](std::size_t i) { return i; });

  std::size_t exact = 0, quoted = 0, quotable_cells = 0;
  for (const auto& [i, bar] : oracle) {
    exact += bar.put.oi > 4294967295 ? 1 : 0;
    quoted += bar.call.bid ? 1 : 0;
    quotable_cells += i < quotable ? 1 : 0;
  }
  ASSERT_GT(quoted, 0u);
  block.shrink_to_fit();
  const std::size_t words = (rows * columns + 63) / 64;
  EXPECT_EQ(block.exact_count(), exact);
  // Quotes for the present cells of the quotable rows only, none for the rollup row's.
  EXPECT_EQ(block.heap_bytes(), words * 16 + oracle.size() * sizeof(CompactBar) +
                                    quotable_cells * sizeof(QuoteCell) +
                                    exact * sizeof(std::pair<std::uint32_t, BarValues>));

  // Widened to every other column of twice as many.
  std::vector<std::uint32_t> new_column(columns);
  for (std::size_t c = 0; c < columns; ++c) new_column[c] = static_cast<std::uint32_t>(2 * c + 1);
  const CellBlock wide = block.widened(rows, new_column, 2 * columns + 1);
  ASSERT_EQ(wide.size(), rows * (2 * columns + 1));
  expect_as_oracle(wide, [&](std::size_t i) {
    return (i / columns) * (2 * columns + 1) + new_column[i % columns];
  });
  EXPECT_EQ(wide.exact_count(), exact);
}

}  // namespace
}  // namespace strikeline
