#include "app/name_suggestion.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace strikeline::app {

namespace {

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (prefix.size() > text.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(text[i]) != lower(prefix[i])) return false;
  }
  return true;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows of the optimal-string-alignment table: before the previous, previous, current.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitution});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::optional<std::string> closest_name(std::string_view typed,
                                        std::span<const std::string> known) {
  if (typed.empty()) return std::nullopt;
  const std::size_t allowed = std::clamp<std::size_t>(typed.size() / 3, 1, 3);
  const std::string* best = nullptr;
  std::size_t best_distance = allowed + 1;
  for (const std::string& name : known) {
    const std::size_t d = edit_distance(typed, name);
    if (d < best_distance) {
      best = &name;
      best_distance = d;
    }
  }
  if (best != nullptr) return *best;
  if (typed.size() < 3) return std::nullopt;
  const std::string* only_extension = nullptr;
  for (const std::string& name : known) {
    if (!starts_with_ignoring_case(name, typed)) continue;
    if (only_extension != nullptr) return std::nullopt;  // two names start so: no guess
    only_extension = &name;
  }
  if (only_extension != nullptr) return *only_extension;
  return std::nullopt;
}

std::string did_you_mean(std::string_view typed, std::span<const std::string> known,
                         std::string_view prefix) {
  const auto name = closest_name(typed, known);
  if (!name) return "";
  return " (did you mean '" + std::string(prefix) + *name + "'?)";
}

}  // namespace strikeline::app
