export * from './kustomize.js';
export * from './kustomization.js';
export * from './renderer.js';
export * from './targets.js';
export * from './origin-locator.js';
export { survivesJson } from './render-cache.js';
export type { DroppedField, PatchDrop } from './dropped-fields.js';
