// Extern objects and functions: packet_in/packet_out, the forwarding functions,
// Counter (PERCPU_ARRAY of {packets, bytes}), Register (ARRAY of network-order cells),
// InternetChecksum (a running one's complement sum in a register) and Random.
#include <map>
#include <llvm/IR/Constants.h>

#include "bpf/bpf_helpers.h"
#include "codegen/generator.h"
#include "codegen/network_bytes.h"
#include "frontend/printer.h"

namespace p4nfc::codegen {
namespace {

std::string enumMemberName(const Sema& sema, const Expr* e) {
  if (auto* m = dyn_cast<MemberExpr>(e)) return m->member;
  (void)sema;
  return "";
}

}  // namespace

p4nf::ManifestExtern& Generator::addManifestExtern(const std::string& kind, const std::string& name,
                                                  const std::string& map, uint32_t size) {
  p4nf::ManifestExtern& ext = manifest_->externs.emplace_back();
  ext.kind = kind;
  ext.name = name;
  ext.map = map;
  ext.size = size;
  return ext;
}

void Generator::defineExtern(const ControlDecl* control, const InstantiationDecl* inst) {
  const auto* type = dyn_cast<ExternType>(underlyingType(sema_.typeOfDecl(inst)));
  if (!type) unsupported(inst->loc, "this instantiation");
  auto state = std::make_unique<ExternState>();
  state->kind = type->decl->name;
  std::string qualified = (control ? control->name + "." : std::string()) + inst->name;
  auto constArg = [&](size_t i) -> std::optional<mpz_class> {
    if (i >= inst->args.size()) return std::nullopt;
    return sema_.constantValue(inst->args[i].value.get());
  };
  if (state->kind == "Counter") {
    auto size = constArg(0);
    if (!size || *size < 1 || *size > (1 << 24)) unsupported(inst->loc, "a Counter whose size is not a constant in 1 .. 2^24");
    state->counterType = inst->args.size() > 1 ? enumMemberName(sema_, inst->args[1].value.get()) : "PACKETS";
    std::string name = mapNames_.allocate("c_", inst->name);
    bpf::RecordLayout value;
    value.name = name + "_value";
    value.fields = {{"packets", 64, 0, bpf::FieldRepr::Integer}, {"bytes", 64, 8, bpf::FieldRepr::Integer}};
    auto map = module_.defineMap(bpf::MapSpec::indexed(name, bpf::MapKind::PercpuArray, size->get_ui(), value));
    if (!map) unsupported(inst->loc, "this counter's map: " + llvm::toString(map.takeError()));
    state->map = *map;
    p4nf::ManifestExtern& counter = addManifestExtern("Counter", qualified, name, size->get_ui());
    counter.type = state->counterType;
  } else if (state->kind == "Register") {
    auto size = constArg(0);
    if (!size || *size < 1 || *size > (1 << 24)) unsupported(inst->loc, "a Register whose size is not a constant in 1 .. 2^24");
    if (inst->args.size() > 1) {
      auto init = constArg(1);
      if (!init || *init != 0) unsupported(inst->loc, "a Register with a non-zero initial value");
    }
    auto width = type->typeArgs.empty() ? std::nullopt : midend::mapFieldWidth(type->typeArgs[0]);
    if (!width) unsupported(inst->loc, "a Register of a type that is not bit<W>, int<W> or bool");
    state->width = *width;
    state->valueType = type->typeArgs[0];
    std::string name = mapNames_.allocate("r_", inst->name);
    bpf::RecordLayout value;
    value.name = name + "_value";
    value.fields = {{"value", 8 * ((*width + 7) / 8), 0, bpf::FieldRepr::Auto}};
    auto map = module_.defineMap(bpf::MapSpec::indexed(name, bpf::MapKind::Array, size->get_ui(), value));
    if (!map) unsupported(inst->loc, "this register's map: " + llvm::toString(map.takeError()));
    state->map = *map;
    p4nf::ManifestExtern& reg = addManifestExtern("Register", qualified, name, size->get_ui());
    reg.width = *width;
    reg.valueSize = value.size();
  } else if (state->kind == "InternetChecksum") {
    state->state = entryAlloca(b_->getInt32Ty(), inst->name + ".sum");
    llvm::IRBuilder<> init(program_.entry->getTerminator());
    init.CreateStore(init.getInt32(0), state->state);
  } else if (state->kind == "Random") {
    auto min = constArg(0), max = constArg(1);
    if (!min || !max || *max < *min) unsupported(inst->loc, "a Random whose bounds are not constants");
    state->min = *min;
    state->max = *max;
    state->valueType = type->typeArgs.empty() ? nullptr : type->typeArgs[0];
  } else if (state->kind == "Hash" || state->kind == "Checksum") {
    std::string algorithm = inst->args.empty() ? "" : enumMemberName(sema_, inst->args[0].value.get());
    auto a = hashAlgorithmNamed(algorithm);
    if (!a || (state->kind == "Checksum" && (*a == HashAlgorithm::Identity || *a == HashAlgorithm::Toeplitz)))
      unsupported(inst->loc, state->kind + " with the algorithm " + (algorithm.empty() ? "given" : algorithm) +
                                 " (CRC32, CRC16, ONES_COMPLEMENT16, TARGET_DEFAULT" +
                                 (state->kind == "Hash" ? ", IDENTITY, TOEPLITZ" : "") + " are supported)");
    state->algorithm = *a;
    state->valueType = type->typeArgs.empty() ? nullptr : type->typeArgs[0];
    if (!state->valueType) unsupported(inst->loc, state->kind + " without a result type");
    lowerType(state->valueType, inst->loc);
    if (state->kind == "Checksum") {
      state->state = entryAlloca(b_->getInt64Ty(), inst->name + ".state");
      llvm::IRBuilder<> init(program_.entry->getTerminator());
      init.CreateStore(hashInitialState(state->algorithm), state->state);  // a constant
    }
  } else if (state->kind == "Meter") {
    auto size = constArg(0);
    if (!size || *size < 1 || *size > (1 << 24)) unsupported(inst->loc, "a Meter whose size is not a constant in 1 .. 2^24");
    std::string meterType = inst->args.size() > 1 ? enumMemberName(sema_, inst->args[1].value.get()) : "PACKETS";
    state->meterBytes = meterType == "BYTES";
    std::string name = mapNames_.allocate("m_", inst->name);
    bpf::RecordLayout value = meterValueLayout(name);
    auto map = module_.defineMap(bpf::MapSpec::indexed(name, bpf::MapKind::Array, size->get_ui(), value));
    if (!map) unsupported(inst->loc, "this meter's map: " + llvm::toString(map.takeError()));
    state->map = *map;
    p4nf::ManifestExtern& meter = addManifestExtern("Meter", qualified, name, size->get_ui());
    meter.type = meterType;
    meter.valueSize = value.size();
  } else if (state->kind == "Digest") {
    defineDigest(qualified, inst, *state, type->typeArgs.empty() ? nullptr : type->typeArgs[0]);
  }
  // Other externs are reported where they are used.
  externs_[inst] = std::move(state);
}

llvm::Value* Generator::packetLength() {
  llvm::Value* end = b_->CreatePtrToInt(packet_.dataEnd, b_->getInt64Ty());
  llvm::Value* start = b_->CreatePtrToInt(packet_.data, b_->getInt64Ty());
  return b_->CreateTrunc(b_->CreateSub(end, start), b_->getInt32Ty(), "packet_length");
}

namespace {

// One end-around-carry step of a one's complement sum held in 32 bits.
llvm::Value* foldOnce(llvm::IRBuilder<>& b, llvm::Value* sum) {
  return b.CreateAdd(b.CreateAnd(sum, b.getInt32(0xffff)), b.CreateLShr(sum, 16));
}

// Adds `value` (host order, `width` bits, a multiple of 16 in total with its neighbours)
// to a one's complement sum word by word. The sum starts at about 2^31 at most (the
// state's bound, see foldSum) and each word adds at most 0xffff; a fold every 16384
// words keeps it below 2^32.
struct WordAccumulator {
  llvm::IRBuilder<>& b;
  llvm::Value* sum;
  bool subtract;
  llvm::Value* word = nullptr;
  int wordBits = 0;
  int words = 0;

