import { parseProperties } from '@authstate/oocd-core';
import { describe, expect, test } from '@jest/globals';
import { parseHeaderLines } from '../src/header-lines.js';
import { parseEntry, serializeEntry } from '../src/index.js';

const HEADERS = [
  '# c\nformat=1\nkey=/a/b\nexpiresAt=2030-01-01T00:00:00.000Z\nvalueBytes=3\nmeta.x=y',
  'format=1\nkey=/a b\nmeta.a:b=c',
  'format=1\nkey /a\n',
  'format: 1\nkey=/a',
  'format=1\n  key=/indented',
  'format=1\nkey= leading',
  'format=1\nkey=\ttab',
  'format=1\n-Dkey=/jvm',
  '\uFEFFformat=1\nkey=/bom',
  'format=1\r\nkey=/crlf',
  'format=1\nkey=/a\\\n  continued',
  'format=1\nkey=/esc\\u00e9\\n',
  'format=1\nkey',
  'format=1\n=novalue\nempty=',
  'format=1\n! bang comment\n#\nkey=/a=b=c',
  'format=1\nkey=/a\nkey=/b',
  'fo\u0000rmat=1\nkey=ü/ä',
];

describe('parseHeaderLines', () => {
  test.each(HEADERS)('reads %j exactly as parseProperties does', (text) => {
    expect([...parseHeaderLines(text)]).toEqual([...parseProperties(text)]);
  });

  test('entries with escapes in keys, values and metadata round-trip', () => {
    const entry = {
      key: '/k:=# !\\x/ ü\t',
      value: 'v\n\n',
      expiresAt: new Date(Date.UTC(2030, 0, 1)),
      metadata: { ' a=b:c': ' lead\\', '-Dx': '\u2028', plain: 'p q' },
    };
    expect(parseEntry(serializeEntry(entry))).toEqual(entry);
  });
});
