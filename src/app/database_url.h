// The --db setting: "sqlite:PATH" (or "sqlite://PATH", or a bare path) for the embedded SQLite
// file, "postgres://..." / "postgresql://..." for PostgreSQL. Parsing never touches the file
// system.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace strikeline::app {

struct DatabaseUrl {
  enum class Kind { sqlite, postgres } kind = Kind::sqlite;
  std::string location;  // the file path, or the whole PostgreSQL connection URI
};

inline constexpr std::string_view kDefaultDatabase = "sqlite:./data/strikeline.db";

// nullopt with *error set when the value names neither.
[[nodiscard]] std::optional<DatabaseUrl> parse_database_url(std::string_view text,
                                                            std::string* error);

}  // namespace strikeline::app
