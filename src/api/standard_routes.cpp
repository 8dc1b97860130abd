#include "api/standard_routes.h"

#include "api/endpoints/endpoints.h"
#include "api/process_metrics.h"

namespace strikeline {

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
      .get("/fo/option-chain", fo_route(fo, option_chain_responder(fo)));
}

}  // namespace strikeline
