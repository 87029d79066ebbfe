// Firing/resolved bookkeeping for alerts: a message when a condition starts and one when it clears, rate-limited per alert.
import { describeError } from '../errors.js';
import type { Logger } from '../log.js';

/** Posts one message; Slack and Mattermost incoming webhooks both take `{"text": "..."}`. */
export type Notify = (text: string) => Promise<void>;

export interface Alerts {
  /** Reports the state of alert `id` (e.g. "failures:motioncor"); sends FIRING or RESOLVED on a change. */
  set(id: string, firing: boolean, message: string): Promise<void>;
  firing(): string[];
}

export interface AlertsOptions {
  notify: Notify;
  minIntervalMs: number;
  log: Logger;
  /** @default Date.now */
  now?: () => number;
}

export function createAlerts(o: AlertsOptions): Alerts {
  const now = o.now ?? Date.now;
  /** Alerts firing now; `announced` false when the firing message was rate-limited (then the resolve stays quiet too). */
  const active = new Map<string, { announced: boolean }>();
  const lastSent = new Map<string, number>();
  const send = async (text: string) => {
    try {
      await o.notify(text);
    } catch (err) {
      o.log.warn('alert not delivered', { text, error: describeError(err) });
    }
  };
  return {
    async set(id, firing, message) {
      const was = active.get(id);
      if (firing && !was) {
        const last = lastSent.get(id);
        const announced = last === undefined || now() - last >= o.minIntervalMs;
        active.set(id, { announced });
        if (announced) {
          lastSent.set(id, now());
          await send(`:rotating_light: FIRING ${message}`);
        }
      } else if (!firing && was) {
        active.delete(id);
        if (was.announced) await send(`:white_check_mark: RESOLVED ${message}`);
      }
    },
    firing: () => [...active.keys()],
  };
}

/** A Notify that posts `{"text": ...}` to an incoming webhook. */
export function webhookNotify(url: string): Notify {
  return async (text) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }), signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`alert webhook answered ${res.status}`);
  };
}
