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

// `strike_range` where the default is every listed strike (the option chain, build-up, exposures).
json::object all_strikes_range_param() {
  return param("strike_range",
               {{"oneOf",
                 {json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 200}},
                  json::object{{"type", "string"}, {"enum", {"all"}}}}},
                {"default", "all"}},
               "Listed strikes within ATM +- N positions; default every listed strike.");
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

// {"type": [type, "null"]} (OpenAPI 3.1: JSON Schema's type lists) with a description.
json::object nullable(std::string_view type, std::string_view description) {
  return {{"type", {type, "null"}}, {"description", description}};
}

// The IV convention of the stored IVs an answer reads (core/bar_origin.h).
json::object iv_convention_schema(std::string_view of) {
  return {{"type", "string"},
          {"enum", json::array{"strikeline", "nse", "mixed", "unknown"}},
          {"description",
           std::string("Which convention computed the stored IVs and Greeks ") + std::string(of) +
               ": strikeline (time to 15:30 IST in calendar seconds, the future as the forward), "
               "nse (NSE's: Black-Scholes on spot, r = 10 %, whole days), mixed (days of both), "
               "unknown (IVs given with the bars, or stored before conventions were recorded)."}};
}

// object_schema() with some of its properties described.
json::object object_schema(std::initializer_list<std::string_view> required,
                           json::object properties) {
  json::object schema = object_schema(required);
  schema["properties"] = std::move(properties);
  return schema;
}

// The option chain's response: the header's fields, then rows of both sides' fields.
json::object option_chain_schema() {
  json::object side{
      {"ltp", nullable("number", "Last traded price (rupees).")},
      {"change", nullable("number",
                          "ltp less the previous close (the last price before the "
                          "session day).")},
      {"change_pct", nullable("number", "change in percent of the previous close.")},
      {"bid", nullable("number", "Best bid of the last quote (rupees).")},
      {"ask", nullable("number", "Best offer of the last quote (rupees).")},
      {"bid_qty", nullable("integer", "Quantity at the best bid, in units (not lots).")},
      {"ask_qty", nullable("integer", "Quantity at the best offer, in units.")},
      {"volume",
       {{"type", "integer"}, {"description", "Units traded on the session day up to as_of."}}},
      {"oi", nullable("integer", "Open interest, in units (contracts: oi / lot_size).")},
      {"oi_change", nullable("integer", "OI change against the previous trading day's close.")},
      {"oi_change_since", nullable("integer",
                                   "OI now less OI at `since` (null when either is "
                                   "unknown).")},
      {"iv", nullable("number", "Implied volatility, percent (last valid analytics).")},
      {"delta", nullable("number", "Delta.")},
      {"gamma", nullable("number", "Gamma.")},
      {"theta", nullable("number", "Theta per calendar day, rupees.")},
      {"vega", nullable("number", "Vega per volatility point, rupees.")},
      {"observed_at", nullable("integer", "Epoch seconds of the side's newest observation.")},
      {"moneyness", nullable("string",
                             "This side's label: ITM10..ITM1, ATM, OTM1..OTM10 (a put's "
                             "is the reverse of the call's).")}};
  json::object side_schema{{"type", "object"}, {"properties", std::move(side)}};
  json::object row{{"type", "object"},
                   {"required", {"strike", "moneyness", "call", "put"}},
                   {"properties",
                    {{"strike", {{"type", "number"}}},
                     {"moneyness", nullable("string", "The call's label (API.md's `both`).")},
                     {"call", side_schema},
                     {"put", side_schema}}}};
  json::object header{
      {"status", {{"type", "string"}}},
      {"symbol", {{"type", "string"}}},
      {"expiry", nullable("string", "YYYY-MM-DD; null when no expiry is unexpired then.")},
      {"expiry_label", nullable("string", "NWeek+k as of the moment's IST date.")},
      {"days_to_expiry", nullable("integer", "Calendar days from the moment's IST date.")},
      {"lot_size",
       {{"type", "integer"},
        {"description",
         "Units per contract of this expiry on the moment's IST date: the lot the data gave "
         "(a bhavcopy's, an instrument dump's, an import's --lots / --lot-size; the latest on or "
         "before that date), else the symbol's default."}}},
      {"spot", nullable("number", "The underlying as of the moment.")},
      {"future", nullable("number",
                          "The same expiry's future's last traded price as of the moment "
                          "(carried across minutes and days; null: no such future seen).")},
      {"forward", nullable("number",
                           "The forward pricing uses (--forward: the future, the implied "
                           "forward, or the spot with the rate; see /fo/implied-forward).")},
      {"atm_strike", nullable("number", "The listed strike nearest the spot (ties: lower).")},
      {"pcr", nullable("number", "Total put OI / total call OI over every listed strike.")},
      {"max_pain", nullable("number", "Max pain strike over every listed strike.")},
      {"total_call_oi", {{"type", "integer"}}},
      {"total_put_oi", {{"type", "integer"}}},
      {"total_call_oi_change", {{"type", "integer"}}},
      {"total_put_oi_change", {{"type", "integer"}}},
      {"total_call_volume", {{"type", "integer"}}},
      {"total_put_volume", {{"type", "integer"}}},
      {"as_of", {{"type", "integer"}, {"description", "The moment, epoch seconds."}}},
      {"as_of_ist", {{"type", "string"}, {"description", "The moment in IST, ISO 8601."}}},
      {"since", {{"type", "integer"}, {"description", "oi_change_since's start, epoch seconds."}}},
      {"since_ist", {{"type", "string"}}},
      {"session_day", nullable("string", "The IST trading day the moment belongs to.")},
      {"oldest_observation", nullable("integer", "The stalest side's observed_at among the rows.")},
      {"strike_range", nullable("integer", "As asked; null: every listed strike.")},
      {"listed_strikes", {{"type", "integer"}}},
      {"iv_convention", iv_convention_schema("of this expiry, on the days up to the moment's")},
      {"rows", {{"type", "array"}, {"items", std::move(row)}}}};
  json::object schema = object_schema({"status", "symbol", "expiry", "as_of", "rows"});
  schema["properties"] = std::move(header);
  return schema;
}

