export * from './types.js';
export * from './emit.js';
export * from './plan.js';
export * from './apply.js';
export * from './cluster.js';
export * from './endpoint.js';
export * from './shared.js';
