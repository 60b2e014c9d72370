export { DataServiceClient } from './client.js';
export { type EntryJson, entryFromJson } from './entry-json.js';
export { errorForResponse, HttpError, serverErrorCode } from './errors.js';
export { keyToPath } from './key-path.js';
export type { ClientOptions } from './options.js';
