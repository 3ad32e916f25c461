#pragma once
// How the command line shows things to people: aligned text. JSON for scripts is app/json_views.
#include <ostream>
#include <string>
#include <vector>

#include "app/queries.hpp"

namespace duban::cli {

void print_items(std::ostream& out, const std::vector<app::ItemView>& items);
void print_item(std::ostream& out, const app::ItemView& item, ZoneOffset zone);
void print_journal(std::ostream& out, const std::vector<JournalEntry>& entries, ZoneOffset zone);
void print_round(std::ostream& out, const app::RoundView& view);

/// Pads `text` to `width` display columns (a Chinese character takes two).
std::string pad(const std::string& text, std::size_t width);
std::string status_label(std::optional<Status> status);

}  // namespace duban::cli
