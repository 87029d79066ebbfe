// Tests for the standalone connector's environment config.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConnectorConfig } from '../../connector/connectorConfig.js';

const BASE = { GATEWAY_URL: 'http://gateway:8080', WEBHOOK_AUTH_TOKEN: 'abcdefgh12345678', GATEWAY_AUTH: 'off' };

describe('loadConnectorConfig', () => {
  it('reads the minimum with defaults', () => {
    expect(loadConnectorConfig(BASE)).toEqual({ host: '127.0.0.1', port: 8081, gatewayUrl: 'http://gateway:8080', authToken: 'abcdefgh12345678', topicRefreshMs: 10_000, reconcileOnStart: true, reconcileConcurrency: 8 });
  });

  it('refuses to start without gateway credentials unless GATEWAY_AUTH=off', () => {
    expect(() => loadConnectorConfig({ ...BASE, GATEWAY_AUTH: undefined })).toThrow('connector config: no gateway credentials (GATEWAY_USER/GATEWAY_PASSWORD or GATEWAY_AUTH_DIR); the connector refuses to start without them');
    expect(loadConnectorConfig({ ...BASE, GATEWAY_AUTH: undefined, GATEWAY_USER: 'u', GATEWAY_PASSWORD: 'p' }).gatewayAuth).toEqual({ user: 'u', password: 'p' });
  });

  it('reads secrets from files (Swarm secrets) and the gateway auth folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'connector-config-'));
    try {
      await writeFile(join(dir, 'token'), 'from-a-file-123456\n');
      await writeFile(join(dir, 'basic-auth-user'), 'admin\n');
      await writeFile(join(dir, 'basic-auth-password'), 'pw\n');
      const c = loadConnectorConfig({ GATEWAY_URL: 'http://g:8080', WEBHOOK_AUTH_TOKEN_FILE: join(dir, 'token'), GATEWAY_AUTH_DIR: dir, RECONCILE_ON_START: 'false', CONNECTOR_HOST: '0.0.0.0' });
      expect(c).toMatchObject({ authToken: 'from-a-file-123456', gatewayAuth: { user: 'admin', password: 'pw' }, reconcileOnStart: false, host: '0.0.0.0' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [{ WEBHOOK_AUTH_TOKEN: 'abcdefgh12345678' }, /^connector config: GATEWAY_URL is not set/],
    [{ GATEWAY_URL: 'http://g' }, /^connector config: WEBHOOK_AUTH_TOKEN is not set/],
    [{ ...BASE, WEBHOOK_AUTH_TOKEN: 'short' }, /^connector config: WEBHOOK_AUTH_TOKEN: .*8/],
    [{ ...BASE, CONNECTOR_PORT: 'eighty' }, 'connector config: CONNECTOR_PORT: expected a port 0..65535, got "eighty"'],
  ])('names the bad variable %#', (env, message) => {
    expect(() => loadConnectorConfig(env)).toThrow(message);
  });
});
