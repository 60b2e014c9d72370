/** A JSON value that is not what a bundle's header or frame must hold; `message` says what was wrong. */
export class ShapeError extends Error {}

/** A JSON object read field by field, each read checking the field's type (else {@link ShapeError}). */
export class JsonObject {
  readonly #value: Record<string, unknown>;
  readonly #where: string;

  /** @param where - names the value in messages, e.g. `header`, `schema table 2`. */
  constructor(value: unknown, where: string) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ShapeError(`its ${where} is ${describe(value)}, not a JSON object`);
    }
    this.#value = value as Record<string, unknown>;
    this.#where = where;
  }

  /** The raw value of `key`. */
  raw(key: string): unknown {
    return Object.hasOwn(this.#value, key) ? this.#value[key] : undefined;
  }

  /** A string field (`optional`: may be absent or null → undefined). */
  string(key: string, optional?: false): string;
  string(key: string, optional: true): string | undefined;
  string(key: string, optional = false): string | undefined {
    const v = this.raw(key);
    if (optional && (v === undefined || v === null)) return undefined;
    if (typeof v !== 'string') this.wrong(key, v, 'a string');
    return v;
  }

  /** An integer field within `[min, max]`. */
  integer(key: string, min: number, max: number): number {
    const v = this.raw(key);
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) this.wrong(key, v, `an integer from ${min} to ${max}`);
    return v;
  }

  /** A boolean field. */
  boolean(key: string): boolean {
    const v = this.raw(key);
    if (typeof v !== 'boolean') this.wrong(key, v, 'true or false');
    return v;
  }

  /** An array field, each element read by `each` (given its index). */
  array<T>(key: string, each: (element: unknown, i: number) => T): T[] {
    const v = this.raw(key);
    if (!Array.isArray(v)) this.wrong(key, v, 'an array');
    return v.map(each);
  }

  /** An array of strings. */
  strings(key: string): string[] {
    return this.array(key, (e, i) => {
      if (typeof e !== 'string') this.wrong(`${key}[${i}]`, e, 'a string');
      return e;
    });
  }

  /** A field that must be one of `choices`. */
  oneOf<T extends string>(key: string, choices: readonly T[]): T {
    const v = this.raw(key);
    if (!choices.includes(v as T)) this.wrong(key, v, choices.map((c) => JSON.stringify(c)).join(' or '));
    return v as T;
  }

  /** Fails for `key`: it holds `value`, and should hold `expected`. */
  wrong(key: string, value: unknown, expected: string): never {
    throw new ShapeError(`its ${this.#where} field ${key} is ${describe(value)}, expected ${expected}`);
  }
}

/** A short, safe description of a JSON value for messages (never more than 40 characters of it). */
export function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** Parses JSON, turning a syntax error into a {@link ShapeError} naming `what`. */
export function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ShapeError(`its ${what} is not valid JSON`);
  }
}
