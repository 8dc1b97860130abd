// GET /metrics: the registry in the Prometheus text exposition format 0.0.4.
#include "api/endpoints/endpoints.h"

namespace strikeline {

Handler metrics_handler(ServiceContext& context) {
  std::shared_ptr<MetricsRegistry> registry = context.metrics;
  return [registry](const RequestContext&, HttpResponse& res) {
    res.set(http::field::content_type, MetricsRegistry::kContentType);
    res.body().clear();
    res.body().reserve(16 * 1024);
    registry->render(res.body());
  };
}

}  // namespace strikeline
