// Header stacks: each element is a header of its own (in the packet when the stack belongs
// to the parsed headers), plus nextIndex. Constant indices name an element directly;
// .next, .last and run-time indices become a switch over the elements.
#include <llvm/IR/Constants.h>

#include "codegen/generator.h"
#include "frontend/printer.h"

namespace p4nfc::codegen {

void Generator::stackOutOfBounds() {
  setParserError(errors_->codeOf("StackOutOfBounds"));
  b_->CreateBr(rejectBlock_ ? rejectBlock_ : exitTarget_);
}

LValuePtr Generator::genStackLValue(const Expr* e, const LValuePtr& base, const std::string& member) {
  if (base->kind == LValue::Kind::StackElement) {
    const LValuePtr& first = base->base->members.front().second;
    if (first->kind != LValue::Kind::Header) unsupported(e->loc, "this header stack");
    int index = first->header->type->fieldIndex(member);
    if (index < 0) return nullptr;
    auto lv = std::make_shared<LValue>();
    lv->kind = LValue::Kind::StackField;
    lv->type = first->header->type->fields[index].type;
    lv->base = base->base;
    lv->value = base->value;
    lv->field = index;
    return lv;
  }
  if (member != "next" && member != "last") return nullptr;
  llvm::Value* next = b_->CreateLoad(b_->getInt32Ty(), base->slot, "nextIndex");
  auto lv = std::make_shared<LValue>();
  lv->kind = LValue::Kind::StackElement;
  lv->type = e->type;
  lv->base = base;
  lv->value = member == "next" ? next : b_->CreateSub(next, b_->getInt32(1), "lastIndex");
  lv->what = member;
  return lv;
}

LValuePtr Generator::genStackIndex(const IndexExpr* e) {
  LValuePtr stack = genLValue(e->base.get());
  if (stack->kind == LValue::Kind::Unsupported) unsupported(e->loc, stack->what);
  if (stack->kind != LValue::Kind::Stack) unsupported(e->loc, "indexing '" + printExpr(*e->base) + "'");
  if (auto index = sema_.constantValue(e->index.get())) {
    if (*index < 0 || *index >= static_cast<long>(stack->members.size()))
      unsupported(e->loc, "a header stack index out of range");
    return stack->members[index->get_ui()].second;
  }
  auto lv = std::make_shared<LValue>();
  lv->kind = LValue::Kind::StackElement;
  lv->type = e->type;
  lv->base = stack;
  lv->value = b_->CreateZExtOrTrunc(genExpr(e->index.get()), b_->getInt32Ty());
  lv->what = "index";
  return lv;
}

llvm::Value* Generator::genStackMember(const MemberExpr* e) {
  LValuePtr stack = genLValue(e->base.get());
  if (stack->kind == LValue::Kind::Unsupported) unsupported(e->loc, stack->what);
  if (stack->kind != LValue::Kind::Stack) unsupported(e->loc, "this header stack");
  if (e->member == "size") return constant(stack->members.size(), lowerType(e->type, e->loc));
  if (e->member == "lastIndex") {
    llvm::Value* next = b_->CreateLoad(b_->getInt32Ty(), stack->slot, "nextIndex");
    return convert(b_->CreateSub(next, b_->getInt32(1)), lowerType(e->type, e->loc), false);
  }
  unsupported(e->loc, "'." + e->member + "' of a header stack as a value");
}

void Generator::genStackBuiltin(const CallExpr* call, const CallTarget& target, const LValuePtr& stack) {
  bool push = target.builtin == CallTarget::Builtin::PushFront;
  if (!push && target.builtin != CallTarget::Builtin::PopFront) unsupported(call->loc, "this header stack method");
  const Expr* arg = target.argForParam.empty() ? nullptr : target.argForParam[0];
  auto count = arg ? sema_.constantValue(arg) : std::nullopt;
  if (!count || *count < 0) unsupported(call->loc, "push_front/pop_front by a count that is not a constant");
  int64_t size = static_cast<int64_t>(stack->members.size());
  int64_t n = std::min<int64_t>(count->get_si(), size);
  auto element = [&](int64_t i) { return stack->members[i].second; };
  // Shift towards the back (push) or the front (pop), reading each element before it
  // is overwritten; the elements shifted in become invalid.
  if (push) {
    for (int64_t i = size - 1; i >= n; --i) copyLValue(element(i), element(i - n), call->loc);
    for (int64_t i = 0; i < n; ++i) setHeaderValidity(*element(i)->header, false, call->loc);
  } else {
    for (int64_t i = 0; i + n < size; ++i) copyLValue(element(i), element(i + n), call->loc);
    for (int64_t i = size - n; i < size; ++i) setHeaderValidity(*element(i)->header, false, call->loc);
  }
  llvm::Value* next = b_->CreateLoad(b_->getInt32Ty(), stack->slot, "nextIndex");
  llvm::Value* moved;
  if (push) {
    moved = b_->CreateAdd(next, b_->getInt32(static_cast<uint32_t>(n)));
    moved = b_->CreateSelect(b_->CreateICmpUGT(moved, b_->getInt32(static_cast<uint32_t>(size))),
                             b_->getInt32(static_cast<uint32_t>(size)), moved);
  } else {
    moved = b_->CreateSelect(b_->CreateICmpULT(next, b_->getInt32(static_cast<uint32_t>(n))), b_->getInt32(0),
                             b_->CreateSub(next, b_->getInt32(static_cast<uint32_t>(n))));
  }
  b_->CreateStore(moved, stack->slot);
}

}  // namespace p4nfc::codegen
