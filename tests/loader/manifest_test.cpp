#include "manifest/manifest.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "loader/loader_error.h"

namespace p4nf {
namespace {

std::string errorOf(const std::string& json) {
  try {
    parseManifest(json);
  } catch (const LoaderError& error) {
    return error.what();
  }
  return "no error";
}

std::string table(const std::string& fields) {
  return R"({"version": 1, "tables": [{"name": "c.t", "map": "t_t", "kind": "exact", "size": 4,
    "value_size": 8, "actions": [{"name": "c.a", "id": 1, "params": []}], )" + fields + "}]}";
}

TEST(ManifestTest, ResolvesBareAndQualifiedNames) {
  Manifest m = parseManifest(R"({"version": 1, "tables": [
    {"name": "ingress.t", "map": "a", "kind": "exact", "size": 1, "key_size": 1, "value_size": 4,
     "keys": [{"name": "hdr.eth.type", "match": "exact", "width": 8, "offset": 0}],
     "actions": [{"name": "ingress.go", "id": 1}]},
    {"name": "egress.t", "map": "b", "kind": "exact", "size": 1, "key_size": 1, "value_size": 4,
     "actions": [{"name": "egress.go", "id": 1}]},
    {"name": "egress.u", "map": "c", "kind": "exact", "size": 1, "key_size": 1, "value_size": 4,
     "actions": [{"name": "egress.go", "id": 1}]}]})");
  EXPECT_EQ(m.table("ingress.t").map, "a");
  EXPECT_EQ(m.table("u").map, "c");
  EXPECT_EQ(m.findTable("t"), nullptr);  // ambiguous
  EXPECT_EQ(m.findTable("gress.t"), nullptr);  // only whole name parts
  const ManifestTable& t = m.table("ingress.t");
  EXPECT_EQ(t.findAction("go")->id, 1u);
  EXPECT_EQ(t.findKey("type")->name, "hdr.eth.type");
  EXPECT_EQ(t.findKey("eth.type")->name, "hdr.eth.type");
  EXPECT_EQ(t.keys[0].size, 1u);  // size defaults to ceil(width/8)
  try {
    m.table("nope");
    FAIL();
  } catch (const LoaderError& error) {
    EXPECT_EQ(std::string(error.what()),
              "no table \"nope\" (or the name is ambiguous); the program has: ingress.t, egress.t, egress.u");
  }
}

