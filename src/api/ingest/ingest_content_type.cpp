#include "api/ingest/ingest_content_type.h"

#include <array>

#include "core/text.h"

namespace strikeline {

IngestMediaType classify_ingest_content_type(std::string_view content_type) {
  const std::string_view media = trim(content_type.substr(0, content_type.find(';')));
  if (media.empty()) return IngestMediaType::sniff;
  static constexpr std::array<std::string_view, 5> kNdjson = {
      "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines",
      "application/json"};
  for (std::string_view t : kNdjson) {
    if (iequals(media, t)) return IngestMediaType::ndjson;
  }
  if (iequals(media, "text/csv") || iequals(media, "application/csv")) return IngestMediaType::csv;
  if (iequals(media, "text/plain")) return IngestMediaType::sniff;
  return IngestMediaType::unsupported;
}

}  // namespace strikeline
