#include "query/expiry_list.h"

namespace strikeline {

std::vector<ExpiryDetail> expiry_details(std::span<const Expiry> known, Date today) {
  std::vector<ExpiryDetail> out;
  out.reserve(known.size());
  for (Expiry e : known) {
    out.push_back({e, relative_label(e, known, today), static_cast<int>((e - today).count()),
                   is_monthly_expiry(e, known)});
  }
  return out;
}

}  // namespace strikeline