TEST(ManifestTest, RejectsInconsistentLayouts) {
  EXPECT_NE(errorOf("{").find("manifest: not valid JSON"), std::string::npos);
  EXPECT_EQ(errorOf(R"({"version": 2})"), "manifest: version 2 is not supported (this loader reads version 1)");
  EXPECT_EQ(errorOf(table(R"("key_size": 2, "keys": [{"name": "k", "match": "exact", "width": 12, "offset": 0, "size": 1}])")),
            "manifest: tables[0].keys[0]: size 1 does not hold width 12 (must be ceil(width/8))");
  EXPECT_EQ(errorOf(table(R"("key_size": 2, "keys": [{"name": "k", "match": "exact", "width": 16, "offset": 1}])")),
            "manifest: tables[0].keys[0]: bytes 1..3 lie outside the 2-byte record");
  EXPECT_EQ(errorOf(table(R"("key_size": 2, "keys": [{"name": "k", "match": "lpm", "width": 16, "offset": 0}])")),
            "manifest: tables[0]: key \"k\" is lpm in an exact table");
  EXPECT_EQ(errorOf(table(R"("key_size": 2, "map": "a_very_long_map_name")")),
            "manifest: tables[0]: map name \"a_very_long_map_name\" is longer than 15 characters");
  EXPECT_EQ(errorOf(table(R"("key_size": 2, "default_action": {"action": "c.b", "args": []})")),
            "manifest: tables[0]: default action \"c.b\" is not an action of the table");
  EXPECT_EQ(errorOf(R"({"version": 1, "tables": [{"name": "c.t", "map": "t", "kind": "ternary", "size": 4,
    "key_size": 5, "value_size": 8, "keys": [{"name": "k", "match": "ternary", "width": 8, "offset": 4}],
    "actions": [{"name": "c.a", "id": 1,
    "params": [{"name": "p", "width": 8, "offset": 4}]}], "masks_map": "m", "max_masks": 2}]})"),
            "manifest: tables[0].actions[0].params[0]: offset 4 overlaps the header word (first 8 bytes)");
  EXPECT_EQ(errorOf(R"({"version": 1, "tables": [{"name": "c.t", "map": "t", "kind": "lpm", "size": 4,
    "key_size": 8, "value_size": 8, "actions": [{"name": "c.a", "id": 1}],
    "keys": [{"name": "a", "match": "lpm", "width": 16, "offset": 4}, {"name": "b", "match": "exact", "width": 16, "offset": 6}]}]})"),
            "manifest: tables[0]: the lpm key must be the last key");
  EXPECT_EQ(errorOf(table(R"("key_size": 2, "actions": [{"name": "c.a", "id": 0}])")),
            "manifest: tables[0].actions[0]: action ids start at 1 (0 means \"no entry\")");
  EXPECT_EQ(errorOf(R"({"version": 1, "externs": [{"kind": "Digest", "name": "c.d", "map": "g_d", "size": 4,
    "fields": [{"name": "src", "width": 48, "offset": 0, "size": 6}]}]})"),
            "manifest: externs[0].fields[0]: bytes 0..6 lie outside the 4-byte record");
  EXPECT_EQ(errorOf(table(R"("key_size": 2, "expiry": {"profiles_map": "x_t", "default_timeouts_ns": {"a": 1}})")),
            "manifest: tables[0].expiry: default_timeouts_ns: \"a\" is not a profile id");
}

