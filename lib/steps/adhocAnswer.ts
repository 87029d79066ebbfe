// The answer to an ad-hoc call: the result JSON with expiring links to every output, or the step's picture for Accept: image/png.
import { ANONYMOUS_CALLER, isSafeSegment } from '../events/adhoc.js';
import type { StepName } from '../events/pipeline.js';
import { getStarTable, parseStar, starColumn } from '../formats/star/index.js';
import type { Linker } from '../store/presign.js';
import type { ObjectStore } from '../store/index.js';
import type { StepOutcome } from './stepDefinition.js';

/** The output sent for `Accept: image/png`: ctffind's spectrum, pick's overlay, motioncor's thumbnail. */
export const PNG_SUFFIX: Partial<Record<StepName, string>> = { motioncor: '.png', ctffind: '_spectrum.png', pick: '_picks.png' };

/** A reply: JSON value, or bytes with their content type. */
export type AdhocReply = { status: number; json: unknown } | { status: number; bytes: Uint8Array; contentType: string; headers: Record<string, string> };

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers | undefined, name: string): string | undefined {
  const v = headers?.[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The caller the gateway named in X-Caller (unsafe characters become "_"), else "anonymous". */
export function callerOf(headers: Headers | undefined): string {
  const raw = header(headers, 'x-caller')?.replace(/[^A-Za-z0-9_-]/g, '_');
  return raw && isSafeSegment(raw) ? raw : ANONYMOUS_CALLER;
}

/** The gateway's X-Call-Id when it is a plain key segment, else undefined (runStep then makes one). */
export function callIdOf(headers: Headers | undefined): string | undefined {
  const id = header(headers, 'x-call-id');
  return id && isSafeSegment(id) ? id : undefined;
}

/** True when the request asks for a picture. */
export function wantsPng(headers: Headers | undefined): boolean {
  return /(^|,)\s*image\/png\b/i.test(header(headers, 'accept') ?? '');
}

/** Result JSON (as stored) plus `links` {key: presigned URL} valid `linkSeconds`; on failure the outcome's error. */
export async function adhocAnswer(
  step: StepName, outcome: StepOutcome, store: ObjectStore, link: Linker, linkSeconds: number, png: boolean,
): Promise<AdhocReply> {
  if (outcome.status === 'failed') return { status: outcome.httpStatus, json: { error: outcome.error, outcome } };
  const result = JSON.parse(new TextDecoder().decode(await store.getBytes(outcome.resultKey))) as { outputs: string[] } & Record<string, unknown>;
  const suffix = PNG_SUFFIX[step];
  if (png && suffix) {
    const key = result.outputs.find((k) => k.endsWith(suffix));
    if (key) return { status: 200, bytes: await store.getBytes(key), contentType: 'image/png', headers: { 'X-Result-Key': outcome.resultKey } };
  }
  const star = step === 'pick' ? result.outputs.find((k) => k.endsWith('.star')) : undefined;
  const particles = star ? await particlesOf(store, star) : undefined;
  const links: Record<string, string> = {};
  for (const key of [...result.outputs, outcome.resultKey]) links[key] = await link(key);
  return { status: 200, json: { ...result, ...(particles ? { particles } : {}), resultKey: outcome.resultKey, status: outcome.status, links, linksExpireSeconds: linkSeconds } };
}

/** Pick's coordinates (micrograph pixels) and figures of merit from its STAR file, so the answer carries them. */
async function particlesOf(store: ObjectStore, key: string): Promise<{ x: number; y: number; score: number }[]> {
  const table = getStarTable(parseStar(new TextDecoder().decode(await store.getBytes(key)), key), '', key);
  const [xs, ys, fom] = ['rlnCoordinateX', 'rlnCoordinateY', 'rlnAutopickFigureOfMerit'].map((c) => starColumn(table, c, key).map(Number));
  return xs.map((x, i) => ({ x, y: ys[i], score: fom[i] }));
}
