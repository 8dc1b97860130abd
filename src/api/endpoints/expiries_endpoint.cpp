// GET /fo/expiries?symbol=: every expiry with data, ascending, with details (relative label from
// today's IST date, days to expiry, monthly or not).
#include "api/endpoints/endpoint_support.h"
#include "api/endpoints/endpoints.h"
#include "query/expiry_list.h"
#include "query/request_normalisation.h"

namespace strikeline {

FoResponder expiries_responder(std::shared_ptr<FoContext>) {
  return [](const ChainReader& chain, const RequestContext& ctx,
            HttpResponse& res) -> std::uint64_t {
    auto request = normalise_expiries(ctx.params);
    if (!request) {
      write_bad_request(res, request.error());
      return 0;
    }
    const std::vector<Expiry> known = chain.expiries(request.value().symbol);
    const auto details = expiry_details(known, ist_date(ctx.received));

    JsonWriter json = start_json(res);
    json.begin_object().field("status", "ok").field("symbol", request.value().symbol);
    json.key("expiries");
    write_expiry_array(json, known);
    json.key("details").begin_array();
    for (const ExpiryDetail& d : details) {
      json.begin_object().key("date");
      write_date(json, d.date);
      json.key("label");
      if (d.label.empty()) {
        json.null();
      } else {
        json.string(d.label);
      }
      json.field("days_to_expiry", d.days_to_expiry).field("is_monthly", d.is_monthly).end_object();
    }
    json.end_array().end_object();
    return 0;
  };
}

}  // namespace strikeline
