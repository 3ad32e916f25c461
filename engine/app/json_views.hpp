#pragma once
// The JSON shapes of what the use cases return, and problem details (RFC 9457) for errors: one
// definition for `duban --json` and the HTTP API alike.
#include <nlohmann/json.hpp>
#include <string>

#include "app/item_cases.hpp"
#include "app/queries.hpp"
#include "domain/errors.hpp"

namespace duban::app {

nlohmann::json to_json(const ItemView& view);
nlohmann::json to_json(const std::vector<DeadlineEvent>& history);
nlohmann::json to_json(const JournalEntry& entry);
nlohmann::json to_json(const RoundView& view);
nlohmann::json to_json(const Unit& unit);
/// The unit with its users.
nlohmann::json to_json(const UnitView& view);
nlohmann::json to_json(const ImportResult& result);
/// `problem` in the current language.
nlohmann::json to_json(const AuditResult& result);
nlohmann::json to_json(const InitResult& result, const std::string& database);

/// Problem details for a refused or failed request: type, title, status (the HTTP status of the
/// error code), code and detail in the current language; a configuration error lists every error.
nlohmann::json problem_json(const Error& error);
/// The JSON text of `j`; bytes that are not UTF-8 (a row written before text was checked, a
/// tampered file) become U+FFFD instead of failing the whole answer. `indent` < 0: one line.
std::string dump_json(const nlohmann::json& j, int indent = -1);
/// Problem details for a protocol-level answer (404, 405, 500) that is no use-case error.
nlohmann::json problem_json(int status, const std::string& title, const std::string& code,
                            const std::string& detail = "");

}  // namespace duban::app
