/**
 * Exhaustiveness guard for `switch` statements over discriminated unions.
 * Reaching it at run time means a message or command kind was added without being handled.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
