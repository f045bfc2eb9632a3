/** A yargs coerce for a path option: given without a value (`-o` at the end) it is bad input, exit 2. */
export function needsValue(flag: string): (v: string) => string {
  return (v) => {
    if (v === '') throw new Error(`--${flag} needs a value`);
    return v;
  };
}
