#pragma once
// What the HTTP channels (sms, webhook) share: one request over Poco Net with a timeout, the
// outcome sorted into sent / retry / permanent, HMAC-SHA256, JSON string escaping.
#include <Poco/Base64Encoder.h>
#include <Poco/HMACEngine.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/SHA2Engine.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "duban_plugin.hpp"

namespace duban_http {

struct Reply {
  int status = 0;
  std::string body;
  std::string retry_after;  ///< the Retry-After header, if any
};

/// Sends one request; throws Poco::Exception when the peer cannot be reached.
inline Reply request(const std::string& url, const std::string& method,
                     const std::vector<std::pair<std::string, std::string>>& headers,
                     const std::string& body, int timeout_seconds) {
  Poco::URI uri(url);
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  if (uri.getScheme() == "https") {
    session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort());
  } else {
    session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
  }
  session->setTimeout(Poco::Timespan(timeout_seconds, 0));
  Poco::Net::HTTPRequest req(method, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [k, v] : headers) req.set(k, v);
  req.setContentLength(static_cast<std::streamsize>(body.size()));
  session->sendRequest(req) << body;
  Poco::Net::HTTPResponse res;
  auto& in = session->receiveResponse(res);
  Reply r;
  r.status = static_cast<int>(res.getStatus());
  Poco::StreamCopier::copyToString(in, r.body);
  r.retry_after = res.get("Retry-After", "");
  return r;
}

/// 2xx: sent (if `accepted`); 429 and 5xx: retry (honouring Retry-After in seconds); other 4xx:
/// permanent.
inline duban::plugin::SendResult outcome(const Reply& r, bool accepted) {
  using duban::plugin::SendStatus;
  std::string detail = "HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 300);
  if (r.status >= 200 && r.status < 300) {
    if (accepted) return {SendStatus::sent, detail, std::nullopt};
    return {SendStatus::retry, "not accepted: " + detail, std::nullopt};
  }
  if (r.status == 429 || r.status >= 500) {
    std::optional<long long> after;
    if (!r.retry_after.empty()) {
      try {
        after = std::stoll(r.retry_after);
      } catch (...) {
      }
    }
    return {SendStatus::retry, detail, after};
  }
  return {SendStatus::permanent, detail, std::nullopt};
}

struct Sha256 : Poco::SHA2Engine {
  enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
  Sha256() : Poco::SHA2Engine(Poco::SHA2Engine::SHA_256) {}
};

inline std::vector<unsigned char> hmac_sha256(const std::string& key, const std::string& text) {
  Poco::HMACEngine<Sha256> h(key);
  h.update(text);
  auto d = h.digest();
  return {d.begin(), d.end()};
}

inline std::string hex(const std::vector<unsigned char>& bytes) {
  std::string out;
  char buf[3];
  for (auto b : bytes) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

inline std::string base64(const std::vector<unsigned char>& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder enc(out);
  enc.rdbuf()->setLineLength(0);
  enc.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  enc.close();
  return out.str();
}

/// The text as the inside of a JSON string.
inline std::string json_escape(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

/// Fills {key} placeholders.
inline std::string fill(std::string text,
                        const std::vector<std::pair<std::string, std::string>>& v) {
  for (const auto& [k, val] : v) {
    std::string key = "{" + k + "}";
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + val.size())) {
      text.replace(at, key.size(), val);
    }
  }
  return text;
}

}  // namespace duban_http
