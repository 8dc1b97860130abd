// The SQL files of migrations/ at the repository root, embedded in the binary at build time
// (cmake/EmbedMigrations.cmake), sorted by name. Embedding keeps the binary self-contained: a
// deployed strikeline migrates a database without its source tree, and the files stay plain SQL
// that psql can run too (the runbook's `psql -f migrations/013_create_fo_enriched_views.sql`).
#pragma once

#include <span>
#include <string_view>

namespace strikeline::pg {

struct MigrationFile {
  std::string_view file_name;  // e.g. "013_create_fo_enriched_views.sql"
  std::string_view sql;
};

std::span<const MigrationFile> migration_files();

}  // namespace strikeline::pg
