// Where a step call reads and writes: the pipeline's keys for a pipeline trigger, an ad-hoc prefix for any other input.
import { acceptedInputs, adhocPrefix, chainProblem, isAdhocInput, refForPrefix } from '../events/adhoc.js';
import { micrographKey, parseInputKey, sessionParamsKey } from '../events/pipeline.js';
import type { MovieRef, StepName } from '../events/pipeline.js';
import { SessionParams } from '../events/sessionParams.js';
import type { StepRequest } from '../events/stepRequest.js';
import { InvalidInputError } from '../errors.js';
import type { ObjectStore } from '../store/index.js';

/** Who called and which call this is; both become key segments of the default ad-hoc prefix. */
export interface CallIdentity {
  caller: string;
  callId: string;
}

export interface StepTarget {
  /** The movie whose output keys the run writes (an ad-hoc prefix is read as experiment/session). */
  ref: MovieRef;
  /** The object the step computes on: the movie (motioncor) or the micrograph (ctffind, pick). */
  source: string;
  /** False for a pipeline trigger: session.json applies and the outputs trigger the next step. */
  adhoc: boolean;
  chain: boolean;
}

/** The data object behind a pipeline trigger: the movie itself, or motioncor's micrograph. */
function pipelineSource(step: StepName, key: string, ref: MovieRef): string {
  return step === 'ctffind' || step === 'pick' ? micrographKey(ref) : key;
}

/** Resolves `request` for `step`; InvalidInputError names the key or prefix that does not fit. */
export function resolveTarget(step: StepName, request: StepRequest, who: CallIdentity): StepTarget {
  const pipelineRef = parseInputKey(step, request.key);
  const chain = request.chain ?? false;
  if (pipelineRef && request.output === undefined && request.chain === undefined) {
    return { ref: pipelineRef, source: pipelineSource(step, request.key, pipelineRef), adhoc: false, chain: false };
  }
  if (step === 'finalize') throw new InvalidInputError(`key "${request.key}": step finalize archives pipeline sessions only (no output prefix or chain)`);
  const source = pipelineRef ? pipelineSource(step, request.key, pipelineRef) : request.key;
  if (!pipelineRef && !isAdhocInput(step, request.key)) {
    throw new InvalidInputError(`key "${request.key}": not an input of step ${step} (it takes ${acceptedInputs(step)})`);
  }
  if (chain && step === 'pick') throw new InvalidInputError(`"chain": true on pick: finalize archives a session's raw movies, an ad-hoc micrograph has none`);
  let ref: MovieRef;
  try {
    ref = refForPrefix(request.output ?? adhocPrefix(who.caller, who.callId, chain), source);
  } catch (err) {
    throw new InvalidInputError((err as Error).message, { cause: err });
  }
  const problem = chainProblem(step, ref, chain);
  if (problem) throw new InvalidInputError(`output prefix "${request.output ?? ''}": ${problem}`);
  return { ref, source, adhoc: true, chain };
}

/** An ad-hoc call's session parameters: defaults with the request's `params`, validated by the SessionParams schema. */
export function adhocParams(params: Record<string, unknown> = {}): SessionParams {
  const known = Object.fromEntries(Object.entries(params).filter(([name]) => name in SessionParams.shape));
  const parsed = SessionParams.safeParse(known);
  if (!parsed.success) {
    throw new InvalidInputError(`request params: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * Before a chained run: the next steps read session.json and motioncor's micrograph key, so both are
 * put in place (session.json only when absent). Keys written are pushed onto `written` for cleanup.
 */
export async function prepareChain(store: ObjectStore, step: StepName, target: StepTarget, params: SessionParams, written: string[]): Promise<void> {
  const paramsKey = sessionParamsKey(target.ref);
  if (!(await store.head(paramsKey))) {
    written.push(paramsKey);
    await store.put(paramsKey, JSON.stringify(params, null, 2) + '\n', { contentType: 'application/json' });
  }
  const mic = micrographKey(target.ref);
  if (step === 'ctffind' && target.source !== mic) {
    written.push(mic);
    await store.put(mic, await store.getBytes(target.source), { contentType: 'application/octet-stream' });
  }
}
