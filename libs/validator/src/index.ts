export * from './validate.js';
export * from './repo-config.js';
export * from './locate.js';
export * from './builtin-rules.js';
