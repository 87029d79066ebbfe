// Tests for the embedded stack's one config: defaults, env overrides, flags, errors naming the variable.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStackConfig } from '../../single-machine/config.js';

describe('loadStackConfig', () => {
  it('defaults every port and folder under ./.data', () => {
    const c = loadStackConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', bucket: 'cryoem', storePort: 9000, gatewayPort: 8080, connectorPort: 8081, demo: true, exitAfterDemo: false });
    const data = resolve('.data');
    expect(c.paths).toEqual({ data, store: join(data, 'store'), events: join(data, 'events'), gatewayState: join(data, 'gateway'), secrets: join(data, 'secrets'), archive: join(data, 'archive') });
    expect(c.gateway).toMatchObject({ port: 8080, stateDir: join(data, 'gateway'), authDir: join(data, 'secrets') });
    expect(c.gateway.retryCodes).toContain(500);
    expect(c.functionEnv).toEqual({ GPFS_ROOT: join(data, 'archive'), TAPE_APPLY_COMMAND: 'none', TAPE_PREMIGRATE_COMMAND: 'none' });
  });

  it('takes env overrides and flags', () => {
    const c = loadStackConfig({ CRYOEM_DATA_DIR: '/srv/cryo', STORE_PORT: '0', GATEWAY_PORT: '18080', CRYOEM_BUCKET: 'facility', GPFS_ROOT: '/gpfs/exp', GATEWAY_RETRY_ATTEMPTS: '3' }, ['--no-demo', '--exit-after-demo']);
    expect(c).toMatchObject({ storePort: 0, gatewayPort: 18080, bucket: 'facility', demo: false, exitAfterDemo: true, paths: { store: '/srv/cryo/store' } });
    expect(c.gateway).toMatchObject({ port: 18080, retryAttempts: 3 });
    expect(c.functionEnv.GPFS_ROOT).toBe('/gpfs/exp');
  });

  it('wires alerts (watching the stack\'s archive root) and the scrape token only when they are configured', () => {
    expect(loadStackConfig({ CRYOEM_DATA_DIR: '/srv/cryo' }, []).alerts).toBeUndefined();
    const c = loadStackConfig({ CRYOEM_DATA_DIR: '/srv/cryo', ALERT_WEBHOOK_URL: 'http://chat.example/hooks/1', METRICS_TOKEN: 'scrape-token-0123456789' }, []);
    expect(c.alerts).toMatchObject({ webhookUrl: 'http://chat.example/hooks/1', archiveRoot: '/srv/cryo/archive' });
    expect(c.gateway.metricsToken).toBe('scrape-token-0123456789');
  });

  it.each([
    [{ STORE_PORT: 'x' }, [], 'stack config: STORE_PORT: expected a port 0..65535, got "x"'],
    [{ CONNECTOR_PORT: '70000' }, [], /^stack config: CONNECTOR_PORT: /],
    [{ CRYOEM_BUCKET: 'Bad_Bucket' }, [], /^stack config: CRYOEM_BUCKET: .*S3 bucket name/],
    [{ CRYOEM_DEMO: 'maybe' }, [], 'config: CRYOEM_DEMO: expected true or false, got "maybe"'],
    [{}, ['--demo'], 'config: unknown flag "--demo" (known: --no-demo, --exit-after-demo)'],
  ])('names the bad setting %#', (env, argv, message) => {
    expect(() => loadStackConfig(env, argv)).toThrow(message);
  });
});