  void add(llvm::Value* value, int width) {
    int remaining = width;
    while (remaining > 0) {
      int take = std::min(16 - wordBits, remaining);
      llvm::Value* piece = value;
      if (remaining - take) piece = b.CreateLShr(piece, remaining - take);
      piece = b.CreateZExtOrTrunc(piece, b.getInt32Ty());
      piece = b.CreateAnd(piece, b.getInt32((1u << take) - 1));
      word = word ? b.CreateOr(b.CreateShl(word, take), piece) : piece;
      wordBits += take;
      remaining -= take;
      if (wordBits == 16) {
        llvm::Value* w = subtract ? b.CreateXor(word, b.getInt32(0xffff)) : word;
        sum = b.CreateAdd(sum, w);
        if (++words % 16384 == 0) sum = foldOnce(b, sum);
        word = nullptr;
        wordBits = 0;
      }
    }
  }
};

// The state between calls is a 32-bit sum that never wraps. set_state stores 16 bits; a
// fold takes any 32-bit value to at most 0xffff + 0xffff = 0x1fffe; an add/subtract that
// does not fold adds at most 0xffff per word, and those add at most kMaxUnfoldedWords
// words in all (Generator::genExternMethod counts them): 0x1fffe + 32768 * 0xffff is
// about 2^31. Two folds give the 16-bit sum of any 32-bit value: the first leaves at most
// 0x1fffe, whose high half is at most 1 with a low half of at most 0xfffe.
constexpr uint32_t kMaxUnfoldedWords = 32768;
llvm::Value* foldSum(llvm::IRBuilder<>& b, llvm::Value* sum) { return foldOnce(b, foldOnce(b, sum)); }

}  // namespace

llvm::Value* Generator::genExternMethod(const CallExpr* call, const CallTarget& target) {
  const std::string method = target.decl ? target.decl->name : "";
  const auto* type = target.receiver ? dyn_cast<ExternType>(underlyingType(target.receiver->type)) : nullptr;
  if (!type) unsupported(call->loc, "this method call");
  const std::string externName = type->decl->name;
  auto arg = [&](size_t i) -> const Expr* {
    return i < target.argForParam.size() ? target.argForParam[i] : nullptr;
  };
  if (externName == "packet_in") {
    if (inDeparser_) unsupported(call->loc, "packet_in in a deparser");
    if (method == "extract") { genExtract(call, target); return nullptr; }
    if (method == "lookahead") return genLookahead(call, target);
    if (method == "advance") { genAdvance(call, target); return nullptr; }
    if (method == "length") return packetLength();
    unsupported(call->loc, "packet_in." + method);
  }
  if (externName == "packet_out") {
    if (method != "emit" || !arg(0)) unsupported(call->loc, "packet_out." + method);
    genEmit(call, genLValue(arg(0)));  // gen_deparser.cpp
    return nullptr;
  }

  if (auto result = genTableExternMethod(call, target, externName, method)) return *result;
  auto* path = dyn_cast<PathExpr>(target.receiver);
  auto it = path ? externs_.find(path->decl) : externs_.end();
  if (it == externs_.end()) unsupported(call->loc, "the extern " + externName + "." + method);
  ExternState& ext = *it->second;

  if (externName == "Counter" && method == "count") {
    llvm::Value* index = convert(genExpr(arg(0)), b_->getInt32Ty(), false);
    llvm::AllocaInst* key = entryAlloca(b_->getInt32Ty(), "counter.index", 4);
    b_->CreateStore(index, key);
    llvm::Value* cell = bpf::mapLookup(*b_, ext.map, key, "counter");
    llvm::Value* present = b_->CreateICmpNE(cell, llvm::ConstantPointerNull::get(b_->getPtrTy()));
    llvm::BasicBlock* update = newBlock("counter.update");
    llvm::BasicBlock* done = newBlock("counter.done");
    b_->CreateCondBr(present, update, done);
    b_->SetInsertPoint(update);
    // Per-CPU cells: plain read-modify-write, no atomics needed.
    llvm::Value* packets = b_->CreateAlignedLoad(b_->getInt64Ty(), cell, llvm::Align(8));
    b_->CreateAlignedStore(b_->CreateAdd(packets, b_->getInt64(1)), cell, llvm::Align(8));
    llvm::Value* bytesPtr = b_->CreateConstInBoundsGEP1_64(b_->getInt8Ty(), cell, 8);
    llvm::Value* bytes = b_->CreateAlignedLoad(b_->getInt64Ty(), bytesPtr, llvm::Align(8));
    llvm::Value* amount = arg(1) ? convert(genExpr(arg(1)), b_->getInt64Ty(), false)
                                 : b_->CreateZExt(packetLength(), b_->getInt64Ty());
    b_->CreateAlignedStore(b_->CreateAdd(bytes, amount), bytesPtr, llvm::Align(8));
    b_->CreateBr(done);
    b_->SetInsertPoint(done);
    return nullptr;
  }
  if (externName == "Register" && (method == "read" || method == "write")) {
    llvm::Value* index = convert(genExpr(arg(0)), b_->getInt32Ty(), false);
    llvm::AllocaInst* key = entryAlloca(b_->getInt32Ty(), "register.index", 4);
    b_->CreateStore(index, key);
    llvm::Value* cell = bpf::mapLookup(*b_, ext.map, key, "register");
    llvm::Value* present = b_->CreateICmpNE(cell, llvm::ConstantPointerNull::get(b_->getPtrTy()));
    llvm::Type* valueType = lowerType(ext.valueType, call->loc);
    uint32_t bytes = (ext.width + 7) / 8;
    llvm::BasicBlock* from = b_->GetInsertBlock();
    llvm::BasicBlock* access = newBlock("register.access");
    llvm::BasicBlock* done = newBlock("register.done");
    b_->CreateCondBr(present, access, done);
    b_->SetInsertPoint(access);
    llvm::Value* result = nullptr;
    if (method == "read") {
      result = b_->CreateZExtOrTrunc(loadNetworkBits(*b_, cell, 0, 8 * bytes, 8), valueType);
    } else {
      llvm::Value* v = genValue(arg(1), ext.valueType);
      storeNetworkBits(*b_, cell, 0, 8 * bytes, b_->CreateZExt(v, b_->getIntNTy(8 * bytes)), 8);
    }
    llvm::BasicBlock* accessEnd = b_->GetInsertBlock();
    b_->CreateBr(done);
    b_->SetInsertPoint(done);
    if (!result) return nullptr;
    auto* phi = b_->CreatePHI(valueType, 2);
    phi->addIncoming(result, accessEnd);
    phi->addIncoming(llvm::Constant::getNullValue(valueType), from);
    return phi;
  }
  if (externName == "InternetChecksum") {
    llvm::Value* sum = b_->CreateLoad(b_->getInt32Ty(), ext.state);
    if (method == "clear") {
      b_->CreateStore(b_->getInt32(0), ext.state);
      return nullptr;
    }
    if (method == "add" || method == "subtract") {
      std::vector<std::pair<llvm::Value*, int>> leaves;
      flattenLeaves(arg(0), leaves);
      int total = 0;
      for (auto& [v, w] : leaves) total += w;
      if (total % 16 != 0)
        unsupported(call->loc, "InternetChecksum data that is not a whole number of 16-bit words");
      WordAccumulator acc{*b_, sum, method == "subtract"};
      for (auto& [v, w] : leaves) acc.add(v, w);
      // No fold while the words of all unfolded calls stay within the bound (foldSum).
      // Controls have no loops, so a path runs each call at most once; a parser state
      // may run again, so calls there always fold. Once over the bound, every later call
      // folds: a path then carries at most the words of the calls counted before.
      uint32_t words = static_cast<uint32_t>(total / 16);
      bool fold = currentState_ != nullptr || ext.unfoldedWords + words > kMaxUnfoldedWords;
      if (!fold) ext.unfoldedWords += words;
      b_->CreateStore(fold ? foldOnce(*b_, acc.sum) : acc.sum, ext.state);
      return nullptr;
    }
    if (method == "get")
      return b_->CreateTrunc(b_->CreateXor(foldSum(*b_, sum), b_->getInt32(0xffff)), b_->getInt16Ty());
    if (method == "get_state") return b_->CreateTrunc(foldSum(*b_, sum), b_->getInt16Ty());
    if (method == "set_state") {
      b_->CreateStore(b_->CreateZExt(genValue(arg(0), sema_.types().bits(16)), b_->getInt32Ty()), ext.state);
      return nullptr;
    }
  }
  if (externName == "Random" && method == "read") {
    llvm::Type* valueType = lowerType(ext.valueType, call->loc);
    mpz_class span = ext.max - ext.min + 1;
    llvm::Value* r = b_->CreateZExt(bpf::getPrandomU32(*b_), b_->getInt64Ty());
    llvm::Value* v = r;
    if (span < (mpz_class(1) << 32)) {
      uint64_t n = span.get_ui();
      v = (n & (n - 1)) == 0 ? b_->CreateAnd(r, b_->getInt64(n - 1)) : b_->CreateURem(r, b_->getInt64(n));
    }
    v = b_->CreateAdd(v, constant(ext.min, b_->getInt64Ty()));
    return b_->CreateZExtOrTrunc(v, valueType);
  }
  if (externName == "Hash" && method == "get_hash") {
    if (arg(2)) return genHashGet(call, ext, arg(0), arg(1), arg(2));
    return genHashGet(call, ext, nullptr, arg(0), nullptr);
  }
  if (externName == "Checksum") return genChecksumMethod(call, ext, method, arg(0));
  if (externName == "Meter" && method == "execute") return genMeterExecute(call, ext, arg(0), arg(1));
  if (externName == "Meter" && method == "dpdk_execute") {
    // dpdk/pna.p4: (index, color, pkt_len) colour-aware, (index, pkt_len) colour-blind.
    if (arg(2)) return genMeterExecute(call, ext, arg(0), arg(1), arg(2));
    return genMeterExecute(call, ext, arg(0), nullptr, arg(1));
  }
  if (externName == "Digest" && method == "pack") {
    genDigestPack(call, ext, arg(0));
    return nullptr;
  }
  unsupported(call->loc, "the extern method " + externName + "." + method);
}

// segments_fit_mtu(port) (pna.p4, p4nf extensions): on TC, a GSO skb (gso_size != 0)
// whose segments fit the interface of `port` (bpf_check_mtu with BPF_MTU_CHK_SEGS, the
// check Linux's forwarding makes with skb_gso_validate_network_len); false otherwise.
llvm::Value* Generator::genSegmentsFitMtu(const Expr* portArg) {
  llvm::Value* port = convert(genExpr(portArg), b_->getInt32Ty(), false);
  if (kind_ == bpf::ProgramKind::Xdp) return b_->getFalse();
  constexpr uint32_t kSkbGsoSize = 176;  // offsetof(struct __sk_buff, gso_size)
  constexpr uint64_t kCheckSegments = 1;  // BPF_MTU_CHK_SEGS
  llvm::Value* gsoSize = bpf::loadContextU32(*b_, program_.ctx, kSkbGsoSize, "gso_size");
  llvm::AllocaInst* key = entryAlloca(b_->getInt32Ty(), "mtu.port", 4);
  llvm::AllocaInst* mtuLength = entryAlloca(b_->getInt32Ty(), "mtu.length", 4);
  llvm::BasicBlock* from = b_->GetInsertBlock();
  llvm::BasicBlock* lookup = newBlock("mtu.gso");
  llvm::BasicBlock* check = newBlock("mtu.check");
  llvm::BasicBlock* done = newBlock("mtu.done");
  b_->CreateCondBr(b_->CreateICmpNE(gsoSize, b_->getInt32(0)), lookup, done);
  b_->SetInsertPoint(lookup);
  b_->CreateStore(port, key);
  llvm::Value* ifindex = bpf::mapLookup(*b_, portsMap_, key, "mtu.ifindex");
  b_->CreateCondBr(b_->CreateIsNull(ifindex), done, check);
  b_->SetInsertPoint(check);
  b_->CreateStore(b_->getInt32(0), mtuLength);  // 0: judge the skb itself, not a length
  llvm::Value* index = b_->CreateAlignedLoad(b_->getInt32Ty(), ifindex, llvm::Align(4));
  llvm::Value* verdict = bpf::checkMtu(*b_, program_.ctx, index, mtuLength, kCheckSegments);
  llvm::Value* fits = b_->CreateICmpEQ(verdict, b_->getInt64(0), "segments_fit");
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
  auto* phi = b_->CreatePHI(b_->getInt1Ty(), 3, "segments_fit_mtu");
  phi->addIncoming(b_->getFalse(), from);
  phi->addIncoming(b_->getFalse(), lookup);
  phi->addIncoming(fits, check);
  return phi;
}

// The skb metadata functions of tc/pna.p4 (P4TC): fields of struct __sk_buff, read and
// written in place (offsets of linux/bpf.h, the UAPI). nullopt when `name` is not one.
std::optional<llvm::Value*> Generator::genSkbFunction(const CallExpr* call, const std::string& name,
                                                      const Expr* arg) {
  if (name.rfind("skb_", 0) != 0) return std::nullopt;
  struct Field {
    const char* field;
    uint32_t offset;
    int width;          // of the P4 value
    bool readable, writable;
  };
  static const std::map<std::string, Field> kFields = {
      {"tstamp", {"tstamp", 152, 64, true, true}},
      {"mark", {"mark", 8, 32, true, true}},
      {"tc_classid", {"tc_classid", 72, 16, true, true}},
      {"tc_index", {"tc_index", 44, 16, true, true}},
      {"queue_mapping", {"queue_mapping", 12, 16, true, true}},
      {"protocol", {"protocol", 16, 16, true, false}},
      {"tc_at_ingress", {"tc_at_ingress", 0, 1, false, false}},
      {"from_ingress", {"from_ingress", 0, 1, false, false}},
  };
  if (name == "skb_get_meta" || name == "skb_set_meta") return nullptr;  // P4TC's load and commit
  bool get = name.rfind("skb_get_", 0) == 0;
  bool set = name.rfind("skb_set_", 0) == 0;
  auto it = kFields.find(name.substr(8));
  if ((!get && !set) || it == kFields.end()) return std::nullopt;
  const Field& f = it->second;
  if (kind_ == bpf::ProgramKind::Xdp)
    programError(call->loc, name + "() reads or writes the skb's " + f.field +
                                ", and an XDP program has no skb: compile for TC (--target tc)");
  if ((get && !f.readable) || (set && !f.writable))
    programError(call->loc, name + "(): the kernel does not let BPF programs " + (get ? "read" : "write") +
                                " the skb's " + f.field);
  if (f.width == 64) {
    if (get) return bpf::loadContextU64(*b_, program_.ctx, f.offset, f.field);
    bpf::storeContextU64(*b_, program_.ctx, f.offset, convert(genExpr(arg), b_->getInt64Ty(), false));
    return nullptr;
  }
  if (get) {
    llvm::Value* v = bpf::loadContextU32(*b_, program_.ctx, f.offset, f.field);
    // __sk_buff.protocol holds the EtherType in network byte order.
    if (name == "skb_get_protocol") {
      v = b_->CreateTrunc(v, b_->getInt16Ty());
      return b_->CreateUnaryIntrinsic(llvm::Intrinsic::bswap, v);
    }
    return b_->CreateTrunc(v, b_->getIntNTy(f.width));
  }
  bpf::storeContextU32(*b_, program_.ctx, f.offset, convert(genExpr(arg), b_->getInt32Ty(), false));
  return nullptr;
}

llvm::Value* Generator::genExternFunction(const CallExpr* call, const CallTarget& target) {
  const std::string name = target.decl ? target.decl->name : "";
  auto arg = [&](size_t i) -> const Expr* {
    return i < target.argForParam.size() ? target.argForParam[i] : nullptr;
  };
  if (name == "verify") {
    llvm::Value* ok = genCondition(arg(0));
    llvm::Value* code = genExpr(arg(1));
    llvm::BasicBlock* fail = newBlock("verify.fail");
    llvm::BasicBlock* pass = newBlock("verify.ok");
    b_->CreateCondBr(ok, pass, fail);
    b_->SetInsertPoint(fail);
    b_->CreateStore(code, parserError_);
    if (!rejectBlock_) unsupported(call->loc, "verify outside a parser");
    b_->CreateBr(rejectBlock_);
    b_->SetInsertPoint(pass);
    return nullptr;
  }
  if (name == "send_to_port") {
    llvm::Value* port = convert(genExpr(arg(0)), b_->getInt32Ty(), false);
    b_->CreateStore(b_->getInt32(kVerdictSendToPort), verdict_);
    b_->CreateStore(port, egressPort_);
    return nullptr;
  }
  if (name == "send_to_ports") {
    llvm::Value* ports = convert(genExpr(arg(0)), b_->getInt64Ty(), false);
    llvm::Value* tagged = convert(genExpr(arg(1)), b_->getInt64Ty(), false);
    llvm::Value* tci = convert(genExpr(arg(2)), b_->getInt16Ty(), false);
    b_->CreateStore(b_->getInt32(kVerdictSendToPorts), verdict_);
    b_->CreateStore(ports, floodPorts_);
    b_->CreateStore(tagged, floodTagged_);
    b_->CreateStore(tci, floodTci_);
    return nullptr;
  }
  if (name == "drop_packet") {
    b_->CreateStore(b_->getInt32(kVerdictDrop), verdict_);
    return nullptr;
  }
  if (name == "send_to_host") {
    b_->CreateStore(b_->getInt32(kVerdictToHost), verdict_);
    return nullptr;
  }
  // Every p4nf port is a network port (an interface); the host is reached through
  // send_to_host(), not through a port.
  if (name == "is_net_port" || name == "is_host_port") {
    genExpr(arg(0));
    return b_->getInt1(name == "is_net_port");
  }
  if (name == "segments_fit_mtu") return genSegmentsFitMtu(arg(0));
  if (name == "SelectByDirection") {
    // PNA_Direction_t: NET_TO_HOST is 0 (p4nf's direction is always NET_TO_HOST today).
    // tc/pna.p4's form takes a bool, is_network_port: true picks the first value.
    const Type* selector = sema_.typeOf(arg(0));
    llvm::Value* direction = genExpr(arg(0));
    llvm::Value* n2h = genExpr(arg(1));
    llvm::Value* h2n = genExpr(arg(2));
    if (selector && selector->is(TypeKind::Bool)) return b_->CreateSelect(direction, n2h, h2n);
    return b_->CreateSelect(b_->CreateICmpEQ(direction, llvm::Constant::getNullValue(direction->getType())), n2h, h2n);
  }
  // tc/pna.p4's skb_* functions (a program may declare its own extern skb_...).
  if (target.decl && c_.sources.isSystemFile(target.decl->loc.file))
    if (auto result = genSkbFunction(call, name, arg(0))) return *result;
  if (auto result = genChainFunction(name, arg(0))) return *result;
  if (auto result = genTableExternFunction(call, target)) return *result;
  unsupported(call->loc, "the extern function " + name);
}

}  // namespace p4nfc::codegen
