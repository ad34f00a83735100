/**
 * The kinds of hub option and how each reads its value from the command line: a whole number in a
 * range, a text with its check, a choice, a flag, a list. `options.ts` holds the table built from
 * them. A value refused names its flag and says what to fix.
 */
/** Thrown for a bad command line; the message names the flag and says what to fix. */
export class ConfigError extends Error {}

/** What `node:util`'s `parseArgs` hands back for one flag. */
export type RawValue = string | boolean | (string | boolean)[] | undefined;

/** One option of the hub's command line. */
export interface HubOption<T> {
  /** Flag without its dashes, e.g. `max-dreamers`. */
  readonly flag: string;
  /** Placeholder of its value in `--help` (`N`, `FILE`…); none for a switch. */
  readonly arg?: string;
  /** How `parseArgs` takes it: a value, or a switch. */
  readonly type: 'string' | 'boolean';
  /** Given more than once, every value is kept. */
  readonly multiple?: boolean;
  /** Its `--help` text; `{default}` and `{range}` are filled in; `\n` starts a continuation line. */
  readonly help: string;
  /** Value when not given (`undefined`: the option stays unset). */
  readonly default: T;
  /**
   * Checks and converts what the command line said.
   * @throws {ConfigError} naming the flag when the value is refused.
   */
  read(raw: RawValue): T;
}

function first(raw: RawValue): string | undefined {
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return typeof value === 'string' ? value : undefined;
}

function all(raw: RawValue): string[] {
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values.filter((v): v is string => typeof v === 'string');
}

interface IntSpec<D extends number | undefined> {
  flag: string;
  arg?: string;
  help: string;
  /** Smallest and largest value taken, inclusive. */
  min: number;
  max: number;
  default: D;
}

/** A whole number within [min, max]. */
export function int<D extends number | undefined>(spec: IntSpec<D>): HubOption<number | D> & { readonly min: number; readonly max: number } {
  return {
    ...spec,
    arg: spec.arg ?? 'N',
    type: 'string',
    read(raw) {
      const value = first(raw);
      if (value === undefined) return spec.default;
      const n = Number(value);
      if (value.trim() === '' || !Number.isInteger(n) || n < spec.min || n > spec.max) {
        throw new ConfigError(`--${spec.flag} expects a whole number from ${spec.min} to ${spec.max}, got "${value}"`);
      }
      return n;
    },
  };
}

interface TextSpec<D extends string | undefined> {
  flag: string;
  arg: string;
  help: string;
  default: D;
  /** Why a value is refused (a sentence naming the flag), or undefined when it is fine. */
  check?: (value: string) => string | undefined;
}

/** A text value, checked by `check`. */
export function text<D extends string | undefined>(spec: TextSpec<D>): HubOption<string | D> {
  return {
    ...spec,
    type: 'string',
    read(raw) {
      const value = first(raw);
      if (value === undefined) return spec.default;
      const problem = spec.check?.(value);
      if (problem !== undefined) throw new ConfigError(problem);
      return value;
    },
  };
}

/** One of a fixed set of words. */
export function choice<const C extends string>(spec: { flag: string; arg: string; help: string; choices: readonly C[]; default: C }): HubOption<C> & { readonly choices: readonly C[] } {
  return {
    ...spec,
    type: 'string',
    read(raw) {
      const value = first(raw) ?? spec.default;
      const found = spec.choices.find((c) => c === value);
      if (found === undefined) throw new ConfigError(`--${spec.flag} expects one of ${spec.choices.join(', ')}, got "${value}"`);
      return found;
    },
  };
}

/** A switch: present or not (`--flag=value` is refused by `parseArgs`). */
export function flag(spec: { flag: string; help: string }): HubOption<boolean> {
  return { ...spec, type: 'boolean', default: false, read: (raw) => raw === true || (Array.isArray(raw) && raw.includes(true)) };
}

/** A value that may be given many times, each maybe a comma-separated list, each item checked. */
export function list(spec: { flag: string; arg: string; help: string; commas: boolean; check?: (item: string) => string | undefined }): HubOption<string[]> {
  return {
    ...spec,
    type: 'string',
    multiple: true,
    default: [],
    read(raw) {
      const values = all(raw);
      const items = spec.commas ? values.flatMap((v) => v.split(',')).map((a) => a.trim()).filter((a) => a !== '') : values;
      for (const item of items) {
        const problem = spec.check?.(item);
        if (problem !== undefined) throw new ConfigError(problem);
      }
      return items;
    },
  };
}
