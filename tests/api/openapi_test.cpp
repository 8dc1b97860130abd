// /openapi.json and the router agree: every documented path answers (with its documented
// examples for required parameters), and every route the server serves is documented.
#include <gtest/gtest.h>

#include <set>

#include "fixtures/test_client.h"
#include "fixtures/test_server.h"

using namespace strikeline;
using namespace strikeline::testing;
namespace json = boost::json;

TEST(OpenApi, DocumentIsOpenApi31) {
  TestServer server;
  TestClient client(server.port());
  Reply reply = client.get("/openapi.json");
  ASSERT_EQ(reply.result_int(), 200u);
  json::object doc = parse_json(reply).as_object();
  EXPECT_EQ(doc["openapi"].as_string(), "3.1.0");
  EXPECT_EQ(doc["info"].as_object()["version"].as_string(), STRIKELINE_VERSION);
  EXPECT_TRUE(doc["components"].as_object()["schemas"].as_object().contains("Error"));
}

TEST(OpenApi, EveryDocumentedRouteAnswers) {
  TestServer server;
  TestClient client(server.port());
  json::object doc = parse_json(client.get("/openapi.json")).as_object();
  json::object& paths = doc["paths"].as_object();
  ASSERT_GE(paths.size(), 9u);
  for (auto& [path, item] : paths) {
    json::object& get = item.as_object()["get"].as_object();
    EXPECT_TRUE(get.contains("summary")) << path;
    EXPECT_TRUE(get["responses"].as_object().contains("200")) << path;
    std::string target(path);
    char separator = '?';
    for (auto& p : get["parameters"].as_array()) {
      json::object& param = p.as_object();
      if (!param["required"].as_bool()) continue;
      ASSERT_TRUE(param.contains("example")) << path << " " << param["name"].as_string();
      json::value example = param["example"];
      std::string value = example.is_array() ? std::string(example.as_array()[0].as_string())
                                             : json::serialize(example);
      target += separator + std::string(param["name"].as_string()) + "=" + value;
      separator = '&';
    }
    Reply reply = client.get(target);
    EXPECT_EQ(reply.result_int(), 200u) << target << ": " << reply.body();
  }
}

TEST(OpenApi, EveryRouteIsDocumented) {
  TestServer server;
  TestClient client(server.port());
  json::object doc = parse_json(client.get("/openapi.json")).as_object();
  std::set<std::string> documented;
  for (auto& [path, item] : doc["paths"].as_object()) {
    for (auto& [method, op] : item.as_object()) {
      documented.insert(std::string(method) + " " + std::string(path));
    }
  }
  std::set<std::string> served;
  for (const Route& r : server.server->router().routes()) {
    std::string method(http::to_string(r.method));
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    served.insert(method + " " + r.path_template);
  }
  EXPECT_EQ(documented, served);
}
