// HTTP requests as bytes from the network: Beast's parser with the server's limits, then the
// target check the server makes before any route sees it.
#include <boost/beast/http.hpp>

#include "api/http_server.hpp"
#include "domain/text_check.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace http = boost::beast::http;
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(64 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (!ec && parser.is_header_done()) {
    auto target = std::string(parser.get().target());
    auto why = duban::api::target_problem(target);
    if (why.empty() && duban::invalid_utf8_at(target))
      duban::fuzz::broken("an accepted target is valid UTF-8");
  }
  auto raw = duban::fuzz::bytes(data, size);
  (void)duban::api::target_problem(raw);
  return 0;
}
