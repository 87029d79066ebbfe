// Tests for the S3_* store config: defaults, and errors naming the variable.
import { describe, expect, it } from 'vitest';
import { loadStoreConfig, storeConfigEnv } from '../../../lib/store/index.js';

const ENV = { S3_ENDPOINT: 'http://127.0.0.1:9000', S3_ACCESS_KEY_ID: 'AK', S3_SECRET_ACCESS_KEY: 'SK', S3_BUCKET: 'cryoem' };

describe('loadStoreConfig', () => {
  it('reads every field and defaults the region', () => {
    expect(loadStoreConfig(ENV)).toEqual({ endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', accessKeyId: 'AK', secretAccessKey: 'SK', bucket: 'cryoem' });
  });

  it('round-trips through storeConfigEnv', () => {
    const cfg = loadStoreConfig({ ...ENV, S3_REGION: 'eu-west-1' });
    expect(loadStoreConfig(storeConfigEnv(cfg))).toEqual(cfg);
  });

  it('names a missing variable', () => {
    expect(() => loadStoreConfig({ ...ENV, S3_BUCKET: undefined })).toThrow('store config: S3_BUCKET is not set');
  });

  it('names an invalid endpoint and its value', () => {
    expect(() => loadStoreConfig({ ...ENV, S3_ENDPOINT: 'not a url' })).toThrow(/S3_ENDPOINT: .*got "not a url"/);
  });

  it('never prints the secret', () => {
    expect(() => loadStoreConfig({ ...ENV, S3_ENDPOINT: undefined, S3_SECRET_ACCESS_KEY: undefined })).toThrow('store config: S3_ENDPOINT is not set; S3_SECRET_ACCESS_KEY is not set');
  });
});
