// Quantities (open interest, volume: units) as Indian markets write them, for the command line:
// below one lakh with Indian digit grouping ("75,000"; "1,23,456" would be 1.23 L), from one lakh
// (1,00,000) in lakhs with two decimals ("12.34 L"), from one crore (1,00,00,000) in crores
// ("23.23 Cr"); a minus sign before a negative change. The raw numbers stay in --json.
#pragma once

#include <cstdint>
#include <string>

namespace strikeline::app {

std::string format_indian_quantity(std::int64_t units);

}  // namespace strikeline::app
