#include "query/term_structure.h"

#include "query/expiry_forward.h"
#include "query/indicator.h"
#include "query/smile_skew.h"

namespace strikeline {

namespace {

constexpr double kTargetYears = kConstantMaturityDays / 365.0;

ConstantMaturityIv rounded(ConstantMaturityIv cm) {
  if (cm.iv) cm.iv = round_to(*cm.iv, 4);
  return cm;
}

}  // namespace

std::optional<MaturityIv> atm_maturity_iv(const ChainReader& chain, std::string_view symbol,
                                          Expiry expiry, UtcSeconds at) {
  const std::optional<ChainState> state = chain.chain_at(symbol, expiry, at);
  if (!state) return std::nullopt;
  const SmileSkew skew = smile_skew(*state);
  if (!skew.atm_iv) return std::nullopt;
  return MaturityIv{expiry, years_to_expiry(expiry, Timestamp{at}), *skew.atm_iv};
}

ConstantMaturityIv constant_maturity_at(const ChainReader& chain, std::string_view symbol,
                                        std::span<const Expiry> expiries, UtcSeconds at) {
  // Expiries ascend with their time to expiry: the near one is the first with an IV walking down
  // from the last inside the target, the far one the first walking up from the first beyond it.
  std::size_t split = 0;
  while (split < expiries.size() &&
         years_to_expiry(expiries[split], Timestamp{at}) <= kTargetYears) {
    ++split;
  }
  std::vector<MaturityIv> points;
  for (std::size_t i = split; i-- > 0;) {
    if (years_to_expiry(expiries[i], Timestamp{at}) < kMinMaturityYears) break;
    if (auto p = atm_maturity_iv(chain, symbol, expiries[i], at)) {
      points.push_back(*p);
      break;
    }
  }
  for (std::size_t i = split; i < expiries.size(); ++i) {
    if (auto p = atm_maturity_iv(chain, symbol, expiries[i], at)) {
      points.push_back(*p);
      break;
    }
  }
  return constant_maturity_iv(points, kTargetYears);
}

TermStructure term_structure(const ChainReader& chain, const PricingPolicy& policy,
                             const ExpiriesAtRequest& request) {
  TermStructure out;
  out.as_of = request.as_of;
  const Date today = ist_date(Timestamp{request.as_of});
  const std::vector<Expiry> known = chain.expiries(request.symbol);
  std::vector<MaturityIv> points;
  for (Expiry e : request.expiries) {
    const std::optional<ChainState> state = chain.chain_at(request.symbol, e, request.as_of);
    if (!state) continue;
    TermStructurePoint& p = out.expiries.emplace_back();
    p.expiry = e;
    p.label = relative_label(e, known, today);
    p.days_to_expiry = static_cast<int>((e - today).count());
    const double years = years_to_expiry(e, Timestamp{request.as_of});
    p.years = round_to(years, 6);
    if (state->underlying) p.underlying = round_to(*state->underlying, 2);
    const SmileSkew skew = smile_skew(*state);
    p.atm_strike = skew.atm_strike;
    p.atm_iv = skew.atm_iv;
    const ExpiryForward forward =
        expiry_forward(*state, policy, future_as_of(chain, request.symbol, e, request.as_of));
    p.forward = forward.forward;
    p.forward_source = forward.forward_source;
    if (p.atm_iv) points.push_back({e, years, *p.atm_iv});
  }
  out.cm30 = rounded(constant_maturity_iv(points, kTargetYears));
  return out;
}

}  // namespace strikeline
