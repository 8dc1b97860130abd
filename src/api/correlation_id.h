// X-Correlation-ID: the client's value is echoed when it is 1..128 characters of [A-Za-z0-9._:-]
// (anything else could smuggle text into logs and headers); otherwise a fresh random 128-bit id in
// hex is generated.
#pragma once

#include <string>
#include <string_view>

namespace strikeline {

std::string correlation_id_for(std::string_view client_value);

}  // namespace strikeline
