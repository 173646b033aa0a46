// Declarations: everything at the top level, in parser and control bodies, in extern
// objects, tables, and instance initializer blocks.
#include <fmt/format.h>

#include "frontend/parser.h"

namespace p4nfc {

namespace {

const char* contextName(int context) {
  switch (context) {
    case 1:
      return "in a control";
    case 2:
      return "in a parser";
    case 3:
      return "in an instance initializer";
    case 4:
      return "in a block";
    default:
      return "at the top level";
  }
}

// A parser, control or package declaration (or type) built from its parsed head.
template <class Decl, class Head>
std::unique_ptr<Decl> declFromHead(Head& head, Annotations annotations) {
  auto decl = std::make_unique<Decl>(head.nameLoc);
  decl->name = std::move(head.name);
  decl->annotations = std::move(annotations);
  decl->typeParams = std::move(head.typeParams);
  decl->params = std::move(head.params);
  return decl;
}

}  // namespace

void Parser::parseDeclarationList(Context context, std::vector<DeclPtr>& out) {
  while (context == Context::TopLevel ? !at(Tok::End) : listGoesOn(SyncLevel::Declaration)) {
    size_t start = pos_;
    int depth = braceDepth_;
    parseDeclaration(context, out);
    if (panic_ || pos_ == start) {
      if (!panic_) expected("a declaration");
      synchronize(start, depth, SyncLevel::Declaration);
    }
  }
}

void Parser::parseDeclaration(Context context, std::vector<DeclPtr>& out) {
  DepthGuard guard(*this);  // initializer blocks nest declarations
  if (!guard.ok) return;
  Annotations annotations = parseAnnotations();
  if (panic_) return;
  const Token& t = cur();
  bool top = context == Context::TopLevel;
  auto push = [&](DeclPtr d) {
    if (d && !panic_) out.push_back(std::move(d));
  };
  auto onlyAt = [&](bool allowed, const char* where) {
    if (!allowed) error(t.loc, fmt::format("'{}' declarations are only allowed {}", t.text, where));
    return allowed;
  };
  switch (t.kind) {
    case Tok::KwConst:
      push(parseConst(std::move(annotations)));
      return;
    case Tok::KwAction:
      if (onlyAt(top || context == Context::ControlLocal, "at the top level or in a control"))
        push(parseAction(std::move(annotations)));
      return;
    case Tok::KwTable:
      if (onlyAt(context == Context::ControlLocal, "in a control"))
        push(parseTable(std::move(annotations)));
      return;
    case Tok::KwValueSet:
      if (onlyAt(context == Context::ParserLocal, "in a parser"))
        push(parseValueSet(std::move(annotations)));
      return;
    case Tok::KwTypedef:
      if (onlyAt(top, "at the top level")) parseTypedef(std::move(annotations), out);
      return;
    case Tok::KwEnum:
      if (onlyAt(top, "at the top level")) push(parseEnum(std::move(annotations)));
      return;
    case Tok::KwMatchKind:
      if (onlyAt(top, "at the top level")) push(parseErrorOrMatchKind(std::move(annotations)));
      return;
    case Tok::KwError:
      if (peekTok(1).is(Tok::LBrace)) {
        if (onlyAt(top, "at the top level")) push(parseErrorOrMatchKind(std::move(annotations)));
        return;
      }
      break;
    case Tok::KwHeader:
    case Tok::KwHeaderUnion:
    case Tok::KwStruct:
      if (onlyAt(top, "at the top level")) push(parseStructLike(std::move(annotations)));
      return;
    case Tok::KwExtern:
      if (onlyAt(top, "at the top level")) push(parseExtern(std::move(annotations)));
      return;
    case Tok::KwParser:
      if (onlyAt(top, "at the top level")) push(parseParser(std::move(annotations)));
      return;
    case Tok::KwControl:
      if (onlyAt(top, "at the top level")) push(parseControl(std::move(annotations)));
      return;
    case Tok::KwPackage:
      if (onlyAt(top, "at the top level")) push(parsePackage(std::move(annotations)));
      return;
    case Tok::Semi:
      if (top) {
        advance();  // an empty declaration
        return;
      }
      break;
    case Tok::Ident:
      if (t.text == "type" && top && !peekTok(1).is(Tok::LParen)) {
        parseTypedef(std::move(annotations), out);
        return;
      }
      if (t.text == "state" && context == Context::ParserLocal && peekTok(1).is(Tok::Ident)) {
        push(parseState(std::move(annotations)));
        return;
      }
      break;
    default:
      break;
  }
  push(parseTypedDeclaration(context, std::move(annotations)));
}

// Declarations that start with a type: variables, instantiations and functions.
DeclPtr Parser::parseTypedDeclaration(Context context, Annotations annotations) {
  bool top = context == Context::TopLevel || context == Context::ObjInitializer;
  bool typeStart = isBaseTypeKeyword(cur().kind) || at(Tok::Ident) || at(Tok::Dot) ||
                   at(Tok::KwError) || (top && at(Tok::KwVoid));
  if (!typeStart || (!top && !looksLikeDeclaration())) {
    switch (context) {
      case Context::ControlLocal:
        expected("a declaration or 'apply'");
        break;
      case Context::ParserLocal:
        expected("a declaration or a state");
        break;
      case Context::Block:
        expected("a statement");
        break;
      default:
        expected("a declaration");
        break;
    }
    return nullptr;
  }
  TypeRefPtr type = parseType();
  if (!type) return nullptr;
  if (at(Tok::LParen)) return parseInstantiationRest(std::move(type), std::move(annotations));

  SourceLoc nameLoc;
  std::string name = takeName("a name", &nameLoc);
  if (name.empty()) return nullptr;

  if (top && (at(Tok::LParen) || at(Tok::Lt))) {
    auto fn = std::make_unique<FunctionDecl>(nameLoc);
    fn->name = name;
    fn->annotations = std::move(annotations);
    fn->returnType = std::move(type);
    names_->declareValue(name);
    ScopeGuard scope(*this);
    fn->typeParams = parseOptTypeParams();
    if (panic_ || !parseParams(fn->params)) return nullptr;
    Annotations bodyAnnotations = parseAnnotations();  // the body is a block statement
    if (panic_) return nullptr;
    fn->body = parseBlock(std::move(bodyAnnotations));
    if (!fn->body) return nullptr;
    return fn;
  }

  auto var = parseVariableRest(std::move(type), name, nameLoc, std::move(annotations));
  if (!var || !expect(Tok::Semi)) return nullptr;
  names_->declareValue(name);
  if (context == Context::TopLevel || context == Context::ObjInitializer)
    diags_.error(nameLoc, "variable declarations are not allowed {}; use 'const'",
                 contextName(static_cast<int>(context)));
  return var;
}

// `Type(args) name;` or `Type(args) name = { functions and instances };`
DeclPtr Parser::parseInstantiationRest(TypeRefPtr type, Annotations annotations) {
  std::vector<Argument> args;
  if (!parseArgs(args)) return nullptr;
  SourceLoc nameLoc;
  std::string name = takeName("an instance name", &nameLoc);
  if (name.empty()) return nullptr;
  auto inst = std::make_unique<InstantiationDecl>(nameLoc);
  inst->name = name;
  inst->annotations = std::move(annotations);
  inst->typeRef = std::move(type);
  inst->args = std::move(args);
  if (accept(Tok::Assign)) {
    inst->hasInitializer = true;
    if (!expect(Tok::LBrace)) return nullptr;
    {
      ScopeGuard scope(*this);
      parseDeclarationList(Context::ObjInitializer, inst->initializer);
    }
    if (!closeBrace(SyncLevel::Declaration)) return nullptr;
  }
  if (!expect(Tok::Semi)) return nullptr;
  names_->declareValue(name);
  return inst;
}

DeclPtr Parser::parseConst(Annotations annotations) {
  advance();  // const
  TypeRefPtr type = parseType();
  if (!type) return nullptr;
  SourceLoc nameLoc;
  std::string name = takeName("a constant name", &nameLoc);
  if (name.empty() || !expect(Tok::Assign)) return nullptr;
  auto decl = std::make_unique<ConstDecl>(nameLoc);
  decl->name = name;
  decl->annotations = std::move(annotations);
  decl->typeRef = std::move(type);
  decl->init = parseExpr();
  if (!decl->init || !expect(Tok::Semi)) return nullptr;
  names_->declareValue(name);
  return decl;
}

// `typedef T name;`, `type T name;`. A header, struct, union or enum written inline
// (`typedef struct S { ... } T;`) becomes its own declaration followed by the typedef.
void Parser::parseTypedef(Annotations annotations, std::vector<DeclPtr>& out) {
  bool isNewType = at(Tok::Ident);  // `type`
  advance();
  TypeRefPtr type;
  DeclPtr inlineDecl;
  if (at(Tok::KwHeader) || at(Tok::KwHeaderUnion) || at(Tok::KwStruct) || at(Tok::KwEnum)) {
    SourceLoc loc = cur().loc;
    inlineDecl = at(Tok::KwEnum) ? parseEnum({}) : parseStructLike({});
    if (!inlineDecl) return;
    type = std::make_unique<NamedTypeRef>(loc, Path{inlineDecl->name, false});
  } else {
    type = parseType();
    if (!type) return;
  }
  SourceLoc nameLoc;
  std::string name = takeName("a type name", &nameLoc);
  if (name.empty() || !expect(Tok::Semi)) return;
  auto decl = std::make_unique<TypedefDecl>(nameLoc);
  decl->name = name;
  decl->annotations = std::move(annotations);
  decl->isNewType = isNewType;
  decl->typeRef = std::move(type);
  names_->declareType(name);
  if (inlineDecl) out.push_back(std::move(inlineDecl));
  out.push_back(std::move(decl));
}

// `enum E { A, B }` or `enum bit<8> E { A = 1, B = 2 }`
DeclPtr Parser::parseEnum(Annotations annotations) {
  advance();  // enum
  TypeRefPtr underlying;
  if (!(at(Tok::Ident) && peekTok(1).is(Tok::LBrace))) {
    underlying = parseType();
    if (!underlying) return nullptr;
  }
  SourceLoc nameLoc;
  std::string name = takeName("an enum name", &nameLoc);
  if (name.empty()) return nullptr;
  names_->declareType(name);
  auto decl = std::make_unique<EnumDecl>(nameLoc);
  decl->name = name;
  decl->annotations = std::move(annotations);
  decl->underlying = std::move(underlying);
  if (!expect(Tok::LBrace)) return nullptr;
  while (!at(Tok::RBrace)) {
    Annotations memberAnnotations = parseAnnotations();
    SourceLoc loc;
    std::string member = takeName("an enum member name", &loc);
    if (member.empty()) return nullptr;
    auto m = std::make_unique<EnumMember>(loc);
    m->name = member;
    m->annotations = std::move(memberAnnotations);
    if (accept(Tok::Assign)) {
      m->value = parseExpr();
      if (!m->value) return nullptr;
    }
    decl->members.push_back(std::move(m));
    if (!accept(Tok::Comma)) break;
  }
  if (!expect(Tok::RBrace)) return nullptr;
  return decl;
}

// `error { A, B }`, `match_kind { exact, lpm }`
DeclPtr Parser::parseErrorOrMatchKind(Annotations annotations) {
  SourceLoc loc = cur().loc;
  bool isError = at(Tok::KwError);
  advance();
  if (!expect(Tok::LBrace)) return nullptr;
  EnumMembers members;
  while (!at(Tok::RBrace)) {
    SourceLoc memberLoc;
    std::string name = takeName(isError ? "an error name" : "a match kind name", &memberLoc);
    if (name.empty()) return nullptr;
    auto m = std::make_unique<EnumMember>(memberLoc);
    m->name = name;
    members.push_back(std::move(m));
    if (!accept(Tok::Comma)) break;
  }
  if (!expect(Tok::RBrace)) return nullptr;
  if (isError) {
    auto decl = std::make_unique<ErrorDecl>(loc);
    decl->name = "error";
    decl->annotations = std::move(annotations);
    decl->members = std::move(members);
    return decl;
  }
  auto decl = std::make_unique<MatchKindDecl>(loc);
  decl->name = "match_kind";
  decl->annotations = std::move(annotations);
  decl->members = std::move(members);
  return decl;
}

// header, header_union, struct (all possibly generic)
DeclPtr Parser::parseStructLike(Annotations annotations) {
  auto flavor = at(Tok::KwHeader)        ? StructLikeDecl::Flavor::Header
                : at(Tok::KwHeaderUnion) ? StructLikeDecl::Flavor::HeaderUnion
                                         : StructLikeDecl::Flavor::Struct;
  advance();
  SourceLoc nameLoc;
  std::string name = takeName("a type name", &nameLoc);
  if (name.empty()) return nullptr;
  names_->declareType(name);
  auto decl = std::make_unique<StructLikeDecl>(nameLoc, flavor);
  decl->name = name;
  decl->annotations = std::move(annotations);
  ScopeGuard scope(*this);
  decl->typeParams = parseOptTypeParams();
  if (panic_ || !expect(Tok::LBrace)) return nullptr;
  while (listGoesOn(SyncLevel::Declaration)) {
    size_t start = pos_;
    int depth = braceDepth_;
    Annotations fieldAnnotations = parseAnnotations();
    TypeRefPtr type = panic_ ? nullptr : parseType();
    SourceLoc loc;
    std::string fieldName = type ? takeName("a field name", &loc) : std::string();
    if (!fieldName.empty() && expect(Tok::Semi)) {
      auto field = std::make_unique<Field>(loc);
      field->name = fieldName;
      field->annotations = std::move(fieldAnnotations);
      field->typeRef = std::move(type);
      decl->fields.push_back(std::move(field));
    }
    if (panic_) synchronize(start, depth, SyncLevel::Statement);
  }
  if (!closeBrace(SyncLevel::Declaration)) return nullptr;
  return decl;
}

// `extern E<T> { E(...); R m<U>(...); abstract R a(...); }` or `extern R f<T>(...);`
DeclPtr Parser::parseExtern(Annotations annotations) {
  advance();  // extern
  bool object = false;
  if (at(Tok::Ident)) {
    if (peekTok(1).is(Tok::LBrace)) {
      object = true;
    } else if (peekTok(1).is(Tok::Lt)) {
      size_t after = scanTypeArgs(pos_ + 1);
      object = after != static_cast<size_t>(-1) && tokAt(after).is(Tok::LBrace);
    } else if (peekTok(1).is(Tok::Semi)) {  // forward declaration
      names_->declareType(cur().text);
      advance();
      advance();
      return nullptr;
    }
  }
  if (object) {
    SourceLoc nameLoc = cur().loc;
    auto decl = std::make_unique<ExternDecl>(nameLoc);
    decl->name = cur().text;
    decl->annotations = std::move(annotations);
    names_->declareType(decl->name);
    advance();
    ScopeGuard scope(*this);
    decl->typeParams = parseOptTypeParams();
    if (panic_ || !expect(Tok::LBrace)) return nullptr;
    while (listGoesOn(SyncLevel::Declaration)) {
      size_t start = pos_;
      int depth = braceDepth_;
      auto method = parseMethod(decl->name);
      if (method && !panic_) decl->methods.push_back(std::move(method));
      if (panic_ || pos_ == start) {
        if (!panic_) expected("a method declaration");
        synchronize(start, depth, SyncLevel::Statement);
      }
    }
    if (!closeBrace(SyncLevel::Declaration)) return nullptr;
    return decl;
  }
  TypeRefPtr returnType = parseType();
  if (!returnType) return nullptr;
  SourceLoc nameLoc;
  std::string name = takeName("a function name", &nameLoc);
  if (name.empty()) return nullptr;
  names_->declareValue(name);
  auto decl = std::make_unique<ExternFunctionDecl>(nameLoc);
  decl->name = name;
  decl->annotations = std::move(annotations);
  decl->returnType = std::move(returnType);
  ScopeGuard scope(*this);
  decl->typeParams = parseOptTypeParams();
  if (panic_ || !parseParams(decl->params) || !expect(Tok::Semi)) return nullptr;
  return decl;
}

std::unique_ptr<MethodDecl> Parser::parseMethod(const std::string& externName) {
  Annotations annotations = parseAnnotations();
  if (panic_) return nullptr;
  auto method = std::make_unique<MethodDecl>(cur().loc);
  method->annotations = std::move(annotations);
  method->isAbstract = accept(Tok::KwAbstract);
  ScopeGuard scope(*this);
  if (!method->isAbstract && atIdent(externName) && peekTok(1).is(Tok::LParen)) {
    method->loc = cur().loc;
    method->name = externName;
    method->isConstructor = true;
    advance();
  } else {
    method->returnType = parseType();
    if (!method->returnType) return nullptr;
    SourceLoc nameLoc;
    method->name = takeName("a method name", &nameLoc);
    if (method->name.empty()) return nullptr;
    method->loc = nameLoc;
    method->typeParams = parseOptTypeParams();
    if (panic_) return nullptr;
  }
  if (!parseParams(method->params) || !expect(Tok::Semi)) return nullptr;
  return method;
}

bool Parser::parseTypeDeclHead(std::string_view what, TypeDeclHead& head,
                               std::optional<ScopeGuard>& scope) {
  head.name = takeName(what, &head.nameLoc);
  if (head.name.empty()) return false;
  names_->declareType(head.name);
  scope.emplace(*this);
  head.typeParams = parseOptTypeParams();
  return !panic_ && parseParams(head.params);
}

// `parser P<T>(params);` (a type) or `parser P(params)(ctor params) { locals states }`
DeclPtr Parser::parseParser(Annotations annotations) {
  advance();  // parser
  TypeDeclHead head;
  std::optional<ScopeGuard> scope;
  if (!parseTypeDeclHead("a parser name", head, scope)) return nullptr;
  if (accept(Tok::Semi)) return declFromHead<ParserTypeDecl>(head, std::move(annotations));
  auto decl = declFromHead<ParserDecl>(head, std::move(annotations));
  if (at(Tok::LParen) && !parseParams(decl->ctorParams)) return nullptr;
  if (!expect(Tok::LBrace)) return nullptr;
  std::vector<DeclPtr> elements;
  parseDeclarationList(Context::ParserLocal, elements);
  if (!closeBrace(SyncLevel::Declaration)) return nullptr;
  for (auto& e : elements) {
    if (isa<ParserState>(e.get()))
      decl->states.emplace_back(cast<ParserState>(e.release()));
    else
      decl->locals.push_back(std::move(e));
  }
  return decl;
}

// `state s { statements transition ...; }`
std::unique_ptr<ParserState> Parser::parseState(Annotations annotations) {
  advance();  // state
  SourceLoc nameLoc;
  std::string name = takeName("a state name", &nameLoc);
  if (name.empty()) return nullptr;
  auto state = std::make_unique<ParserState>(nameLoc);
  state->name = name;
  state->annotations = std::move(annotations);
  if (!expect(Tok::LBrace)) return nullptr;
  ScopeGuard scope(*this);
  parseStatementList(state->stmts, true);
  if (at(Tok::KwTransition)) {
    state->transitionLoc = cur().loc;
    advance();
    if (at(Tok::KwSelect)) {
      state->transition = parseSelect();
      if (!state->transition) return nullptr;
      accept(Tok::Semi);  // `select(...) { ... };` is common enough to accept
    } else {
      SourceLoc loc;
      std::string next = takeName("a state name or 'select'", &loc);
      if (next.empty() || !expect(Tok::Semi)) return nullptr;
      state->transition = std::make_unique<PathExpr>(loc, Path{next, false});
    }
  }
  if (!closeBrace(SyncLevel::Statement)) return nullptr;
  return state;
}

// `control C<T>(params);` (a type) or `control C(params)(ctor) { locals apply { ... } }`
DeclPtr Parser::parseControl(Annotations annotations) {
  advance();  // control
  TypeDeclHead head;
  std::optional<ScopeGuard> scope;
  if (!parseTypeDeclHead("a control name", head, scope)) return nullptr;
  if (accept(Tok::Semi)) return declFromHead<ControlTypeDecl>(head, std::move(annotations));
  auto decl = declFromHead<ControlDecl>(head, std::move(annotations));
  if (at(Tok::LParen) && !parseParams(decl->ctorParams)) return nullptr;
  if (!expect(Tok::LBrace)) return nullptr;
  while (listGoesOn(SyncLevel::Declaration)) {
    if (atIdent("apply") && (peekTok(1).is(Tok::LBrace) || peekTok(1).is(Tok::At))) {
      advance();
      // `apply @noWarn("unused") { ... }`: the block statement may be annotated.
      Annotations annotations = parseAnnotations();
      if (panic_) return nullptr;
      decl->body = parseBlock(std::move(annotations));
      if (!decl->body) return nullptr;
      break;
    }
    size_t start = pos_;
    int depth = braceDepth_;
    parseDeclaration(Context::ControlLocal, decl->locals);
    if (panic_ || pos_ == start) {
      if (!panic_) expected("a declaration or 'apply'");
      synchronize(start, depth, SyncLevel::Declaration);
    }
  }
  if (!decl->body) {
    expected(fmt::format("'apply' block in control '{}'", decl->name));
    if (atOuterKeyword(SyncLevel::Declaration)) {  // the control ended early: go on after it
      panic_ = false;
      if (braceDepth_ > 0) --braceDepth_;
    }
    return nullptr;
  }
  if (!closeBrace(SyncLevel::Declaration)) return nullptr;
  return decl;
}

// `package P<T>(params);`
DeclPtr Parser::parsePackage(Annotations annotations) {
  advance();  // package
  TypeDeclHead head;
  std::optional<ScopeGuard> scope;
  if (!parseTypeDeclHead("a package name", head, scope) || !expect(Tok::Semi)) return nullptr;
  return declFromHead<PackageTypeDecl>(head, std::move(annotations));
}

DeclPtr Parser::parseAction(Annotations annotations) {
  advance();  // action
  SourceLoc nameLoc;
  std::string name = takeName("an action name", &nameLoc);
  if (name.empty()) return nullptr;
  names_->declareValue(name);
  auto decl = std::make_unique<ActionDecl>(nameLoc);
  decl->name = name;
  decl->annotations = std::move(annotations);
  ScopeGuard scope(*this);
  if (!parseParams(decl->params)) return nullptr;
  Annotations bodyAnnotations = parseAnnotations();  // the body is a block statement
  if (panic_) return nullptr;
  decl->body = parseBlock(std::move(bodyAnnotations));
  if (!decl->body) return nullptr;
  return decl;
}

// `value_set<T>(size) name;`
DeclPtr Parser::parseValueSet(Annotations annotations) {
  advance();  // value_set
  if (!expect(Tok::Lt)) return nullptr;
  TypeRefPtr type = parseType();
  if (!type || !closeAngle() || !expect(Tok::LParen)) return nullptr;
  ExprPtr size = parseExpr();
  if (!size || !expect(Tok::RParen)) return nullptr;
  SourceLoc nameLoc;
  std::string name = takeName("a value set name", &nameLoc);
  if (name.empty() || !expect(Tok::Semi)) return nullptr;
  names_->declareValue(name);
  auto decl = std::make_unique<ValueSetDecl>(nameLoc);
  decl->name = name;
  decl->annotations = std::move(annotations);
  decl->elementType = std::move(type);
  decl->size = std::move(size);
  return decl;
}

// ---------------------------------------------------------------------------------------
// Tables

DeclPtr Parser::parseTable(Annotations annotations) {
  advance();  // table
  SourceLoc nameLoc;
  std::string name = takeName("a table name", &nameLoc);
  if (name.empty()) return nullptr;
  names_->declareValue(name);
  auto decl = std::make_unique<TableDecl>(nameLoc);
  decl->name = name;
  decl->annotations = std::move(annotations);
  if (!expect(Tok::LBrace)) return nullptr;
  while (listGoesOn(SyncLevel::Statement)) {
    size_t start = pos_;
    int depth = braceDepth_;
    TableProperty prop;
    if (parseTableProperty(prop) && !panic_) decl->properties.push_back(std::move(prop));
    if (panic_ || pos_ == start) {
      if (!panic_) expected("a table property");
      synchronize(start, depth, SyncLevel::Statement);
    }
  }
  if (!closeBrace(SyncLevel::Statement)) return nullptr;
  return decl;
}

// `key = {...}`, `actions = {...}`, `const entries = {...}`, or `[const] name = expr;`
bool Parser::parseTableProperty(TableProperty& prop) {
  prop.annotations = parseAnnotations();
  if (panic_) return false;
  prop.isConst = accept(Tok::KwConst);
  prop.loc = cur().loc;
  prop.name = takeName("a table property", nullptr);
  if (prop.name.empty() || !expect(Tok::Assign)) return false;
  if (at(Tok::LBrace) && (prop.name == "key" || prop.name == "actions" || prop.name == "entries")) {
    advance();
    if (prop.name == "key") {
      prop.kind = TableProperty::Kind::Key;
      parseKeyElements(prop);
    } else if (prop.name == "actions") {
      prop.kind = TableProperty::Kind::Actions;
      parseActionRefs(prop);
    } else {
      prop.kind = TableProperty::Kind::Entries;
      parseEntries(prop);
    }
    if (!closeBrace(SyncLevel::Statement)) return false;
    accept(Tok::Semi);  // `key = { ... };` is a common habit; harmless
    return true;
  }
  prop.kind = TableProperty::Kind::Value;
  prop.value = parseExpr();
  return prop.value && expect(Tok::Semi);
}

// `expr : match_kind @annotations;`
void Parser::parseKeyElements(TableProperty& prop) {
  while (listGoesOn(SyncLevel::Statement)) {
    size_t start = pos_;
    int depth = braceDepth_;
    KeyElement key;
    key.loc = cur().loc;
    key.annotations = parseAnnotations();
    if (!panic_) key.expr = parseExpr();
    if (key.expr && expect(Tok::Colon)) {
      key.matchKind = takeName("a match kind", &key.matchKindLoc);
      if (!key.matchKind.empty()) {
        for (auto& a : parseAnnotations()) key.annotations.push_back(std::move(a));
        if (expect(Tok::Semi)) prop.keys.push_back(std::move(key));
      }
    }
    if (panic_) synchronize(start, depth, SyncLevel::Statement);
  }
}

// `@defaultonly a; b(1);`
void Parser::parseActionRefs(TableProperty& prop) {
  while (listGoesOn(SyncLevel::Statement)) {
    size_t start = pos_;
    int depth = braceDepth_;
    ActionRef ref;
    ref.loc = cur().loc;
    ref.annotations = parseAnnotations();
    if (!panic_) {
      ref.loc = cur().loc;
      ref.action = parseExpr();
    }
    if (ref.action && expect(Tok::Semi)) prop.actions.push_back(std::move(ref));
    if (panic_) synchronize(start, depth, SyncLevel::Statement);
  }
}

// `@priority(N)` on an entry, the spelling of P4-16 before 1.2.2 (and of p4c's programs),
// means `priority = N :`; it becomes that, so that no later pass sees two spellings.
void Parser::takePriorityAnnotation(TableEntry& entry) {
  for (auto it = entry.annotations.begin(); it != entry.annotations.end(); ++it) {
    if (it->name != "priority") continue;
    if (it->form != Annotation::Form::Parens || it->args.size() != 1 || !it->args[0]) {
      diags_.error(it->loc, "@priority on a table entry takes one integer: @priority(10)");
    } else if (entry.priority) {
      diags_.error(it->loc, "this entry has both @priority and 'priority ='; keep one");
    } else {
      entry.priority = std::move(it->args[0]);
    }
    entry.annotations.erase(it);
    return;
  }
}

// `[const] [priority = N :] keyset : action(args) @annotations;`
void Parser::parseEntries(TableProperty& prop) {
  while (listGoesOn(SyncLevel::Statement)) {
    size_t start = pos_;
    int depth = braceDepth_;
    TableEntry entry;
    entry.loc = cur().loc;
    entry.annotations = parseAnnotations();
    entry.isConst = !panic_ && accept(Tok::KwConst);
    if (!panic_ && atIdent("priority") && peekTok(1).is(Tok::Assign)) {
      advance();
      advance();
      entry.priority = parseExpr();
      if (entry.priority) expect(Tok::Colon);
    }
    if (!panic_) entry.keyset = parseKeyset();
    if (entry.keyset && expect(Tok::Colon)) {
      entry.action = parseExpr();
      if (entry.action) {
        for (auto& a : parseAnnotations()) entry.annotations.push_back(std::move(a));
        takePriorityAnnotation(entry);
        if (!panic_ && expect(Tok::Semi)) prop.entries.push_back(std::move(entry));
      }
    }
    if (panic_) synchronize(start, depth, SyncLevel::Statement);
  }
}

}  // namespace p4nfc
