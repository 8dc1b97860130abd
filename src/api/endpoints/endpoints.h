// The handlers of API.md's endpoints. Each reads its parameters through the query stage's
// normalisers (a bad parameter is a 400 naming what is accepted), runs the query on one chain
// snapshot and writes the JSON with the streaming writer. FoContext carries what the /fo handlers
// share: the service context, the fo_oi_zero_count_total counter and the once-per-chain missing-OI
// warning.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "api/http_types.h"
#include "api/metrics_registry.h"
#include "api/missing_oi_log.h"
#include "api/response_cache.h"
#include "api/service_context.h"

namespace strikeline {

struct FoContext {
  FoContext(ServiceContext& service_context, std::size_t cache_entries, std::size_t cache_bytes)
      : service(service_context),
        oi_zero_points(service_context.metrics->counter(
            "fo_oi_zero_count_total",
            "Strike points served whose call or put open interest was missing or zero.")),
        cache(cache_entries, cache_bytes) {}
  ServiceContext& service;
  Counter& oi_zero_points;
  MissingOiLog missing_oi;
  ResponseCache cache;
};

// The body of a /fo endpoint: answers one request from one snapshot (a bad parameter: 400) and
// returns how many strike points it served with call or put OI missing or zero.
using FoResponder =
    std::function<std::uint64_t(const ChainReader&, const RequestContext&, HttpResponse&)>;

// A /fo route: takes the current snapshot (503 when there is none), answers from the response
// cache when this snapshot already answered the same target on the same IST day, otherwise runs
// the responder and caches a 200; counts fo_oi_zero_count_total either way.
Handler fo_route(std::shared_ptr<FoContext> fo, FoResponder responder);

Handler health_handler(ServiceContext& context);
Handler metrics_handler(ServiceContext& context);
Handler openapi_handler();
Handler indicators_handler();
FoResponder expiries_responder(std::shared_ptr<FoContext> fo);
FoResponder symbols_responder(std::shared_ptr<FoContext> fo);
FoResponder strike_distribution_responder(std::shared_ptr<FoContext> fo);
FoResponder moneyness_series_responder(std::shared_ptr<FoContext> fo);
FoResponder strike_history_responder(std::shared_ptr<FoContext> fo);
FoResponder expiry_metrics_responder(std::shared_ptr<FoContext> fo);
FoResponder option_chain_responder(std::shared_ptr<FoContext> fo);
// The implied forward and the volatility regime (volatility_endpoints.cpp).
FoResponder implied_forward_responder(std::shared_ptr<FoContext> fo);
FoResponder term_structure_responder(std::shared_ptr<FoContext> fo);
FoResponder skew_series_responder(std::shared_ptr<FoContext> fo);
FoResponder iv_rank_responder(std::shared_ptr<FoContext> fo);
// OI build-up and Greek exposures (buildup_endpoint.cpp, exposures_endpoint.cpp).
FoResponder buildup_responder(std::shared_ptr<FoContext> fo);
FoResponder exposures_responder(std::shared_ptr<FoContext> fo);
FoResponder futures_responder(std::shared_ptr<FoContext> fo);

}  // namespace strikeline
