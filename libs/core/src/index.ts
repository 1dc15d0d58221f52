export * from './types.js';
export * from './rule.js';
export * from './manifests.js';
export * from './atomic-write.js';
export * from './repo-root.js';
export * from './worktree.js';
export * from './process-end.js';
