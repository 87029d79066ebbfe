// The OpenFaaS FunctionStatus JSON (faas-provider types) of one managed function, from stack.yml and live replica state.
import type { ManagedFunction } from '../functions/managedFunction.js';
import { hostCommand } from '../functions/spawnHost.js';

export interface FunctionStatus {
  name: string;
  image: string;
  namespace: string;
  envProcess: string;
  envVars: Record<string, string>;
  constraints: string[];
  secrets: string[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  limits?: { memory?: string; cpu?: string };
  requests?: { memory?: string; cpu?: string };
  readOnlyRootFilesystem: boolean;
  invocationCount: number;
  replicas: number;
  availableReplicas: number;
  createdAt: string;
}

export function functionStatus(fn: ManagedFunction, createdAt: Date): FunctionStatus {
  const d = fn.definition;
  return {
    name: fn.name,
    image: d.image,
    namespace: d.namespace ?? 'openfaas-fn',
    envProcess: hostCommand(fn.spec).join(' '),
    // Only the stack's own environment: the gateway's extra env may hold store credentials.
    envVars: d.environment,
    constraints: d.constraints ?? [],
    secrets: d.secrets ?? [],
    labels: d.labels,
    annotations: d.annotations,
    limits: d.limits,
    requests: d.requests,
    readOnlyRootFilesystem: d.readonly_root_filesystem ?? false,
    invocationCount: fn.invocationCount,
    replicas: fn.replicas.length,
    availableReplicas: fn.availableReplicas(),
    createdAt: createdAt.toISOString(),
  };
}
