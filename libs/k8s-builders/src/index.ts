export * from './kserve.js';
export * from './models.js';
