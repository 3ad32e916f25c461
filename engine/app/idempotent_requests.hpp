#pragma once
// Requests sent with an Idempotency-Key: the first is carried out and its answer kept in the
// database; a retry, after a restart or sent to another process, gets that answer again and acts
// on nothing. The key is the sender's own (another user's request with the same key is another
// request).
//
//   auto start = begin_request(services, key, options);   // go, replay, busy, mismatch or lost
//   {
//     ActingOn acting(key);     // write units committed on this thread mark the key as acted on
//     answer = carry_out();
//     if (failed && !acting.acted()) forget_request(...); else finish_request(..., answer);
//   }
//
// Once a unit of work of the request has committed, it is never carried out again: a process
// killed between that commit and keeping the answer leaves the key "lost" (the retry is told the
// request was carried out and to read the result), never done twice.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "app/services.hpp"

namespace duban::app {

struct RequestKey {
  std::string user, key;
  std::string fingerprint;  ///< of what was sent (method, target, body)
};

/// An answer as kept and given again.
struct KeptAnswer {
  int status = 0;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct RequestOptions {
  std::string node;                ///< this process (host:pid:random)
  std::chrono::seconds lease{60};  ///< a request whose process holds it longer is taken over
  std::chrono::hours keep{24};     ///< how long an answer is kept
};

enum class RequestOutcome {
  go,        ///< carry it out (first time, or taken over from a process that never acted)
  replay,    ///< answered before: `answer`
  busy,      ///< being carried out elsewhere: retry after `retry_after`
  mismatch,  ///< the key was used for another request
  lost,      ///< carried out, but its answer was never kept (its process stopped)
};

struct RequestStart {
  RequestOutcome outcome = RequestOutcome::go;
  KeptAnswer answer;
  std::chrono::seconds retry_after{0};
};

/// Looks the key up and, when the request is to be carried out, holds it for this process.
RequestStart begin_request(Services& services, const RequestKey& key,
                           const RequestOptions& options);
/// Keeps the answer for the retries.
void finish_request(Services& services, const RequestKey& key, const RequestOptions& options,
                    const KeptAnswer& answer);
/// Lets go of a request that acted on nothing (it failed): a retry carries it out.
void forget_request(Services& services, const RequestKey& key, const RequestOptions& options);

/// While alive, the write units of work committed on this thread mark `key` as acted on, in
/// their own transaction (app/transaction.cpp).
class ActingOn {
 public:
  explicit ActingOn(const RequestKey& key);
  ~ActingOn();
  ActingOn(const ActingOn&) = delete;
  ActingOn& operator=(const ActingOn&) = delete;
  /// Whether a unit of work committed for it.
  bool acted() const { return acted_; }
  /// The request being carried out on this thread, if any, not yet marked.
  static ActingOn* current();
  const RequestKey& key() const { return key_; }
  void set_acted() { acted_ = true; }

 private:
  RequestKey key_;
  bool acted_ = false;
  ActingOn* outer_ = nullptr;
};

}  // namespace duban::app
