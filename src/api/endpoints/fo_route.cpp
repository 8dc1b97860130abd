#include <chrono>
#include <string>

#include "api/endpoints/endpoint_support.h"
#include "api/endpoints/endpoints.h"

namespace strikeline {

Handler fo_route(std::shared_ptr<FoContext> fo, FoResponder responder) {
  return [fo, responder = std::move(responder)](const RequestContext& ctx, HttpResponse& res) {
    std::shared_ptr<const ChainReader> chain = snapshot_or_503(fo->service, res);
    if (!chain) return;
    std::string key;
    if (fo->cache.enabled()) {
      // Default expiries and relative labels depend on today's IST date as well as the target.
      key.reserve(ctx.request.target().size() + 8);
      key.append(ctx.request.target().data(), ctx.request.target().size());
      key += '#';
      key += std::to_string(ist_date(ctx.received).time_since_epoch().count());
      if (auto hit = fo->cache.find(chain.get(), key)) {
        res.set(http::field::content_type, hit->content_type);
        res.body() = hit->body;
        fo->oi_zero_points.inc(hit->oi_zero_points);
        return;
      }
    }
    const std::uint64_t oi_zero = responder(*chain, ctx, res);
    fo->oi_zero_points.inc(oi_zero);
    if (fo->cache.enabled() && res.result() == http::status::ok) {
      const auto type = res[http::field::content_type];
      fo->cache.insert(chain, std::move(key),
                       CachedResponse{res.body(), std::string(type.data(), type.size()), oi_zero});
    }
  };
}

}  // namespace strikeline
