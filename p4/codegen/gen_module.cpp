// Orchestration: the entry function, the PNA pipeline (parser -> main control ->
// deparser -> verdict), the ports map, the manifest, and the steps to an object.
#include <fmt/format.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/Dominators.h>
#include <llvm/IR/InstIterator.h>
#include <llvm/IR/Instructions.h>
#include <llvm/Transforms/Utils/PromoteMemToReg.h>

#include <algorithm>
#include <filesystem>

#include "bpf/bpf_helpers.h"
#include "codegen/generator.h"
#include "midend/program_uses.h"

namespace p4nfc::codegen {

Generator::Generator(Compilation& c, const CodegenOptions& options, bpf::BpfModule& module)
    : c_(c), sema_(*c.sema), diags_(c.diags), options_(options), module_(module),
      ctx_(module.context()),
      kind_(options.target == "tc" ? bpf::ProgramKind::Tc : bpf::ProgramKind::Xdp) {}

void Generator::reportOnce(SourceLoc loc, const std::string& message) {
  if (reported_.emplace(loc.file, loc.line, loc.col, message).second) diags_.error(loc, "{}", message);
  ++errorCount_;
}

void Generator::unsupported(SourceLoc loc, const std::string& what) {
  reportOnce(loc, "not supported yet: " + what);
  throw Unsupported{};
}

void Generator::programError(SourceLoc loc, const std::string& what) {
  reportOnce(loc, what);
  throw Unsupported{};
}

void Generator::setLocation(SourceLoc loc) {
  // Line info must name lines of the file BTF refers to (the program's main file).
  if (!loc.valid() || loc.file != mainFile_ || !program_.subprogram) return;
  b_->SetCurrentDebugLocation(module_.debugInfo().location(program_.subprogram, loc.line, loc.col));
}

namespace {

void setMember(llvm::IRBuilder<>& b, const LValuePtr& lv, const std::string& name, llvm::Value* value) {
  LValuePtr m = lv ? lv->member(name) : nullptr;
  if (!m || m->kind != LValue::Kind::Scalar) return;
  auto* type = llvm::cast<llvm::AllocaInst>(m->slot)->getAllocatedType();
  b.CreateStore(b.CreateZExtOrTrunc(value, type), m->slot);
}

}  // namespace

// The program's entry function and manifest, named after the source file.
void Generator::startProgram() {
  const midend::Pipeline& p = *pipeline_;
  std::string path = options_.sourcePath.empty() ? c_.sources.fileName(mainFile_) : options_.sourcePath;
  std::string stem = std::filesystem::path(path).stem().string();
  p4nf::ManifestProgram& info = manifest_.emplace().program;
  info.name = stem;
  info.source = path;
  info.target = options_.target;
  info.section = bpf::programSection(kind_);
  info.function = midend::sanitizeIdentifier("p4nf_" + stem);
  manifest_->verdict = midend::manifestVerdict(options_.target);

  program_ = module_.defineProgram(info.function, kind_, p.control->loc.line);
  b_ = std::make_unique<llvm::IRBuilder<>>(program_.entry);
  b_->SetCurrentDebugLocation(module_.debugInfo().location(program_.subprogram, p.control->loc.line));
  packet_ = bpf::loadPacketPointers(*b_, program_.ctx, kind_);
  entryPacket_ = packet_;
}

// The ports map: port id -> ifindex (a DEVMAP_HASH for XDP redirects, a HASH for TC).
bool Generator::definePortsMap() {
  std::string name = p4nf::abi::kPortsMapName;
  mapNames_.reserve(name);
  auto spec = kind_ == bpf::ProgramKind::Xdp
                  ? bpf::MapSpec::sized(name, bpf::MapKind::DevmapHash, p4nf::abi::kPortsMapSize, 4, 4)
                  : bpf::MapSpec::typed(name, bpf::MapKind::Hash, p4nf::abi::kPortsMapSize,
                                            {"p4nf_port_key", 0, {{"port", 32, 0, bpf::FieldRepr::Integer}}},
                                            {"p4nf_port_value", 0, {{"ifindex", 32, 0, bpf::FieldRepr::Integer}}});
  auto map = module_.defineMap(spec);
  if (!map) {
    diags_.error(pipeline_->main->loc, "internal error: {}", llvm::toString(map.takeError()));
    return false;
  }
  portsMap_ = *map;
  manifest_->maps["ports"] = name;
  return true;
}

// The pipeline-wide slots: the verdict (PNA: dropped unless a forwarding call says
// otherwise), the egress port, the parser's error and its cursor.
void Generator::definePipelineSlots() {
  auto slot = [&](llvm::Type* type, const char* name, uint64_t init) {
    llvm::AllocaInst* s = entryAlloca(type, name);
    llvm::IRBuilder<> entry(program_.entry->getTerminator());
    entry.CreateStore(llvm::ConstantInt::get(type, init), s);
    return s;
  };
  verdict_ = slot(b_->getInt32Ty(), "verdict", kVerdictDrop);
  egressPort_ = slot(b_->getInt32Ty(), "egress_port", 0);
  floodPorts_ = slot(b_->getInt64Ty(), "flood_ports", 0);
  floodTagged_ = slot(b_->getInt64Ty(), "flood_tagged", 0);
  floodTci_ = slot(b_->getInt16Ty(), "flood_tci", 0);
  parserError_ = slot(b_->getInt32Ty(), "parser_error", 0);
  cursor_ = slot(b_->getInt64Ty(), "cursor", 0);
}

// The storage of the blocks' parameters, shared as PNA shares them (the parser's headers
// are the control's and the deparser's), with the architecture's inputs filled in.
Generator::PipelineStorage Generator::bindPipelineParameters(llvm::Value* ingress, llvm::Value* now) {
  const ParserDecl* parser = pipeline_->parser;
  const ControlDecl* control = pipeline_->control;
  const ControlDecl* deparser = pipeline_->deparser;
  auto storageOf = [&](const Parameter* param, const char* name, bool headers) {
    return makeStorage(sema_.typeOfDecl(param), name, headers, param->loc);
  };
  auto pkt = std::make_shared<LValue>();
  pkt->kind = LValue::Kind::Extern;
  LValuePtr hdr = storageOf(parser->params[1].get(), "hdr", true);
  sizeInvalidHeaderStorage();  // every parsed header exists now
  LValuePtr meta = storageOf(parser->params[2].get(), "meta", false);
  LValuePtr parserIstd = storageOf(parser->params[3].get(), "parser_istd", false);
  LValuePtr istd = storageOf(control->params[2].get(), "istd", false);
  LValuePtr ostd = storageOf(control->params[3].get(), "ostd", false);
  setMember(*b_, parserIstd, "input_port", ingress);
  setMember(*b_, istd, "input_port", ingress);
  if (now) setMember(*b_, istd, "timestamp", now);
  const LValuePtr parserArgs[] = {pkt, hdr, meta, parserIstd};
  const LValuePtr controlArgs[] = {hdr, meta, istd, ostd};
  const LValuePtr deparserArgs[] = {pkt, hdr, meta, ostd};
  for (size_t i = 0; i < 4; ++i) {
    env_[parser->params[i].get()] = parserArgs[i];
    env_[control->params[i].get()] = controlArgs[i];
    env_[deparser->params[i].get()] = deparserArgs[i];
  }
  PipelineStorage storage{istd};
  // The pre control (pna.p4, dpdk/pna.p4), when it does something: it runs between the
  // main parser and the main control (PNA's one-parser form), on the parsed headers, and
  // on the program's metadata when its type is the main control's (else on its own,
  // zeroed). p4nf has no inline decryption: what it sets in its output is not acted on.
  const ControlDecl* pre = pipeline_->preControl;
  if (pre && pre->body && !pre->body->stmts.empty()) {
    if (pre->params.size() != 4)
      unsupported(pre->loc, "a pre control without PNA's four parameters");
    if (sema_.typeOfDecl(pre->params[0].get()) != sema_.typeOfDecl(parser->params[1].get()))
      unsupported(pre->params[0]->loc, "a pre control whose headers are not those of the main parser");
    LValuePtr preMeta = meta;
    if (sema_.typeOfDecl(pre->params[1].get()) != sema_.typeOfDecl(parser->params[2].get())) {
      preMeta = storageOf(pre->params[1].get(), "pre_meta", false);
      zeroLValue(preMeta, pre->loc);
    }
    storage.preIstd = storageOf(pre->params[2].get(), "pre_istd", false);
    zeroLValue(storage.preIstd, pre->loc);
    setMember(*b_, storage.preIstd, "input_port", ingress);
    LValuePtr preOstd = storageOf(pre->params[3].get(), "pre_ostd", false);
    zeroLValue(preOstd, pre->loc);
    const LValuePtr preArgs[] = {hdr, preMeta, storage.preIstd, preOstd};
    for (size_t i = 0; i < 4; ++i) env_[pre->params[i].get()] = preArgs[i];
  }
  return storage;
}

// Parser, main control, deparser, the packet's new layout and the verdict. Throws
// Unsupported after reporting what cannot be compiled.
void Generator::genPipeline(const PipelineStorage& storage) {
  const ParserDecl* parser = pipeline_->parser;
  const ControlDecl* control = pipeline_->control;
  const ControlDecl* deparser = pipeline_->deparser;
  llvm::BasicBlock* parsed = newBlock("parser.done");
  setLocation(parser->loc);
  genParser(parser, parsed);
  b_->SetInsertPoint(parsed);
  rejectBlock_ = nullptr;
  acceptBlock_ = nullptr;
  setMember(*b_, storage.istd, "parser_error", b_->CreateLoad(b_->getInt32Ty(), parserError_));

  if (storage.preIstd) {
    const ControlDecl* pre = pipeline_->preControl;
    setMember(*b_, storage.preIstd, "parser_error", b_->CreateLoad(b_->getInt32Ty(), parserError_));
    llvm::BasicBlock* preDone = newBlock("pre.exit");
    exitTarget_ = preDone;  // `exit` in the pre control ends the pre control
    setLocation(pre->loc);
    genControl(pre);
    if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(preDone);
    b_->SetInsertPoint(preDone);
  }

  llvm::BasicBlock* controlDone = newBlock("control.exit");
  exitTarget_ = controlDone;
  setLocation(control->loc);
  genControl(control);
  if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(controlDone);
  b_->SetInsertPoint(controlDone);

  inDeparser_ = true;
  llvm::BasicBlock* deparserDone = newBlock("deparser.exit");
  exitTarget_ = deparserDone;
  setLocation(deparser->loc);
  genControl(deparser);
  if (!b_->GetInsertBlock()->getTerminator()) b_->CreateBr(deparserDone);
  b_->SetInsertPoint(deparserDone);
  setLocation(deparser->loc);
  genDeparse(deparser->loc);  // gen_deparser.cpp: the packet takes the emitted layout
  genVerdict();
}

bool Generator::run() {
  pipeline_ = midend::findPipeline(sema_, diags_);
  if (!pipeline_) return false;
  mainFile_ = pipeline_->main->loc.file;
  errors_ = std::make_unique<midend::ErrorCodes>(*c_.program);
  const midend::ProgramUses uses = midend::findProgramUses(*c_.program, sema_);
  startProgram();
  llvm::Value* now = uses.timestamp ? bpf::ktimeGetNs(*b_) : nullptr;
  llvm::BasicBlock* body = llvm::BasicBlock::Create(ctx_, "body", program_.function);
  b_->CreateBr(body);
  b_->SetInsertPoint(body);
  if (uses.sendToPorts && kind_ == bpf::ProgramKind::Tc) {
    // A program that floods sees VLAN tags in the frame on TC too (docs/p4-support.md).
    genTcVlanIntoFrame();
    packet_ = bpf::loadPacketPointers(*b_, program_.ctx, kind_);
    entryPacket_ = packet_;
  }
  if (!definePortsMap()) return false;
  definePipelineSlots();
  try {
    defineChainMaps(pipeline_->main->loc);
    // The chain record (docs/manifest.md): input_port is looked up on entry only when
    // the program reads it; otherwise a "continue" looks it up for the next module.
    readChainRecord(uses.inputPort, uses.chainMark, uses.chainFlow);
    genPipeline(bindPipelineParameters(inputPort(), now));
  } catch (Unsupported&) {
  }
  // Blocks left open by error recovery (never emitted, but keep the IR well formed).
  for (llvm::BasicBlock& block : *program_.function)
    if (!block.getTerminator()) {
      llvm::IRBuilder<> end(&block);
      end.CreateRet(end.getInt32(0));
    }
  module_.setManifest(manifestText());
  if (errorCount_ == 0 && !diags_.hasErrors()) promoteSlots();
  return errorCount_ == 0 && !diags_.hasErrors();
}

// Scalars live in stack slots while the IR is built; promote them to registers even at
// -O0, where nothing else would, so that the 512-byte stack suffices.
void Generator::promoteSlots() {
  llvm::Function& function = *program_.function;
  std::vector<llvm::AllocaInst*> promotable;
  for (llvm::Instruction& instruction : function.getEntryBlock())
    if (auto* alloca = llvm::dyn_cast<llvm::AllocaInst>(&instruction))
      if (llvm::isAllocaPromotable(alloca)) promotable.push_back(alloca);
  if (promotable.empty()) return;
  llvm::DominatorTree dominators(function);
  llvm::PromoteMemToReg(promotable, dominators);
}

namespace {

// The stack objects left after optimisation, largest first, as "name (N bytes)": the
// locals that did not become registers (P4 headers and structs kept whole, the
// deparser's image, key and value records of map calls).
std::string largestStackObjects(llvm::Module& module) {
  std::vector<std::pair<uint64_t, std::string>> objects;
  const llvm::DataLayout& layout = module.getDataLayout();
  for (llvm::Function& f : module) {
    if (f.isDeclaration()) continue;
    for (llvm::Instruction& i : llvm::instructions(f)) {
      auto* alloca = llvm::dyn_cast<llvm::AllocaInst>(&i);
      if (!alloca) continue;
      std::optional<llvm::TypeSize> size = alloca->getAllocationSize(layout);
      if (!size || size->isScalable()) continue;
      std::string name = alloca->hasName() ? alloca->getName().str() : "(unnamed)";
      objects.emplace_back(size->getFixedValue(), name);
    }
  }
  std::sort(objects.begin(), objects.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  uint64_t total = 0;
  for (const auto& o : objects) total += o.first;
  std::string text;
  for (size_t k = 0; k < objects.size() && k < 4; ++k)
    text += (k ? ", " : "") + fmt::format("'{}' ({} bytes)", objects[k].second, objects[k].first);
  if (text.empty()) return "the values LLVM keeps on the stack between their uses take it";
  return fmt::format("its locals take {} bytes (the largest: {}), the values LLVM keeps on the "
                     "stack between their uses the rest",
                     total, text);
}

}  // namespace

CodegenResult generate(Compilation& compilation, const CodegenOptions& options) {
  CodegenResult result;
  if (!compilation.sema || !compilation.program) {
    compilation.diags.error(SourceLoc{}, "internal error: code generation before checking");
    return result;
  }
  bpf::BpfTargetOptions targetOptions;
  targetOptions.cpu = options.cpu;
  targetOptions.optLevel = static_cast<bpf::OptLevel>(std::clamp(options.optLevel, 0, 2));
  auto target = bpf::BpfTarget::create(targetOptions);
  if (!target) {
    compilation.diags.error(SourceLoc{}, "cannot create the BPF target: {}", llvm::toString(target.takeError()));
    return result;
  }
  std::string source = options.sourcePath;
  std::string name = std::filesystem::path(source.empty() ? "program" : source).stem().string();
  bpf::BpfModule module(**target, name, source);
  Generator generator(compilation, options, module);
  bool ok = generator.run();
  result.manifest = generator.manifestText();
  if (!ok) return result;
  if (auto error = module.finish()) {
    compilation.diags.error(SourceLoc{}, "LLVM: {}", llvm::toString(std::move(error)));
    return result;
  }
  if (options.emitLlvm) {
    result.output = module.emitIR();
  } else {
    std::string stackObjects = largestStackObjects(module.module());
    auto object = module.emitObject();
    if (!object) {
      std::string message = llvm::toString(object.takeError());
      // The BPF back end's "Looks like the BPF stack limit is exceeded" (once per object
      // too large): said in P4 terms, at the program's main, with what takes the space.
      if (message.find("stack limit") != std::string::npos) {
        const InstantiationDecl* main = compilation.sema->mainPackage();
        compilation.diags.error(
            main ? main->loc : SourceLoc{},
            "the program needs more than the 512 bytes of stack a BPF program has: {}. Make the "
            "headers and structs it keeps whole, or its table keys and action data, smaller, or "
            "keep large state in a Register{}",
            stackObjects, options.optLevel < 1 ? "; at -O0 every value takes stack: compile with -O2" : "");
        return result;
      }
      compilation.diags.error(SourceLoc{}, "LLVM: {}", message);
      return result;
    }
    result.output.assign(object->data(), object->size());
  }
  result.ok = true;
  return result;
}

}  // namespace p4nfc::codegen
