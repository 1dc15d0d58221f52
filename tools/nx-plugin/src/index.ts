// The plugin's light entry (project graph and executor); the generators are bundled apart (generators-entry.ts).
export * from './plugin.js';
export * from './projects.js';
export * from './executor.js';
