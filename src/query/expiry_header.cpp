#include "query/expiry_header.h"

#include <vector>

namespace strikeline {

ExpiryHeader expiry_header(const ChainReader& chain, const ContractSpecs& specs,
                           std::string_view symbol, Expiry expiry, UtcSeconds as_of) {
  const Date today = ist_date(Timestamp{as_of});
  const std::vector<Expiry> known = chain.expiries(symbol);
  return {relative_label(expiry, known, today), static_cast<int>((expiry - today).count()),
          specs.lot_on(symbol, expiry, today)};
}

}  // namespace strikeline
