#include "api/request_target.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace strikeline {

namespace {

// Characters RFC 3986 allows in a query besides '%' escapes.
bool allowed_in_query(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':  // unreserved
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':  // sub-delims
    case '+':
    case ',':
    case ';':
    case '=':
    case ':':
    case '@':
    case '/':
    case '?':
    case '%':
      return true;
    default:
      return false;
  }
}

// Clients commonly send "expiry[]=" and other RFC-invalid query characters unescaped; escape them
// so the strict parser reads what the client meant. Empty when nothing needs escaping.
std::string escape_lenient_query(std::string_view target) {
  const std::size_t query = target.find('?');
  if (query == std::string_view::npos) return {};
  std::size_t i = query + 1;
  while (i < target.size() && allowed_in_query(static_cast<unsigned char>(target[i]))) ++i;
  if (i == target.size()) return {};
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out(target.substr(0, i));
  for (; i < target.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(target[i]);
    if (allowed_in_query(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

}  // namespace

ParamResult<RequestTarget> parse_request_target(std::string_view target) {
  const std::string escaped = escape_lenient_query(target);
  if (!escaped.empty()) target = escaped;
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) {
    return ParamError{
        "malformed request target: expected /path?key=value&... with valid "
        "percent-encoding"};
  }
  const boost::urls::url_view& url = *parsed;
  RequestTarget out;
  out.path = url.path();
  boost::urls::encoding_opts options;
  options.space_as_plus = true;
  for (const auto& param : url.params(options)) {
    out.params.add(param.key, param.has_value ? param.value : std::string{});
  }
  return out;
}

}  // namespace strikeline
