// Environment config for every unit: loadEnv and its field types.
export * from './envFields.js';
export * from './loadEnv.js';
export * from './units.js';
