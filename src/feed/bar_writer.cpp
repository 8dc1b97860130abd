#include "feed/bar_writer.h"

#include "core/bar_columns.h"
#include "feed/number_text.h"

namespace strikeline {

namespace {

bool is_put_column(BarColumn c) {
  switch (c) {
    case BarColumn::put_iv_avg:
    case BarColumn::put_delta_avg:
    case BarColumn::put_gamma_avg:
    case BarColumn::put_theta_avg:
    case BarColumn::put_vega_avg:
    case BarColumn::put_volume:
    case BarColumn::put_count:
    case BarColumn::put_oi_sum:
    case BarColumn::put_oi_change:
    case BarColumn::put_analytics_count:
    case BarColumn::put_open:
    case BarColumn::put_high:
    case BarColumn::put_low:
    case BarColumn::put_close:
    case BarColumn::put_observed_at:
    case BarColumn::put_bid:
    case BarColumn::put_ask:
    case BarColumn::put_bid_qty:
    case BarColumn::put_ask_qty:
      return true;
    default:
      return false;
  }
}

// The call column of a side column (the writer handles one side's columns once).
BarColumn as_call_column(BarColumn column) {
  using C = BarColumn;
  switch (column) {
    case C::put_iv_avg:
      return C::call_iv_avg;
    case C::put_delta_avg:
      return C::call_delta_avg;
    case C::put_gamma_avg:
      return C::call_gamma_avg;
    case C::put_theta_avg:
      return C::call_theta_avg;
    case C::put_vega_avg:
      return C::call_vega_avg;
    case C::put_volume:
      return C::call_volume;
    case C::put_count:
      return C::call_count;
    case C::put_oi_sum:
      return C::call_oi_sum;
    case C::put_oi_change:
      return C::call_oi_change;
    case C::put_analytics_count:
      return C::call_analytics_count;
    case C::put_open:
      return C::call_open;
    case C::put_high:
      return C::call_high;
    case C::put_low:
      return C::call_low;
    case C::put_close:
      return C::call_close;
    case C::put_observed_at:
      return C::call_observed_at;
    case C::put_bid:
      return C::call_bid;
    case C::put_ask:
      return C::call_ask;
    case C::put_bid_qty:
      return C::call_bid_qty;
    case C::put_ask_qty:
      return C::call_ask_qty;
    default:
      return column;
  }
}

void append_csv_text(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
}

void append_json_text(std::string& out, std::string_view text) {
  out += '"';
  for (char ch : text) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (u < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += ch;
    }
  }
  out += '"';
}

// Appends one cell of a bar: text through `text`, numbers as shortest round-trip text, and
// nothing (CSV) or null (NDJSON) for an absent value. Dates are formatted once per change.
class CellWriter {
 public:
  explicit CellWriter(bool json) : json_(json) {}

  void append(std::string& out, const StrikeBar& bar, BarColumn c) {
    switch (c) {
      case BarColumn::bucket_time:
        if (bar.key.bucket != bucket_ || bucket_text_.empty()) {
          bucket_ = bar.key.bucket;
          bucket_text_ = format_iso_utc(bucket_);
        }
        return text(out, bucket_text_);
      case BarColumn::timeframe:
        return text(out, timeframe_name(bar.key.timeframe));
      case BarColumn::symbol:
        return text(out, bar.key.symbol);
      case BarColumn::expiry:
        if (bar.key.expiry != expiry_ || expiry_text_.empty()) {
          expiry_ = bar.key.expiry;
          expiry_text_ = format_date(expiry_);
        }
        return text(out, expiry_text_);
      case BarColumn::strike:
        return append_number(out, bar.key.strike.to_double());
      case BarColumn::underlying_close:
        return number(out, bar.underlying_close);
      case BarColumn::created_at:
      case BarColumn::updated_at:
        return null(out);
      default:
        return side(out, is_put_column(c) ? bar.put : bar.call, as_call_column(c));
    }
  }

