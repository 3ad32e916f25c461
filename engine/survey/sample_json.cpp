// A sample as JSON: how it is stored (survey_samples.draw), shown (--json, the API) and compared.
#include <nlohmann/json.hpp>

#include "domain/errors.hpp"
#include "survey/sample_cases.hpp"

namespace duban::survey {

namespace {

nlohmann::json text_json(const Text& t) { return {{"zh", t.zh}, {"en", t.en}}; }
Text text_of(const nlohmann::json& j) {
  return {j.value("zh", std::string()), j.value("en", std::string())};
}

template <class Kind, class From>
Kind kind_of(const nlohmann::json& j, const char* key, From from) {
  auto text = j.at(key).get<std::string>();
  auto k = from(text);
  if (!k) throw std::runtime_error(std::string("unknown ") + key + " " + text);
  return *k;
}

SampleReason reason_from(const std::string& text) {
  for (auto r :
       {SampleReason::quota, SampleReason::substitute, SampleReason::edge, SampleReason::monitored})
    if (to_string(r) == text) return r;
  throw std::runtime_error("unknown reason " + text);
}

}  // namespace

std::string sample_json(const Sample& sample) {
  auto villages = nlohmann::json::array();
  for (const auto& v : sample.villages) {
    auto households = nlohmann::json::array();
    for (const auto& h : v.households) {
      households.push_back({{"number", h.number},
                            {"head", h.head},
                            {"id", masked_id(h.id_tail)},
                            {"kind", to_string(h.kind)},
                            {"kind_name", label_zh(h.kind)},
                            {"tags", household_tags_codes(h.tags)},
                            {"edge", h.edge},
                            {"monitored", h.monitored},
                            {"reason", to_string(h.reason)},
                            {"quota", to_string(h.quota)}});
    }
    auto notes = nlohmann::json::array();
    for (const auto& n : v.notes) notes.push_back(text_json(n));
    villages.push_back({{"township", v.township},
                        {"township_name", v.township_name},
                        {"village", v.name},
                        {"unit", v.unit},
                        {"kind", to_string(v.kind)},
                        {"kind_name", label_zh(v.kind)},
                        {"covers", v.covers},
                        {"households", households},
                        {"notes", notes}});
  }
  auto notes = nlohmann::json::array();
  for (const auto& n : sample.notes) notes.push_back(text_json(n));
  nlohmann::json j{{"seed", sample.seed},
                   {"villages", villages},
                   {"notes", notes},
                   {"households", sample.households()},
                   {"substitutions", sample.substitutions()}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Sample sample_from_json(const std::string& text) {
  try {
    auto j = nlohmann::json::parse(text);
    Sample s;
    s.seed = j.at("seed").get<std::string>();
    for (const auto& n : j.at("notes")) s.notes.push_back(text_of(n));
    for (const auto& jv : j.at("villages")) {
      SampledVillage v;
      v.township = jv.at("township").get<std::string>();
      v.township_name = jv.at("township_name").get<std::string>();
      v.name = jv.at("village").get<std::string>();
      v.unit = jv.at("unit").get<std::string>();
      v.kind = kind_of<VillageKind>(jv, "kind", village_kind_from);
      v.covers = jv.at("covers").get<bool>();
      for (const auto& n : jv.at("notes")) v.notes.push_back(text_of(n));
      for (const auto& jh : jv.at("households")) {
        SampledHousehold h;
        h.number = jh.at("number").get<std::string>();
        h.head = jh.at("head").get<std::string>();
        auto id = jh.at("id").get<std::string>();
        h.id_tail = id.size() >= 4 ? id.substr(id.size() - 4) : "";
        h.kind = kind_of<HouseholdKind>(jh, "kind", household_kind_from);
        h.tags = household_tags_from(jh.at("tags").get<std::string>()).value_or(0);
        h.edge = jh.at("edge").get<bool>();
        h.monitored = jh.at("monitored").get<bool>();
        h.reason = reason_from(jh.at("reason").get<std::string>());
        h.quota = kind_of<HouseholdKind>(jh, "quota", household_kind_from);
        v.households.push_back(std::move(h));
      }
      s.villages.push_back(std::move(v));
    }
    return s;
  } catch (const std::exception& e) {
    throw Error(Errc::storage_error, {std::string("抽样记录无法读取:") + e.what(),
                                      std::string("a stored sample cannot be read: ") + e.what()});
  }
}

}  // namespace duban::survey
