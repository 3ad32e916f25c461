#pragma once
// Turning database failures into duban's named errors at the store's edge.
#include <soci/soci.h>

#include <exception>
#include <string>

#include "domain/errors.hpp"

namespace duban::store {

[[noreturn]] inline void storage_failure(const std::string& what, const std::exception& e) {
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