// {"type": "object", "required": [...], "properties": {...}}.
json::object object_with(std::initializer_list<std::string_view> required,
                         json::object properties) {
  json::object schema = object_schema(required);
  schema["properties"] = std::move(properties);
  return schema;
}

json::object array_of(json::object items, std::string_view description) {
  return {{"type", "array"}, {"items", std::move(items)}, {"description", description}};
}

// The pricing policy every implied-forward and term-structure answer states.
void add_policy_properties(json::object& properties) {
  properties["pricing_forward"] = {
      {"type", "string"},
      {"enum", {"future", "synthetic", "spot"}},
      {"description", "The server's --forward: which forward computed IVs price on."}};
  properties["rate"] = {
      {"type", "number"},
      {"description", "The rate of pricing (continuously compounded; 0.1 = 10 %)."}};
}

json::object forward_source_schema() {
  return {{"type", {"string", "null"}},
          {"enum", json::array{"future", "synthetic", "spot", json::value(nullptr)}},
          {"description",
           "Where `forward` comes from: the expiry's future, its implied forward, or the spot "
           "with the rate (S exp(rT)); null when nothing is known."}};
}

json::object cm_properties() {
  return {{"iv", nullable("number", "The 30-day constant-maturity ATM IV, percent.")},
          {"near_expiry", nullable("string", "The expiry at or inside 30 days it comes from.")},
          {"far_expiry", nullable("string", "The expiry beyond 30 days it comes from.")},
          {"extrapolated",
           {{"type", "boolean"},
            {"description",
             "True when every expiry lies on one side of 30 days: the nearest one's IV, flat."}}}};
}

