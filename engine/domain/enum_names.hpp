#pragma once
// The one way an enum of duban's becomes text and back: a constexpr table per enum, giving each
// value its stable code name (stored in the database, used in JSON and on the command line) and
// its Chinese label (shown to people). Parsing accepts either.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace duban {

template <class E>
struct EnumName {
  E value;
  std::string_view code;
  std::string_view zh;
};

template <class E, std::size_t N>
struct EnumNames {
  std::array<EnumName<E>, N> names;

  constexpr const EnumName<E>* find(E value) const {
    for (const auto& n : names)
      if (n.value == value) return &n;
    return nullptr;
  }
  /// The code name; "?" for a value outside the table (a cast from a bad integer).
  constexpr std::string_view code(E value) const {
    const auto* n = find(value);
    return n ? n->code : "?";
  }
  constexpr std::string_view zh(E value) const {
    const auto* n = find(value);
    return n ? n->zh : "?";
  }
  /// The code name or the Chinese label; nullopt for anything else.
  constexpr std::optional<E> parse(std::string_view text) const {
    for (const auto& n : names)
      if (text == n.code || (!n.zh.empty() && text == n.zh)) return n.value;
    return std::nullopt;
  }
  /// Only the code name (what the database stores).
  constexpr std::optional<E> parse_code(std::string_view text) const {
    for (const auto& n : names)
      if (text == n.code) return n.value;
    return std::nullopt;
  }
  constexpr std::array<E, N> values() const {
    std::array<E, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = names[i].value;
    return out;
  }
};

/// enum_names<ItemState>({{ItemState::identified, "identified", "已发现"}, ...})
template <class E, std::size_t N>
constexpr EnumNames<E, N> enum_names(const EnumName<E> (&names)[N]) {
  EnumNames<E, N> out{};
  for (std::size_t i = 0; i < N; ++i) out.names[i] = names[i];
  return out;
}

}  // namespace duban
