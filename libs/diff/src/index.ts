export * from './snapshot.js';
export * from './report.js';
export * from './worktree.js';
