#include "api/http_compression.h"

#include <zlib.h>

#include <array>
#include <cassert>
#include <stdexcept>

#include "core/text.h"

namespace strikeline {

namespace {

// windowBits 15 + 16: a gzip header and trailer instead of zlib's.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kLevel = 6;

std::string_view next_item(std::string_view& list) {
  const auto comma = list.find(',');
  std::string_view item = list.substr(0, comma);
  list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  return trim(item);
}

// The q value of "coding;q=0.5" (1 when absent; 0 when malformed, as a refusal).
double quality(std::string_view parameters) {
  while (!parameters.empty()) {
    const auto semicolon = parameters.find(';');
    std::string_view p = trim(parameters.substr(0, semicolon));
    parameters =
        semicolon == std::string_view::npos ? std::string_view{} : parameters.substr(semicolon + 1);
    if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      const auto q = parse_double(trim(p.substr(2)));
      return q && *q >= 0 && *q <= 1 ? *q : 0.0;
    }
  }
  return 1.0;
}

std::string_view header(const http::fields& fields, http::field name) {
  const auto value = fields[name];
  return {value.data(), value.size()};
}

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
  std::optional<double> gzip, any;
  while (!accept_encoding.empty()) {
    const std::string_view item = next_item(accept_encoding);
    const auto semicolon = item.find(';');
    const std::string_view coding = trim(item.substr(0, semicolon));
    const double q =
        semicolon == std::string_view::npos ? 1.0 : quality(item.substr(semicolon + 1));
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
      gzip = q;
    } else if (coding == "*") {
      any = q;
    }
  }
  if (gzip) return *gzip > 0;
  return any && *any > 0;
}

bool accepts_gzip(const HttpRequest& request) {
  return accepts_gzip(header(request, http::field::accept_encoding));
}

bool worth_compressing(std::string_view content_type, std::size_t bytes) {
  if (bytes < kMinCompressedBytes) return false;
  const std::string_view type = trim(content_type.substr(0, content_type.find(';')));
  static constexpr std::string_view kTypes[] = {"application/json",       "application/x-ndjson",
                                                "application/javascript", "text/javascript",
                                                "image/svg+xml",          "application/xml"};
  if (type.starts_with("text/")) return true;
  for (std::string_view t : kTypes) {
    if (iequals(type, t)) return true;
  }
  return false;
}

std::string gzip_compress(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, kLevel, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib: deflateInit2 failed");
  }
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&z, Z_FINISH);  // deflateBound guarantees one call suffices
  out.resize(z.total_out);
  out.shrink_to_fit();  // the bound is about the input's size: a cached answer would keep it all
  deflateEnd(&z);
  if (status != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
  return out;
}

std::optional<std::string> gzip_decompress(std::string_view data, std::size_t max_bytes) {
  z_stream z{};
  if (inflateInit2(&z, kGzipWindowBits) != Z_OK) return std::nullopt;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  std::array<char, 16384> chunk{};
  int status = Z_OK;
  while (status == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(chunk.data());
    z.avail_out = static_cast<uInt>(chunk.size());
    status = inflate(&z, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) break;
    out.append(chunk.data(), chunk.size() - z.avail_out);
    if (out.size() > max_bytes) {
      status = Z_MEM_ERROR;
      break;
    }
    if (status == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
      status = Z_DATA_ERROR;  // truncated: no more input, no end of stream
    }
  }
  const bool complete = status == Z_STREAM_END && z.avail_in == 0;
  inflateEnd(&z);
  if (!complete) return std::nullopt;
  return out;
}

void vary_on_accept_encoding(HttpResponse& response) {
  const std::string_view vary = header(response, http::field::vary);
  if (vary.empty()) {
    response.set(http::field::vary, "Accept-Encoding");
    return;
  }
  std::string_view rest = vary;
  while (!rest.empty()) {
    if (iequals(next_item(rest), "Accept-Encoding")) return;
  }
  response.set(http::field::vary, std::string(vary) + ", Accept-Encoding");
}

void compress_response(const HttpRequest& request, HttpResponse& response) {
  if (!worth_compressing(header(response, http::field::content_type), response.body().size()) &&
      response.count(http::field::content_encoding) == 0) {
    return;
  }
  vary_on_accept_encoding(response);
  if (response.count(http::field::content_encoding) != 0 || !accepts_gzip(request)) return;
  if (response.result() == http::status::partial_content) return;  // a range of the identity
  response.body() = gzip_compress(response.body());
  response.set(http::field::content_encoding, "gzip");
  const std::string_view etag = header(response, http::field::etag);
  if (etag.size() >= 2 && etag.back() == '"') {
    response.set(http::field::etag, std::string(etag.substr(0, etag.size() - 1)) +
                                        std::string(kGzipEtagSuffix) + "\"");
  }
}

}  // namespace strikeline
