import { describe, expect, it } from 'vitest';
import { loadGatewayConfig, resolveGatewaySettings } from '../../gateway/config.js';

describe('loadGatewayConfig', () => {
  it('has loopback defaults and OpenFaaS-like timeouts', () => {
    expect(loadGatewayConfig({ GATEWAY_AUTH: 'off' })).toEqual({
      host: '127.0.0.1',
      port: 8080,
      stackPath: 'stack.yml',
      stateDir: '.data/gateway',
      authFunctions: true,
      retryAttempts: 5,
      retryMinWaitMs: 1000,
      retryMaxWaitMs: 30_000,
      retryCodes: [429, 502, 503, 504],
      upstreamTimeoutMs: 300_000,
      replicaWaitMs: 10_000,
      startTimeoutMs: 60_000,
      maxAsyncBodyBytes: 32 * 1024 * 1024,
      functionEnv: {},
      callbackAllow: [],
    });
  });

  it('refuses to start without credentials unless GATEWAY_AUTH=off, saying why', () => {
    expect(() => loadGatewayConfig({})).toThrow('GATEWAY_AUTH_DIR is unset, so the gateway would accept every call without credentials; it refuses to start');
    expect(loadGatewayConfig({ GATEWAY_AUTH_DIR: '/run/secrets' }).authDir).toBe('/run/secrets');
    expect(loadGatewayConfig({}, { requireAuth: false }).authDir).toBeUndefined();
    expect(loadGatewayConfig({ GATEWAY_AUTH: 'off', GATEWAY_CALLBACK_ALLOW: 'hooks.lab.example, 10.0.0.5:9000' }).callbackAllow).toEqual(['hooks.lab.example', '10.0.0.5:9000']);
  });

  it('reads every GATEWAY_* variable', () => {
    const c = loadGatewayConfig({
      GATEWAY_HOST: '0.0.0.0',
      GATEWAY_PORT: '0',
      GATEWAY_STACK_FILE: 'x.yml',
      GATEWAY_STATE_DIR: '/var/q',
      GATEWAY_AUTH_DIR: '/run/secrets',
      GATEWAY_AUTH_FUNCTIONS: 'false',
      GATEWAY_RETRY_ATTEMPTS: '3',
      GATEWAY_RETRY_MIN_WAIT: '500ms',
      GATEWAY_RETRY_MAX_WAIT: '1m',
      GATEWAY_RETRY_CODES: '502, 503',
      GATEWAY_UPSTREAM_TIMEOUT: '65s',
      GATEWAY_MAX_ASYNC_BODY: '4mb',
      GATEWAY_FUNCTION_ENV: '{"S3_ENDPOINT":"http://127.0.0.1:9000"}',
    });
    expect(c).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      stackPath: 'x.yml',
      stateDir: '/var/q',
      authDir: '/run/secrets',
      authFunctions: false,
      retryAttempts: 3,
      retryMinWaitMs: 500,
      retryMaxWaitMs: 60_000,
      retryCodes: [502, 503],
      upstreamTimeoutMs: 65_000,
      maxAsyncBodyBytes: 4 * 1024 * 1024,
      functionEnv: { S3_ENDPOINT: 'http://127.0.0.1:9000' },
    });
  });

  it.each([
    [{ GATEWAY_PORT: 'http' }, 'GATEWAY_PORT: expected a port 0..65535, got "http"'],
    [{ GATEWAY_AUTH_FUNCTIONS: 'yes' }, 'GATEWAY_AUTH_FUNCTIONS: expected true or false'],
    [{ GATEWAY_RETRY_MIN_WAIT: 'soon' }, 'GATEWAY_RETRY_MIN_WAIT: expected a Go duration like "10s", "5m" or "1m30s", got "soon"'],
    [{ GATEWAY_RETRY_CODES: '5xx' }, 'GATEWAY_RETRY_CODES: expected HTTP statuses like "429,502,503,504"'],
    [{ GATEWAY_FUNCTION_ENV: '[1]' }, 'GATEWAY_FUNCTION_ENV: expected an object of strings as JSON'],
    [{ GATEWAY_RETRY_ATTEMPTS: '0' }, 'gateway options: retryAttempts: '],
  ])('fails fast on %j naming the variable', (env, message) => {
    expect(() => loadGatewayConfig({ GATEWAY_AUTH: 'off', ...env })).toThrow(message);
  });

  it('fills defaults for options given in code', () => {
    expect(resolveGatewaySettings({ stackPath: 's.yml', port: 0 })).toMatchObject({ stackPath: 's.yml', port: 0, host: '127.0.0.1', retryAttempts: 5 });
  });
});