// The implied forward and the volatility regime (issue 21 items 3 and 4).
void add_volatility_paths(json::object& paths) {
  const auto at_param = [] {
    return moment_param("at",
                        "As of this moment: nothing observed after it is read. Default: now.");
  };
  const auto expiries_param = [] {
    return expiry_param(
        "Dates YYYY-MM-DD or labels NWeek+k / NMonth+k, repeatable. Default: every expiry "
        "unexpired at `at` (its 15:30 IST close after it).");
  };

  json::object forward_item = object_with(
      {"expiry", "years", "implied_forward", "parity_strikes", "forward", "forward_source"},
      {{"expiry", {{"type", "string"}, {"description", "YYYY-MM-DD."}}},
       {"years", {{"type", "number"}, {"description", "Calendar time to 15:30 IST / 365 days."}}},
       {"spot", nullable("number", "The underlying as of the moment.")},
       {"implied_forward",
        nullable("number",
                 "Median of K + exp(rT)(C - P) over the parity strikes; null when no listed "
                 "strike has both sides priced.")},
       {"parity_strikes",
        array_of({{"type", "number"}},
                 "The strikes the median took: the (at most 5) listed strikes nearest the "
                 "money with both sides priced (mid of a two-sided quote, else last price).")},
       {"parity_count",
        {{"type", "integer"}, {"description", "How many strikes the median took."}}},
       {"priced_pairs",
        {{"type", "integer"}, {"description", "Listed strikes with both sides priced."}}},
       {"implied_low", nullable("number", "The least forward among the parity strikes.")},
       {"implied_high", nullable("number", "The greatest forward among the parity strikes.")},
       {"basis_spot", nullable("number", "implied_forward - spot.")},
       {"future", nullable("number", "The expiry's future as of `at` (null: none seen).")},
       {"basis_future", nullable("number", "implied_forward - future (null without a future).")},
       {"forward", nullable("number", "The forward pricing uses for this expiry (--forward).")},
       {"forward_source", forward_source_schema()}});
  json::object forward_props{{"status", {{"type", "string"}}},
                             {"symbol", {{"type", "string"}}},
                             {"as_of", {{"type", "integer"}, {"description", "Epoch seconds."}}},
                             {"expiries", array_of(std::move(forward_item), "Ascending.")}};
  add_policy_properties(forward_props);
  paths["/fo/implied-forward"] = operation(
      "The implied forward of each expiry from put-call parity near the money, its basis to spot "
      "and to the future, and the forward pricing uses.",
      {symbol_param(), expiries_param(), at_param()},
      ok_response(
          "One entry per expiry listed at the moment.",
          object_with({"status", "symbol", "as_of", "expiries"}, std::move(forward_props))));

  json::object term_item = object_with(
      {"expiry", "days_to_expiry", "years", "atm_iv"},
      {{"expiry", {{"type", "string"}}},
       {"label", {{"type", "string"}, {"description", "NWeek+k as of the moment's IST date."}}},
       {"days_to_expiry", {{"type", "integer"}}},
       {"years", {{"type", "number"}}},
       {"underlying", nullable("number", "The underlying as of the moment.")},
       {"atm_strike", nullable("number", "The listed strike nearest the underlying.")},
       {"atm_iv", nullable("number", "Mean of the call and put IV at ATM that exist, percent.")},
       {"forward", nullable("number", "The forward pricing uses for this expiry.")},
       {"forward_source", forward_source_schema()}});
  json::object cm30 = object_with({"days", "iv", "extrapolated"}, cm_properties());
  cm30["properties"].as_object()["days"] = {{"type", "number"}, {"description", "30."}};
  json::object term_props{{"status", {{"type", "string"}}},
                          {"symbol", {{"type", "string"}}},
                          {"as_of", {{"type", "integer"}}},
                          {"expiries", array_of(std::move(term_item), "Ascending.")},
                          {"cm30", std::move(cm30)}};
  add_policy_properties(term_props);
  paths["/fo/term-structure"] = operation(
      "The ATM IV term structure across expiries as of a moment, with the 30-day constant-"
      "maturity ATM IV (linear in total variance between the expiries around 30 days).",
      {symbol_param(), expiries_param(), at_param()},
      ok_response(
          "One entry per expiry listed at the moment.",
          object_with({"status", "symbol", "as_of", "expiries", "cm30"}, std::move(term_props))));

  json::object skew_point = object_with(
      {"time", "atm_iv", "call25_iv", "put25_iv", "rr25", "bf25"},
      {{"time", {{"type", "integer"}, {"description", "Bucket start, epoch seconds."}}},
       {"underlying", nullable("number", "The underlying at the bucket's end.")},
       {"atm_strike", nullable("number", "ATM at the bucket's end.")},
       {"atm_iv", nullable("number", "ATM IV, percent.")},
       {"call25_iv",
        nullable("number",
                 "IV where the calls' delta is 0.25: linear in delta between the neighbouring "
                 "listed strikes bracketing it, nearest the money.")},
       {"put25_iv", nullable("number", "IV where the puts' delta is -0.25, likewise.")},
       {"rr25", nullable("number", "call25_iv - put25_iv.")},
       {"bf25", nullable("number", "(call25_iv + put25_iv) / 2 - atm_iv.")}});
  paths["/fo/skew-series"] = operation(
      "The 25-delta risk reversal and butterfly of one expiry over time, a point per bucket "
      "(the chain's state at its end).",
      {symbol_param(), expiry_param("One expiry (date or label). Default: the next unexpired."),
       timeframe_param(), moment_param("from", "Window start. Default: 6 hours before `to`."),
       moment_param("to", "Window end (the moment asked about). Default: the newest bar.")},
      ok_response(
          "Points ascending by time.",
          object_with({"status", "symbol", "expiry", "timeframe", "points"},
                      {{"status", {{"type", "string"}}},
                       {"symbol", {{"type", "string"}}},
                       {"expiry", nullable("string", "YYYY-MM-DD; null without an expiry.")},
                       {"timeframe", {{"type", "string"}}},
                       {"from", nullable("integer", "Window start.")},
                       {"to", nullable("integer", "Window end.")},
                       {"delta", {{"type", "number"}, {"description", "0.25."}}},
                       {"points", array_of(std::move(skew_point), "Ascending by time.")}})));

  json::object rank_props = cm_properties();
  rank_props["status"] = {{"type", "string"}};
  rank_props["symbol"] = {{"type", "string"}};
  rank_props["as_of"] = {{"type", "integer"}};
  rank_props["maturity_days"] = {{"type", "number"}, {"description", "30."}};
  rank_props["window_days"] = {{"type", "integer"}, {"description", "252 trading days at most."}};
  rank_props["min_days"] = {{"type", "integer"},
                            {"description", "20: fewer days used and rank/percentile are null."}};
  rank_props["date"] = nullable("string", "The day of `iv` (the newest with a value).");
  rank_props["days_used"] = {{"type", "integer"}, {"description", "Trading days in the history."}};
  rank_props["first_day"] = nullable("string", "The oldest day used.");
  rank_props["min"] = nullable("number", "Least IV of the history.");
  rank_props["max"] = nullable("number", "Greatest IV of the history.");
  rank_props["iv_rank"] =
      nullable("number", "100 (iv - min) / (max - min), percent; null under 20 days or max = min.");
  rank_props["iv_percentile"] = nullable(
      "number", "Percent of the history's earlier days with a lower IV; null under 20 days.");
  rank_props["history"] = array_of(
      object_with({"date", "time", "iv"},
                  {{"date", {{"type", "string"}}},
                   {"time", {{"type", "integer"}, {"description", "The value's moment."}}},
                   {"iv", {{"type", "number"}}}}),
      "The daily 30-day IV (at each day's 15:30 IST close; the moment's own day as of it), "
      "oldest first.");
  paths["/fo/iv-rank"] = operation(
      "IV rank and IV percentile of the 30-day constant-maturity ATM IV over its daily history "
      "(the last 252 trading days).",
      {symbol_param(), at_param()},
      ok_response("The current value, its rank, percentile and history.",
                  object_with({"status", "symbol", "as_of", "iv", "days_used", "iv_rank",
                               "iv_percentile", "history"},
                              std::move(rank_props))));
}

