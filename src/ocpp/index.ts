export * from './versions.js';
export * from './actions.js';
export * from './errors.js';
export * from './frames.js';
export * from './schemas.js';
