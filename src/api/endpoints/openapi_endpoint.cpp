// GET /openapi.json: an OpenAPI 3.1 description of every route the standard route table serves,
// with parameters, defaults, accepted values and responses. Built once with Boost.JSON (not on a
// hot path) and served as a cached body. tests/api checks that it and the router agree.
#include <boost/json.hpp>

#include "api/endpoints/endpoints.h"
#include "api/error_response.h"
#include "core/timeframe.h"

namespace strikeline {

namespace json = boost::json;

namespace {

json::object param(std::string_view name, json::object schema, std::string_view description,
                   bool required = false) {
  return json::object{{"name", name},
                      {"in", "query"},
                      {"required", required},
                      {"description", description},
                      {"schema", std::move(schema)}};
}

json::object symbol_param() {
  return param("symbol", {{"type", "string"}, {"default", "NIFTY"}, {"examples", {"NIFTY"}}},
               "Underlying; trimmed, upper-cased, exchange prefix/suffix dropped, aliases mapped "
               "(NIFTY 50 -> NIFTY, BANK NIFTY -> BANKNIFTY, ...).");
}

json::object timeframe_param() {
  json::array spellings;
  for (std::string_view s :
       {"1",     "1m", "1min", "3",     "3m", "3min", "5",     "5m",    "5min", "15", "15m",
        "15min", "30", "30m",  "30min", "60", "1h",   "60min", "1hour", "1d",   "D",  "1day"}) {
    spellings.emplace_back(s);
  }
  return param("timeframe", {{"type", "string"}, {"enum", spellings}, {"default", "5min"}},
               "Bar timeframe; 5m and 15m mean minutes. Responses echo the canonical name.");
}

json::object indicator_param() {
  return param("indicator",
               {{"type", "string"},
                {"enum",
                 {"iv", "delta", "gamma", "theta", "vega", "oi", "oi_change", "volume", "pcr",
                  "pcr_volume", "premium"}},
                {"default", "iv"}},
               "Indicator. Both sides: oi/oi_change/volume add, pcr/pcr_volume are put/call "
               "ratios, others are the mean of the sides that have a value.");
}

json::object side_param() {
  return param("option_side",
               {{"type", "string"}, {"enum", {"both", "call", "put"}}, {"default", "both"}},
               "Which option side to read.");
}

json::object expiry_param(std::string_view description, bool required = false) {
  json::object p =
      param("expiry",
            {{"type", "array"},
             {"items", {{"type", "string"}, {"examples", {"2025-11-04", "NWeek+0", "NMonth+0"}}}}},
            description, required);
  p["style"] = "form";
  p["explode"] = true;
  return p;
}

// A moment: epoch seconds (ms above 1e11) or ISO 8601, IST when it has no offset.
json::object moment_param(std::string_view name, std::string_view description) {
  return param(name,
               {{"oneOf",
                 {json::object{{"type", "number"}, {"minimum", 0}},
                  json::object{{"type", "string"},
                               {"examples", {"2026-02-27T10:00:00+05:30", "2026-02-27 10:00"}}}}}},
               description);
}

json::object error_response(std::string_view description) {
  return {
      {"description", description},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

json::object ok_response(std::string_view description, json::object schema,
                         std::string_view content_type = "application/json") {
  return {{"description", description},
          {"content", {{content_type, {{"schema", std::move(schema)}}}}}};
}

json::object operation(std::string_view summary, json::array parameters, json::object ok,
                       bool data_endpoint = true) {
  json::object responses{{"200", std::move(ok)}};
  if (!parameters.empty()) {
    responses["400"] = error_response(
        "A malformed or out-of-range parameter; detail says which "
        "and what is accepted.");
  }
  if (data_endpoint) responses["503"] = error_response("The chain store is not ready.");
  return {{"get",
           {{"summary", summary},
            {"parameters", std::move(parameters)},
            {"responses", std::move(responses)}}}};
}

// An operation that also answers format=csv: the parameter, and text/csv beside the JSON answer.
void add_csv_format(json::value& path_item, std::string_view columns) {
  json::object& get = path_item.as_object()["get"].as_object();
  get["parameters"].as_array().push_back(param(
      "format", {{"type", "string"}, {"enum", json::array{"json", "csv"}}, {"default", "json"}},
      std::string("csv: leading `# name: value` lines with the header values, then a header "
                  "row and one record per ") +
          std::string(columns)));
  get["responses"].as_object()["200"].as_object()["content"].as_object()["text/csv"] = {
      {"schema", {{"type", "string"}}}};
}

json::object object_schema(std::initializer_list<std::string_view> required) {
  json::array names;
  for (std::string_view r : required) names.emplace_back(r);
  return {{"type", "object"}, {"required", std::move(names)}};
}

std::string build_document() {
  const std::string_view default_expiries =
      "Dates YYYY-MM-DD or labels NWeek+k (k-th expiry on or after the as-of date: the moment "
      "asked about, else today) / NMonth+k (k-th monthly); repeatable, expiry[]= and "
      "comma-separated accepted. Default: the next 2 unexpired then.";
  json::object paths;
  paths["/health"] = operation(
      "Liveness and readiness: 200 healthy, 503 unhealthy naming the failing part.", {},
      ok_response("Healthy.", object_schema({"status", "database", "version", "uptime"})), false);
  paths["/health"].as_object()["get"].as_object()["responses"].as_object()["503"] =
      error_response("Unhealthy; `failing` names the parts.");
  paths["/metrics"] =
      operation("Prometheus metrics (text exposition format 0.0.4).", {},
                ok_response("The metrics.", {{"type", "string"}}, "text/plain"), false);
  paths["/openapi.json"] =
      operation("This document.", {}, ok_response("OpenAPI 3.1.", {{"type", "object"}}), false);
  paths["/fo/indicators"] =
      operation("The panels a dashboard can show.", {},
                ok_response("Panels.", object_schema({"status", "indicators"})), false);
  paths["/fo/expiries"] =
      operation("Every expiry of a symbol with data, ascending.", {symbol_param()},
                ok_response("Expiries.", object_schema({"status", "symbol", "expiries"})));
  paths["/fo/strike-distribution"] = operation(
      "An indicator across the listed strikes of each expiry, from the chain as of a moment "
      "(every listed strike, OI and prices carried; flows from the bucket of the newest data).",
      {symbol_param(), timeframe_param(), indicator_param(), side_param(),
       expiry_param(default_expiries),
       moment_param("at", "As of this moment: nothing observed after it is read. Default: now."),
       moment_param("bucket_time", "The same as `at` (kept for the replaced backend's clients)."),
       param("strike_range",
             {{"type", "integer"}, {"minimum", 1}, {"maximum", 200}, {"default", 10}},
             "Listed strikes within ATM +- N positions (whatever their spacing).")},
      ok_response("One series per expiry.",
                  object_schema({"status", "symbol", "timeframe", "indicator", "series"})));
  paths["/fo/moneyness-series"] = operation(
      "An indicator per moneyness label (ITM10..ATM..OTM10) over time.",
      {symbol_param(), timeframe_param(), indicator_param(), side_param(),
       expiry_param(default_expiries),
       moment_param("from", "Window start (bucket starts from it). Default: 6 hours before `to`."),
       moment_param("to",
                    "Window end, and the moment asked about: the bucket holding it shows the "
                    "state at it. Default: the newest bar.")},
      ok_response("One series per expiry and label; each point the state at its bucket's end.",
                  object_schema({"status", "symbol", "timeframe", "indicator", "series"})));
  add_csv_format(paths["/fo/moneyness-series"],
                 "point: `expiry,bucket,time,value,time_ist` (time in epoch seconds, time_ist the "
                 "IST wall clock).");
  json::object strike =
      param("strike", {{"type", "number"}, {"exclusiveMinimum", 0}}, "The strike price.", true);
  strike["example"] = 24350;
  json::object history_expiry = expiry_param("The expiry date (or one relative label).", true);
  history_expiry["example"] = json::array{"2025-11-04"};
  paths["/fo/strike-history"] = operation(
      "One strike's candles over a window.",
      {symbol_param(), strike, history_expiry, timeframe_param(),
       moment_param("from", "Window start. Default: `hours` before `to`."),
       moment_param("to", "Window end (the moment asked about). Default: the newest bar."),
       param("hours",
             {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 8784}, {"default", 24}},
             "Window length when `from` is absent.")},
      ok_response("Candles.", object_schema({"status", "symbol", "strike", "expiry", "candles"})));
  add_csv_format(
      paths["/fo/strike-history"],
      "candle: `time,underlying`, the call's and the put's fields prefixed `call_`/`put_` "
      "(open, high, low, close, volume, oi, oi_change, iv, delta, gamma, theta, vega, "
      "last_price, observed_at), `total_oi,total_volume,time_ist`; empty when null.");
  paths["/fo/expiry-metrics"] = operation(
      "Per bucket of one expiry: OI and volume totals, PCR, max pain, ATM strike, IV and "
      "straddle.",
      {symbol_param(), expiry_param("One expiry (date or label). Default: the next unexpired."),
       timeframe_param(), moment_param("from", "Window start. Default: 6 hours before `to`."),
       moment_param("to", "Window end (the moment asked about). Default: the newest bar.")},
      ok_response("Points.", object_schema({"status", "symbol", "expiry", "points"})));

  json::object document{{"openapi", "3.1.0"},
                        {"info",
                         {{"title", "strikeline"},
                          {"version", STRIKELINE_VERSION},
                          {"description", "F&O open-interest and volatility analytics."}}},
                        {"paths", std::move(paths)},
                        {"components",
                         {{"schemas",
                           {{"Error",
                             {{"type", "object"},
                              {"required", {"detail"}},
                              {"properties", {{"detail", {{"type", "string"}}}}}}}}}}}};
  return json::serialize(document);
}

}  // namespace

Handler openapi_handler() {
  auto body = std::make_shared<const std::string>(build_document());
  return [body](const RequestContext&, HttpResponse& res) {
    res.set(http::field::content_type, kJsonContentType);
    res.body() = *body;
  };
}

}  // namespace strikeline
