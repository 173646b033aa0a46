// p4nf: the loader's command line (DESIGN.md section 5). One file per command in this
// folder; exit codes in exit_codes.h (and docs/loader.md).
#include <CLI/CLI.hpp>

#include "cli/cli_reference.h"
#include "cli/counter_command.h"
#include "cli/doctor_command.h"
#include "cli/down_command.h"
#include "cli/exit_codes.h"
#include "cli/status_command.h"
#include "cli/table_command.h"
#include "cli/test_command.h"
#include "cli/up_command.h"
#include "common/version.h"
#include "loader/nf_module.h"

int main(int argc, char** argv) {
  CLI::App app{"p4nf: deploy, inspect and test P4 network functions compiled by p4nfc"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("p4nf ") + p4nf::kVersion);
  std::string exitCodes;
  for (const p4nf::cli::ExitCodeMeaning& e : p4nf::cli::kExitCodeMeanings)
    exitCodes += (exitCodes.empty() ? "" : ", ") + std::to_string(e.code) + " " + e.meaning;
  app.footer("Exit codes: " + exitCodes +
             "\n\n`p4nf COMMAND --help` and `p4nf man COMMAND` say more of each command.");
  int exitCode = p4nf::cli::kExitOk;
  p4nf::cli::addUpCommand(app, exitCode);
  p4nf::cli::addApplyCommand(app, exitCode);
  p4nf::cli::addDownCommand(app, exitCode);
  p4nf::cli::addStatusCommand(app, exitCode);
  p4nf::cli::addTableCommand(app, exitCode);
  p4nf::cli::addCounterCommand(app, exitCode);
  p4nf::cli::addTestCommand(app, exitCode);
  p4nf::cli::addCompileCommand(app, exitCode);
  p4nf::cli::addDoctorCommand(app, exitCode);
  // The prebuilt modules' own verbs (loader/nf_module.h, addCommand).
  for (const std::string& name : p4nf::registeredNfModules())
    if (const p4nf::NfModule* module = p4nf::findNfModule(name); module && module->addCommand)
      module->addCommand(app, exitCode);
  p4nf::cli::addReferenceCommands(app, exitCode);  // last: it reads the commands above
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);  // prints help, or the error with a hint
    return code == 0 ? p4nf::cli::kExitOk : p4nf::cli::kExitUsage;
  }
  return exitCode;
}
