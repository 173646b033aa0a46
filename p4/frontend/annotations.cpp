// Sema: annotations. The one list of annotations p4nfc knows; any other gets a warning
// (it is ignored, never an error, so that programs written for other targets compile).
#include <string_view>

#include "frontend/sema.h"
#include "frontend/sema_internal.h"

namespace p4nfc {

namespace {

// Standard P4-16 annotations, P4Runtime/PSA/PNA ones, and those of p4c's PNA targets
// (the TC backend in particular) that portable programs carry.
constexpr std::string_view kKnownAnnotations[] = {
    // P4-16 language specification
    "name",
    "hidden",
    "priority",
    "defaultonly",
    "tableonly",
    "optional",
    "atomic",
    "pure",
    "noSideEffects",
    "noWarn",
    "deprecated",
    "match",
    "pkginfo",
    "synchronous",
    "globalname",
    "metadata",
    "field_list",
    "refers_to",
    "id",
    "brief",
    "description",
    "type",
    "length",
    "unroll",
    "inline",
    "noinline",
    // P4Runtime / control plane
    "p4runtime_translation",
    "p4runtime_translation_mappings",
    "controller_header",
    "max_group_size",
    "selector_size_semantics",
    "max_member_weight",
    "entry_restriction",
    "action_restriction",
    "format",
    "switchstack",
    // PNA / p4c targets
    "idle_timeout_with_auto_delete",
    "default_hit",
    "default_hit_const",
    "nummask",
    "tc_type",
    "tc_md_write",
    "tc_md_read",
    "tc_md_exec",
    "tc_may_override",
    "tc_ControlPath",
    "tc_key",
    "tc_data",
    "tc_data_scalar",
    "tc_init_val",
    "tc_numel",
    "tc_acl",
    "direct_counter",
    // p4nf (docs/manifest.md)
    "p4nf_expire_timeout",
    "p4nf_lpm",
    "direct_meter",
    "mode",
    "alias",
    "lpm",
};

bool isKnownAnnotation(std::string_view name) {
  for (auto known : kKnownAnnotations)
    if (known == name) return true;
  return false;
}

}  // namespace

void Sema::checkAnnotations(const Annotations& annotations) {
  for (const auto& a : annotations) {
    if (isKnownAnnotation(a.name)) continue;
    diags_.warning(a.loc, "unknown annotation '@{}' ignored", a.name);
  }
}

bool Sema::hasAnnotation(const Annotations& annotations, std::string_view name) {
  for (const auto& a : annotations)
    if (a.name == name) return true;
  return false;
}

}  // namespace p4nfc
