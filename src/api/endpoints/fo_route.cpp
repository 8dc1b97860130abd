#include <chrono>
#include <string>

#include "api/endpoints/endpoint_support.h"
#include "api/endpoints/endpoints.h"
#include "api/http_compression.h"
#include "query/param_parsers.h"

namespace strikeline {

namespace {

// The gzip form for a client that accepts it, when the answer is worth compressing.
bool wants_gzip(const HttpRequest& request, const CachedResponse& answer) {
  return accepts_gzip(request) && worth_compressing(answer.content_type, answer.body.size());
}

void send(const CachedResponse& answer, bool gzip, HttpResponse& res) {
  res.set(http::field::content_type, answer.content_type);
  if (gzip) {
    res.body() = answer.gzip_body;
    res.set(http::field::content_encoding, "gzip");
  } else {
    res.body() = answer.body;
  }
}

}  // namespace

Handler fo_route(std::shared_ptr<FoContext> fo, FoResponder responder) {
  return [fo, responder = std::move(responder)](const RequestContext& ctx, HttpResponse& res) {
    std::shared_ptr<const ChainReader> chain = snapshot_or_503(fo->service, res);
    if (!chain) return;
    // A well-formed symbol the store has no data for is a 400 naming what is stored (a malformed
    // one is left to the endpoint's own parameter rules).
    if (auto symbol = parse_symbol_param(ctx.params);
        symbol && chain->expiries(symbol.value()).empty()) {
      if (auto unknown = check_symbol_known(symbol.value(), chain->symbols())) {
        write_bad_request(res, *unknown);
        return;
      }
    }
    std::string key;
    if (fo->cache.enabled()) {
      // Default expiries and relative labels depend on today's IST date as well as the target.
      key.reserve(ctx.request.target().size() + 8);
      key.append(ctx.request.target().data(), ctx.request.target().size());
      key += '#';
      key += std::to_string(ist_date(ctx.received).time_since_epoch().count());
      if (auto hit = fo->cache.find(chain.get(), key)) {
        const bool gzip = wants_gzip(ctx.request, *hit);
        if (gzip && hit->gzip_body.empty()) {  // first asked compressed: compress once, keep it
          CachedResponse with_gzip = *hit;
          with_gzip.gzip_body = gzip_compress(with_gzip.body);
          send(with_gzip, true, res);
          fo->cache.insert(chain, std::move(key), std::move(with_gzip));
        } else {
          send(*hit, gzip, res);
        }
        fo->oi_zero_points.inc(hit->oi_zero_points);
        return;
      }
    }
    const std::uint64_t oi_zero = responder(*chain, ctx, res);
    fo->oi_zero_points.inc(oi_zero);
    if (fo->cache.enabled() && res.result() == http::status::ok) {
      const auto type = res[http::field::content_type];
      CachedResponse answer{res.body(), {}, std::string(type.data(), type.size()), oi_zero};
      if (wants_gzip(ctx.request, answer)) {
        answer.gzip_body = gzip_compress(answer.body);
        send(answer, true, res);
      }
      fo->cache.insert(chain, std::move(key), std::move(answer));
    }
  };
}

}  // namespace strikeline
