// GET /fo/indicators: the dashboard panels (query/indicator_panels.h). The body never changes, so
// it is encoded once.
#include "api/endpoints/endpoint_support.h"
#include "api/endpoints/endpoints.h"
#include "query/indicator_panels.h"

namespace strikeline {

Handler indicators_handler() {
  auto body = std::make_shared<std::string>();
  JsonWriter json(*body);
  json.begin_object().field("status", "ok").key("indicators").begin_array();
  for (const IndicatorPanel& p : indicator_panels()) {
    json.begin_object()
        .field("id", p.id)
        .field("label", p.label)
        .field("indicator", p.indicator)
        .field("orientation", p.orientation);
    if (p.option_side) json.field("option_side", side_selection_name(*p.option_side));
    json.field("default", p.is_default).end_object();
  }
  json.end_array().end_object();
  return [body](const RequestContext&, HttpResponse& res) { res.body() = *body; };
}

}  // namespace strikeline
