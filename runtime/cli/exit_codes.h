// exit_codes.h — the exit status every twinsync subcommand returns.
#pragma once

namespace twinsync::cli {

enum ExitCode : int {
  kExitOk = 0,         // success
  kExitInputError = 1, // the input (a rule file, an issue, a request) had errors
  kExitUsage = 2,      // bad usage or environment: unknown flag, missing file, unreachable node
};

}  // namespace twinsync::cli
