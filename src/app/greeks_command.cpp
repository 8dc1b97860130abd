// `strikeline greeks`: a trader's option calculator. Prints one JSON object (or, with --format
// table, labelled and rounded lines) with the implied volatility (percent), the Greeks (theta per
// calendar day, vega per vol point, rho per 1 %) and the status. Dates are YYYY-MM-DD or NSE's
// DD-Mon-YYYY; a --at without an offset is IST; rates and yields are fractions in [-1, 1].
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "app/commands.h"
#include "core/expiry.h"
#include "core/iv_convention.h"
#include "core/side.h"
#include "core/timestamp.h"
#include "pricing/option_analytics.h"

namespace strikeline::app {

namespace {

struct GreeksArgs {
  std::string type, expiry, at, format = "json", iv_convention = "strikeline";
  bool rate_given = false, div_given = false;
  double strike = 0, premium = 0, rate = 0.10, div = 0.0;
  std::optional<double> spot, forward, years;
};

std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  return ec == std::errc{} ? std::string(buf, end) : "null";
}

int fail(const std::string& message) {
  std::cerr << "strikeline greeks: " << message << "\n";
  return 2;
}

// A rate given in percent (6.5 for 6.5 %) would be read as 650 %: only fractions are accepted.
bool check_fraction(const char* flag, double value, std::string* error) {
  if (value >= -1.0 && value <= 1.0) return true;
  *error = std::string(flag) + " " + json_number(value) +
           " is outside [-1, 1]: give a fraction (0.065 for 6.5 %, not 6.5)";
  return false;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// "IV      18.52 %" ...: one labelled line per value, rounded as a trader reads them.
void print_table(const pricing::OptionAnalytics& r, bool ok, double years) {
  auto line = [](const char* label, const std::string& value, const std::string& unit) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%-7s %12s", label, value.c_str());
    std::cout << buf << (unit.empty() ? "" : " ") << unit << "\n";
  };
  auto value = [ok](double v, int decimals) { return ok ? fixed(v, decimals) : std::string("-"); };
  line("IV", value(r.iv_percent, 2), "%");
  line("Delta", value(r.delta, 4), "");
  line("Gamma", value(r.gamma, 6), "");
  line("Theta", value(r.theta, 2), "per calendar day");
  line("Vega", value(r.vega, 2), "per vol point");
  line("Rho", value(r.rho, 2), "per 1 % of rate");
  line("Years", fixed(years, 6), "(" + fixed(years * 365.0, 2) + " days)");
  line("Status", std::string(pricing::status_name(r.status)), "");
}

int run_greeks(const GreeksArgs& a) {
  std::string error;
  if (!check_fraction("--rate", a.rate, &error) || !check_fraction("--div", a.div, &error))
    return fail(error);
  auto side = parse_side(a.type);
  if (!side) return fail("--type must be CE or PE (got '" + a.type + "')");
  if (a.spot.has_value() == a.forward.has_value())
    return fail("give exactly one of --spot S or --forward F");
  if (a.years.has_value() == !a.expiry.empty())
    return fail("give exactly one of --expiry YYYY-MM-DD or --years T");
  const IvConvention convention = *parse_iv_convention(a.iv_convention);
  if (convention == IvConvention::nse) {
    // NSE's convention fixes every input but the premium, strike, spot and dates.
    if (a.forward)
      return fail("--iv-convention nse prices on the spot: give --spot, not --forward");
    if (a.years) return fail("--iv-convention nse counts whole days: give --expiry, not --years");
    if (a.rate_given || a.div_given)
      return fail("--iv-convention nse fixes r = 10 % and q = 0: drop --rate and --div");
  }
  if (!a.at.empty() && a.expiry.empty()) return fail("--at goes with --expiry");
  double years = 0;
  if (a.years) {
    years = *a.years;
  } else {
    auto expiry = parse_date_text(a.expiry);
    if (!expiry) {
      return fail("--expiry must be a date YYYY-MM-DD or DD-Mon-YYYY (got '" + a.expiry + "')");
    }
    Timestamp at =
        std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    if (!a.at.empty()) {
      auto parsed = parse_ist_timestamp_text(a.at);
      if (!parsed) {
        return fail(
            "--at must be a time such as \"2025-11-04 10:00\" (IST), "
            "2025-11-04T10:00:00+05:30 or epoch seconds (got '" +
            a.at + "')");
      }
      at = *parsed;
    }
    years = convention_years(convention, *expiry, at);
  }
  pricing::MarketInputs in{};
  in.side = *side;
  in.premium = a.premium;
  in.strike = a.strike;
  in.underlying = a.spot ? *a.spot : *a.forward;
  in.underlying_is_forward = a.forward.has_value();
  in.years = years;
  in.rate = convention == IvConvention::nse ? kNseIvRate : a.rate;
  in.dividend_yield = convention == IvConvention::nse ? 0.0 : a.div;
  const pricing::OptionAnalytics r = pricing::analyse_option(in);
  const bool ok = r.status == pricing::PricingStatus::ok;
  if (a.format == "table") {
    print_table(r, ok, years);
    return ok ? 0 : 1;
  }
  std::cout << "{\"iv\":" << (ok ? json_number(r.iv_percent) : "null")
            << ",\"delta\":" << (ok ? json_number(r.delta) : "null")
            << ",\"gamma\":" << (ok ? json_number(r.gamma) : "null")
            << ",\"theta\":" << (ok ? json_number(r.theta) : "null")
            << ",\"vega\":" << (ok ? json_number(r.vega) : "null")
            << ",\"rho\":" << (ok ? json_number(r.rho) : "null") << ",\"status\":\""
            << pricing::status_name(r.status) << "\",\"years\":" << json_number(years) << "}\n";
  return ok ? 0 : 1;
}

}  // namespace

