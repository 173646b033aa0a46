#include "cli/cli_reference.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/exit_codes.h"

namespace p4nf::cli {
namespace {

// One command of the tree: `p4nf table dump` is {"table", "dump"}.
struct Command {
  std::vector<std::string> path;
  const CLI::App* app;
};

bool hidden(const CLI::App* app) { return app->get_group().empty(); }

void collect(const CLI::App* app, std::vector<std::string> path, std::vector<Command>& out) {
  out.push_back({path, app});
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App*) { return true; })) {
    if (hidden(sub)) continue;
    std::vector<std::string> next = path;
    next.push_back(sub->get_name());
    collect(sub, next, out);
  }
}

std::string join(const std::vector<std::string>& words, const std::string& separator) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

std::vector<std::string> optionNames(const CLI::Option* option) {
  std::vector<std::string> names;
  for (const std::string& s : option->get_snames()) names.push_back("-" + s);
  for (const std::string& l : option->get_lnames()) names.push_back("--" + l);
  return names;
}

// Flags expect no value (CLI11 sets expected(0) for them).
bool takesValue(const CLI::Option* option) { return option->get_expected_max() > 0; }

// What an option's (or positional's) value is, from its CLI11 type: "{text,json}" (an
// IsMember check) gives the words, "FILE" (ExistingFile) files; --deployment the
// deployments that are up. Empty: free text.
enum class ValueKind { Free, Words, File, Deployment };
ValueKind valueKind(const CLI::Option* option, std::string& words) {
  if (option->check_lname("deployment")) return ValueKind::Deployment;
  std::string type = option->get_type_name();
  size_t open = type.find('{'), close = type.find('}');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    words = type.substr(open + 1, close - open - 1);
    for (char& c : words)
      if (c == ',') c = ' ';
    return ValueKind::Words;
  }
  if (type.find("FILE") != std::string::npos || option->check_lname("file")) return ValueKind::File;
  // The program and script arguments of `test` and `compile` name files.
  if (option->get_positional() && (option->check_name("program") || option->check_name("stf")))
    return ValueKind::File;
  return ValueKind::Free;
}

std::string completionFor(ValueKind kind, const std::string& words) {
  switch (kind) {
    case ValueKind::Words: return "COMPREPLY=($(compgen -W \"" + words + "\" -- \"$cur\"))";
    case ValueKind::File: return "compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\"))";
    case ValueKind::Deployment: return "COMPREPLY=($(compgen -W \"$(_p4nf_deployments)\" -- \"$cur\"))";
    case ValueKind::Free: return "COMPREPLY=()";
  }
  return "COMPREPLY=()";
}

std::string bashCompletion(const CLI::App& root) {
  std::vector<Command> commands;
  collect(&root, {}, commands);
  std::ostringstream skip, descend, values, words, positionals;
  for (const Command& c : commands) {
    std::string path = join(c.path, " ");
    std::vector<std::string> subcommands, options;
    for (const CLI::App* sub : c.app->get_subcommands([](const CLI::App*) { return true; })) {
      if (hidden(sub)) continue;
      subcommands.push_back(sub->get_name());
      descend << "      \"" << path << "|" << sub->get_name() << "\") path=\""
              << (path.empty() ? "" : path + " ") << sub->get_name() << "\" ;;\n";
    }
    for (const CLI::Option* option : c.app->get_options()) {
      if (option->get_positional()) {
        std::string listed;
        ValueKind kind = valueKind(option, listed);
        if (kind != ValueKind::Free)
          positionals << "      \"" << path << "\") " << completionFor(kind, listed) << "; return ;;\n";
        continue;
      }
      if (option->check_lname("help")) continue;  // offered by every command; left out
      for (const std::string& name : optionNames(option)) {
        options.push_back(name);
        if (!takesValue(option)) continue;
        std::string listed;
        ValueKind kind = valueKind(option, listed);
        skip << "      \"" << path << "|" << name << "\") skip=1 ;;\n";
        values << "      \"" << path << "|" << name << "\") " << completionFor(kind, listed)
               << "; return ;;\n";
      }
    }
    // An option when the word starts with '-'; else a subcommand, or the options when
    // the command has none.
    words << "      \"" << path << "\") subcommands=\"" << join(subcommands, " ") << "\" options=\""
          << join(options, " ") << "\" ;;\n";
  }
  std::ostringstream out;
  out << "# bash completion for p4nf, written by `p4nf completion bash` from the command's own\n"
         "# options; install it as /usr/share/bash-completion/completions/p4nf, or source it.\n"
         "_p4nf_deployments() {\n"
         "  local root=${P4NF_RUN_ROOT:-/run/p4nf}\n"
         "  [ -d \"$root\" ] && (cd \"$root\" && ls -1)\n"
         "}\n"
         "_p4nf() {\n"
         "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
         "  local path=\"\" subcommands=\"\" options=\"\" words w i skip=0\n"
         "  # The command path so far (\"table dump\"), past options and their values.\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    w=${COMP_WORDS[i]}\n"
         "    if ((skip)); then skip=0; continue; fi\n"
         "    case \"$path|$w\" in\n"
      << skip.str() << descend.str()
      << "    esac\n"
         "  done\n"
         "  # The value of an option.\n"
         "  if ((skip)); then\n"
         "    case \"$path|$prev\" in\n"
      << values.str()
      << "    esac\n"
         "  fi\n"
         "  case \"$path\" in\n"
      << words.str()
      << "  esac\n"
         "  if [[ $cur == -* ]]; then\n"
         "    words=$options\n"
         "  elif [[ -n $subcommands ]]; then\n"
         "    words=$subcommands\n"
         "  else\n"
         "    # A positional argument that names a file.\n"
         "    case \"$path\" in\n"
      << positionals.str()
      << "    esac\n"
         "    words=$options\n"
         "  fi\n"
         "  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
         "}\n"
         "complete -F _p4nf p4nf\n";
  return out.str();
}