 private:
  void text(std::string& out, std::string_view value) const {
    json_ ? append_json_text(out, value) : append_csv_text(out, value);
  }
  void null(std::string& out) const {
    if (json_) out += "null";
  }
  void number(std::string& out, const std::optional<double>& v) const {
    v ? append_number(out, *v) : null(out);
  }
  void number(std::string& out, const std::optional<std::int64_t>& v) const {
    v ? append_number(out, *v) : null(out);
  }
  void number_if(std::string& out, bool present, double v) const {
    present ? append_number(out, v) : null(out);
  }

  void side(std::string& out, const SideBar& s, BarColumn c) const {
    using C = BarColumn;
    const bool greeks = s.analytics_count > 0;
    switch (c) {
      case C::call_iv_avg:
        return number_if(out, greeks, s.iv);
      case C::call_delta_avg:
        return number_if(out, greeks, s.delta);
      case C::call_gamma_avg:
        return number_if(out, greeks, s.gamma);
      case C::call_theta_avg:
        return number_if(out, greeks, s.theta);
      case C::call_vega_avg:
        return number_if(out, greeks, s.vega);
      case C::call_volume:
        return append_number(out, s.volume);
      case C::call_count:
        return append_number(out, s.count);
      case C::call_oi_sum:
        return number(out, s.oi);
      case C::call_oi_change:
        return number(out, s.oi_change);
      case C::call_analytics_count:
        return append_number(out, s.analytics_count);
      case C::call_open:
        return number_if(out, s.has_premium, s.open);
      case C::call_high:
        return number_if(out, s.has_premium, s.high);
      case C::call_low:
        return number_if(out, s.has_premium, s.low);
      case C::call_close:
        return number_if(out, s.has_premium, s.close);
      case C::call_observed_at:
        return s.observed_at ? append_number(out, epoch_seconds(*s.observed_at)) : null(out);
      case C::call_bid:
        return number(out, s.bid);
      case C::call_ask:
        return number(out, s.ask);
      case C::call_bid_qty:
        return number(out, s.bid_qty);
      case C::call_ask_qty:
        return number(out, s.ask_qty);
      default:
        return null(out);
    }
  }

  bool json_;
  UtcSeconds bucket_{};
  std::string bucket_text_;
  Expiry expiry_{};
  std::string expiry_text_;
};

}  // namespace

void append_bar_csv_header(std::string& out) {
  bool first = true;
  for (BarColumn c : kWrittenBarColumns) {
    if (!first) out += ',';
    first = false;
    out += column_name(c);
  }
  out += '\n';
}

void append_bars_csv(std::string& out, std::span<const StrikeBar> bars) {
  CellWriter cells(false);
  for (const StrikeBar& bar : bars) {
    bool first = true;
    for (BarColumn c : kWrittenBarColumns) {
      if (!first) out += ',';
      first = false;
      cells.append(out, bar, c);
    }
    out += '\n';
  }
}

std::string write_bars_csv(std::span<const StrikeBar> bars) {
  std::string out;
  out.reserve(64 + bars.size() * 320);
  append_bar_csv_header(out);
  append_bars_csv(out, bars);
  return out;
}

void append_bars_ndjson(std::string& out, std::span<const StrikeBar> bars) {
  CellWriter cells(true);
  for (const StrikeBar& bar : bars) {
    out += '{';
    bool first = true;
    for (BarColumn c : kWrittenBarColumns) {
      if (!first) out += ',';
      first = false;
      out += '"';
      out += column_name(c);
      out += "\":";
      cells.append(out, bar, c);
    }
    out += "}\n";
  }
}

std::string write_bars_ndjson(std::span<const StrikeBar> bars) {
  std::string out;
  out.reserve(bars.size() * 700);
  append_bars_ndjson(out, bars);
  return out;
}

}  // namespace strikeline
