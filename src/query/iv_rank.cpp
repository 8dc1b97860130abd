#include "query/iv_rank.h"

#include <algorithm>
#include <cassert>

#include "query/indicator.h"
#include "query/term_structure.h"

namespace strikeline {

namespace {

constexpr std::chrono::minutes kClose{15 * 60 + 30};

}  // namespace

IvRank iv_rank(const ChainReader& chain, const IvRankRequest& request) {
  IvRank out;
  out.as_of = request.as_of;
  const std::vector<Expiry> expiries = chain.expiries(request.symbol);
  std::optional<Date> day = chain.session_day(request.symbol, request.as_of);
  const Date today = ist_date(Timestamp{request.as_of});
  std::size_t scanned = 0;
  std::vector<ConstantMaturityIv> values;
  while (day && out.history.size() < kRankWindowDays && scanned < kRankScanDays) {
    ++scanned;
    const UtcSeconds at =
        *day == today ? request.as_of : std::min(request.as_of, ist_time_on(*day, kClose));
    // Only expiries unexpired then: the rest are behind the moment.
    const auto first = std::find_if(expiries.begin(), expiries.end(),
                                    [at](Expiry e) { return expiry_close(e) > at; });
    const ConstantMaturityIv cm = constant_maturity_at(
        chain, request.symbol, std::span<const Expiry>(first, expiries.end()), at);
    if (cm.iv) {
      out.history.push_back({*day, at, round_to(*cm.iv, 4)});
      values.push_back(cm);
    }
    day = chain.session_day(request.symbol,
                            ist_time_on(*day, std::chrono::minutes{0}) - std::chrono::seconds{1});
  }
  std::reverse(out.history.begin(), out.history.end());
  if (!out.history.empty()) {
    out.iv = out.history.back().iv;
    out.day = out.history.back().day;
    out.current = values.front();
    out.current.iv = out.iv;
  }
  std::vector<double> series;
  series.reserve(out.history.size());
  for (const IvRankDay& d : out.history) series.push_back(d.iv);
  out.stats = iv_rank_of(series);
  if (out.stats.iv_rank) out.stats.iv_rank = round_to(*out.stats.iv_rank, 4);
  if (out.stats.iv_percentile) out.stats.iv_percentile = round_to(*out.stats.iv_percentile, 4);
  assert(out.history.size() <= kRankWindowDays);
  return out;
}

}  // namespace strikeline
