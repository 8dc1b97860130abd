#include "api/error_response.h"

#include "api/json_writer.h"

namespace strikeline {

void write_error(HttpResponse& res, http::status status, std::string_view detail) {
  res.result(status);
  res.set(http::field::content_type, kJsonContentType);
  std::string& body = res.body();
  body.clear();
  JsonWriter(body).begin_object().field("detail", detail).end_object();
}

}  // namespace strikeline
