// Sema: the driver, name lookup, and the side tables behind the public queries.
#include "frontend/sema.h"

#include "frontend/sema_internal.h"

namespace p4nfc {

Sema::Sema(Program* program, const SourceManager& sources, Diagnostics& diags)
    : program_(program), sources_(sources), diags_(diags) {
  // accept and reject are states of every parser; sema points transitions at these two.
  acceptState_ = std::make_unique<ParserState>(SourceLoc{});
  acceptState_->name = "accept";
  rejectState_ = std::make_unique<ParserState>(SourceLoc{});
  rejectState_->name = "reject";
}

Sema::~Sema() = default;

bool Sema::run() {
  size_t errorsBefore = diags_.errorCount();
  global_ = std::make_unique<Scope>(nullptr, Scope::Kind::Global);
  scope_ = global_.get();
  Program* program = program_;
  if (!program) return false;

  collectErrorsAndMatchKinds(*program);
  for (auto& d : program->decls) {
    if (!d) continue;
    checkDecl(d.get());
  }
  resolveAddEntries(nullptr);  // add_entry calls outside controls
  for (auto& d : program->decls)
    if (auto* inst = dyn_cast<InstantiationDecl>(d.get()); inst && inst->name == "main")
      main_ = inst;
  return diags_.errorCount() == errorsBefore;
}

// ---------------------------------------------------------------------------------------
// Declaring and looking up names

void Sema::declare(Decl* d, SourceLoc loc) { declareAs(d->name, d, loc); }

void Sema::declareAs(const std::string& name, Decl* d, SourceLoc loc) {
  if (name.empty()) return;
  if (Decl* previous = scope_->declare(name, d)) {
    diags_.error(loc, "{} is already declared", quoted(name));
    if (previous->loc.valid())
      diags_.note(previous->loc, "previous declaration of {}", quoted(name));
    return;
  }
  warnIfShadowing(name, d, loc);
}

// A name declared again in an inner scope hides the outer declaration: legal, but the
// spec suggests a warning (P4-16 "Name resolution"). Types are left out (a value may
// share a type's name without confusion), and so are the system headers' own names.
void Sema::warnIfShadowing(const std::string& name, const Decl* d, SourceLoc loc) {
  if (!scope_->parent() || !loc.valid() || sources_.isSystemFile(loc.file)) return;
  if (isTypeDecl(d) || isa<ParserState>(d)) return;
  const auto* outer = scope_->parent()->find(name);
  if (!outer || outer->empty()) return;
  const Decl* hidden = outer->front();
  if (isTypeDecl(hidden) || isa<ParserState>(hidden)) return;
  diags_.warning(loc, "{} shadows {}", quoted(name), describeDecl(hidden));
  if (hidden->loc.valid()) diags_.note(hidden->loc, "{} is declared here", quoted(name));
}

const std::vector<Decl*>* Sema::lookup(const Path& path) const {
  if (!scope_) return nullptr;
  if (path.global) return scope_->global()->findLocal(path.name);
  return scope_->find(path.name);
}

Decl* Sema::lookupOne(const Path& path) const {
  auto* found = lookup(path);
  return found && !found->empty() ? found->front() : nullptr;
}

void Sema::setDeclType(const Decl* d, const Type* t) { declTypes_[d] = t ? t : types_.unknown(); }

void Sema::setConstant(const Expr* e, mpz_class v) {
  constants_[e] = std::move(v);
  known_.insert(e);
}

void Sema::markKnown(const Expr* e) { known_.insert(e); }

bool Sema::isTypeDecl(const Decl* d) const {
  switch (d->kind) {
    case NodeKind::TypedefDecl:
    case NodeKind::EnumDecl:
    case NodeKind::StructLikeDecl:
    case NodeKind::ExternDecl:
    case NodeKind::ParserTypeDecl:
    case NodeKind::ControlTypeDecl:
    case NodeKind::PackageTypeDecl:
    case NodeKind::ParserDecl:
    case NodeKind::ControlDecl:
    case NodeKind::TypeParamDecl:
      return true;
    default:
      return false;
  }
}

std::string Sema::describeDecl(const Decl* d) {
  const char* what = "declaration";
  switch (d->kind) {
    case NodeKind::ConstDecl:
      what = "constant";
      break;
    case NodeKind::VarDecl:
      what = "variable";
      break;
    case NodeKind::TypedefDecl:
      what = cast<TypedefDecl>(d)->isNewType ? "type" : "typedef";
      break;
    case NodeKind::EnumDecl:
      what = "enum";
      break;
    case NodeKind::StructLikeDecl:
      switch (cast<StructLikeDecl>(d)->flavor) {
        case StructLikeDecl::Flavor::Header:
          what = "header";
          break;
        case StructLikeDecl::Flavor::HeaderUnion:
          what = "header_union";
          break;
        default:
          what = "struct";
          break;
      }
      break;
    case NodeKind::ExternDecl:
      what = "extern";
      break;
    case NodeKind::ExternFunctionDecl:
      what = "extern function";
      break;
    case NodeKind::MethodDecl:
      what = "method";
      break;
    case NodeKind::ParserTypeDecl:
    case NodeKind::ParserDecl:
      what = "parser";
      break;
    case NodeKind::ParserState:
      what = "state";
      break;
    case NodeKind::ControlTypeDecl:
    case NodeKind::ControlDecl:
      what = "control";
      break;
    case NodeKind::PackageTypeDecl:
      what = "package";
      break;
    case NodeKind::InstantiationDecl:
      what = "instance";
      break;
    case NodeKind::ActionDecl:
      what = "action";
      break;
    case NodeKind::FunctionDecl:
      what = "function";
      break;
    case NodeKind::TableDecl:
      what = "table";
      break;
    case NodeKind::ValueSetDecl:
      what = "value_set";
      break;
    case NodeKind::Parameter:
      what = "parameter";
      break;
    case NodeKind::TypeParamDecl:
      what = "type parameter";
      break;
    case NodeKind::EnumMember:
      what = "member";
      break;
    case NodeKind::Field:
      what = "field";
      break;
    default:
      break;
  }
  return std::string(what) + " " + quoted(d->name);
}

// ---------------------------------------------------------------------------------------
// Queries

const Type* Sema::typeOfDecl(const Decl* d) const {
  auto it = declTypes_.find(d);
  return it == declTypes_.end() ? nullptr : it->second;
}

std::optional<mpz_class> Sema::constantValue(const Expr* e) const {
  auto it = constants_.find(e);
  if (it == constants_.end()) return std::nullopt;
  return it->second;
}

std::optional<mpz_class> Sema::constantValue(const Decl* d) const {
  auto it = declValues_.find(d);
  if (it == declValues_.end()) return std::nullopt;
  return it->second;
}

bool Sema::isCompileTimeKnown(const Expr* e) const { return e && known_.count(e); }

const CallTarget* Sema::callTarget(const CallExpr* call) const {
  auto it = calls_.find(call);
  return it == calls_.end() ? nullptr : &it->second;
}

const Decl* Sema::memberDecl(const MemberExpr* e) const {
  auto it = memberDecls_.find(e);
  return it == memberDecls_.end() ? nullptr : it->second;
}

const TableInfo* Sema::tableInfo(const TableDecl* t) const {
  auto it = tables_.find(t);
  return it == tables_.end() ? nullptr : &it->second;
}

}  // namespace p4nfc
