#include "app/commands.h"

#include <string>
#include <vector>

#include "core/forward_source.h"
#include "core/iv_convention.h"

namespace strikeline::app {

int& exit_code() {
  static int code = 0;
  return code;
}

CLI::Option* add_iv_convention_option(CLI::App* cmd, std::string& into) {
  return cmd
      ->add_option("--iv-convention", into,
                   "how IV and Greeks are computed from prices: strikeline (calendar seconds to "
                   "15:30 IST, the future as the forward when known) | nse (as NSE's published "
                   "IVs: Black-Scholes on spot, r = 10 %, q = 0, whole days to expiry, at least 1)")
      ->capture_default_str()
      ->check(CLI::IsMember({std::string(iv_convention_name(IvConvention::strikeline)),
                             std::string(iv_convention_name(IvConvention::nse))}));
}

CLI::Option* add_forward_option(CLI::App* cmd, std::string& into) {
  std::vector<std::string> names;
  for (ForwardSource s : {ForwardSource::future, ForwardSource::synthetic, ForwardSource::spot}) {
    names.emplace_back(forward_source_name(s));
  }
  return cmd
      ->add_option("--forward", into,
                   "the forward IVs and Greeks price on (strikeline convention): future (the "
                   "expiry's future when the data has one, else spot with the 10 % rate) | "
                   "synthetic (the expiry's implied forward from put-call parity near ATM, else "
                   "as future) | spot (spot with the rate, ignoring futures)")
      ->capture_default_str()
      ->check(CLI::IsMember(names));
}

}  // namespace strikeline::app
