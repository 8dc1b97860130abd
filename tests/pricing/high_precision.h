// High-precision reference formulas for the pricing tests (Boost.Multiprecision): the normal
// distribution through erfc, Black-76 and Black-Scholes prices, all templated on the number type.
// Quad = 113-bit binary (34 digits) is used where many evaluations are needed, Hp50 = 50 digits
// for finite differences. Inputs are the exact doubles the library receives.
#pragma once

#include <cmath>
#include <limits>

#include <boost/math/special_functions/erf.hpp>
#include <boost/multiprecision/cpp_bin_float.hpp>

#include "core/side.h"

namespace strikeline::pricing::testing {

using Quad = boost::multiprecision::cpp_bin_float_quad;
using Hp50 = boost::multiprecision::cpp_bin_float_50;

template <class T>
T hp_norm_cdf(const T& z) {
  return boost::math::erfc(-z / boost::multiprecision::sqrt(T(2))) / 2;
}

template <class T>
T hp_norm_pdf(const T& z) {
  return boost::multiprecision::exp(-z * z / 2) /
         boost::multiprecision::sqrt(2 * boost::math::constants::pi<T>());
}

// discount * theta * (F Phi(theta d1) - K Phi(theta d2)).
template <class T>
T hp_black76(Side side, const T& forward, const T& strike, const T& sigma, const T& years,
             const T& discount) {
  const T s = sigma * boost::multiprecision::sqrt(years);
  const T x = boost::multiprecision::log(forward / strike);
  const T d1 = x / s + s / 2;
  const T d2 = d1 - s;
  if (side == Side::call) {
    return discount * (forward * hp_norm_cdf(d1) - strike * hp_norm_cdf(d2));
  }
  return discount * (strike * hp_norm_cdf(-d2) - forward * hp_norm_cdf(-d1));
}

template <class T>
T hp_black_scholes(Side side, const T& spot, const T& strike, const T& sigma, const T& years,
                   const T& rate, const T& dividend_yield) {
  const T forward = spot * boost::multiprecision::exp((rate - dividend_yield) * years);
  return hp_black76(side, forward, strike, sigma, years, boost::multiprecision::exp(-rate * years));
}

// dPrice/dsigma for Black-76: discount F phi(d1) sqrt(T).
template <class T>
T hp_black76_vega(const T& forward, const T& strike, const T& sigma, const T& years,
                  const T& discount) {
  const T sqrt_t = boost::multiprecision::sqrt(years);
  const T s = sigma * sqrt_t;
  const T d1 = boost::multiprecision::log(forward / strike) / s + s / 2;
  return discount * forward * hp_norm_pdf(d1) * sqrt_t;
}

// Distance from |v| to the next double above it (the denormal minimum below DBL_MIN).
inline double ulp(double v) {
  v = std::fabs(v);
  return std::nextafter(v, std::numeric_limits<double>::infinity()) - v;
}

}  // namespace strikeline::pricing::testing
