// A FunctionManager over in-test HTTP upstreams: gateway routes run for real without spawning function hosts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ManagedFunction } from '../../gateway/functions/managedFunction.js';
import type { FunctionManager } from '../../gateway/functions/startFunctions.js';
import { StackFunctionSchema } from '../../lib/stack/index.js';

export interface FakeReply { status: number; body: string }

export interface FakeFunction {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Answers each call (or resolves to the answer); default 200 "ok". */
  handle?: (req: http.IncomingMessage, body: string) => FakeReply | Promise<FakeReply>;
}

export interface FakeFunctions {
  manager: FunctionManager;
  /** Replica counts passed to scale(), per function. */
  scaled: Map<string, number[]>;
  /** Requests each function received (headers and body). */
  received: Map<string, { headers: http.IncomingHttpHeaders; body: string }[]>;
  close(): Promise<void>;
}

export async function startFakeFunctions(fakes: FakeFunction[]): Promise<FakeFunctions> {
  const scaled = new Map<string, number[]>();
  const received = new Map<string, { headers: http.IncomingHttpHeaders; body: string }[]>();
  const fns = new Map<string, ManagedFunction>();
  const servers: http.Server[] = [];
  for (const f of fakes) {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', async () => {
        const list = received.get(f.name) ?? received.set(f.name, []).get(f.name)!;
        list.push({ headers: req.headers, body });
        const reply = f.handle ? await f.handle(req, body) : { status: 200, body: 'ok' };
        res.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const replicas: number[] = [];
    scaled.set(f.name, replicas);
    const definition = StackFunctionSchema.parse({ lang: 'node', handler: `./${f.name}`, image: f.name, labels: f.labels ?? {}, annotations: f.annotations ?? {} });
    const fn: ManagedFunction = {
      name: f.name, definition, spec: { name: f.name, handlerFile: 'none', cwd: '.', env: {} }, replicas: [], invocationCount: 0,
      availableReplicas: () => 1, pick: () => url, waitReady: () => Promise.resolve(url), waitAllReplicas: () => Promise.resolve(),
      scale: (n) => { replicas.push(n); return Promise.resolve(); }, stop: () => Promise.resolve(),
    };
    fns.set(f.name, fn);
  }
  return {
    manager: { names: () => [...fns.keys()], get: (n) => fns.get(n), waitAllReady: () => Promise.resolve(), stop: () => Promise.resolve() },
    scaled,
    received,
    close: async () => {
      for (const s of servers) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}