// --- the analytics: OI build-up and Greek exposures ----------------------------------------------

// The parameters /fo/buildup and /fo/exposures share: one expiry at a moment, or a series.
json::array analytics_params() {
  return {symbol_param(),
          expiry_param("One expiry (date or label). Default: the nearest unexpired at the moment "
                       "(`at`, or `to` for a series)."),
          moment_param("at",
                       "As of this moment: nothing observed after it is read. Default: now. "
                       "Not with from/to."),
          moment_param("from",
                       "With `to`: a series, one point per bucket of `timeframe` with "
                       "data. Default: 6 hours before `to`."),
          moment_param("to", "The series' end (the moment asked about). Default: the newest bar."),
          timeframe_param(),
          all_strikes_range_param()};
}

// The members the build-up's and the exposures' answers share: a moment's header, a series' window.
json::object chain_moment_properties() {
  return {{"status", {{"type", "string"}}},
          {"symbol", {{"type", "string"}}},
          {"expiry", nullable("string", "YYYY-MM-DD; null when no expiry is unexpired then.")},
          {"expiry_label", nullable("string", "NWeek+k as of the moment's IST date.")},
          {"lot_size", {{"type", "integer"}}},
          {"as_of", {{"type", "integer"}, {"description", "The moment, epoch seconds."}}},
          {"as_of_ist", {{"type", "string"}, {"description", "The moment in IST, ISO 8601."}}},
          {"spot", nullable("number", "The underlying as of the moment.")},
          {"atm_strike", nullable("number", "The listed strike nearest the spot.")},
          {"strike_range", nullable("integer", "As asked; null: every listed strike.")},
          {"listed_strikes", {{"type", "integer"}}},
          {"timeframe", {{"type", "string"}, {"description", "Series: the buckets' timeframe."}}},
          {"from", nullable("integer", "Series: the window's start.")},
          {"to", nullable("integer", "Series: the window's end.")}};
}

