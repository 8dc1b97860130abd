// GET /fo/symbols: every underlying with stored data, ascending, with its kind (index or stock),
// its expiries with data (ascending) and each expiry's lot size as of today's IST date
// (ContractSpecs::lot_on: the data's, else the symbol's default); /fo/expiries?symbol= gives an
// expiry's details.
#include "api/endpoints/endpoint_support.h"
#include "api/endpoints/endpoints.h"
#include "core/symbol.h"

namespace strikeline {

FoResponder symbols_responder(std::shared_ptr<FoContext> fo) {
  return [fo](const ChainReader& chain, const RequestContext&, HttpResponse& res) -> std::uint64_t {
    const Date today = ist_date(fo->service.current_time());
    const ContractSpecs& specs = fo->service.contract_specs;
    const std::vector<std::string> symbols = chain.symbols();
    JsonWriter json = start_json(res, 64 + 96 * symbols.size());
    json.begin_object().field("status", "ok").key("symbols").begin_array();
    for (const std::string& symbol : symbols) {
      const std::vector<Expiry> expiries = chain.expiries(symbol);
      json.begin_object()
          .field("symbol", symbol)
          .field("kind", kind_name(underlying_kind(symbol)))
          .key("expiries");
      write_expiry_array(json, expiries);
      json.key("lot_sizes").begin_object();
      for (Expiry e : expiries) json.field(format_date(e), specs.lot_on(symbol, e, today));
      json.end_object().end_object();
    }
    json.end_array().end_object();
    return 0;
  };
}

}  // namespace strikeline
