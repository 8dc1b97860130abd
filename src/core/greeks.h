// Greeks: the five analytics of an option observation that the stages exchange, as one value:
// implied volatility in percent (NSE convention), delta, gamma, theta per calendar day and vega
// per vol point (DESIGN.md's units). A plain value with no validity of its own: whoever holds one
// says whether it is meaningful (an optional, a count of the observations summed into it).
// Sums and means work field by field, in the order the fields are declared, so a mean of sums is
// the same to the bit as the five means written out.
#pragma once

namespace strikeline {

struct Greeks {
  double iv = 0;  // percent
  double delta = 0;
  double gamma = 0;
  double theta = 0;  // per calendar day
  double vega = 0;   // per vol point

  Greeks& operator+=(const Greeks& other) {
    iv += other.iv;
    delta += other.delta;
    gamma += other.gamma;
    theta += other.theta;
    vega += other.vega;
    return *this;
  }
  // Each field divided by `n` (a mean from sums of n observations).
  Greeks operator/(double n) const { return {iv / n, delta / n, gamma / n, theta / n, vega / n}; }
  friend bool operator==(const Greeks&, const Greeks&) = default;
};

}  // namespace strikeline
