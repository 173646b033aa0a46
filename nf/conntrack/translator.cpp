#include "nf/conntrack/translator.h"

#include <optional>
#include <string>

namespace p4nf::conntrack {

const std::vector<std::pair<std::string, uint32_t>>& timeoutNames() {
  static const std::vector<std::pair<std::string, uint32_t>> names = {
      {"tcp_syn_sent", 1},   {"tcp_syn_recv", 2},   {"tcp_established", 3},
      {"tcp_fin_wait", 4},   {"tcp_close_wait", 5}, {"tcp_last_ack", 6},
      {"tcp_time_wait", 7},  {"tcp_close", 8},      {"tcp_syn_sent2", 9},
      {"udp_unreplied", 10}, {"udp_replied", 11},   {"icmp", 12},
      {"generic", 13},       {"tcp_unacknowledged", 14}};
  return names;
}

namespace {

// `timeouts:` seconds by name, 1 s to 10 years.
bool parseTimeouts(const config::MapField& field, config::YamlWalker& walk, ConntrackSection& section) {
  std::vector<std::string> allowed;
  for (const auto& [name, profile] : timeoutNames()) allowed.push_back(name);
  auto fields = walk.mapping(field.value, field.valueAt, "timeouts:", &allowed,
                             "a mapping of timeouts in seconds, e.g. tcp_established: 7200");
  if (!fields) return false;
  bool ok = true;
  for (const config::MapField& f : *fields) {
    auto seconds = walk.number(f.value, f.valueAt, "timeout " + f.key, 1, 315360000);
    if (!seconds) {
      ok = false;
      continue;
    }
    for (const auto& [name, profile] : timeoutNames())
      if (name == f.key) section.timeouts[profile] = *seconds;
  }
  return ok;
}

}  // namespace

std::optional<ConntrackSection> parseConntrackSection(const YAML::Node& node, const config::Mark& at,
                                                      config::YamlWalker& walk) {
  ConntrackSection section;
  if (!node || node.IsNull()) return section;  // `conntrack:` alone: the defaults
  static const std::vector<std::string> allowed = {"loose", "invalid", "timeouts"};
  auto fields = walk.mapping(node, at, "conntrack:", &allowed, "a mapping with loose:, invalid:, timeouts:");
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
    } else if (f.key == "timeouts") {
      ok = parseTimeouts(f, walk, section) && ok;
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
