// gzip for HTTP responses (README "Compression"): a response body of at least 1 KiB of a textual
// type (JSON, CSV, text, HTML, JavaScript, CSS, SVG) is sent gzip-compressed when the request's
// Accept-Encoding accepts gzip (RFC 9110: "gzip", "x-gzip" or "*" with a non-zero q; "gzip;q=0"
// refuses it), with Content-Encoding: gzip. Every response that could be compressed carries
// Vary: Accept-Encoding, whether it was or not, so that shared caches keep the two apart.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "api/http_types.h"

namespace strikeline {

inline constexpr std::size_t kMinCompressedBytes = 1024;
// Appended inside the quotes of an entity tag of a compressed body ("abc" -> "abc-gzip").
inline constexpr std::string_view kGzipEtagSuffix = "-gzip";

bool accepts_gzip(std::string_view accept_encoding);
bool accepts_gzip(const HttpRequest& request);
// A body of this type and size is worth compressing.
bool worth_compressing(std::string_view content_type, std::size_t bytes);

// RFC 1952 gzip of `data` (zlib, level 6).
std::string gzip_compress(std::string_view data);
// The data of a gzip member; nullopt when it is not gzip or inflates beyond max_bytes.
std::optional<std::string> gzip_decompress(std::string_view data, std::size_t max_bytes);

// Adds "Accept-Encoding" to the response's Vary header (keeping what is there).
void vary_on_accept_encoding(HttpResponse& response);

// For the server's last step: compresses the body when the request accepts gzip and the body is
// worth it, unless the response already has a Content-Encoding (a cached compressed answer); sets
// Vary; gives an ETag the "-gzip" suffix when it compresses (a different representation).
void compress_response(const HttpRequest& request, HttpResponse& response);

}  // namespace strikeline
