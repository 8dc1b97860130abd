// `strikeline greeks`: a trader's option calculator. Prints one JSON object with the implied
// volatility (percent), the Greeks (theta per calendar day, vega per vol point, rho per 1 %) and
// the status.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "app/commands.h"
#include "core/expiry.h"
#include "core/side.h"
#include "core/timestamp.h"
#include "pricing/option_analytics.h"

namespace strikeline::app {

namespace {

struct GreeksArgs {
  std::string type, expiry, at;
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

int run_greeks(const GreeksArgs& a) {
  auto side = parse_side(a.type);
  if (!side) return fail("--type must be CE or PE (got '" + a.type + "')");
  if (a.spot.has_value() == a.forward.has_value())
    return fail("give exactly one of --spot S or --forward F");
  if (a.years.has_value() == !a.expiry.empty())
    return fail("give exactly one of --expiry YYYY-MM-DD or --years T");
  if (!a.at.empty() && a.expiry.empty()) return fail("--at goes with --expiry");
  double years = 0;
  if (a.years) {
    years = *a.years;
  } else {
    auto expiry = parse_date(a.expiry);
    if (!expiry) return fail("--expiry must be a date YYYY-MM-DD (got '" + a.expiry + "')");
    Timestamp at =
        std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    if (!a.at.empty()) {
      auto parsed = parse_timestamp_text(a.at);
      if (!parsed) {
        return fail("--at must be ISO 8601 (2025-11-04T10:00:00+05:30) or epoch seconds (got '" +
                    a.at + "')");
      }
      at = *parsed;
    }
    years = years_to_expiry(*expiry, at);
  }
  pricing::MarketInputs in{};
  in.side = *side;
  in.premium = a.premium;
  in.strike = a.strike;
  in.underlying = a.spot ? *a.spot : *a.forward;
  in.underlying_is_forward = a.forward.has_value();
  in.years = years;
  in.rate = a.rate;
  in.dividend_yield = a.div;
  const pricing::OptionAnalytics r = pricing::analyse_option(in);
  const bool ok = r.status == pricing::PricingStatus::ok;
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
  with_env(cmd->add_option("--type", args->type, "CE or PE")->required(), "type");
  with_env(cmd->add_option("--strike", args->strike, "strike price")
               ->required()
               ->check(CLI::PositiveNumber),
           "strike");
  with_env(cmd->add_option("--premium", args->premium, "option premium (last traded price)")
               ->required()
               ->check(CLI::NonNegativeNumber),
           "premium");
  with_env(cmd->add_option("--spot", args->spot, "spot price of the underlying")
               ->check(CLI::PositiveNumber),
           "spot");
  with_env(cmd->add_option("--forward", args->forward, "forward (future) price")
               ->check(CLI::PositiveNumber),
           "forward");
  with_env(cmd->add_option("--expiry", args->expiry, "expiry date YYYY-MM-DD (settles 15:30 IST)"),
           "expiry");
  with_env(cmd->add_option("--at", args->at,
                           "valuation time for --expiry (ISO 8601 or epoch seconds; default now)"),
           "at");
  with_env(cmd->add_option("--years", args->years, "time to expiry in years")
               ->check(CLI::NonNegativeNumber),
           "years");
  with_env(cmd->add_option("--rate", args->rate,
                           "risk-free rate, continuously compounded (default 0.10)"),
           "rate");
  with_env(cmd->add_option("--div", args->div, "dividend yield (default 0)"), "div");
  cmd->callback([args] { exit_code() = run_greeks(*args); });
}

}  // namespace strikeline::app
