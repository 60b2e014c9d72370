import type pg from 'pg';
import { driverOf } from '../../drivers.js';

/** timestamp, timestamptz, date, time: kept as the server's text so microseconds survive. */
const TEXT_TYPES = new Set([1114, 1184, 1082, 1083]);

/**
 * pg type parsers for one pool (the global `pg.types` stay untouched) that return date/time
 * columns as the server's text, the form Zato's dates are compared and copied in.
 */
export const pgTextTimeTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (TEXT_TYPES.has(oid)) return (value: string) => value;
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads do not accept a union format
    return driverOf('postgresql').types.getTypeParser(oid, format as any);
  },
} as pg.CustomTypesConfig;