json::object counts_schema() {
  json::object counts{{"type", "object"},
                      {"description", "Sides per class; unknown: no OI or last price at an end."}};
  json::object properties;
  for (std::string_view c : {"long_buildup", "short_buildup", "short_covering", "long_unwinding",
                             "neutral", "unknown"}) {
    properties[c] = {{"type", "integer"}};
  }
  counts["properties"] = std::move(properties);
  return counts;
}

json::object buildup_move_properties() {
  return {{"oi", nullable("integer", "OI at the interval's end, units.")},
          {"oi_change", nullable("integer", "OI change over the interval, units.")},
          {"oi_change_pct", nullable("number", "oi_change in percent of the OI at the start.")},
          {"price", nullable("number", "Last traded price at the end (rupees).")},
          {"price_change", nullable("number", "Its change over the interval.")}};
}

json::object buildup_schema() {
  json::object mover_props = buildup_move_properties();
  mover_props["strike"] = {{"type", "number"}};
  json::object mover{{"type", "object"}, {"properties", std::move(mover_props)}};
  json::object movers_props;
  for (std::string_view c : {"long_buildup", "short_buildup", "short_covering", "long_unwinding"}) {
    movers_props[c] = {{"type", "array"}, {"items", mover}};
  }
  json::object side_summary{
      {"type", "object"},
      {"properties",
       {{"counts", counts_schema()},
        {"oi_change",
         {{"type", "integer"}, {"description", "Net OI change of the classified sides."}}},
        {"movers",
         {{"type", "object"},
          {"description",
           "Per directional class, the biggest |oi_change| first (ties: lower strike)."},
          {"properties", std::move(movers_props)}}}}}};
  json::object side_props = buildup_move_properties();
  side_props["class"] = {
      {"type", {"string", "null"}},
      {"enum",
       {"long_buildup", "short_buildup", "short_covering", "long_unwinding", "neutral", nullptr}},
      {"description", "null: unknown (no OI or last price at an end)."}};
  json::object side{{"type", "object"}, {"properties", side_props}};
  json::object future{
      {"type", {"object", "null"}},
      {"description",
       "The same expiry's future over the same interval (its last traded price carried, its OI "
       "at both ends), classified as the options (class null: no price or OI at an end); null "
       "when no future of the expiry is known at the interval's end. A series: per point over "
       "its bucket, at the top over the whole series (first bucket's start to last point's "
       "end)."},
      {"properties", std::move(side_props)}};
  json::object row{
      {"type", "object"},
      {"properties", {{"strike", {{"type", "number"}}}, {"call", side}, {"put", side}}}};
  json::object point_side{
      {"type", "object"},
      {"properties", {{"counts", counts_schema()}, {"oi_change", {{"type", "integer"}}}}}};
  json::object point{
      {"type", "object"},
      {"properties",
       {{"time", {{"type", "integer"}, {"description", "Bucket start, epoch seconds."}}},
        {"underlying", nullable("number", "The underlying at the bucket's end.")},
        {"calls", point_side},
        {"puts", point_side},
        {"future", future}}}};
  json::object schema = object_schema({"status", "symbol", "expiry"});
  schema["description"] =
      "At a moment (no from/to): the header, calls/puts summaries and rows. With from/to: "
      "timeframe, from, to and points.";
  json::object props = chain_moment_properties();
  props["as_of"] = {{"type", "integer"}, {"description", "The interval's end, epoch seconds."}};
  props["since"] = {{"type", "integer"}, {"description", "The interval's start, epoch seconds."}};
  props["since_ist"] = {{"type", "string"}};
  props["neutral_oi_pct"] = {{"type", "number"}};
  props["spot_at_since"] = nullable("number", "The underlying at since.");
  props["calls"] = side_summary;
  props["puts"] = side_summary;
  props["future"] = std::move(future);
  props["rows"] = {{"type", "array"}, {"items", std::move(row)}};
  props["points"] = {{"type", "array"}, {"items", std::move(point)}};
  schema["properties"] = std::move(props);
  return schema;
}

