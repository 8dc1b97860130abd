// Mutated input never crashes a reader (run under ASan/UBSan in CI) and a refusal keeps nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

#include "feed/bar_generator.h"
#include "feed/bar_reader.h"
#include "feed/bar_writer.h"
#include "feed/tick_reader.h"
#include "feed/tick_writer.h"

using namespace strikeline;

namespace {

// A small deterministic PRNG (xorshift64*).
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ull;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

std::string mutate(std::string text, Rng& rng) {
  static const char kNasty[] = {'"', ',',  '\n',   '\r',   '{', '}', ':',  '-', '.',
                                'e', '\0', '\xFF', '\xC3', '9', ' ', '\\', '[', 'n'};
  const std::size_t edits = 1 + rng.below(4);
  for (std::size_t e = 0; e < edits && !text.empty(); ++e) {
    const std::size_t at = rng.below(text.size());
    switch (rng.below(4)) {
      case 0:
        text[at] = kNasty[rng.below(sizeof kNasty)];
        break;
      case 1:
        text.insert(at, 1, kNasty[rng.below(sizeof kNasty)]);
        break;
      case 2:
        text.erase(at, 1 + rng.below(8));
        break;
      default:
        text.resize(at);
        break;  // truncation
    }
  }
  return text;
}

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

}  // namespace

TEST(ReaderRobustness, MutatedBarsAndTicksNeverCrash) {
  GeneratorOptions o;
  o.trading_days = 1;
  o.expiries = 1;
  o.strikes = 2;
  auto bars = generate_seed_bars(o);
  bars.resize(4);
  const std::string csv = write_bars_csv(bars);
  const std::string ndjson = write_bars_ndjson(bars);
  o.ticks_per_minute = 1;
  auto events = generate_seed_ticks(o);
  events.resize(6);
  const std::string ticks = write_ticks_ndjson(events);

  Rng rng{0x5EED5EEDull};
  std::size_t refused = 0, kept = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string c = mutate(csv, rng);
    for (BarFormat f : {BarFormat::csv, BarFormat::ndjson}) {
      const std::string& text = f == BarFormat::csv ? c : mutate(ndjson, rng);
      const auto r = read_bars(text, f);
      if (r.refused) {
        ASSERT_TRUE(r.bars.empty());
        ASSERT_TRUE(r.rejected.empty());
        ++refused;
      }
      kept += r.bars.size();
      ASSERT_LE(r.bars.size(), bars.size() + 1);
      for (const auto& rej : r.rejected) {
        ASSERT_LE(rej.line, line_count(text));
      }
      (void)detect_bar_format(text);
    }
    const std::string t = mutate(ticks, rng);
    const auto tr = read_ticks_ndjson(t);
    if (tr.refused) {
      ASSERT_TRUE(tr.events.empty());
    }
    for (const auto& rej : tr.rejected) {
      ASSERT_LE(rej.line, line_count(t));
    }
  }
  EXPECT_GT(refused, 0u);
  EXPECT_GT(kept, 0u);
}
