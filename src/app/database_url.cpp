#include "app/database_url.h"

#include "core/text.h"

namespace strikeline::app {

std::optional<DatabaseUrl> parse_database_url(std::string_view text, std::string* error) {
  text = trim(text);
  auto fail = [&](std::string why) -> std::optional<DatabaseUrl> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  if (text.empty()) return fail("--db is empty; accepted: sqlite:PATH or postgres://USER@HOST/DB");
  if (text.starts_with("postgres://") || text.starts_with("postgresql://")) {
    return DatabaseUrl{DatabaseUrl::Kind::postgres, std::string(text)};
  }
  std::string_view path = text;
  if (path.starts_with("sqlite://")) {
    path.remove_prefix(9);
  } else if (path.starts_with("sqlite:")) {
    path.remove_prefix(7);
  } else if (auto colon = path.find("://"); colon != std::string_view::npos) {
    return fail("--db scheme '" + std::string(path.substr(0, colon)) +
                "' is not supported; accepted: sqlite:PATH or postgres://USER@HOST/DB");
  }
  if (path.empty()) return fail("--db sqlite: needs a file path, e.g. sqlite:./data/strikeline.db");
  return DatabaseUrl{DatabaseUrl::Kind::sqlite, std::string(path)};
}

}  // namespace strikeline::app
