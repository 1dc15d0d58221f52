export * from './types.js';
export * from './registry.js';
export * from './engine.js';
export * from './config.js';
export * from './suppress.js';
export * from './model/kserve.js';
export * from './model/pods.js';
export { RULE_PACK } from './rules/index.js';
export * from './docs.js';
