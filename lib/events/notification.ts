// The one adapter from store notifications (MinIO webhook, AWS / Ceph RGW S3 event JSON) to plain events.
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';

/** One object event, with the key decoded to the object's real name. */
export interface StoreEvent {
  /** Normalised to the MinIO spelling: `s3:ObjectCreated:Put`, `s3:ObjectRemoved:Delete`, … */
  eventName: string;
  bucket: string;
  key: string;
  /** Without quotes; absent for deletes (and for s3rver copies). */
  etag?: string;
  size?: number;
  contentType?: string;
  userMetadata: Record<string, string>;
  eventSource: string;
  eventTime?: string;
  sequencer?: string;
}

const S3Record = z.object({
  eventSource: z.string().optional(),
  eventTime: z.string().optional(),
  eventName: z.string().min(1),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().nonnegative().optional(),
      eTag: z.string().optional(),
      contentType: z.string().optional(),
      userMetadata: z.record(z.string(), z.string()).nullish(),
      sequencer: z.string().optional(),
    }),
  }),
});

/** MinIO's `event.Log` (EventName + Key + Records) and the plain S3 `{Records}` body share this shape. */
export const StoreNotification = z.object({
  EventName: z.string().optional(),
  /** MinIO only: `<bucket>/<key>`, not escaped. */
  Key: z.string().optional(),
  Records: z.array(S3Record),
});
export type StoreNotification = z.infer<typeof StoreNotification>;

/** Inverse of Go's url.QueryEscape (MinIO) and of AWS's form encoding: `+` is a space, `%XX` a byte. */
export function queryUnescape(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch (err) {
    throw new InvalidInputError(`notification key "${encoded}": not valid URL encoding`, { cause: err });
  }
}

/** Go's url.QueryEscape: everything but [A-Za-z0-9-_.~] is %XX (UTF-8), and a space is `+`. */
export function queryEscape(raw: string): string {
  return encodeURIComponent(raw).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

/** `ObjectCreated:Put` (AWS, s3rver) → `s3:ObjectCreated:Put` (MinIO). */
export function normaliseEventName(name: string): string {
  return name.startsWith('s3:') ? name : `s3:${name}`;
}

/** True for every `s3:ObjectCreated:*` event. */
export function isObjectCreated(event: Pick<StoreEvent, 'eventName'>): boolean {
  return event.eventName.startsWith('s3:ObjectCreated:');
}

/** True when the body looks like a store notification rather than a direct step request. */
export function isStoreNotification(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'Records' in body;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
}

/** Decoded key of one record; Ceph RGW sends keys unescaped, MinIO and AWS query-escape them. */
function recordKey(record: z.infer<typeof S3Record>, log: StoreNotification): string {
  const source = record.eventSource ?? '';
  if (log.Key !== undefined && log.Records.length === 1 && log.Key.startsWith(`${record.s3.bucket.name}/`)) {
    return log.Key.slice(record.s3.bucket.name.length + 1);
  }
  return source.startsWith('ceph') ? record.s3.object.key : queryUnescape(record.s3.object.key);
}

/**
 * Parses a MinIO webhook body or an S3 event notification (AWS, Ceph RGW, s3rver) into events.
 * An AWS `s3:TestEvent` body gives no events. Throws InvalidInputError naming the bad field.
 */
export function parseStoreNotification(body: unknown): StoreEvent[] {
  if (typeof body === 'object' && body !== null && (body as { Event?: unknown }).Event === 's3:TestEvent') return [];
  const parsed = StoreNotification.safeParse(body);
  if (!parsed.success) throw new InvalidInputError(`store notification: ${describeIssues(parsed.error)}`);
  const log = parsed.data;
  return log.Records.map((r) => {
    const o = r.s3.object;
    const event: StoreEvent = {
      eventName: normaliseEventName(r.eventName),
      bucket: r.s3.bucket.name,
      key: recordKey(r, log),
      userMetadata: { ...(o.userMetadata ?? {}) },
      eventSource: r.eventSource ?? '',
    };
    if (o.eTag !== undefined && o.eTag !== '') event.etag = o.eTag.replace(/^"+|"+$/g, '');
    if (o.size !== undefined) event.size = o.size;
    if (o.contentType !== undefined) event.contentType = o.contentType;
    if (r.eventTime !== undefined) event.eventTime = r.eventTime;
    if (o.sequencer !== undefined) event.sequencer = o.sequencer;
    return event;
  });
}
