#pragma once
// User-facing text is Chinese first, English on request (DUBAN_LANG=en or --lang en).
#include <string>
#include <string_view>

namespace duban {

enum class Lang { zh, en };

/// The language of this thread's current request (LangScope), else the one chosen for the
/// process, set once by the composition root.
Lang current_lang();
/// Makes `lang` this thread's language while it lives (an HTTP request's Accept-Language).
class LangScope {
 public:
  explicit LangScope(Lang lang);
  ~LangScope();
  LangScope(const LangScope&) = delete;
  LangScope& operator=(const LangScope&) = delete;

 private:
  int previous_;
};
/// `explicit_choice`: the user asked for it (--lang, $DUBAN_LANG); configuration then defers.
void set_current_lang(Lang lang, bool explicit_choice = true);
bool lang_is_explicit();

/// A piece of user-facing text in both languages.
struct Text {
  std::string zh;
  std::string en;
  const std::string& in(Lang lang) const { return lang == Lang::en ? en : zh; }
  const std::string& str() const { return in(current_lang()); }
};

}  // namespace duban
