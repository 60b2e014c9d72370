export * from './backup/index.js';
export * from './zato/index.js';
