// POST /system/scale-function honours com.openfaas.scale.min/max (and scale.zero): out of range is refused with 400, not clamped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayHarness, type GatewayHarness } from '../../support/gatewayHarness.js';

let h: GatewayHarness;

beforeAll(async () => {
  h = await startGatewayHarness([
    { name: 'ranged', labels: { 'com.openfaas.scale.min': '2', 'com.openfaas.scale.max': '4' } },
    { name: 'idle', labels: { 'com.openfaas.scale.zero': 'true', 'com.openfaas.scale.max': '30' } },
    { name: 'plain' },
  ]);
});
afterAll(() => h?.close());

const scale = (name: string, replicas: number, headers: Record<string, string> = h.admin) =>
  fetch(`${h.url}/system/scale-function/${name}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ serviceName: name, replicas }) });

describe('POST /system/scale-function', () => {
  it('needs the admin credentials', async () => {
    expect((await scale('ranged', 3, {})).status).toBe(401);
    expect(h.fakes.scaled.get('ranged')).toEqual([]);
  });

  it.each([
    ['ranged', 5, 'replicas 5 outside com.openfaas.scale.min..max 2..4 in stack.yml'],
    ['ranged', 1, 'replicas 1 outside com.openfaas.scale.min..max 2..4 in stack.yml'],
    ['ranged', 0, 'replicas 0 outside com.openfaas.scale.min..max 2..4 in stack.yml'],
    ['plain', 21, 'replicas 21 outside com.openfaas.scale.min..max 1..20 in stack.yml'],
  ])('refuses %s to %i replicas with 400 naming the labels', async (name, n, message) => {
    const res = await scale(name, n);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe(`scale request for "${name}": ${message}`);
  });

  it('scales within the range, and to zero only with com.openfaas.scale.zero', async () => {
    expect((await scale('ranged', 4)).status).toBe(202);
    expect((await scale('ranged', 2)).status).toBe(202);
    expect((await scale('idle', 0)).status).toBe(202);
    expect((await scale('idle', 30)).status).toBe(202);
    expect(h.fakes.scaled.get('ranged')).toEqual([4, 2]);
    expect(h.fakes.scaled.get('idle')).toEqual([0, 30]);
    expect(h.fakes.scaled.get('plain')).toEqual([]);
  });
});