// ---- man pages ------------------------------------------------------------------------

// Text for troff: backslashes escaped, '-' as \- (so that options copy as ASCII hyphens),
// and a line that starts with '.' or '\'' protected.
std::string roff(const std::string& text) {
  std::string out;
  bool lineStart = true;
  for (char c : text) {
    if (lineStart && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
    lineStart = c == '\n';
  }
  return out;
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string pageName(const Command& c) {
  return c.path.empty() ? "p4nf" : "p4nf-" + join(c.path, "-");
}

// A footer's paragraphs: blank lines separate them; lines indented by two spaces or more
// (examples, tables) are kept as they are.
void paragraphs(std::ostream& out, const std::string& text) {
  std::istringstream in(text);
  bool literal = false;
  out << ".PP\n";
  for (std::string line; std::getline(in, line);) {
    bool indented = line.rfind("  ", 0) == 0;
    if (line.empty()) {
      if (literal) out << ".fi\n";
      literal = false;
      out << ".PP\n";
      continue;
    }
    if (indented && !literal) out << ".nf\n.RS 4\n";
    if (!indented && literal) out << ".RE\n.fi\n";
    if (indented && !literal) literal = true;
    else if (!indented) literal = false;
    out << roff(indented ? line.substr(2) : line) << "\n";
  }
  if (literal) out << ".RE\n.fi\n";
}

const char* kEnvironment =
    "P4NF_BPFFS_ROOT\n  where deployments are pinned (default /sys/fs/bpf/p4nf)\n"
    "P4NF_RUN_ROOT\n  where state files, locks and the agent's pid live (default /run/p4nf)\n"
    "P4NF_NF_PATH\n  colon-separated folders of prebuilt modules (nf/<name>/<name>.p4)\n"
    "XDG_CACHE_HOME\n  the module compile cache is $XDG_CACHE_HOME/p4nf (default /var/cache/p4nf)\n"
    "P4NF_KERNEL_DENY\n  kernel features to treat as missing (tests; docs/kernel.md)\n";

std::string manPage(const Command& c, const std::vector<Command>& all) {
  std::ostringstream out;
  std::string name = pageName(c);
  std::string words = join(c.path, " ");
  out << ".TH " << upper(name) << " 1 \"\" \"p4nf\" \"p4nf manual\"\n";
  out << ".SH NAME\n" << roff(name) << " \\- " << roff(c.app->get_description()) << "\n";
  out << ".SH SYNOPSIS\n.B p4nf" << (words.empty() ? "" : " " + roff(words)) << "\n";
  std::vector<const CLI::App*> subs;
  for (const CLI::App* sub : c.app->get_subcommands([](const CLI::App*) { return true; }))
    if (!hidden(sub)) subs.push_back(sub);
  if (!subs.empty()) out << ".I COMMAND\n";
  for (const CLI::Option* option : c.app->get_options()) {
    if (option->check_lname("help")) continue;
    std::string text = option->get_positional() ? "\\fI" + roff(option->get_name(true)) + "\\fR"
                                                : roff(optionNames(option).back());
    if (!option->get_positional() && takesValue(option)) text += " \\fIVALUE\\fR";
    if (option->get_positional() && option->get_expected_max() > 1) text += " ...";
    out << (option->get_required() ? text : "[" + text + "]") << "\n";
  }
  out << ".SH DESCRIPTION\n" << roff(c.app->get_description()) << ".\n";
  if (!c.app->get_footer().empty()) paragraphs(out, c.app->get_footer());
  if (!subs.empty()) {
    out << ".SH COMMANDS\n";
    for (const CLI::App* sub : subs) {
      std::vector<std::string> path = c.path;
      path.push_back(sub->get_name());
      out << ".TP\n.B " << roff(sub->get_name()) << "\n" << roff(sub->get_description()) << " ("
          << roff(pageName({path, sub})) << "(1))\n";
    }
  }
  out << ".SH OPTIONS\n";
  for (const CLI::Option* option : c.app->get_options()) {
    std::string names = option->get_positional() ? "\\fI" + roff(option->get_name(true)) + "\\fR"
                                                 : "\\fB" + roff(join(optionNames(option), ", ")) + "\\fR";
    if (!option->get_positional() && takesValue(option)) {
      std::string type = option->get_type_name();
      names += " \\fI" + roff(type.empty() ? "VALUE" : type) + "\\fR";
    }
    out << ".TP\n" << names << "\n" << roff(option->get_description()) << "\n";
  }
  out << ".SH EXIT STATUS\n";
  for (const ExitCodeMeaning& e : kExitCodeMeanings)
    out << ".TP\n.B " << e.code << "\n" << roff(e.meaning) << "\n";
  if (c.path.empty()) {
    out << ".SH ENVIRONMENT\n";
    std::istringstream in(kEnvironment);
    for (std::string line; std::getline(in, line);)
      out << (line.rfind("  ", 0) == 0 ? roff(line.substr(2)) : ".TP\n.B " + roff(line)) << "\n";
    out << ".SH FILES\n.TP\n.B /etc/p4nf/<name>.yaml\nthe config of the service p4nf@<name> "
           "(deploy/systemd/p4nf@.service)\n.TP\n.B /run/p4nf/<deployment>/\nstate.json, lock, "
           "agent (the agent's pid), sandbox.json\n.TP\n.B /sys/fs/bpf/p4nf/<deployment>/\nthe "
           "deployment's pinned maps, programs and links\n";
  }
  out << ".SH SEE ALSO\n";
  // The root page names every page; a command's page names p4nf(1) and its relatives.
  std::vector<std::string> see;
  for (const Command& other : all) {
    bool related = c.path.empty() || other.path.empty() || other.path.front() == c.path.front();
    if (&other != &c && related) see.push_back(".BR " + roff(pageName(other)) + " (1)");
  }
  out << join(see, ",\n") << "\n.PP\nThe documentation in the source tree: README.md, "
      << "docs/config.md, docs/loader.md, docs/metrics.md, docs/json.md, docs/fleet.md.\n";
  return out.str();
}

const Command* findCommand(const std::vector<Command>& all, const std::vector<std::string>& path) {
  for (const Command& c : all)
    if (c.path == path) return &c;
  return nullptr;
}

}  // namespace

void addReferenceCommands(CLI::App& app, int& exitCode) {
  CLI::App* completion = app.add_subcommand("completion", "Print a shell completion script");
  completion->footer(
      "The script completes subcommands, options and their values (files, text|json, the\n"
      "deployments that are up). Install it for every user, or load it into the running\n"
      "shell.\n"
      "\n"
      "Examples:\n"
      "  p4nf completion bash > /usr/share/bash-completion/completions/p4nf\n"
      "  source <(p4nf completion bash)");
  auto shell = std::make_shared<std::string>();
  completion->add_option("shell", *shell, "The shell: bash")->required()->check(CLI::IsMember({"bash"}));
  completion->callback([&app, &exitCode] {
    std::cout << bashCompletion(app);
    exitCode = kExitOk;
  });

  CLI::App* man = app.add_subcommand("man", "Print the manual page of p4nf or of one of its commands");
  man->footer(
      "The pages are written from the command's own options and help texts: read one, or\n"
      "write them all (p4nf.1, p4nf-<command>.1) into a folder of the MANPATH.\n"
      "\n"
      "Examples:\n"
      "  p4nf man table dump | man -l -\n"
      "  p4nf man --dir /usr/local/share/man/man1");
  auto verb = std::make_shared<std::vector<std::string>>();
  auto dir = std::make_shared<std::string>();
  man->add_option("command", *verb, "The command, e.g. up or table dump (default: p4nf itself)");
  man->add_option("--dir", *dir, "Write every page into this folder instead");
  man->callback([&app, &exitCode, verb, dir] {
    std::vector<Command> all;
    collect(&app, {}, all);
    if (!dir->empty()) {
      std::error_code error;
      std::filesystem::create_directories(*dir, error);
      for (const Command& c : all) {
        std::ofstream file(*dir + "/" + pageName(c) + ".1");
        file << manPage(c, all);
        if (!file) {
          std::cerr << "p4nf: cannot write " << *dir << "/" << pageName(c) << ".1\n";
          exitCode = kExitError;
          return;
        }
      }
      exitCode = kExitOk;
      return;
    }
    const Command* command = findCommand(all, *verb);
    if (!command) {
      std::cerr << "p4nf: no command \"" << join(*verb, " ") << "\" (p4nf --help lists them)\n";
      exitCode = kExitUsage;
      return;
    }
    std::cout << manPage(*command, all);
    exitCode = kExitOk;
  });
}

}  // namespace p4nf::cli
