import { describe, expect, test } from '@jest/globals';
import { parseOocdProperties, parseProperties } from '../src/index.js';

describe('parseProperties', () => {
  test('comments, separators, continuations and escapes', () => {
    const text = [
      '# comment',
      '! also a comment',
      'a=1',
      'b : 2',
      'c 3',
      '  d=spaced value  ',
      'e=one \\',
      '   two',
      'f=tab\\tnl\\nu\\u00fc',
      'g\\=h=eq in key',
      'empty=',
      '',
    ].join('\n');
    expect(Object.fromEntries(parseProperties(text))).toEqual({
      a: '1',
      b: '2',
      c: '3',
      d: 'spaced value  ',
      e: 'one two',
      f: 'tab\tnl\nuü',
      'g=h': 'eq in key',
      empty: '',
    });
  });

  test('CRLF line endings and a BOM', () => {
    expect(Object.fromEntries(parseProperties('\uFEFFa=1\r\nb=2\r\n'))).toEqual({ a: '1', b: '2' });
  });
});

describe('parseOocdProperties (nevisAuth names)', () => {
  test('full nevisAuth names, with and without -D, map to short names', () => {
    const text = [
      '-Dch.nevis.esauth.OutOfContextDataService.class=ch.nevis.esauth.ooc.sql.SqlOOCDService',
      '-Dch.nevis.esauth.OutOfContextDataService.jdbcUrl=jdbc:mariadb://localhost:3306/OOCD',
      'ch.nevis.esauth.OutOfContextDataService.dataUser=oocddatauser',
      '-Dch.nevis.esauth.OutOfContextDataService.dataUserPassword=${exec:/var/opt/keys/pw.sh}',
      'automaticDbSchemaSetup=true',
    ].join('\n');
    expect(parseOocdProperties(text)).toEqual({
      class: 'ch.nevis.esauth.ooc.sql.SqlOOCDService',
      jdbcUrl: 'jdbc:mariadb://localhost:3306/OOCD',
      dataUser: 'oocddatauser',
      dataUserPassword: '${exec:/var/opt/keys/pw.sh}',
      automaticDbSchemaSetup: 'true',
    });
  });
});
