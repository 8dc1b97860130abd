#include "query/futures_series.h"

#include <algorithm>
#include <map>
#include <set>

#include "query/indicator.h"
#include "query/param_parsers.h"
#include "query/request_normalisation.h"

namespace strikeline {

namespace {

std::optional<double> rounded(std::optional<double> v, int decimals) {
  if (v) return round_to(*v, decimals);
  return v;
}

// The moment a bucket's point shows: its end, or `until` when that comes first.
UtcSeconds point_moment(UtcSeconds bucket, Timeframe tf, std::optional<UtcSeconds> until) {
  const UtcSeconds end = bucket + timeframe_length(tf);
  return until && *until < end ? *until : end;
}

// One point of a future's series from its state as of `moment`.
FuturePoint point_of(const FutureState& s, Expiry expiry, UtcSeconds bucket, UtcSeconds moment) {
  FuturePoint p;
  p.time = bucket;
  p.price = rounded(s.price, 4);
  p.spot = rounded(s.underlying, 4);
  if (s.price && s.underlying && *s.underlying > 0) {
    p.basis = round_to(*s.price - *s.underlying, 4);
    const double years = years_to_expiry(expiry, Timestamp{moment});
    if (years > 0) {
      p.basis_annualised_pct = round_to((*s.price / *s.underlying - 1.0) / years * 100.0, 4);
    }
  }
  p.oi = s.oi;
  p.oi_change = s.oi_change;
  p.observed_at = s.observed_at;
  return p;
}

}  // namespace

ParamResult<FuturesRequest> normalise_futures(const QueryParams& params, const ChainReader& chain,
                                              Timestamp now) {
  FuturesRequest request;
  auto symbol = parse_symbol_param(params);
  if (!symbol) return symbol.error();
  request.symbol = std::move(symbol).value();
  auto specs = parse_expiry_params(params);
  if (!specs) return specs.error();
  auto timeframe = parse_timeframe_param(params);
  if (!timeframe) return timeframe.error();
  request.timeframe = timeframe.value();
  auto from = parse_moment_param(params, {"from"});
  if (!from) return from.error();
  auto to = parse_moment_param(params, {"to"});
  if (!to) return to.error();
  const FuturesBook* book = chain.futures();
  const std::optional<UtcSeconds> newest =
      book ? book->newest_bucket(request.symbol) : std::nullopt;
  auto window =
      resolve_window(from.value(), to.value(), kDefaultSeriesWindow, newest, request.timeframe);
  if (!window) return window.error();
  request.window = window.value();
  request.until = to.value();
  if (!book || !request.window) return request;
  const std::vector<Expiry> known = book->expiries(request.symbol);
  if (specs.value().empty()) {
    const Date first = ist_date(Timestamp{request.window->from});
    for (Expiry e : known) {
      if (e >= first) request.expiries.push_back(e);
    }
  } else {
    request.expiries = select_expiries(specs.value(), known,
                                       ist_date(Timestamp{request.window->to}), known.size());
  }
  (void)now;
  return request;
}

FuturesAnswer futures_series(const ChainReader& chain, const FuturesRequest& request) {
  FuturesAnswer out;
  const FuturesBook* book = chain.futures();
  if (!book || !request.window) return out;
  const Timeframe tf = request.timeframe;
  const UtcSeconds first_bucket = bucket_start(tf, request.window->from);
  const UtcSeconds last = request.window->to + std::chrono::seconds{1};  // `to` inclusive
  const std::vector<Expiry> listed = book->expiries(request.symbol);

  // The buckets with a bar of any future of the symbol, and each asked future's flows.
  std::set<UtcSeconds> buckets;
  std::map<Expiry, std::map<UtcSeconds, std::int64_t>> volume;
  for (Expiry e : listed) {
    const bool asked = std::binary_search(request.expiries.begin(), request.expiries.end(), e);
    book->for_each_bar(request.symbol, e, first_bucket, last, [&](const FutureBar& bar) {
      const UtcSeconds b = bucket_start(tf, bar.key.bucket);
      buckets.insert(b);
      if (asked && observed_moment(bar) <= point_moment(b, tf, request.until)) {
        volume[e][b] += bar.volume;
      }
    });
  }

  for (Expiry e : request.expiries) {
    FutureSeriesOfExpiry series{e, {}};
    for (UtcSeconds b : buckets) {
      const UtcSeconds moment = point_moment(b, tf, request.until);
      const std::optional<FutureState> state = book->state_at(request.symbol, e, moment);
      if (!state) continue;
      FuturePoint p = point_of(*state, e, b, moment);
      if (auto v = volume.find(e); v != volume.end()) {
        if (auto it = v->second.find(b); it != v->second.end()) p.volume = it->second;
      }
      series.points.push_back(p);
    }
    if (!series.points.empty()) out.series.push_back(std::move(series));
  }

  for (UtcSeconds b : buckets) {
    const UtcSeconds moment = point_moment(b, tf, request.until);
    RolloverPoint r;
    r.time = b;
    std::vector<Expiry> live;
    for (Expiry e : listed) {
      if (expiry_close(e) > moment && live.size() < 3) live.push_back(e);
    }
    std::int64_t* oi[] = {&r.near_oi, &r.next_oi, &r.far_oi};
    std::optional<Expiry>* which[] = {&r.near, &r.next, &r.far};
    for (std::size_t i = 0; i < live.size(); ++i) {
      *which[i] = live[i];
      if (auto s = book->state_at(request.symbol, live[i], moment); s && s->oi) *oi[i] = *s->oi;
    }
    if (r.near) {
      r.days_to_near_expiry = static_cast<int>((*r.near - ist_date(Timestamp{moment})).count());
      const std::int64_t total = r.near_oi + r.next_oi + r.far_oi;
      if (total > 0) {
        r.rollover_pct = round_to(
            static_cast<double>(r.next_oi + r.far_oi) / static_cast<double>(total) * 100, 2);
      }
    }
    out.rollover.push_back(r);
  }
  return out;
}

}  // namespace strikeline
