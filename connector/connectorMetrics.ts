// The connector's Prometheus metrics: gateway calls by function and result, reconcile runs and the calls they re-emitted.
import { Counter, Gauge, Registry } from 'prom-client';
import type { GatewayClient } from './gatewayClient.js';
import type { ReconcileSummary } from './reconcile.js';

export interface ConnectorMetrics {
  registry: Registry;
  /** The client with every invokeAsync counted (accepted or refused by the gateway). */
  counting(gateway: GatewayClient): GatewayClient;
  /** Wraps the reconcile runner so each run, its outcome and its re-emitted calls are counted. */
  timedReconcile(run: () => Promise<ReconcileSummary>): () => Promise<ReconcileSummary>;
}

export function createConnectorMetrics(): ConnectorMetrics {
  const registry = new Registry();
  const registers = [registry];
  const calls = new Counter({ name: 'connector_gateway_calls_total', help: 'Async calls the connector made, by function and result (accepted, refused).', labelNames: ['function_name', 'result'], registers });
  const runs = new Counter({ name: 'connector_reconcile_runs_total', help: 'Reconciliation passes, by result (ok, error).', labelNames: ['result'], registers });
  const emitted = new Counter({ name: 'connector_reconcile_emitted_calls_total', help: 'Calls re-emitted by reconciliation for inputs with neither result nor error record.', registers });
  const last = new Gauge({ name: 'connector_reconcile_last_duration_seconds', help: 'Duration of the latest reconciliation pass.', registers });
  return {
    registry,
    counting: (gateway) => ({
      listFunctions: () => gateway.listFunctions(),
      async invokeAsync(name, request, origin) {
        try {
          const answer = await gateway.invokeAsync(name, request, origin);
          calls.inc({ function_name: name, result: 'accepted' });
          return answer;
        } catch (err) {
          calls.inc({ function_name: name, result: 'refused' });
          throw err;
        }
      },
    }),
    timedReconcile: (run) => async () => {
      try {
        const summary = await run();
        runs.inc({ result: 'ok' });
        emitted.inc(summary.emitted.length);
        last.set(summary.seconds);
        return summary;
      } catch (err) {
        runs.inc({ result: 'error' });
        throw err;
      }
    },
  };
}
