#include "store/postgres/bar_change_log.h"

#include <libpq-fe.h>

#include "core/text.h"

namespace strikeline::pg {

std::int64_t append_change(Connection& connection, std::int64_t first, std::int64_t last,
                           std::string_view doing) {
  const std::string from = std::to_string(first), to = std::to_string(last);
  const char* params[] = {from.c_str(), to.c_str()};
  Result r = connection.exec_params(
      "WITH next AS (UPDATE fo_bar_change_counter SET last_seq = last_seq + 1 RETURNING "
      "last_seq) INSERT INTO fo_bar_changes (seq, first_bucket, last_bucket, committed_at) "
      "SELECT last_seq, to_timestamp($1), to_timestamp($2), clock_timestamp() FROM next "
      "RETURNING seq",
      params, doing);
  const auto seq = r.rows() == 1 ? parse_int64(r.text(0, 0)) : std::nullopt;
  if (!seq) throw StorageError(std::string(doing) + ": the change log has no counter row");
  return *seq;
}

std::int64_t prune_changes(Connection& connection, std::chrono::seconds retention,
                           std::string_view doing) {
  const std::string seconds = std::to_string(retention.count());
  const char* params[] = {seconds.c_str()};
  Result r = connection.exec_params(
      "DELETE FROM fo_bar_changes WHERE committed_at < clock_timestamp() - make_interval(secs "
      "=> $1::bigint)",
      params, doing);
  return parse_int64(PQcmdTuples(r.get())).value_or(0);
}

std::vector<BarChange> changes_after(Connection& connection, std::int64_t after, int limit,
                                     std::string_view doing) {
  const std::string from = std::to_string(after), most = std::to_string(limit);
  const char* params[] = {from.c_str(), most.c_str()};
  Result r = connection.exec_params(
      "SELECT seq, extract(epoch FROM first_bucket)::bigint, extract(epoch FROM "
      "last_bucket)::bigint, extract(epoch FROM clock_timestamp() - committed_at) FROM "
      "fo_bar_changes WHERE seq > $1::bigint ORDER BY seq LIMIT $2::integer",
      params, doing);
  std::vector<BarChange> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int row = 0; row < r.rows(); ++row) {
    const auto seq = parse_int64(r.text(row, 0));
    const auto first = parse_int64(r.text(row, 1));
    const auto last = parse_int64(r.text(row, 2));
    const auto age = parse_double(r.text(row, 3));
    // The table's constraints make every row readable; a row that is not would be skipped forever
    // by the numbers after it, so it is an error, not a skip.
    if (!seq || !first || !last || !age) {
      throw StorageError(std::string(doing) + ": unreadable change log row after " + from);
    }
    out.push_back({*seq, utc_seconds(*first), utc_seconds(*last), *age});
  }
  return out;
}

ChangeLogPosition change_log_position(Connection& connection, std::string_view doing) {
  Result r = connection.exec(
      "SELECT (SELECT last_seq FROM fo_bar_change_counter), (SELECT min(seq) FROM "
      "fo_bar_changes)",
      doing);
  const auto newest = r.rows() == 1 ? parse_int64(r.text(0, 0)) : std::nullopt;
  if (!newest) throw StorageError(std::string(doing) + ": the change log has no counter row");
  ChangeLogPosition position{*newest, std::nullopt};
  if (!r.is_null(0, 1)) position.oldest = parse_int64(r.text(0, 1));
  return position;
}

}  // namespace strikeline::pg
