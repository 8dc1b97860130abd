// RandomStream: a small, portable, deterministic random source for the market simulator (SplitMix64
// seeding a xoshiro256** generator). The same seed gives the same numbers on every platform and
// standard library, which std:: distributions do not promise.
#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>

namespace strikeline::sim {

class RandomStream {
 public:
  // Seeds from a list of integers (e.g. seed, symbol hash, day number): equal lists, equal streams.
  explicit RandomStream(std::initializer_list<std::uint64_t> keys) {
    std::uint64_t x = 0x9E3779B97F4A7C15ull;
    for (std::uint64_t k : keys) x = splitmix(x ^ k);
    for (auto& s : state_) s = x = splitmix(x);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: safe for logarithms.
  double uniform_open() { return 1.0 - uniform(); }
  // Standard normal (Box-Muller; one value per call, the pair's second is kept).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform_open()));
    const double a = 6.283185307179586 * uniform();
    spare_ = r * std::sin(a);
    has_spare_ = true;
    return r * std::cos(a);
  }
  // Exponential with the given mean.
  double exponential(double mean) { return -mean * std::log(uniform_open()); }
  bool chance(double probability) { return uniform() < probability; }

  static std::uint64_t hash(const char* text) {
    std::uint64_t h = 1469598103934665603ull;
    for (; *text; ++text) h = (h ^ static_cast<unsigned char>(*text)) * 1099511628211ull;
    return h;
  }

 private:
  static std::uint64_t splitmix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
  }
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t state_[4];
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace strikeline::sim
