# Every dependency comes from Debian's packages (scripts/install-deps.sh installs them).
find_package(Threads REQUIRED)
find_package(Boost 1.81.0 CONFIG REQUIRED COMPONENTS json url)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(simdjson REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
# TLS for the Kite ticker's wss:// connection (Boost.Asio SSL).
find_package(OpenSSL REQUIRED)
# gzip of HTTP responses (api/http_compression.h).
find_package(ZLIB REQUIRED)
# sd_notify for systemd Type=notify units (app/service_notifier.h).
find_package(PkgConfig REQUIRED)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
if(STRIKELINE_TESTS)
  find_package(GTest REQUIRED)
endif()
if(STRIKELINE_BENCH)
  find_package(benchmark REQUIRED)
endif()
