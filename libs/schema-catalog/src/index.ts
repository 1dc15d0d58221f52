export * from './catalog.js';
export * from './lock.js';
export * from './crd-schema.js';
export * from './core-kinds.js';
export * from './findings.js';
export * from './compact.js';
export * from './pinned.js';
