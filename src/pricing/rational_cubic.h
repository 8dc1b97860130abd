// Rational cubic interpolation of Delbourgo & Gregory (1985), used for the initial guesses of the
// implied volatility solver: on [x_l, x_r] with values y_l, y_r, slopes d_l, d_r and control
// parameter r (r = 3 is the cubic Hermite interpolant, r -> inf the straight line). Internal.
#pragma once

#include <cmath>

namespace strikeline::pricing::detail {

// Evaluates the interpolant at the point given by its two barycentric weights: tau = (x - x_l)/h
// and omega = (x_r - x)/h, passed separately so that either can be tiny without cancellation.
inline double rational_cubic(double tau, double omega, double h, double y_l, double y_r, double d_l,
                             double d_r, double r) {
  const double tau2 = tau * tau;
  const double omega2 = omega * omega;
  const double numerator = y_r * tau2 * tau + (r * y_r - h * d_r) * tau2 * omega +
                           (r * y_l + h * d_l) * tau * omega2 + y_l * omega2 * omega;
  return numerator / (1.0 + (r - 3.0) * tau * omega);
}

// Control parameter that gives the interpolant the second derivative `second` at x_l, or at x_r
// when `at_right`; raised to the minimum that keeps monotone data monotone ((d_l + d_r)/Delta)
// and capped so that a vanishing denominator yields the straight line.
inline double rational_cubic_control(double h, double y_l, double y_r, double d_l, double d_r,
                                     double second, bool at_right) {
  constexpr double kMaximum = 1e12;
  const double delta = (y_r - y_l) / h;
  const double numerator = 0.5 * second * h + (d_r - d_l);
  const double denominator = at_right ? d_r - delta : delta - d_l;
  double r = numerator / denominator;
  const double minimum = (d_l + d_r) / delta;
  if (std::isfinite(minimum) && !(r >= minimum)) r = minimum;  // also replaces a NaN
  if (!(r >= 0.0)) r = 0.0;
  return r < kMaximum ? r : kMaximum;
}

}  // namespace strikeline::pricing::detail
