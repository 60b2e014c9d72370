import { describeFailoverEvent, describeReason } from './events.js';
import type { FailoverEvent, FailoverStats, HostAddress, ResolvedFailoverOptions } from './types.js';

type Counters = Omit<FailoverStats, 'currentHost' | 'hosts'>;

/**
 * The ordered host list with its state: which hosts are marked down and until when, which host
 * new connections go to, and the counters. Emits the fail-over events.
 */
export class HostList {
  readonly addresses: readonly HostAddress[];
  readonly labels: readonly string[];
  readonly counters: Counters = {
    markedDown: 0,
    moves: 0,
    returns: 0,
    connectionsOpened: 0,
    connectFailures: 0,
    queryFailures: 0,
    lifetimeRetired: 0,
    retries: 0,
    retriesSucceeded: 0,
    outcomeUnknown: 0,
  };
  readonly #downUntil: number[];
  readonly #markedDown: number[];
  readonly #opened: number[];
  readonly #open: number[];
  readonly #options: ResolvedFailoverOptions;
  readonly #onDown: (index: number) => void;
  #current: number | undefined;

  /** @param onDown called when a host becomes marked down (the pool drops its idle connections). */
  constructor(addresses: readonly HostAddress[], options: ResolvedFailoverOptions, onDown: (index: number) => void) {
    this.addresses = addresses;
    this.labels = addresses.map((a) => `${a.host}:${a.port}`);
    this.#downUntil = addresses.map(() => 0);
    this.#markedDown = addresses.map(() => 0);
    this.#opened = addresses.map(() => 0);
    this.#open = addresses.map(() => 0);
    this.#options = options;
    this.#onDown = onDown;
  }

  /** True while `index` is marked down. */
  isDown(index: number): boolean {
    return (this.#downUntil[index] ?? 0) > this.#options.now();
  }

  /**
   * Hosts to try for a new connection: those not marked down in priority order, then the marked
   * ones (soonest mark end first), so that a cluster whose nodes all failed recently is still tried.
   */
  connectOrder(): number[] {
    const all = this.addresses.map((_, i) => i);
    const up = all.filter((i) => !this.isDown(i));
    const down = all.filter((i) => this.isDown(i)).sort((a, b) => (this.#downUntil[a] ?? 0) - (this.#downUntil[b] ?? 0));
    return [...up, ...down];
  }

  /** Marks `index` down for the fail-over timeout (a host already marked keeps its mark). */
  markDown(index: number, error: unknown): void {
    if (this.isDown(index)) return;
    const until = this.#options.now() + this.#options.failoverTimeoutMs;
    this.#downUntil[index] = until;
    this.#markedDown[index] = (this.#markedDown[index] ?? 0) + 1;
    this.counters.markedDown++;
    this.emit({ type: 'host-down', host: this.label(index), until: new Date(until), reason: describeReason(error) });
    this.#onDown(index);
  }

  /** Records a new connection to `index`; reports when traffic moved away or returned. */
  opened(index: number): void {
    this.#opened[index] = (this.#opened[index] ?? 0) + 1;
    this.#open[index] = (this.#open[index] ?? 0) + 1;
    this.counters.connectionsOpened++;
    const previous = this.#current;
    this.#current = index;
    if (previous === undefined || previous === index) return;
    if (index > previous) {
      this.counters.moves++;
      this.emit({ type: 'moved', from: this.label(previous), to: this.label(index) });
    } else {
      this.counters.returns++;
      this.emit({ type: 'returned', from: this.label(previous), to: this.label(index) });
    }
  }

  /** Records that a connection to `index` was closed. */
  closed(index: number): void {
    this.#open[index] = Math.max(0, (this.#open[index] ?? 0) - 1);
  }

  /** `host:port` of `index`. */
  label(index: number): string {
    return this.labels[index] ?? `#${index}`;
  }

  /** Sends an event to the logger (a failing logger never breaks the pool). */
  emit(event: FailoverEvent): void {
    try {
      this.#options.logger(describeFailoverEvent(event), event);
    } catch {
      // Logging must not turn into a database error.
    }
  }

  /** A snapshot of the counters and host states. */
  stats(): FailoverStats {
    return {
      currentHost: this.#current === undefined ? undefined : this.label(this.#current),
      hosts: this.addresses.map((_, i) => ({
        host: this.label(i),
        down: this.isDown(i),
        downUntil: this.isDown(i) ? new Date(this.#downUntil[i] ?? 0) : undefined,
        markedDown: this.#markedDown[i] ?? 0,
        opened: this.#opened[i] ?? 0,
        open: this.#open[i] ?? 0,
      })),
      ...this.counters,
    };
  }
}