void add_greeks_command(CLI::App& app) {
  auto args = std::make_shared<GreeksArgs>();
  CLI::App* cmd =
      app.add_subcommand("greeks", "Implied volatility and Greeks of one option (prints JSON)");
  cmd->add_option("--type", args->type, "CE or PE")->required();
  cmd->add_option("--strike", args->strike, "strike price")->required()->check(CLI::PositiveNumber);
  cmd->add_option("--premium", args->premium, "option premium (last traded price)")
      ->required()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--spot", args->spot, "spot price of the underlying")->check(CLI::PositiveNumber);
  cmd->add_option("--forward", args->forward, "forward (future) price")->check(CLI::PositiveNumber);
  cmd->add_option("--expiry", args->expiry,
                  "expiry date YYYY-MM-DD or DD-Mon-YYYY (settles 15:30 IST)");
  cmd->add_option("--at", args->at,
                  "valuation time for --expiry: \"2026-12-04 10:30\" is IST (a time without an "
                  "offset is India's), or ISO 8601 with an offset, or epoch seconds; default now");
  cmd->add_option("--years", args->years, "time to expiry in years")->check(CLI::NonNegativeNumber);
  CLI::Option* rate = cmd->add_option("--rate", args->rate,
                                      "risk-free rate, continuously compounded, as a fraction: "
                                      "0.065 for 6.5 % (default 0.10)");
  CLI::Option* div = cmd->add_option("--div", args->div,
                                     "dividend yield as a fraction: 0.012 for 1.2 % (default 0)");
  add_iv_convention_option(cmd, args->iv_convention);
  cmd->add_option("--format", args->format, "json | table (labelled, rounded values)")
      ->capture_default_str()
      ->check(CLI::IsMember({"json", "table"}));
  cmd->callback([args, rate, div] {
    args->rate_given = rate->count() > 0;
    args->div_given = div->count() > 0;
    exit_code() = run_greeks(*args);
  });
}

}  // namespace strikeline::app
