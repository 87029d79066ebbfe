// Public surface of the stack.yml module.
export * from './schema.js';
export * from './envsubst.js';
export * from './loadStack.js';
export * from './labels.js';
export * from './topics.js';
