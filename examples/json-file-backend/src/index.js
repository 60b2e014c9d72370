// @ts-check
import { AuthstateError } from '@authstate/oocd-core';
import { JsonFileDriver } from './json-file-driver.js';

export { JsonFileDriver };

/**
 * The factory `openOocd({ class: '<this module>', dir })` calls: a third-party backend is a module
 * exporting `createOocdDriver(config)`.
 *
 * @type {import('@authstate/oocd-core').OocdDriverFactory}
 */
export const createOocdDriver = (config) => {
  const dir = config.dir;
  if (typeof dir !== 'string' || dir === '') {
    throw new AuthstateError('json-file', 'CONFIG', 'Missing required option `dir` (the folder for store.json).');
  }
  return new JsonFileDriver(dir);
};
