export * from './types.js';
export * from './loader.js';
export { CREDENTIALED_REGISTRIES, registryOf } from './delivery-checks.js';
export * from './deletion-policy.js';
export * from './slices.js';
export * from './model-size.js';
export * from './gateway.js';
export * from './kserve-build.js';