json::object exposures_schema() {
  json::object side{{"type", "object"},
                    {"properties",
                     {{"oi", nullable("integer", "Open interest, units.")},
                      {"iv", nullable("number", "The side's last valid IV, percent.")},
                      {"delta", nullable("number",
                                         "Delta recomputed on the pricing forward, per rupee of "
                                         "the spot (Black-76's x F/S).")},
                      {"gamma", nullable("number",
                                         "Gamma recomputed on the pricing forward, per rupee of "
                                         "the spot (Black-76's x (F/S)^2).")},
                      {"vega", nullable("number", "Vega per vol point, recomputed.")},
                      {"gex", nullable("number", "Rupees per 1 % move; negative for puts.")},
                      {"dex", nullable("number", "Rupees per 1 % move; negative for puts.")},
                      {"vex", nullable("number", "Rupees per vol point; negative for puts.")}}}};
  json::object row{{"type", "object"},
                   {"properties",
                    {{"strike", {{"type", "number"}}},
                     {"gex", {{"type", "number"}, {"description", "Net of both sides."}}},
                     {"dex", {{"type", "number"}}},
                     {"vex", {{"type", "number"}}},
                     {"call", side},
                     {"put", side}}}};
  json::object totals_props;
  for (std::string_view k :
       {"gex", "dex", "vex", "call_gex", "put_gex", "call_dex", "put_dex", "call_vex", "put_vex"}) {
    totals_props[k] = {{"type", "number"}};
  }
  json::object totals{{"type", {"object", "null"}},
                      {"description", "Over every listed strike; null when nothing is priced."},
                      {"properties", std::move(totals_props)}};
  json::object zero_gamma = nullable(
      "number",
      "The underlying level nearest the spot, within +-10 %, where the total GEX with every "
      "option's gamma recomputed there changes sign; null when none.");
  json::object bracket{{"type", {"array", "null"}},
                       {"items", {{"type", "number"}}},
                       {"description", "The 0.5 % grid interval that bracketed zero_gamma."}};
  const json::object forward = nullable(
      "number",
      "The forward the Greeks priced on: the expiry's future or implied forward (Black-76), or "
      "the spot's forward S exp(rT) (Black-Scholes on the spot); it moves with the spot in the "
      "zero-gamma search. null: none known.");
  const json::object forward_source{{"type", {"string", "null"}},
                                    {"enum", {"future", "synthetic", "spot", nullptr}},
                                    {"description", "Where the forward came from."}};
  json::object point{{"type", "object"},
                     {"properties",
                      {{"time", {{"type", "integer"}}},
                       {"spot", nullable("number", "The underlying at the bucket's end.")},
                       {"forward", forward},
                       {"forward_source", forward_source},
                       {"gex", nullable("number", "Total GEX.")},
                       {"dex", nullable("number", "Total DEX.")},
                       {"vex", nullable("number", "Total VEX.")},
                       {"zero_gamma", zero_gamma},
                       {"zero_gamma_bracket", bracket},
                       {"priced", {{"type", "integer"}}},
                       {"unpriced", {{"type", "integer"}}}}}};
  json::object schema = object_schema({"status", "symbol", "expiry", "convention"});
  schema["description"] =
      "At a moment (no from/to): the header, totals, zero_gamma and rows. With from/to: "
      "timeframe, from, to and points.";
  json::object props = chain_moment_properties();
  props["days_to_expiry"] = nullable("integer", "Calendar days from the moment's IST date.");
  props["years"] = {{"type", "number"},
                    {"description", "Time to expiry as the IV convention counts it."}};
  props["rate"] = {{"type", "number"}, {"description", "The rate the Greeks are recomputed with."}};
  props["pricing_forward"] = {{"type", "string"},
                              {"enum", {"future", "synthetic", "spot"}},
                              {"description", "The server's --forward choice."}};
  props["forward"] = forward;
  props["forward_source"] = forward_source;
  props["iv_convention"] = {{"type", "string"}, {"enum", {"strikeline", "nse"}}};
  props["convention"] = {{"type", "string"}, {"description", "The sign convention, stated."}};
  props["oldest_observation"] = nullable("integer", "The stalest side's observed_at.");
  props["priced"] = {{"type", "integer"}, {"description", "Sides with OI and a usable IV."}};
  props["unpriced"] = {{"type", "integer"}, {"description", "Sides with OI but no usable IV."}};
  props["totals"] = std::move(totals);
  props["zero_gamma"] = zero_gamma;
  props["zero_gamma_bracket"] = bracket;
  props["rows"] = {{"type", "array"}, {"items", std::move(row)}};
  props["points"] = {{"type", "array"}, {"items", std::move(point)}};
  schema["properties"] = std::move(props);
  return schema;
}

