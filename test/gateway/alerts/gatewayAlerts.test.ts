// Alert rules posting to a local Slack/Mattermost-style receiver: once per firing, a resolved message, rate-limited.
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayAlerts } from '../../../gateway/alerts/gatewayAlerts.js';
import { AlertSettingsSchema, createAlerts, webhookNotify } from '../../../lib/alerts/index.js';
import { createLogger } from '../../../lib/log.js';
import { startCallbackReceiver, type CallbackReceiver } from '../../fixtures/functions/callbackReceiver.js';

const log = createLogger('gateway', {}, () => undefined);
let hook: CallbackReceiver;
beforeAll(async () => { hook = await startCallbackReceiver(); });
afterAll(() => hook?.close());

/** The texts the receiver got since `from`, each checked to be Slack/Mattermost's `{"text": ...}` body. */
const texts = (from = 0) => hook.received.slice(from).map((c) => {
  expect(c.headers['content-type']).toBe('application/json');
  const body = JSON.parse(c.body) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['text']);
  return body.text as string;
});

function rig(overrides: Record<string, unknown> = {}) {
  let t = 1_000_000;
  const state = { dead: 0, queued: 0 };
  const settings = AlertSettingsSchema.parse({ webhookUrl: hook.url, minIntervalMs: 60_000, backlogGrowingMs: 10 * 60_000, ...overrides });
  const alerts = createAlerts({ notify: webhookNotify(hook.url), minIntervalMs: settings.minIntervalMs, log, now: () => t });
  const rules = createGatewayAlerts(settings, alerts, {
    functionNames: () => ['motioncor'], depth: () => ({ queued: state.queued, inflight: 0 }), deadLetterCount: async () => state.dead,
  }, log, () => t);
  return { rules, alerts, state, advance: (ms: number) => { t += ms; } };
}

describe('gateway alerts', () => {
  it('fires once for three failures in a row and resolves on the next success; a flap within the interval stays quiet', async () => {
    const from = hook.received.length;
    const { rules, alerts, advance } = rig();
    for (const status of [500, 502, null, 500, 500]) rules.observeCall('motioncor', 'async', status, 1);
    await hook.waitFor(() => hook.received.length >= from + 1);
    rules.observeCall('motioncor', 'async', 200, 1);
    await hook.waitFor(() => hook.received.length >= from + 2);
    expect(texts(from)).toEqual([
      ':rotating_light: FIRING function "motioncor" failed 3 calls in a row (last status unreachable)',
      ':white_check_mark: RESOLVED function "motioncor" answers again',
    ]);
    // Three more failures 30 s later: the rule fires again but the message is rate-limited, and so is its resolve.
    advance(30_000);
    for (let i = 0; i < 3; i++) rules.observeCall('motioncor', 'async', 500, 1);
    await expect.poll(() => alerts.firing()).toEqual(['failures:motioncor']);
    rules.observeCall('motioncor', 'async', 200, 1);
    await expect.poll(() => alerts.firing()).toEqual([]);
    // Past the interval it is announced again.
    advance(60_000);
    for (let i = 0; i < 3; i++) rules.observeCall('motioncor', 'async', 503, 1);
    await hook.waitFor(() => hook.received.length >= from + 3);
    expect(texts(from)).toHaveLength(3);
    expect(texts(from)[2]).toBe(':rotating_light: FIRING function "motioncor" failed 3 calls in a row (last status 503)');
  });

  it('alerts on dead letters appearing and on a backlog that has not shrunk for M minutes, and resolves both', async () => {
    const from = hook.received.length;
    const { rules, state, advance } = rig();
    state.queued = 5;
    await rules.check();
    advance(5 * 60_000);
    state.queued = 7;
    await rules.check();
    expect(hook.received.length).toBe(from);
    advance(5 * 60_000);
    state.dead = 2;
    await rules.check();
    state.dead = 0;
    state.queued = 3;
    await rules.check();
    expect(texts(from)).toEqual([
      ':rotating_light: FIRING 2 dead letter(s) waiting: cryoem-daq ops dead-letters',
      ':rotating_light: FIRING async queue backlog (7 calls) has not shrunk for 10 min',
      ':white_check_mark: RESOLVED no dead letters waiting',
      ':white_check_mark: RESOLVED async queue backlog shrinking again (3 calls)',
    ]);
  });

  it('alerts when the archive file system has less free space than the threshold', async () => {
    const from = hook.received.length;
    const root = os.tmpdir();
    const f = await statfs(root);
    const free = f.bavail * f.bsize;
    const { rules } = rig({ archiveRoot: root, archiveFreeBytesMin: free * 2 + 1024 ** 3 });
    await rules.check();
    const [text] = texts(from);
    expect(text).toMatch(new RegExp(`^:rotating_light: FIRING archive ${root}: (\\d+\\.\\d) GiB free \\(threshold (\\d+\\.\\d) GiB\\)$`));
    const shown = Number(/: ([\d.]+) GiB free/.exec(text)![1]);
    expect(Math.abs(shown - free / 1024 ** 3)).toBeLessThan(0.2); // free space moves a little between the two statfs calls
  });
});
