#include <chrono>
#include <string>

#include "api/endpoints/endpoint_support.h"
#include "api/endpoints/endpoints.h"
#include "api/http_compression.h"

namespace strikeline {

namespace {

// A cached answer as the client accepts it: the compressed body as it is, or inflated for a client
// that does not take gzip. False when a compressed body cannot be read back (never expected).
bool send_cached(const CachedResponse& hit, const HttpRequest& request, HttpResponse& res) {
  res.set(http::field::content_type, hit.content_type);
  if (!hit.gzipped) {
    res.body() = hit.body;
    return true;
  }
  if (accepts_gzip(request)) {
    res.body() = hit.body;
    res.set(http::field::content_encoding, "gzip");
    return true;
  }
  auto identity = gzip_decompress(hit.body, std::size_t{1} << 31);
  if (!identity) return false;
  res.body() = std::move(*identity);
  return true;
}

// The entry to cache for a fresh answer; compresses its body when worth it and, when the client
// accepts gzip, sends that compressed body (so it is compressed once).
CachedResponse cache_entry(const HttpRequest& request, HttpResponse& res,
                           std::uint64_t oi_zero_points) {
  const auto type = res[http::field::content_type];
  CachedResponse entry{res.body(), std::string(type.data(), type.size()), oi_zero_points, false};
  if (!worth_compressing(entry.content_type, entry.body.size())) return entry;
  entry.body = gzip_compress(res.body());
  entry.gzipped = true;
  if (accepts_gzip(request)) {
    res.body() = entry.body;
    res.set(http::field::content_encoding, "gzip");
  }
  return entry;
}

}  // namespace

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
      if (auto hit = fo->cache.find(chain.get(), key); hit && send_cached(*hit, ctx.request, res)) {
        fo->oi_zero_points.inc(hit->oi_zero_points);
        return;
      }
    }
    const std::uint64_t oi_zero = responder(*chain, ctx, res);
    fo->oi_zero_points.inc(oi_zero);
    if (fo->cache.enabled() && res.result() == http::status::ok) {
      fo->cache.insert(chain, std::move(key), cache_entry(ctx.request, res, oi_zero));
    }
  };
}

}  // namespace strikeline