void add_analytics_paths(json::object& paths) {
  json::array buildup_params = analytics_params();
  buildup_params.push_back(param(
      "since", {{"type", "string"}, {"examples", {"30m", "2h", "10:00", "1762230300"}}},
      "The interval's start at a moment (not with from/to): a duration before `at`, a time HH:MM "
      "IST on the session day, or a moment. Default: the bucket of `timeframe` ending at `at` (its "
      "start; the bucket before when `at` is a bucket's start)."));
  buildup_params.push_back(param(
      "neutral_oi_pct", {{"type", "number"}, {"minimum", 0}, {"maximum", 100}, {"default", 1}},
      "An OI change below this percentage of the OI at the interval's start is neutral."));
  buildup_params.push_back(
      param("movers", {{"type", "integer"}, {"minimum", 1}, {"maximum", 50}, {"default", 5}},
            "The biggest movers listed per class and side."));
  paths["/fo/buildup"] = operation(
      "OI build-up of one expiry over an interval: long build-up (price up, OI up), short "
      "build-up (price down, OI up), short covering (price up, OI down), long unwinding (price "
      "down, OI down), neutral; counts and the biggest movers per class, per side.",
      std::move(buildup_params), ok_response("The build-up.", buildup_schema()));
  paths["/fo/exposures"] = operation(
      "Gamma, delta and vega exposure of one expiry by strike and in total (dealers long calls, "
      "short puts), and the zero-gamma level.",
      analytics_params(), ok_response("The exposures.", exposures_schema()));
}

// GET /fo/futures: per expiry the futures' points, per bucket the rollover.
json::object futures_schema() {
  json::object point{
      {"type", "object"},
      {"required",
       {"time", "price", "spot", "basis", "basis_annualised_pct", "oi", "oi_change", "volume",
        "observed_at"}},
      {"properties",
       {{"time", {{"type", "integer"}, {"description", "Bucket start, epoch seconds."}}},
        {"price", nullable("number", "Last traded price as of the bucket's end (state).")},
        {"spot", nullable("number", "The underlying seen with the future's newest observation.")},
        {"basis", nullable("number", "price - spot, rupees.")},
        {"basis_annualised_pct",
         nullable("number",
                  "(price / spot - 1) / T x 100, T the calendar years to 15:30 IST on the "
                  "expiry (null once expired).")},
        {"oi", nullable("integer", "Open interest in units as of the bucket's end (carried).")},
        {"oi_change", nullable("integer", "OI less the previous IST trading day's closing OI.")},
        {"volume", {{"type", "integer"}, {"description", "Units traded in the bucket (flow)."}}},
        {"observed_at", nullable("integer", "Epoch seconds of the newest observation counted.")}}}};
  json::object series{{"type", "object"},
                      {"required", {"expiry", "points"}},
                      {"properties",
                       {{"expiry", {{"type", "string"}, {"description", "YYYY-MM-DD."}}},
                        {"points", {{"type", "array"}, {"items", std::move(point)}}}}}};
  json::object rollover{
      {"type", "object"},
      {"required",
       {"time", "near_expiry", "next_expiry", "far_expiry", "near_oi", "next_oi", "far_oi",
        "rollover_pct", "days_to_near_expiry"}},
      {"properties",
       {{"time", {{"type", "integer"}}},
        {"near_expiry", nullable("string", "The nearest future unexpired at the bucket's end.")},
        {"next_expiry", nullable("string", "The next one.")},
        {"far_expiry", nullable("string", "The one after.")},
        {"near_oi", {{"type", "integer"}, {"description", "Units (0: none known)."}}},
        {"next_oi", {{"type", "integer"}}},
        {"far_oi", {{"type", "integer"}}},
        {"rollover_pct",
         nullable("number", "(next_oi + far_oi) / (near_oi + next_oi + far_oi) x 100.")},
        {"days_to_near_expiry",
         nullable("integer", "Calendar days from the moment's IST date to near_expiry.")}}}};
  json::object schema =
      object_schema({"status", "symbol", "timeframe", "from", "to", "series", "rollover"});
  schema["properties"] = {
      {"status", {{"type", "string"}}},
      {"symbol", {{"type", "string"}}},
      {"timeframe", {{"type", "string"}}},
      {"from", nullable("integer", "Window start, epoch seconds (null: no futures).")},
      {"to", nullable("integer", "Window end, epoch seconds.")},
      {"series", {{"type", "array"}, {"items", std::move(series)}}},
      {"rollover", {{"type", "array"}, {"items", std::move(rollover)}}}};
  return schema;
}

