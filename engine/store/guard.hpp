#pragma once
// Turning database failures into duban's named errors at the store's edge.
#include <soci/soci.h>

#include <exception>
#include <string>

#include "domain/errors.hpp"

namespace duban::store {

/// Whether `e` says the connection to the database server is gone (a restart, a failover, a
/// network cut) rather than that the database refused the statement.
inline bool connection_lost(const std::exception& e) {
  if (auto s = dynamic_cast<const soci::soci_error*>(&e)) {
    if (s->get_error_category() == soci::soci_error::connection_error) return true;
  }
  const std::string text = e.what();
  for (const char* sign :
       {"server closed the connection", "terminating connection", "no connection to the server",
        "could not receive data from server", "could not send data to server",
        "connection to server", "the database system is shutting down",
        "the database system is starting up", "the database system is in recovery mode",
        "in a read-only transaction"}) {
    if (text.find(sign) != std::string::npos) return true;
  }
  return false;
}

[[noreturn]] inline void storage_failure(const std::string& what, const std::exception& e) {
  if (connection_lost(e)) {
    throw Error(Errc::unavailable, {"数据库暂时无法连接(" + what + "):" + e.what() + ";请稍后重试",
                                    "the database is unavailable for now (" + what +
                                        "): " + e.what() + "; retry shortly"});
  }
  throw Error(Errc::storage_error, {"数据库错误(" + what + "):" + e.what(),
                                    "database error (" + what + "): " + e.what()});
}

/// Runs `work`; a SOCI failure (locked, corrupt, read-only, full disk) becomes
/// Error(storage_error) naming `what`; duban's own errors pass through unchanged.
template <class Work>
decltype(auto) guarded(const std::string& what, Work&& work) {
  try {
    return work();
  } catch (const Error&) {
    throw;
  } catch (const soci::soci_error& e) {
    storage_failure(what, e);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    storage_failure(what, e);
  }
}

/// A stored row that cannot be decoded is an error naming the table and the row, never a default.
[[noreturn]] inline void undecodable(const std::string& table, const std::string& id,
                                     const std::string& column, const std::string& value) {
  throw Error(Errc::storage_error,
              {"数据表 " + table + " 第 " + id + " 行的 " + column + " 无法识别:" + value,
               "table " + table + ", row " + id + ": unknown " + column + " '" + value + "'"});
}

}  // namespace duban::store
