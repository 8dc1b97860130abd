// A root of f in a bracket [a, b] where f changes sign, by Brent's method (R. P. Brent,
// "Algorithms for Minimization without Derivatives", 1973, ch. 4): inverse quadratic
// interpolation or the secant step when it falls well inside the bracket and shrinks it fast
// enough, bisection otherwise, so it never needs more than about the square of bisection's steps
// and usually converges superlinearly. The bracket is kept around the root throughout.
// Stops when the bracket is within `tolerance` (absolute, plus 2 ulps of the estimate) or f is 0
// there; `max_evaluations` bounds the calls of f. Header-only (f is inlined at each call site).
#pragma once

#include <cassert>
#include <cmath>
#include <limits>

namespace strikeline {

struct BracketedRoot {
  double root;      // the best estimate: |f(root)| is the smallest seen at the end
  int evaluations;  // calls of f made here
};

// fa = f(a), fb = f(b), of opposite signs or one of them 0.
template <class F>
BracketedRoot brent_root(F&& f, double a, double b, double fa, double fb, double tolerance,
                         int max_evaluations = 100) {
  assert((fa <= 0 && fb >= 0) || (fa >= 0 && fb <= 0));
  constexpr double kEps = std::numeric_limits<double>::epsilon();
  if (fa == 0) return {a, 0};
  if (fb == 0) return {b, 0};
  // b: the best estimate; c: the other end of the bracket (f(c) has the other sign); a: the
  // previous estimate. step: the last step taken, before_step: the one before it.
  double c = a, fc = fa;
  double step = b - a, before_step = step;
  int evaluations = 0;
  for (;;) {
    if ((fb > 0) == (fc > 0)) {  // the root lies between a and b: make a the bracket's end
      c = a;
      fc = fa;
      step = before_step = b - a;
    }
    if (std::fabs(fc) < std::fabs(fb)) {  // keep the smaller |f| at b
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const double tol = 2 * kEps * std::fabs(b) + 0.5 * tolerance;
    const double half = 0.5 * (c - b);
    if (std::fabs(half) <= tol || fb == 0 || evaluations >= max_evaluations) {
      return {b, evaluations};
    }
    bool bisect = true;
    if (std::fabs(before_step) >= tol && std::fabs(fa) > std::fabs(fb)) {
      // Interpolate: the secant through a and b, or the inverse quadratic through a, b and c.
      const double s = fb / fa;
      double p, q;
      if (a == c) {
        p = 2 * half * s;
        q = 1 - s;
      } else {
        const double qa = fa / fc, rb = fb / fc;
        p = s * (2 * half * qa * (qa - rb) - (b - a) * (rb - 1));
        q = (qa - 1) * (rb - 1) * (s - 1);
      }
      if (p > 0) {
        q = -q;
      } else {
        p = -p;
      }
      // Accept the step p/q when it lands inside the bracket's nearer three quarters and is less
      // than half the step before last (so the bracket keeps shrinking).
      if (2 * p < std::fmin(3 * half * q - std::fabs(tol * q), std::fabs(before_step * q))) {
        before_step = step;
        step = p / q;
        bisect = false;
      }
    }
    if (bisect) {
      step = half;
      before_step = step;
    }
    a = b;
    fa = fb;
    b += std::fabs(step) > tol ? step : (half > 0 ? tol : -tol);
    fb = f(b);
    ++evaluations;
  }
}

}  // namespace strikeline
