// GET /fo/option-chain (API.md): one expiry's chain as of a moment, as JSON or as CSV. Both forms
// are written from one list of fields (api/option_chain_fields.h), so the CSV's columns are the
// JSON's fields flattened (`call_`/`put_` prefixes) in the same order, and each CSV cell is the
// JSON value's text (CsvWriter writes numbers as JsonWriter does).
#include <string>

#include "api/endpoints/endpoint_support.h"
#include "api/endpoints/endpoints.h"
#include "api/option_chain_fields.h"
#include "query/request_normalisation.h"

namespace strikeline {

namespace {

void write_json(const OptionChain& c, HttpResponse& res) {
  JsonWriter json = start_json(res, 1024 + 900 * c.rows.size());
  json.begin_object().field("status", "ok");
  write_chain_header(json, c);
  json.key("rows").begin_array();
  for (const OptionChainRow& row : c.rows) write_chain_row(json, row);
  json.end_array().end_object();
}

// A header value as a `# name: value` line (empty when absent).
struct CommentOut {
  CsvWriter& csv;
  template <class T>
  void operator()(std::string_view name, const std::optional<T>& value) {
    if (!value) {
      csv.comment(name, "");
    } else if constexpr (std::is_convertible_v<T, std::string_view>) {
      csv.comment(name, *value);
    } else {
      std::string text;
      JsonWriter(text).number(*value);
      csv.comment(name, text);
    }
  }
};

// A value as a CSV field.
struct FieldOut {
  CsvWriter& csv;
  template <class T>
  void operator()(std::string_view, const std::optional<T>& value) {
    if (!value) {
      csv.empty();
    } else if constexpr (std::is_convertible_v<T, std::string_view>) {
      csv.text(*value);
    } else {
      csv.number(*value);
    }
  }
};

void write_csv(const OptionChain& c, HttpResponse& res) {
  CsvWriter csv = start_csv(res, 1024 + 400 * c.rows.size());
  csv.comment("symbol", c.symbol);
  csv.comment("expiry", c.expiry ? format_date(*c.expiry) : std::string());
  header_fields(c, CommentOut{csv});
  // The column line: strike, the row's moneyness, then each side's fields with its prefix.
  csv.text("strike").text("moneyness");
  const OptionChainSide none;
  for (std::string_view prefix : {"call_", "put_"}) {
    side_fields(none, [&](std::string_view name, const auto&) {
      csv.text(std::string(prefix) + std::string(name));
    });
  }
  csv.end_record();
  FieldOut fields{csv};
  for (const OptionChainRow& row : c.rows) {
    csv.number(row.strike.to_double());
    fields("moneyness", chain_label(row.call.moneyness_rank));
    side_fields(row.call, fields);
    side_fields(row.put, fields);
    csv.end_record();
  }
}

}  // namespace

FoResponder option_chain_responder(std::shared_ptr<FoContext> fo) {
  return [fo](const ChainReader& chain, const RequestContext& ctx,
              HttpResponse& res) -> std::uint64_t {
    const std::optional<AnswerFormat> format = answer_format(ctx.params, res);
    if (!format) return 0;
    auto parsed = normalise_option_chain(ctx.params, chain, ctx.received);
    if (!parsed) {
      write_bad_request(res, parsed.error());
      return 0;
    }
    OptionChainRequest request = std::move(parsed).value();
    request.pricing = fo->service.pricing;  // the forward reported: the one pricing uses
    const OptionChain result = option_chain(chain, fo->service.contract_specs, request);
    if (*format == AnswerFormat::csv) {
      write_csv(result, res);
    } else {
      write_json(result, res);
    }
    return static_cast<std::uint64_t>(result.oi_zero_points);
  };
}

}  // namespace strikeline
