// The route table of API.md: GET /health, /metrics, /openapi.json and the /fo analytics
// endpoints. The application adds its own routes to the same Router afterwards (e.g.
// router.post("/fo/ingest/ticks", ...), router.upgrade("/fo/stream", "websocket", ...),
// router.get("/*", static files)); /openapi.json documents the standard routes.
#pragma once

#include <cstddef>

#include "api/router.h"
#include "api/service_context.h"

namespace strikeline {

// `context` must outlive the router's use. The /fo responses are cached per snapshot version
// within the given bounds (0 entries: no cache).
void add_standard_routes(Router& router, ServiceContext& context,
                         std::size_t response_cache_entries = 0,
                         std::size_t response_cache_bytes = 0);

}  // namespace strikeline
