export * from './plugin.js';
export * from './projects.js';
export * from './generators.js';
export * from './executor.js';
