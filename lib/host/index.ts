// Public surface of the function host.
export type { FunctionEvent, FunctionContext, Handler } from './types.js';
export * from './createHostServer.js';
export * from './serveHandler.js';
export * from './functionContext.js';
export * from './readBody.js';
export * from './hostConfig.js';
export * from './loadHandler.js';
export * from './watchParent.js';
export * from './timeouts.js';
export * from './invokeHandler.js';
export * from './callTracker.js';
export * from './sendReply.js';
export * from './readiness.js';
export * from './privateTmpdir.js';
