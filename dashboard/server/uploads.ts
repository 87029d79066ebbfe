// Presigned multipart uploads from the browser straight into raw/<experiment>/<session>/, refusing non-movies by magic bytes.
import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, ListPartsCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Router } from 'express';
import { z } from 'zod';
import { ConflictError, InvalidInputError } from '../../lib/errors.js';
import { MOVIE_EXTENSIONS } from '../../lib/events/pipeline.js';
import { detectMovieFormat } from '../../lib/formats/detectFormat.js';
import type { ObjectStore } from '../../lib/store/index.js';
import { parseBody, Segment } from './validate.js';

export interface UploadDeps {
  s3: S3Client;
  store: ObjectStore;
  /** @default 8 MiB */
  partSizeBytes?: number;
  /** Lifetime of presigned part URLs. @default 3600 */
  urlSeconds?: number;
}

/** Bytes of a file's head the page sends and the server re-reads after completion. */
export const HEAD_BYTES = 4096;

export const Create = z.object({
  experiment: Segment, session: Segment, fileName: Segment, size: z.number().int().nonnegative(), head: z.base64(),
  /** Replace an existing movie: its ETag as the page saw it (the 409 answer names it). */
  replaceEtag: z.string().min(1).optional(),
});
export const Parts = z.object({ key: z.string().startsWith('raw/'), uploadId: z.string().min(1), partNumbers: z.array(z.number().int().min(1).max(10_000)).min(1).max(1000) });
export const Complete = z.object({ key: z.string().startsWith('raw/'), uploadId: z.string().min(1), parts: z.array(z.object({ partNumber: z.number().int().min(1), etag: z.string().min(1) })).min(1) });
export const Abort = z.object({ key: z.string().startsWith('raw/'), uploadId: z.string().min(1) });

const hex = (b: Uint8Array) => [...b.subarray(0, 8)].map((x) => x.toString(16).padStart(2, '0')).join(' ');

/** Throws InvalidInputError unless `head` starts a TIFF, MRC or EER movie and the name has a movie extension. */
export function checkMovieFile(fileName: string, head: Uint8Array): void {
  const ext = /\.([^./]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (!(MOVIE_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new InvalidInputError(`file "${fileName}": refused, the name must end in .${MOVIE_EXTENSIONS.join(', .')} (got "${ext ? `.${ext}` : 'no extension'}")`);
  }
  if (detectMovieFormat(head) === null) {
    throw new InvalidInputError(`file "${fileName}": refused, not a TIFF, MRC or EER movie by its magic bytes (starts ${hex(head) || 'empty'})`);
  }
}

export function uploadRouter(deps: UploadDeps): Router {
  const { s3, store } = deps;
  const Bucket = store.bucket;
  const partSize = deps.partSizeBytes ?? 8 * 1024 * 1024;
  const router = Router();

  router.post('/uploads', async (req, res) => {
    const body = parseBody(Create, req.body, 'upload');
    checkMovieFile(body.fileName, Buffer.from(body.head, 'base64'));
    const key = `raw/${body.experiment}/${body.session}/${body.fileName}`;
    // A dropped file never silently replaces a raw movie: replacing needs the ETag of the one being replaced.
    const existing = await store.head(key);
    if (existing && body.replaceEtag !== existing.etag) {
      const why = body.replaceEtag ? `changed since (ETag now ${existing.etag}, you sent ${body.replaceEtag})` : `already exists (ETag ${existing.etag})`;
      throw Object.assign(new ConflictError(`"${key}" ${why}: upload it under a new name, or replace it by sending replaceEtag`), { etag: existing.etag });
    }
    const out = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: key, ContentType: 'application/octet-stream' }));
    res.json({ key, uploadId: out.UploadId, partSize, partCount: Math.max(1, Math.ceil(body.size / partSize)) });
  });

  router.post('/uploads/parts', async (req, res) => {
    const body = parseBody(Parts, req.body, 'upload parts');
    const urls = await Promise.all(body.partNumbers.map(async (partNumber) => ({
      partNumber,
      url: await getSignedUrl(s3, new UploadPartCommand({ Bucket, Key: body.key, UploadId: body.uploadId, PartNumber: partNumber }), { expiresIn: deps.urlSeconds ?? 3600 }),
    })));
    res.json({ urls });
  });

  // Parts the store already holds (for resume); stores without ListParts (s3rver) answer 501 and the page keeps its own record.
  router.get('/uploads/parts', async (req, res) => {
    const body = parseBody(Abort, req.query, 'list parts');
    try {
      const out = await s3.send(new ListPartsCommand({ Bucket, Key: body.key, UploadId: body.uploadId }));
      res.json({ parts: (out.Parts ?? []).map((p) => ({ partNumber: p.PartNumber, etag: p.ETag, size: p.Size })) });
    } catch (err) {
      res.status(501).json({ error: `list parts: the store cannot list parts (${(err as Error).name})`, type: 'NotImplemented' });
    }
  });

  router.post('/uploads/complete', async (req, res) => {
    const body = parseBody(Complete, req.body, 'complete upload');
    const parts = [...body.parts].sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ PartNumber: p.partNumber, ETag: p.etag }));
    const out = await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: body.key, UploadId: body.uploadId, MultipartUpload: { Parts: parts } }));
    // The page's check can be bypassed: read the stored object's own first bytes again.
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: body.key, Range: `bytes=0-${HEAD_BYTES - 1}` }));
    const head = got.Body ? await got.Body.transformToByteArray() : new Uint8Array(0);
    try {
      checkMovieFile(body.key.split('/').pop() ?? body.key, head);
    } catch (err) {
      await store.delete(body.key);
      throw err;
    }
    res.json({ key: body.key, etag: out.ETag?.replace(/"/g, '') });
  });

  router.post('/uploads/abort', async (req, res) => {
    const body = parseBody(Abort, req.body, 'abort upload');
    try { await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: body.key, UploadId: body.uploadId })); } catch { /* already gone */ }
    res.json({ aborted: body.key });
  });
  return router;
}
