// Wires the alert rules into a gateway: a no-op without settings, else rules checked on a timer and fed every call.
import { createAlerts, notifyTargets, type AlertSettings } from '../../lib/alerts/index.js';
import type { Logger } from '../../lib/log.js';
import { createGatewayAlerts, type GatewayAlertSources } from './gatewayAlerts.js';

type ObserveCall = (fn: string, kind: 'sync' | 'async', status: number | null, seconds: number) => void;

export interface RunningAlerts {
  /** `observe` followed by the failure rule. */
  tee(observe: ObserveCall): ObserveCall;
  stop(): void;
}

export function startAlerts(settings: AlertSettings | undefined, sources: GatewayAlertSources, log: Logger): RunningAlerts {
  if (!settings) return { tee: (observe) => observe, stop: () => {} };
  const rules = createGatewayAlerts(settings, createAlerts({ notify: notifyTargets(settings, log), minIntervalMs: settings.minIntervalMs, log }), sources, log);
  rules.start();
  log.info('alerts on', { webhook: settings.webhookUrl !== undefined, email: settings.email?.to, failuresInARow: settings.failuresInARow, backlogGrowingMs: settings.backlogGrowingMs, archiveRoot: settings.archiveRoot });
  return {
    tee: (observe) => (fn, kind, status, seconds) => {
      observe(fn, kind, status, seconds);
      rules.observeCall(fn, kind, status, seconds);
    },
    stop: () => rules.stop(),
  };
}