void add_futures_path(json::object& paths) {
  paths["/fo/futures"] = operation(
      "A symbol's futures over time: per expiry and bucket the price, basis to spot (rupees and "
      "annualised %), OI (carried) and its change against the previous day's close, volume; "
      "per bucket the rollover (next + far) / (near + next + far) of futures OI.",
      {symbol_param(),
       expiry_param("Futures expiries (dates or labels, against the futures listed). Default: "
                    "every future not expired before the window."),
       timeframe_param(), moment_param("from", "Window start. Default: 6 hours before `to`."),
       moment_param("to", "Window end (the moment asked about). Default: the newest future bar.")},
      ok_response("Series per expiry and the rollover.", futures_schema()));
}

std::string build_document() {
  const std::string_view default_expiries =
      "Dates YYYY-MM-DD or labels NWeek+k (k-th expiry on or after the as-of date: the moment "
      "asked about, else today) / NMonth+k (k-th monthly); repeatable, expiry[]= and "
      "comma-separated accepted. Default: the next 2 unexpired then.";
  json::object paths;
  json::object health =
      object_schema({"status", "database", "version", "uptime", "simulated", "symbols", "sources"});
  const json::object source_schema{
      {"type", "object"},
      {"properties",
       {{"source",
         {{"type", "string"},
          {"enum", json::array{"market", "simulator", "mixed", "unknown"}},
          {"description",
           "Where the expiry's stored bars came from; unknown: stored before sources were "
           "recorded (read as real)."}}},
        {"simulated", {{"type", "boolean"}, {"description", "source is simulator or mixed."}}}}}};
  health["properties"] = {
      {"simulated",
       {{"type", "boolean"},
        {"description",
         "True when any served data is simulated (sources) or the running feed is the "
         "built-in simulator."}}},
      {"sources",
       {{"type", "object"},
        {"description", "Per symbol, per expiry (YYYY-MM-DD): the provenance of the data served."},
        {"additionalProperties", {{"type", "object"}, {"additionalProperties", source_schema}}}}}};
  paths["/health"] = operation(
      "Liveness and readiness: 200 healthy, 503 unhealthy naming the failing part; the "
      "provenance of the data served (simulated or real) per symbol and expiry.",
      {}, ok_response("Healthy.", std::move(health)), false);
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
  paths["/fo/symbols"] = operation(
      "Every underlying with stored data (indices and stocks, from the data), ascending, with its "
      "kind (index or stock), its expiries with data and `lot_sizes`: each expiry's lot size "
      "(units per contract) as of today, from the data (one day can list a symbol at two lots), "
      "else the symbol's default.",
      {}, ok_response("Symbols.", object_schema({"status", "symbols"})));
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
      ok_response(
          "One series per expiry and label; each point the state at its bucket's end. Each series "
          "has its expiry's `iv_convention` (up to the window's end), the answer the expiries' "
          "combined one.",
          object_schema({"status", "symbol", "timeframe", "indicator", "series"},
                        {{"iv_convention", iv_convention_schema("of the expiries asked, on the "
                                                                "days up to the window's end")}})));
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
      ok_response("Candles.",
                  object_schema({"status", "symbol", "strike", "expiry", "candles"},
                                {{"iv_convention", iv_convention_schema("of the expiry, on the "
                                                                        "days up to the window's "
                                                                        "end")}})));
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

  json::object chain_expiry =
      expiry_param("One expiry (date or label). Default: the nearest unexpired at `at`.");
  json::object chain_ok =
      ok_response("The chain: header, then one row per listed strike (ascending) with both sides.",
                  option_chain_schema());
  chain_ok["content"].as_object()["text/csv"] = json::object{
      {"schema",
       {{"type", "string"},
        {"description",
         "format=csv: `# name: value` header lines, then the columns strike, moneyness, "
         "call_ltp..call_moneyness, put_ltp..put_moneyness (the JSON fields flattened)."}}}};
  paths["/fo/option-chain"] = operation(
      "The option chain of one expiry as of a moment: calls and puts per listed strike (last "
      "price and change, bid/ask and sizes, volume, OI and its changes, IV, Greeks, age).",
      {symbol_param(), chain_expiry,
       moment_param("at", "As of this moment: nothing observed after it is read. Default: now."),
       all_strikes_range_param(),
       param("since", {{"type", "string"}, {"examples", {"30m", "2h", "10:00", "1762230300"}}},
             "Start of oi_change_since: a duration before `at` (30m, 2h), a time HH:MM IST on "
             "the session day, or a moment. Default: the session open (09:15 IST)."),
       param("format", {{"type", "string"}, {"enum", {"json", "csv"}}, {"default", "json"}},
             "json, or csv (one line per strike).")},
      std::move(chain_ok));
  add_volatility_paths(paths);
  add_analytics_paths(paths);
  add_futures_path(paths);

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
