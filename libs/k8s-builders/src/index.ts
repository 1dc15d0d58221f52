export * from './kserve.js';
export * from './models.js';
export * from './istio-security.js';
