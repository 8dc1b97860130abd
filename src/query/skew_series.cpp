#include "query/skew_series.h"

#include "query/indicator.h"

namespace strikeline {

namespace {
// smile_skew reads each side's analytics; the underlying and strikes always come.
constexpr StateFields kSkewFields{
    .oi = false, .price = false, .analytics = true, .quote = false, .volume = false};
}  // namespace

SkewSeries skew_series(const ChainReader& chain, const SkewSeriesRequest& request) {
  SkewSeries out;
  out.expiry = request.expiry;
  if (!request.expiry || !request.window) return out;
  chain.for_each_bucket_state(
      request.symbol, *request.expiry, request.timeframe, request.window->from, request.window->to,
      request.until, false, kSkewFields,
      [&](UtcSeconds time, std::vector<StrikeBar>&, const ChainState& state) {
        SkewPoint& p = out.points.emplace_back();
        p.time = time;
        if (state.underlying) p.underlying = round_to(*state.underlying, 2);
        p.skew = smile_skew(state);
      });
  return out;
}

}  // namespace strikeline
