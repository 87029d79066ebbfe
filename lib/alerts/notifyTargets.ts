// One Notify for every configured target (webhook, e-mail): each target is tried, a failure of one is reported
// without keeping the message from the others.
import { describeError } from '../errors.js';
import type { Logger } from '../log.js';
import type { AlertSettings } from './alertConfig.js';
import { webhookNotify, type Notify } from './alertState.js';
import { emailNotify } from './emailNotify.js';

export function notifyTargets(settings: Pick<AlertSettings, 'webhookUrl' | 'email'>, log: Logger): Notify {
  const targets: { name: string; notify: Notify }[] = [];
  if (settings.webhookUrl) targets.push({ name: 'webhook', notify: webhookNotify(settings.webhookUrl) });
  if (settings.email) targets.push({ name: `e-mail to ${settings.email.to.join(', ')}`, notify: emailNotify(settings.email) });
  return async (text) => {
    const results = await Promise.allSettled(targets.map((t) => t.notify(text)));
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`${targets[i].name}: ${describeError(r.reason)}`] : []));
    for (const f of failed) log.warn('alert target failed', { error: f });
    if (failed.length === targets.length && failed.length > 0) throw new Error(`no alert target reached (${failed.join('; ')})`);
  };
}
