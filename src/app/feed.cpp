#include "app/feed.h"

#include <array>
#include <utility>

namespace strikeline::app {

namespace {

constexpr std::array<std::pair<FeedKind, std::string_view>, 3> kFeedNames{{
    {FeedKind::simulator, "simulator"},
    {FeedKind::kite, "kite"},
    {FeedKind::none, "none"},
}};

}  // namespace

std::string_view feed_kind_name(FeedKind kind) {
  for (const auto& [k, name] : kFeedNames) {
    if (k == kind) return name;
  }
  return "none";
}

std::optional<FeedKind> parse_feed_kind(std::string_view text) {
  for (const auto& [kind, name] : kFeedNames) {
    if (name == text) return kind;
  }
  return std::nullopt;
}

}  // namespace strikeline::app
