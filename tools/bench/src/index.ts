export * from './synthetic-stream.js';
export * from './synthetic-repo.js';
export * from './measure.js';
export * from './render-floor.js';
export * from './figures.js';
