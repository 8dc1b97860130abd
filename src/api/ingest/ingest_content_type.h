// The media types the ingest endpoints accept, read from a request's Content-Type (parameters such
// as "; charset=utf-8" ignored, case-insensitive):
//   NDJSON: application/x-ndjson, application/ndjson, application/jsonl, application/x-jsonlines,
//           application/json (one object a line)
//   CSV:    text/csv, application/csv
//   either: text/plain, or no Content-Type at all (the body's content decides)
// Anything else (form encodings, multipart, octet-stream, ...) is unsupported: 400, nothing read.
#pragma once

#include <string_view>

namespace strikeline {

enum class IngestMediaType { ndjson, csv, sniff, unsupported };

IngestMediaType classify_ingest_content_type(std::string_view content_type);

}  // namespace strikeline
