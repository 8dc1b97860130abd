#include "api/standard_routes.h"

#include "api/endpoints/endpoints.h"
#include "api/process_metrics.h"

namespace strikeline {

namespace {

// The implied forward and the volatility regime (issue 21 items 3 and 4).
void add_volatility_routes(Router& router, const std::shared_ptr<FoContext>& fo) {
  router.get("/fo/implied-forward", fo_route(fo, implied_forward_responder(fo)))
      .get("/fo/term-structure", fo_route(fo, term_structure_responder(fo)))
      .get("/fo/skew-series", fo_route(fo, skew_series_responder(fo)))
      .get("/fo/iv-rank", fo_route(fo, iv_rank_responder(fo)));
}

// OI build-up and Greek exposures (issue 21 items 1 and 2).
void add_analytics_routes(Router& router, const std::shared_ptr<FoContext>& fo) {
  router.get("/fo/buildup", fo_route(fo, buildup_responder(fo)))
      .get("/fo/exposures", fo_route(fo, exposures_responder(fo)));
}

}  // namespace

void add_standard_routes(Router& router, ServiceContext& context,
                         std::size_t response_cache_entries, std::size_t response_cache_bytes) {
  register_process_metrics(*context.metrics, context.version);
  auto fo = std::make_shared<FoContext>(context, response_cache_entries, response_cache_bytes);
  router.get_inline("/health", health_handler(context))
      .get_inline("/metrics", metrics_handler(context))
      .get("/openapi.json", openapi_handler())
      .get("/fo/indicators", indicators_handler())
      .get("/fo/symbols", fo_route(fo, symbols_responder(fo)))
      .get("/fo/expiries", fo_route(fo, expiries_responder(fo)))
      .get("/fo/strike-distribution", fo_route(fo, strike_distribution_responder(fo)))
      .get("/fo/moneyness-series", fo_route(fo, moneyness_series_responder(fo)))
      .get("/fo/strike-history", fo_route(fo, strike_history_responder(fo)))
      .get("/fo/expiry-metrics", fo_route(fo, expiry_metrics_responder(fo)))
      .get("/fo/option-chain", fo_route(fo, option_chain_responder(fo)))
      .get("/fo/futures", fo_route(fo, futures_responder(fo)));
  add_volatility_routes(router, fo);
  add_analytics_routes(router, fo);
}

}  // namespace strikeline