// Every member of the document, as p4nfc writes it: the schema must read each one and
// write it back unchanged (serializeManifest writes compact JSON with members in name
// order, which is what nlohmann's dump() of the same document gives).
TEST(ManifestTest, WritesBackEveryMemberItReads) {
  const std::string document = R"({
    "version": 1,
    "program": {"name": "all", "source": "all.p4", "target": "xdp", "section": "xdp", "function": "p4nf_all"},
    "tables": [
      {"name": "C.routes", "map": "t_routes", "kind": "lpm", "size": 65536, "key_size": 8,
       "keys": [{"name": "hdr.ipv4.dst", "match": "lpm", "width": 32, "offset": 4, "size": 4}],
       "value_size": 24,
       "actions": [{"name": "C.forward", "id": 1, "scope": "both",
                    "params": [{"name": "port", "width": 32, "offset": 4, "size": 4}]},
                   {"name": "C.drop", "id": 2, "scope": "default_only", "params": []}],
       "default_action": {"action": "C.drop", "args": [], "const": false},
       "default_map": "d_routes",
       "entries": [{"priority": 1, "keys": [{"value": "0a000000", "prefix_len": 8}],
                    "action": "C.forward", "args": ["00000001"], "const": true}],
       "const_entries": false,
       "lpm_scheme": "dir24",
       "dir24": {"dir_map": "t_routes_dir", "cells": 1048576, "cell_entries": 16,
                 "values_map": "t_routes_val", "slots": 65536, "record_size": 32,
                 "index_map": "t_routes_idx"},
       "direct_counter": {"name": "C.hits", "type": "PACKETS_AND_BYTES", "offset": 8}},
      {"name": "C.flows", "map": "t_flows", "kind": "exact", "size": 1024, "key_size": 4,
       "keys": [{"name": "hdr.ipv4.src", "match": "exact", "width": 32, "offset": 0, "size": 4}],
       "value_size": 20,
       "actions": [{"name": "C.seen", "id": 1, "scope": "table_only",
                    "params": [{"name": "mark", "width": 12, "offset": 16, "size": 2}]}],
       "default_action": {"action": "C.seen", "args": ["0abc"], "const": true},
       "entries": [], "const_entries": true, "add_on_miss": true,
       "expiry": {"idle_timeout": "AUTO_DELETE", "profile_offset": 4, "timestamp_offset": 8,
                  "profiles_map": "x_flows", "default_timeouts_ns": {"1": 1000, "7": 20}}},
      {"name": "C.acl", "map": "t_acl", "kind": "ternary", "size": 64, "key_size": 12,
       "keys": [{"name": "src", "match": "ternary", "width": 32, "offset": 4, "size": 4},
                {"name": "port", "match": "range", "width": 16, "offset": 8, "size": 2},
                {"name": "vlan", "match": "optional", "width": 12, "offset": 10, "size": 2}],
       "value_size": 8,
       "actions": [{"name": "C.deny", "id": 1, "scope": "both", "params": []}],
       "default_action": null,
       "entries": [{"priority": 10, "keys": [{"value": "0a000000", "mask": "ff000000"},
                                             {"value": "0050", "high": "0060"}, {"value": "0000", "mask": "0000"}],
                    "action": "C.deny", "args": []}],
       "const_entries": true, "masks_map": "t_acl_masks", "max_masks": 8},
      {"name": "C.always", "map": null, "kind": "exact", "size": 1, "key_size": 0, "keys": [],
       "value_size": 4, "actions": [{"name": "C.go", "id": 1, "scope": "both", "params": []}],
       "default_action": {"action": "C.go", "args": [], "const": false}, "default_map": "d_always",
       "entries": [], "const_entries": false}],
    "externs": [
      {"kind": "Counter", "name": "C.pkts", "map": "c_pkts", "size": 256, "type": "PACKETS_AND_BYTES"},
      {"kind": "Register", "name": "C.last", "map": "r_last", "size": 16, "width": 12, "value_size": 2},
      {"kind": "Meter", "name": "C.rate", "map": "m_rate", "size": 4, "type": "BYTES", "value_size": 56},
      {"kind": "Digest", "name": "C.learn", "map": "g_learn", "size": 7,
       "fields": [{"name": "src", "width": 48, "offset": 0, "size": 6}, {"name": "index", "width": 8, "offset": 6, "size": 1}]}],
    "maps": {"chain": "p4nf_chain", "chain_position": "p4nf_chain_position", "port_ids": "p4nf_port_ids",
             "ports": "p4nf_ports", "record": "p4nf_record", "record_in": "p4nf_record_in"},
    "verdict": {"layout": "u32 verdict, ...", "location": "percpu_map", "drop": 1, "port": 2, "host": 3, "continue": 4}
  })";
  Manifest m = parseManifest(document);
  EXPECT_EQ(serializeManifest(m), nlohmann::json::parse(document).dump());
  EXPECT_EQ(m.table("routes").directCounter->offset, 8u);
  EXPECT_EQ(m.table("flows").expiry->defaultTimeoutsNs.at(7), 20u);
  EXPECT_EQ(m.table("acl").keys[1].match, MatchKind::Range);
  EXPECT_EQ(m.externs[1].width, 12u);
  EXPECT_EQ(m.externs[3].fields[1].offset, 6u);
  EXPECT_EQ(m.verdict->continueChain, 4u);
}

// The hand-written C baselines of bench/ carry manifests written by hand; the benchmark
// loads them through libp4nf like p4nfc's objects, so they must pass the same reader.
TEST(ManifestTest, BenchBaselinesPassTheStrictReader) {
  int read = 0;
  for (const auto& file : std::filesystem::directory_iterator(P4NF_BENCH_BASELINES)) {
    std::string name = file.path().filename().string();
    if (!name.ends_with(".manifest.json")) continue;
    std::ifstream in(file.path());
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NO_THROW(parseManifest(text.str())) << name << ": " << errorOf(text.str());
    ++read;
  }
  EXPECT_GT(read, 0);
}

}  // namespace
}  // namespace p4nf
