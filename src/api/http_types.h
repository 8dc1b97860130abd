// The HTTP vocabulary shared by the router, the endpoints and the server: Beast request/response
// types, what a handler sees of a request, and the handler signatures. A handler fills the
// response's status, body and content type (application/json by default); the server adds the
// common headers (keep-alive, X-Process-Time, X-Correlation-ID, CORS) and the content length.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <memory>
#include <string_view>

#include "core/timestamp.h"
#include "query/query_params.h"

namespace strikeline {

namespace http = boost::beast::http;

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

struct RequestContext {
  const HttpRequest& request;
  std::string_view path;      // percent-decoded
  const QueryParams& params;  // percent-decoded
  Timestamp received;         // when the complete request was read (service clock)
  boost::asio::ip::address remote;
};

using Handler = std::function<void(const RequestContext&, HttpResponse&)>;

// The body of a request on a streamed route (bulk ingest), taken as it arrives instead of whole:
// the server feeds it piece by piece (bounded memory, no matter the body's size) and asks for the
// answer at the end. Called on the connection's thread, except finish(), which runs on the
// handler pool (it may store data for seconds).
class BodyReader {
 public:
  virtual ~BodyReader() = default;
  // The next piece of the body. false: stop reading (the reader refuses the rest, e.g. past a
  // memory budget); finish() then answers and the connection is closed.
  virtual bool consume(std::string_view piece) = 0;
  // Fills the answer, after the whole body or after consume() returned false.
  virtual void finish(HttpResponse& res) = 0;
};

// A streamed route's handler: called once the header is read, before any of the body (so a
// request that may not send one, e.g. without the right token, is answered at once and its body
// never read). Returns the reader of the body, or nullptr after filling `res` with a refusal.
// ctx.request has the header and an empty body.
using StreamingHandler =
    std::function<std::unique_ptr<BodyReader>(const RequestContext&, HttpResponse&)>;

// A connection's place under the server's max_connections (and in http_connections_open): given
// back when the last copy is released.
using ConnectionSlot = std::shared_ptr<const void>;

// Takes over a connection whose request asked for a protocol upgrade (e.g. WebSocket on
// /fo/stream). Called on the connection's own executor; the server forgets the connection, except
// that it stays counted until the handler releases the slot (it keeps it while the connection is
// open, so upgraded connections count against max_connections too).
using UpgradeHandler =
    std::function<void(boost::beast::tcp_stream&&, HttpRequest&&, ConnectionSlot)>;

}  // namespace strikeline
