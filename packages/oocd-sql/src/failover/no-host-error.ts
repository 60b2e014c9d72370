import { AuthstateError } from '@authstate/oocd-core';

/**
 * Thrown when no host of the list accepted a connection. Nothing was sent to any database, so
 * the operation had no effect and is not "outcome unknown". Code `BACKEND`.
 */
export class NoHostAvailableError extends AuthstateError {
  constructor(tried: readonly string[], cause: unknown) {
    super(
      'oocd-sql',
      'BACKEND',
      `No database host accepted a connection (tried ${tried.join(', ')}). Nothing was written. ` +
        'Start at least one node, or check the host list in the URL and the network.',
      { cause },
    );
    this.name = 'NoHostAvailableError';
  }
}
