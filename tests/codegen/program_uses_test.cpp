// What a program uses is found by analysis (midend/program_uses.h), not by searching its
// text: names that merely look like the PNA fields or the chain accessors cost nothing,
// and a field read through another name (a sub-control's parameter) is found. Read off
// the helper calls of the compiled object (loader/kernel_features.h reads them).
#include <gtest/gtest.h>

#include <sstream>

#include "codegen_harness.h"
#include "frontend/frontend.h"
#include "frontend/sema.h"
#include "loader/kernel_features.h"
#include "midend/program_uses.h"

namespace p4nfc::codegen_test {
namespace {

// Whether the object calls `helper` (a KernelFeatures that denies it reports it missing).
bool callsHelper(const std::string& object, const std::string& helper) {
  p4nf::KernelFeatures without({"helper:" + helper});
  for (const p4nf::MissingFeature& missing : p4nf::missingObjectFeatures(object, "program", without))
    if (missing.sentence.find(helper) != std::string::npos) return true;
  return false;
}

midend::ProgramUses usesOf(const std::string& name) {
  Compilation c;
  EXPECT_TRUE(c.parseFile(programPath(name), {}) && c.check()) << name;
  return c.program && c.sema ? midend::findProgramUses(*c.program, *c.sema) : midend::ProgramUses{};
}

TEST(ProgramUses, FoundByTypesAndResolvedCallsNotByNames) {
  midend::ProgramUses lookalikes = usesOf("uses_lookalikes.p4");
  EXPECT_FALSE(lookalikes.timestamp);
  EXPECT_FALSE(lookalikes.inputPort);
  EXPECT_FALSE(lookalikes.chainMark);
  EXPECT_FALSE(lookalikes.chainFlow);

  midend::ProgramUses stamp = usesOf("uses_through_subcontrol.p4");
  EXPECT_TRUE(stamp.timestamp);
  EXPECT_TRUE(stamp.inputPort) << "the whole input metadata is passed on: any field may be read";

  midend::ProgramUses chain = usesOf("chain_mark.p4");
  EXPECT_TRUE(chain.chainMark);
}

TEST(ProgramUses, LookalikeNamesReadNoClock) {
  if (!canLoadBpf()) GTEST_SKIP() << "needs root (the helper probes load programs)";
  for (const char* target : {"xdp", "tc"}) {
    Compiled compiled = compileP4(programPath("uses_lookalikes.p4"), target);
    ASSERT_TRUE(compiled.ok) << compiled.diagnostics;
    EXPECT_FALSE(callsHelper(compiled.object, "bpf_ktime_get_ns")) << target << ": reads the clock";
  }
}

TEST(ProgramUses, AFieldReadThroughASubControlIsFound) {
  if (!canLoadBpf()) GTEST_SKIP() << "needs root (the helper probes load programs)";
  for (const char* target : {"xdp", "tc"}) {
    Compiled compiled = compileP4(programPath("uses_through_subcontrol.p4"), target);
    ASSERT_TRUE(compiled.ok) << compiled.diagnostics;
    EXPECT_TRUE(callsHelper(compiled.object, "bpf_ktime_get_ns")) << target << ": the clock is not read";
  }
}

// The emit guard of the deparser (`if (h.isValid()) emit(h);`) is recognised by comparing
// storage locations structurally (sameLValue), not by printing them.
TEST(SameLValue, ComparesResolvedNamesMembersAndLiteralIndexes) {
  Compilation c;
  ASSERT_TRUE(c.parseText(R"(
header h_t { bit<8> f; }
struct s_t { h_t[2] hs; h_t a; h_t b; }
control C(inout s_t s, inout s_t t, in bit<1> i) {
  apply { s.a.f = 1; s.a.f = 2; s.b.f = 3; t.a.f = 4; s.hs[0].f = 5; s.hs[0].f = 6; s.hs[1].f = 7; s.hs[i].f = 8; s.hs[i].f = 9; }
}
)", "lvalues.p4") && c.check()) << [&] {
    std::ostringstream out;
    c.diags.print(out);
    return out.str();
  }();
  struct Collect : ChildVisitor {
    std::vector<const Expr*> lhs;
    void child(const char* role, const Node* node) override {
      if (!node) return;
      if (const auto* a = dyn_cast<AssignStmt>(node)) lhs.push_back(a->lhs.get());
      forEachChild(*node, *this);
    }
  } collect;
  collect.child("program", c.program.get());
  ASSERT_EQ(collect.lhs.size(), 9u);
  const auto& l = collect.lhs;
  EXPECT_TRUE(sameLValue(*l[0], *l[1])) << "s.a.f twice";
  EXPECT_FALSE(sameLValue(*l[0], *l[2])) << "another member";
  EXPECT_FALSE(sameLValue(*l[0], *l[3])) << "another parameter, same shape";
  EXPECT_TRUE(sameLValue(*l[4], *l[5])) << "the same literal index";
  EXPECT_FALSE(sameLValue(*l[4], *l[6])) << "another literal index";
  EXPECT_FALSE(sameLValue(*l[7], *l[8])) << "a run-time index may differ";
}

}  // namespace
}  // namespace p4nfc::codegen_test
