// Orchestration: the entry function, the PNA pipeline (parser -> main control ->
// deparser -> verdict), the ports map, the manifest, and the steps to an object.
#include <llvm/IR/Constants.h>
#include <llvm/IR/Dominators.h>
#include <llvm/Transforms/Utils/PromoteMemToReg.h>

#include <filesystem>

#include "backend/bpf_helpers.h"
#include "codegen/generator.h"
#include "frontend/printer.h"

namespace p4nfc::codegen {

Generator::Generator(Compilation& c, const CodegenOptions& options, backend::BpfModule& module)
    : c_(c), sema_(*c.sema), diags_(c.diags), options_(options), module_(module),
      ctx_(module.context()),
      kind_(options.target == "tc" ? backend::ProgramKind::Tc : backend::ProgramKind::Xdp) {}

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

bool mentions(const Decl& decl, const std::string& text) {
  return printDecl(decl).find(text) != std::string::npos;
}

}  // namespace

bool Generator::run() {
  pipeline_ = midend::findPipeline(sema_, diags_);
  if (!pipeline_) return false;
  const midend::Pipeline& p = *pipeline_;
  mainFile_ = p.main->loc.file;
  errors_ = std::make_unique<midend::ErrorCodes>(*c_.program);

  std::string path = options_.sourcePath.empty() ? c_.sources.fileName(mainFile_) : options_.sourcePath;
  std::string stem = std::filesystem::path(path).stem().string();
  p4nf::ManifestProgram& info = manifest_.emplace().program;
  info.name = stem;
  info.source = path;
  info.target = options_.target;
  info.section = backend::programSection(kind_);
  info.function = midend::sanitizeIdentifier("p4nf_" + stem);
  manifest_->verdict = midend::manifestVerdict(options_.target);

  program_ = module_.defineProgram(info.function, kind_, p.control->loc.line);
  b_ = std::make_unique<llvm::IRBuilder<>>(program_.entry);
  b_->SetCurrentDebugLocation(module_.debugInfo().location(program_.subprogram, p.control->loc.line));
  packet_ = backend::loadPacketPointers(*b_, program_.ctx, kind_);
  entryPacket_ = packet_;
  llvm::Value* now = nullptr;
  if (mentions(*p.control, "timestamp") || mentions(*p.parser, "timestamp"))
    now = backend::ktimeGetNs(*b_);
  llvm::BasicBlock* body = llvm::BasicBlock::Create(ctx_, "body", program_.function);
  b_->CreateBr(body);
  b_->SetInsertPoint(body);

  // The ports map: port id -> ifindex (a DEVMAP_HASH for XDP redirects, a HASH for TC).
  {
    std::string name = p4nf::abi::kPortsMapName;
    mapNames_.reserve(name);
    auto spec = kind_ == backend::ProgramKind::Xdp
                    ? backend::MapSpec::sized(name, backend::MapKind::DevmapHash, p4nf::abi::kPortsMapSize, 4, 4)
                    : backend::MapSpec::typed(name, backend::MapKind::Hash, p4nf::abi::kPortsMapSize,
                                              {"p4nf_port_key", 0, {{"port", 32, 0, backend::FieldRepr::Integer}}},
                                              {"p4nf_port_value", 0, {{"ifindex", 32, 0, backend::FieldRepr::Integer}}});
    auto map = module_.defineMap(spec);
    if (!map) {
      diags_.error(p.main->loc, "internal error: {}", llvm::toString(map.takeError()));
      return false;
    }
    portsMap_ = *map;
    manifest_->maps["ports"] = name;
  }

  auto slot = [&](const char* name, uint32_t init) {
    llvm::AllocaInst* s = entryAlloca(b_->getInt32Ty(), name);
    llvm::IRBuilder<> entry(program_.entry->getTerminator());
    entry.CreateStore(entry.getInt32(init), s);
    return s;
  };
  verdict_ = slot("verdict", kVerdictDrop);  // PNA: dropped unless a forwarding call says otherwise
  egressPort_ = slot("egress_port", 0);
  parserError_ = slot("parser_error", 0);
  // The chain record (docs/manifest.md): input_port is looked up on entry only when the
  // program reads it; otherwise a "continue" looks it up for the next module.
  try {
    defineChainMaps(p.main->loc);
  } catch (Unsupported&) {
    return false;
  }
  auto programMentions = [&](std::initializer_list<const char*> texts) {
    for (const auto& decl : c_.program->decls)
      if (isa<ControlDecl>(decl.get()) || isa<ParserDecl>(decl.get()) || isa<ActionDecl>(decl.get()) ||
          isa<FunctionDecl>(decl.get()))
        for (const char* text : texts)
          if (mentions(*decl, text)) return true;
    return false;
  };
  readChainRecord(programMentions({".input_port"}), programMentions({"chain_get_mark", "chain_set_mark"}),
                  programMentions({"chain_get_ct_state", "chain_set_ct_state", "chain_get_l3_offset",
                                   "chain_set_l3_offset", "chain_get_l4_offset", "chain_set_l4_offset"}));
  llvm::Value* ingress = inputPort();
  cursor_ = entryAlloca(b_->getInt64Ty(), "cursor");
  {
    llvm::IRBuilder<> entry(program_.entry->getTerminator());
    entry.CreateStore(entry.getInt64(0), cursor_);
  }

  const ParserDecl* parser = p.parser;
  const ControlDecl* control = p.control;
  const ControlDecl* deparser = p.deparser;
  if (parser->params.size() != 4 || control->params.size() != 4 || deparser->params.size() != 4) {
    diags_.error(p.main->loc, "the PNA blocks must have 4 parameters each");
    return false;
  }
  try {
    if (p.preControl->body && !p.preControl->body->stmts.empty())
      unsupported(p.preControl->loc, "a pre control that does something (inline decryption)");
    auto pkt = std::make_shared<LValue>();
    pkt->kind = LValue::Kind::Extern;
    LValuePtr hdr = makeStorage(sema_.typeOfDecl(parser->params[1].get()), "hdr", true, parser->params[1]->loc);
    sizeInvalidHeaderStorage();  // every parsed header exists now
    LValuePtr meta = makeStorage(sema_.typeOfDecl(parser->params[2].get()), "meta", false, parser->params[2]->loc);
    LValuePtr parserIstd = makeStorage(sema_.typeOfDecl(parser->params[3].get()), "parser_istd", false, parser->params[3]->loc);
    LValuePtr istd = makeStorage(sema_.typeOfDecl(control->params[2].get()), "istd", false, control->params[2]->loc);
    LValuePtr ostd = makeStorage(sema_.typeOfDecl(control->params[3].get()), "ostd", false, control->params[3]->loc);
    setMember(*b_, parserIstd, "input_port", ingress);
    setMember(*b_, istd, "input_port", ingress);
    if (now) setMember(*b_, istd, "timestamp", now);
    env_[parser->params[0].get()] = pkt;
    env_[parser->params[1].get()] = hdr;
    env_[parser->params[2].get()] = meta;
    env_[parser->params[3].get()] = parserIstd;
    env_[control->params[0].get()] = hdr;
    env_[control->params[1].get()] = meta;
    env_[control->params[2].get()] = istd;
    env_[control->params[3].get()] = ostd;
    env_[deparser->params[0].get()] = pkt;
    env_[deparser->params[1].get()] = hdr;
    env_[deparser->params[2].get()] = meta;
    env_[deparser->params[3].get()] = ostd;

    llvm::BasicBlock* parsed = newBlock("parser.done");
    setLocation(parser->loc);
    genParser(parser, parsed);
    b_->SetInsertPoint(parsed);
    rejectBlock_ = nullptr;
    acceptBlock_ = nullptr;
    setMember(*b_, istd, "parser_error", b_->CreateLoad(b_->getInt32Ty(), parserError_));

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

CodegenResult generate(Compilation& compilation, const CodegenOptions& options) {
  CodegenResult result;
  if (!compilation.sema || !compilation.program) {
    compilation.diags.error(SourceLoc{}, "internal error: code generation before checking");
    return result;
  }
  backend::BpfTargetOptions targetOptions;
  targetOptions.cpu = options.cpu;
  targetOptions.optLevel = static_cast<backend::OptLevel>(std::clamp(options.optLevel, 0, 2));
  auto target = backend::BpfTarget::create(targetOptions);
  if (!target) {
    compilation.diags.error(SourceLoc{}, "cannot create the BPF target: {}", llvm::toString(target.takeError()));
    return result;
  }
  std::string source = options.sourcePath;
  std::string name = std::filesystem::path(source.empty() ? "program" : source).stem().string();
  backend::BpfModule module(**target, name, source);
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
    auto object = module.emitObject();
    if (!object) {
      compilation.diags.error(SourceLoc{}, "LLVM: {}", llvm::toString(object.takeError()));
      return result;
    }
    result.output.assign(object->data(), object->size());
  }
  result.ok = true;
  return result;
}

}  // namespace p4nfc::codegen
