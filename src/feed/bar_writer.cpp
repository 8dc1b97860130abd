#include "feed/bar_writer.h"

#include <variant>

#include "feed/bar_columns.h"
#include "feed/number_text.h"

namespace strikeline {

namespace {

struct Null {};
using Cell = std::variant<Null, std::string, double, std::int64_t>;

Cell optional_cell(const std::optional<std::int64_t>& v) {
  return v ? Cell{*v} : Cell{Null{}};
}

Cell side_cell(const SideBar& s, BarColumn c, bool call) {
  // Offsets within a side are the same for calls and puts; map put columns onto call ones.
  using C = BarColumn;
  auto as_call = [call](C column) -> C {
    if (call) return column;
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
      default:
        return column;
    }
  };
  const bool greeks = s.analytics_count > 0;
  switch (as_call(c)) {
    case C::call_iv_avg:
      return greeks ? Cell{s.iv} : Cell{Null{}};
    case C::call_delta_avg:
      return greeks ? Cell{s.delta} : Cell{Null{}};
    case C::call_gamma_avg:
      return greeks ? Cell{s.gamma} : Cell{Null{}};
    case C::call_theta_avg:
      return greeks ? Cell{s.theta} : Cell{Null{}};
    case C::call_vega_avg:
      return greeks ? Cell{s.vega} : Cell{Null{}};
    case C::call_volume:
      return Cell{s.volume};
    case C::call_count:
      return Cell{static_cast<std::int64_t>(s.count)};
    case C::call_oi_sum:
      return optional_cell(s.oi);
    case C::call_oi_change:
      return optional_cell(s.oi_change);
    case C::call_analytics_count:
      return Cell{static_cast<std::int64_t>(s.analytics_count)};
    case C::call_open:
      return s.has_premium ? Cell{s.open} : Cell{Null{}};
    case C::call_high:
      return s.has_premium ? Cell{s.high} : Cell{Null{}};
    case C::call_low:
      return s.has_premium ? Cell{s.low} : Cell{Null{}};
    case C::call_close:
      return s.has_premium ? Cell{s.close} : Cell{Null{}};
    default:
      return Null{};
  }
}

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
      return true;
    default:
      return false;
  }
}

Cell cell_of(const StrikeBar& bar, BarColumn c) {
  switch (c) {
    case BarColumn::bucket_time:
      return format_iso_utc(bar.key.bucket);
    case BarColumn::timeframe:
      return std::string(timeframe_name(bar.key.timeframe));
    case BarColumn::symbol:
      return bar.key.symbol;
    case BarColumn::expiry:
      return format_date(bar.key.expiry);
    case BarColumn::strike:
      return bar.key.strike.to_double();
    case BarColumn::underlying_close:
      return bar.underlying_close ? Cell{*bar.underlying_close} : Cell{Null{}};
    case BarColumn::created_at:
    case BarColumn::updated_at:
      return Null{};
    default:
      return is_put_column(c) ? side_cell(bar.put, c, false) : side_cell(bar.call, c, true);
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
  for (const StrikeBar& bar : bars) {
    bool first = true;
    for (BarColumn c : kWrittenBarColumns) {
      if (!first) out += ',';
      first = false;
      const Cell cell = cell_of(bar, c);
      if (const auto* text = std::get_if<std::string>(&cell)) {
        append_csv_text(out, *text);
      } else if (const auto* d = std::get_if<double>(&cell)) {
        append_number(out, *d);
      } else if (const auto* i = std::get_if<std::int64_t>(&cell)) {
        append_number(out, *i);
      }
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
  for (const StrikeBar& bar : bars) {
    out += '{';
    bool first = true;
    for (BarColumn c : kWrittenBarColumns) {
      if (!first) out += ',';
      first = false;
      out += '"';
      out += column_name(c);
      out += "\":";
      const Cell cell = cell_of(bar, c);
      if (const auto* text = std::get_if<std::string>(&cell)) {
        append_json_text(out, *text);
      } else if (const auto* d = std::get_if<double>(&cell)) {
        append_number(out, *d);
      } else if (const auto* i = std::get_if<std::int64_t>(&cell)) {
        append_number(out, *i);
      } else {
        out += "null";
      }
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
