export * from './zato/index.js';
export * from './backup/index.js';
