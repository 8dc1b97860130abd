// The handlers of API.md's endpoints. Each reads its parameters through the query stage's
// normalisers (a bad parameter is a 400 naming what is accepted), runs the query on one chain
// snapshot and writes the JSON with the streaming writer. FoContext carries what the /fo handlers
// share: the service context, the fo_oi_zero_count_total counter and the once-per-chain missing-OI
// warning.
#pragma once

#include <memory>

#include "api/http_types.h"
#include "api/metrics_registry.h"
#include "api/missing_oi_log.h"
#include "api/service_context.h"

namespace strikeline {

struct FoContext {
  explicit FoContext(ServiceContext& service_context)
      : service(service_context),
        oi_zero_points(service_context.metrics->counter(
            "fo_oi_zero_count_total",
            "Strike points served whose call or put open interest was missing or zero.")) {}
  ServiceContext& service;
  Counter& oi_zero_points;
  MissingOiLog missing_oi;
};

Handler health_handler(ServiceContext& context);
Handler metrics_handler(ServiceContext& context);
Handler openapi_handler();
Handler indicators_handler();
Handler expiries_handler(std::shared_ptr<FoContext> fo);
Handler strike_distribution_handler(std::shared_ptr<FoContext> fo);
Handler moneyness_series_handler(std::shared_ptr<FoContext> fo);
Handler strike_history_handler(std::shared_ptr<FoContext> fo);
Handler expiry_metrics_handler(std::shared_ptr<FoContext> fo);

}  // namespace strikeline
