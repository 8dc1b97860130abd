// One WebSocket client of /fo/stream, on the worker thread that accepted its connection.
// It completes the WebSocket handshake, reads the client's subscribe/unsubscribe messages
// (stream_command.h; a malformed one is answered with {"type":"error","detail":...} and the
// connection stays open; a message beyond max_client_message_bytes closes it, as the WebSocket
// protocol says), and writes the hub's messages from a bounded queue: when the queue is full the
// oldest queued message is dropped, and a client whose queue stays full for behind_limit is
// disconnected. {"type":"ping"} goes out every ping_interval; WebSocket keep-alive pings detect
// dead peers. The hub's close() ends it with a going-away close frame (bounded in time).
#pragma once

#include <boost/beast/core/tcp_stream.hpp>

#include "api/http_types.h"

namespace strikeline {

class StreamHub;

// Takes over an upgraded connection (the router's upgrade hook for /fo/stream), holding its slot
// (its place under max_connections) until the WebSocket connection ends.
void start_stream_session(boost::beast::tcp_stream&& stream, HttpRequest&& request,
                          ConnectionSlot slot, StreamHub& hub);

}  // namespace strikeline
