import { describe, expect, test } from '@jest/globals';
import { waitFor } from '../src/index.js';

describe('waitFor', () => {
  test('returns the first truthy value of the check; a throwing check counts as "not yet"', async () => {
    let calls = 0;
    const value = await waitFor(
      'the third call',
      () => {
        calls++;
        if (calls === 1) throw new Error('not ready');
        return calls >= 3 ? { calls } : undefined;
      },
      { intervalMs: 1 },
    );
    expect(value).toEqual({ calls: 3 });
  });

  test('gives up after its bound, naming what it waited for and the last error', async () => {
    await expect(
      waitFor(
        'a condition that never holds',
        () => {
          throw new Error('still broken');
        },
        { timeoutMs: 20, intervalMs: 5 },
      ),
    ).rejects.toThrow(/timed out after 20 ms waiting for a condition that never holds \(last error: still broken\)/);
  });
});
