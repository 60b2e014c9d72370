import { describe, expect, test } from '@jest/globals';
import { KDF_LABEL, ssoProgress } from '../src/sso/progress.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text(): string } {
  const out: string[] = [];
  const stream = { isTTY, write: (s: string) => out.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, text: () => out.join('') };
}

describe('restore progress on a terminal', () => {
  test('a line while the KDF runs, then distinct labels for the check pass and the load pass', () => {
    const { stream, text } = fakeStream(true);
    const bar = ssoProgress('restoring', stream);
    bar.onProgress({ phase: 'kdf', rows: 0 });
    expect(text()).toContain(KDF_LABEL);
    bar.onProgress({ phase: 'check', table: 'zato_sso_user', rows: 66002 });
    bar.onProgress({ phase: 'kdf', rows: 0 });
    bar.onProgress({ phase: 'load', table: 'zato_sso_user', rows: 66002 });
    bar.done();
    const t = text();
    expect(t).toContain('pass 1/2, checking the bundle: zato_sso_user: 66002');
    expect(t).toContain('pass 2/2, loading into the target: zato_sso_user: 66002');
    expect(t.indexOf('pass 1/2')).toBeLessThan(t.lastIndexOf(KDF_LABEL));
    expect(t.lastIndexOf(KDF_LABEL)).toBeLessThan(t.indexOf('pass 2/2'));
    expect(t.endsWith('\r\u001b[K')).toBe(true); // the line is cleared at the end
  });

  test('nothing is written when stderr is not a terminal', () => {
    const { stream, text } = fakeStream(false);
    const bar = ssoProgress('restoring', stream);
    bar.onProgress({ phase: 'kdf', rows: 0 });
    bar.onProgress({ phase: 'load', table: 't', rows: 1 });
    bar.done();
    expect(text()).toBe('');
  });
});
