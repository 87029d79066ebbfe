// The shared idempotent step runner and the OpenFaaS-shaped handler factory every function uses.
export type { StepContext, StepDefinition, StepOutcome, StepOutputFile, StepRun, StepStatus } from './stepDefinition.js';
export { runStep } from './runStep.js';
export type { RunStepOptions } from './runStep.js';
export { createStepHandler, requestsOf } from './createStepHandler.js';
export type { CreateStepHandlerOptions, HandlerContext, HandlerEvent, StepHandler } from './createStepHandler.js';
export { committedEtag, isCommitted } from './commit.js';
export { INPUT_ETAG_META, INPUT_KEY_META, inputMetadata, recordedInputEtag } from './metadata.js';
export { buildErrorRecord, writeErrorRecord } from './errorRecord.js';
export { loadSessionParams } from './sessionParams.js';
export { imagePng } from './imagePng.js';
export { ctffindFiles } from './ctffindFiles.js';
export type { ImagePngOptions } from './imagePng.js';
export { motioncorFiles } from './motioncorFiles.js';
export { driftPlotPng } from './driftPlotPng.js';
export type { DriftPlotOptions } from './driftPlotPng.js';
