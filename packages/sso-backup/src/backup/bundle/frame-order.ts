import { FrameType, LAST_VERSION_WITH_SQL } from './format.js';
import { ShapeError } from './json-shape.js';

const NAMES = new Map<number, string>(Object.entries(FrameType).map(([name, byte]) => [byte, name]));

/** The frames every bundle starts with, in this order (formats 1 and 2). */
const OPENING = [FrameType.info, FrameType.schema, FrameType.key];

/**
 * Checks the order of a bundle's frames as they are read: `I`, `S`, `K` first, then table
 * sections (`T` followed by its `R`/`C` rows) — formats 1 and 2 with `D` (SQL) frames anywhere among
 * them — then one `M` (manifest) and the end. Unknown frame types, `C` frames in a format 1 bundle,
 * `D` frames in a format 3 bundle, rows outside
 * a table section, anything repeated or out of place throw {@link ShapeError}.
 *
 * @example
 * ```ts
 * const order = new FrameOrder(header.version); for (const f of frames) order.accept(f.type); order.end();
 * ```
 */
export class FrameOrder {
  readonly #version: number;
  #index = 0;
  #inTable = false;
  #manifest = false;

  constructor(version: number) {
    this.#version = version;
  }

  /** Accepts the next frame's type (not the end frame) or throws. */
  accept(type: number): void {
    const at = this.#index++;
    const name = NAMES.get(type);
    if (name === undefined || type === FrameType.end)
      throw new ShapeError(`frame ${at} has the unknown type 0x${type.toString(16).padStart(2, '0')}`);
    const opening = OPENING[at];
    if (opening !== undefined) {
      if (type !== opening) throw new ShapeError(`frame ${at} is ${name}, expected ${NAMES.get(opening)}`);
      return;
    }
    if (this.#manifest) throw new ShapeError(`frame ${at} (${name}) follows the manifest`);
    switch (type) {
      case FrameType.table:
        this.#inTable = true;
        return;
      case FrameType.sql:
        if (this.#version > LAST_VERSION_WITH_SQL) {
          throw new ShapeError(`frame ${at} is sql, which format ${this.#version} does not have`);
        }
        return;
      case FrameType.canonicalRows:
      case FrameType.rows:
        if (type === FrameType.canonicalRows && this.#version < 2) {
          throw new ShapeError(`frame ${at} is canonicalRows, which format ${this.#version} does not have`);
        }
        if (!this.#inTable) throw new ShapeError(`frame ${at} holds rows outside a table section`);
        return;
      case FrameType.manifest:
        this.#manifest = true;
        return;
      default:
        throw new ShapeError(`frame ${at} is a second ${name} frame`);
    }
  }

  /** Checks that the frames read before the end frame make a whole bundle. */
  end(): void {
    if (!this.#manifest) throw new ShapeError('it ends without a manifest');
  }
}
