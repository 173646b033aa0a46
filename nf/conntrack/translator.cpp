#include "nf/conntrack/translator.h"

#include <optional>
#include <string>

namespace p4nf::conntrack {

std::optional<ConntrackSection> parseConntrackSection(const YAML::Node& node, const config::Mark& at,
                                                      config::YamlWalker& walk) {
  ConntrackSection section;
  if (!node || node.IsNull()) return section;  // `conntrack:` alone: the defaults
  static const std::vector<std::string> allowed = {"loose", "invalid"};
  auto fields = walk.mapping(node, at, "conntrack:", &allowed, "a mapping with loose:, invalid:");
  if (!fields) return std::nullopt;
  bool ok = true;
  for (const config::MapField& f : *fields) {
    if (f.key == "loose") {
      auto text = walk.scalar(f.value, f.valueAt, "loose", "true or false");
      if (!text) {
        ok = false;
      } else if (*text == "true" || *text == "yes" || *text == "on") {
        section.loose = true;
      } else if (*text == "false" || *text == "no" || *text == "off") {
        section.loose = false;
      } else {
        walk.error(f.valueAt, "loose: \"" + *text + "\" is not a boolean", "true or false");
        ok = false;
      }
    } else if (f.key == "invalid") {
      auto text = walk.scalar(f.value, f.valueAt, "invalid", "pass or drop");
      if (!text) {
        ok = false;
      } else if (*text == "pass" || *text == "drop") {
        section.dropInvalid = *text == "drop";
      } else {
        walk.error(f.valueAt, "invalid: \"" + *text + "\" is neither pass nor drop", "pass or drop");
        ok = false;
      }
    }
  }
  if (!ok) return std::nullopt;
  return section;
}

void translateConntrackSection(const config::TranslatorInput& input, config::YamlWalker& walk,
                               std::vector<config::TableSpec>& tables) {
  const config::ModuleSpec& module = input.module;
  std::optional<ConntrackSection> section = parseConntrackSection(module.section, module.sectionAt, walk);
  if (!section) return;
  config::Mark at = walk.mark(module.section, module.sectionAt);
  config::TableSpec settings;
  settings.at = at;
  settings.name = "settings";
  config::ActionSpec action;
  action.at = at;
  action.action = "set_settings";
  action.args = {{"loose", section->loose ? "1" : "0"}, {"drop_invalid", section->dropInvalid ? "1" : "0"}};
  action.argMarks = {at, at};
  settings.defaultAction = action;
  tables.push_back(std::move(settings));
}

}  // namespace p4nf::conntrack
