export { type Directive, isDirectiveLine, parseDirective } from './directive.js';
export { type BlockLang, extractBlocks, type ReadmeBlock } from './extract-blocks.js';
export { findReadmes } from './find-readmes.js';
export { type BlockRun, type RunOptions, runBlock, startBlock, stopGroup, waitFor } from './run-block.js';
export { planUnits, runUnits, type Unit, type UnitsOptions } from './run-units.js';
