// ln, ln(1 + u) and exp for the implied-volatility solver's hot path, inline and branch-light: the
// solver takes five to eight of them per option, and the C library's calls (with their special
// cases, and the register spills a call forces on the code around it) were a third of its
// instructions. Table-driven (log_exp_tables.inc, see tools/generate_log_exp_tables.py) with short
// Taylor polynomials. Three grades:
//   inline_log, inline_log1p, inline_exp: within 1 ulp (0.74, 0.97, 0.50 measured against 113-bit
//     references); arguments outside the tables' range (zero, negative, subnormal, infinite or NaN
//     for the logarithm; results that would overflow or be subnormal for exp) go to the C library.
//   log_of_normal, exp_in_range: the same values without that check, for callers that guarantee a
//     positive normal argument, or |y| < 708; anything else gives an unspecified value (never
//     undefined behaviour: the table index is masked).
//   coarse_log, coarse_exp: unchecked as above and accurate to ~2e-8 only (absolute for the
//     logarithm, relative for exp), with about half the latency: for table coordinates and
//     initial guesses, which a later step corrects.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

namespace strikeline::pricing::detail {

struct LogCell {
  double inv_c;     // 1/c rounded, for the cell's centre c
  double log_c_hi;  // ln(1/inv_c) = log_c_hi + log_c_lo, log_c_hi a multiple of 2^-42
  double log_c_lo;
};

struct Exp2Fraction {
  double value;       // 2^(j/128) rounded
  double correction;  // 2^(j/128) / value - 1
};

#include "pricing/log_exp_tables.inc"

inline constexpr double kLn2Hi = 0x1.62e42fefa3800p-1;   // ln 2, high 42 bits
inline constexpr double kLn2Lo = 0x1.ef35793c76730p-45;  // ln 2 - kLn2Hi

// ln(1 + r) = r - r^2/2 + r^3/3 - ... - r^8/8 = r + r^2 p(r) for |r| <= 2^-8 (the omitted terms
// are below 2^-67 in absolute value and 2^-59 relative): returns p(r), given r2 = r^2.
[[gnu::always_inline]] inline double log1p_series_tail(double r, double r2) noexcept {
  const double p01 = std::fma(r, 1.0 / 3.0, -0.5);
  const double p23 = std::fma(r, 1.0 / 5.0, -0.25);
  const double p45 = std::fma(r, 1.0 / 7.0, -1.0 / 6.0);
  return std::fma(r2 * r2, p45, std::fma(r2, p23, p01));
}

// The logarithm's reduction: z = 2^k m with m in [0.709, 1.418), the cell of m and
// r = m inv_c - 1 (|r| <= 2^-8, one rounding).
struct LogReduction {
  double k;
  double r;
  const LogCell* cell;
};
[[gnu::always_inline]] inline LogReduction reduce_log_argument(double z) noexcept {
  constexpr std::uint64_t kOffset = 0x3fe6b00000000000;  // 1 minus 74.5 cells (see the tables)
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(z);
  const std::uint64_t shifted = bits - kOffset;
  const LogCell* cell = &kLogCells[(shifted >> 45) & 127];
  const double m = std::bit_cast<double>(bits - (shifted & 0xfff0000000000000ULL));
  return {static_cast<double>(static_cast<std::int64_t>(shifted) >> 52),
          std::fma(m, cell->inv_c, -1.0), cell};
}

// ln z for a positive normal z.
[[gnu::always_inline]] inline double log_of_normal(double z) noexcept {
  const LogReduction a = reduce_log_argument(z);
  const double r = a.r;
  const double r2 = r * r;
  const double p = log1p_series_tail(r, r2);
  // k ln2_hi + log_c_hi is exact (both multiples of 2^-42, below 2^10); adding r loses nothing
  // either (Fast2Sum: the head is 0 or at least as large as r), so the only large rounding is
  // the last one.
  const double head = std::fma(a.k, kLn2Hi, a.cell->log_c_hi);
  const double sum = head + r;
  const double sum_error = (head - sum) + r;
  const double tail = std::fma(r2, p, std::fma(a.k, kLn2Lo, a.cell->log_c_lo) + sum_error);
  return sum + tail;
}

// ln z to ~2e-8 absolute (the series to r^2: the first omitted term, r^3/3, is below 2^-25.6)
// for a positive normal z.
[[gnu::always_inline]] inline double coarse_log(double z) noexcept {
  const LogReduction a = reduce_log_argument(z);
  const double r = a.r;
  const double head = std::fma(a.k, kLn2Hi + kLn2Lo, a.cell->log_c_hi);
  return head + std::fma(-0.5 * r, r, r);
}

// ln z; the C library for z not positive and normal.
[[gnu::always_inline]] inline double inline_log(double z) noexcept {
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(z);
  if (bits - 0x0010000000000000ULL >= 0x7fe0000000000000ULL) return std::log(z);
  return log_of_normal(z);
}

// ln(1 + u) for u > -1 (finite): the series itself for |u| <= 2^-8, else ln(1 + u) of the rounded
// sum with the sum's rounding error c added back as c / (1 + u).
[[gnu::always_inline]] inline double inline_log1p(double u) noexcept {
  if (std::fabs(u) <= 0x1p-8) {
    const double u2 = u * u;
    return std::fma(u2, log1p_series_tail(u, u2), u);
  }
  const double w = 1.0 + u;
  // The rounding error of 1 + u, exactly (Fast2Sum, larger operand first).
  const double c = std::fabs(u) < 1.0 ? u - (w - 1.0) : 1.0 - (w - u);
  return inline_log(w) + c / w;
}

// The exponential's reduction: y = n ln2/128 + r, |r| <= ln2/256 (in two steps, ln 2/128 being
// split into a high part and a low part, so that r is exact to its own rounding), and 2^(n/128)
// as the table's rounded value with the binary exponent put in (`scaled`) and its relative
// rounding error (`correction`, below 2^-53).
struct ExpReduction {
  double r;
  double scaled;
  double correction;
};
template <bool kExactStep>
[[gnu::always_inline]] inline ExpReduction reduce_exp_argument(double y) noexcept {
  constexpr double kScale = 128.0 / 0.69314718055994530942;  // 128 / ln 2
  constexpr double kStepHi = 0x1.62e42fefa3800p-8;           // ln 2 / 128, high bits
  constexpr double kStepLo = 0x1.ef35793c76730p-52;          // ln 2 / 128 - kStepHi
  constexpr double kShift = 0x1.8p52;  // adding it rounds to an integer kept in the low bits
  const double shifted = std::fma(y, kScale, kShift);
  const double n = shifted - kShift;  // nearest integer to 128 y / ln 2
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(shifted);
  const double r = kExactStep ? std::fma(-n, kStepLo, std::fma(-n, kStepHi, y))
                              : std::fma(-n, kStepHi + kStepLo, y);
  // 2^(n/128) = 2^(n >> 7) 2^((n & 127)/128): the whole part goes into the exponent bits.
  const Exp2Fraction& fraction = kExp2Fractions[bits & 127];
  const std::uint64_t scale_bits =
      std::bit_cast<std::uint64_t>(fraction.value) + ((bits >> 7) << 52);
  return {r, std::bit_cast<double>(scale_bits), fraction.correction};
}

// exp(y) for |y| < 708.
[[gnu::always_inline]] inline double exp_in_range(double y) noexcept {
  const ExpReduction a = reduce_exp_argument<true>(y);
  const double r = a.r;
  // exp(r) (1 + correction) - 1 = r + correction + r^2/2 + ... + r^5/120 to within 2^-60
  // relative (the omitted r^6/720 and correction r are below 2^-61): the correction joins the
  // series' linear term.
  const double linear = r + a.correction;
  const double r2 = r * r;
  const double q01 = std::fma(r, 1.0 / 6.0, 0.5);
  const double q23 = std::fma(r, 1.0 / 120.0, 1.0 / 24.0);
  const double growth = std::fma(r2 * r2, q23, std::fma(r2, q01, linear));
  return std::fma(a.scaled, growth, a.scaled);
}

// exp(y) to ~3.5e-9 relative (the series to r^2: r^3/6 is below 3.3e-9) for |y| < 708.
[[gnu::always_inline]] inline double coarse_exp(double y) noexcept {
  const ExpReduction a = reduce_exp_argument<false>(y);
  const double r = a.r;
  return std::fma(a.scaled, std::fma(0.5 * r, r, r), a.scaled);
}

// exp(y); the C library where the result would overflow or not be normal.
[[gnu::always_inline]] inline double inline_exp(double y) noexcept {
  if (!(std::fabs(y) < 708.0)) return std::exp(y);
  return exp_in_range(y);
}

}  // namespace strikeline::pricing::detail
