// Strike: a fixed-point option strike (hundredths of a rupee), so strikes are exact map and sort
// keys. from_double rounds to the nearest hundredth; non-finite or out-of-range input yields
// nullopt.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>

namespace strikeline {

class Strike {
 public:
  static constexpr std::int64_t kScale = 100;

  constexpr Strike() = default;
  static constexpr Strike from_hundredths(std::int64_t hundredths) { return Strike(hundredths); }
  [[nodiscard]] static std::optional<Strike> from_double(double value);

  constexpr std::int64_t hundredths() const { return hundredths_; }
  constexpr double to_double() const { return static_cast<double>(hundredths_) / kScale; }
  std::string to_string() const;  // shortest form: "24350", "47.5"

  constexpr auto operator<=>(const Strike&) const = default;

 private:
  constexpr explicit Strike(std::int64_t h) : hundredths_(h) {}
  std::int64_t hundredths_ = 0;
};

// Strikes a whole number of rupees (the common case), for literals in code and tests.
constexpr Strike strike_rupees(std::int64_t rupees) {
  return Strike::from_hundredths(rupees * Strike::kScale);
}

}  // namespace strikeline
