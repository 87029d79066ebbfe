// Mirror of a microscope share into the bucket: watcher, settle detection, verified uploads, resume, bandwidth limit, cleanup.
export { startMirror } from './mirror.js';
export type { Mirror, MirrorOptions } from './mirror.js';
export type { MirrorStats } from './progress.js';
export { createProgressReporter } from './progress.js';
export { isIgnoredName, isIgnoredPath } from './ignore.js';
export { companionPaths } from './companion.js';
export { createSettleTracker } from './settle.js';
export type { FileSample, SettleTracker } from './settle.js';
export { createTokenBucket, throttle } from './tokenBucket.js';
export type { TokenBucket, TokenBucketOptions } from './tokenBucket.js';
export { etagTap, etagMatches } from './etag.js';
export type { EtagDigest } from './etag.js';
export { uploadShareFile, alreadyUploaded, MIRROR_META } from './uploadFile.js';
export type { UploadOutcome, UploadShareFileOptions, UploadStatus } from './uploadFile.js';
export { mayDeleteFromShare, cleanupShareFile } from './shareCleanup.js';
export type { ShareDeleteInput, ShareDeleteOptions } from './shareCleanup.js';
