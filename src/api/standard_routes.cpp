#include "api/standard_routes.h"

#include "api/endpoints/endpoints.h"

namespace strikeline {

void add_standard_routes(Router& router, ServiceContext& context) {
  auto fo = std::make_shared<FoContext>(context);
  router.get("/health", health_handler(context))
      .get("/metrics", metrics_handler(context))
      .get("/openapi.json", openapi_handler())
      .get("/fo/indicators", indicators_handler())
      .get("/fo/expiries", expiries_handler(fo))
      .get("/fo/strike-distribution", strike_distribution_handler(fo))
      .get("/fo/moneyness-series", moneyness_series_handler(fo))
      .get("/fo/strike-history", strike_history_handler(fo))
      .get("/fo/expiry-metrics", expiry_metrics_handler(fo));
}

}  // namespace strikeline
