// The OpenFaaS node-template handler shape (openfaas/templates node20 index.js): event, context, handler.
import type { IncomingHttpHeaders } from 'node:http';

/** One HTTP request as the handler sees it. */
export interface FunctionEvent {
  /** JSON-parsed for application/json, a string for text/* (and no content-type), else a Buffer. */
  body: unknown;
  /** The body's bytes as received (a binary upload sent as text/plain, faas-cli's default, is intact here). */
  rawBody?: Buffer;
  headers: IncomingHttpHeaders;
  method: string;
  query: Record<string, string | string[]>;
  /** Path below the function, e.g. "/" or "/status". */
  path: string;
}

/** The reply builder; setters chain, getters return the current value. */
export interface FunctionContext {
  status(): number;
  status(code: number): FunctionContext;
  headers(): Record<string, string>;
  headers(values: Record<string, string>): FunctionContext;
  /** Sends `value`: Buffer and string as-is, anything else JSON-stringified. */
  succeed(value?: unknown): void;
  /** Sends an error as `{error, type}`; status from lib/errors.ts unless the handler set a non-200 status. */
  fail(err: unknown): void;
  /**
   * Aborted (reason: a TimeoutError) when the host's deadline passes or it stops for good: the caller has
   * then been answered already, so the handler must stop and write nothing more.
   */
  readonly signal: AbortSignal;
}

/** A function handler; a returned value is sent as if passed to `context.succeed`. */
export type Handler = (event: FunctionEvent, context: FunctionContext) => Promise<unknown>;
