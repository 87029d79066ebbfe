// Object metadata every step output carries: which input (key and ETag) it was computed from.

/** Metadata names (x-amz-meta-*) on outputs, result JSONs and error records. */
export const INPUT_ETAG_META = 'input-etag';
export const INPUT_KEY_META = 'input-key';

/** Metadata values must be ASCII in S3 headers, so the key is URI-encoded. */
export function inputMetadata(key: string, etag: string): Record<string, string> {
  return { [INPUT_ETAG_META]: etag, [INPUT_KEY_META]: encodeURIComponent(key) };
}

/** The input ETag recorded on an object's metadata, or undefined. */
export function recordedInputEtag(metadata: Record<string, string>): string | undefined {
  return metadata[INPUT_ETAG_META];
}
