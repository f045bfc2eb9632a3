/**
 * Errors dcsim raises on purpose. Each has a stable `code` (for scripts and tests)
 * and the process exit code the CLI uses: 2 for bad input, 1 for a failed run.
 */
export class DcsimError extends Error {
  constructor(readonly code: string, message: string, readonly exitCode: number) {
    super(message);
    this.name = new.target.name;
  }
}

/** Something the user wrote (a scenario, a flag, a file) is wrong. */
export class InputError extends DcsimError {
  constructor(code: string, message: string) {
    super(code, message, 2);
  }
}

/** The simulation itself could not go on (a model invariant broke). */
export class SimulationError extends DcsimError {
  constructor(code: string, message: string) {
    super(code, message, 1);
  }
}
