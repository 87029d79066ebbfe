// zod schema of an OpenFaaS stack.yml (docs/reference/yaml.md): provider, functions, configuration.
import { z } from 'zod';
import { timeoutProblems } from '../host/timeouts.js';

/** Function names are RFC 1035 DNS labels of at most 63 characters, as OpenFaaS requires. */
export const FUNCTION_NAME_RE = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** YAML scalars (numbers, booleans) become strings and an empty value (null) "", as faas-cli does for env vars, labels and annotations. */
const stringMap = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()], { message: 'expected a string, number or boolean' }).transform((v) => (v === null ? '' : String(v))),
);

const resources = z
  .object({
    memory: z.string().regex(/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|K|M|G|T|k|m|g)?$/, 'memory like "512Mi"').optional(),
    cpu: z.union([z.string().regex(/^\d+(\.\d+)?m?$/, 'cpu like "500m" or "2"'), z.number().transform(String)]).optional(),
  })
  .strict();

export const StackFunctionSchema = z
  .object({
    lang: z.string().min(1),
    handler: z.string().min(1),
    image: z.string().min(1),
    skip_build: z.boolean().optional(),
    build_options: z.array(z.string()).optional(),
    build_args: stringMap.optional(),
    build_secrets: stringMap.optional(),
    fprocess: z.string().optional(),
    environment: stringMap.default({}),
    environment_file: z.array(z.string().min(1)).optional(),
    secrets: z.array(z.string().min(1)).optional(),
    readonly_root_filesystem: z.boolean().optional(),
    constraints: z.array(z.string().min(1)).optional(),
    labels: stringMap.default({}),
    annotations: stringMap.default({}),
    limits: resources.optional(),
    requests: resources.optional(),
    namespace: z.string().optional(),
  })
  .strict()
  // The host's deadline must fall before of-watchdog's (lib/host/timeouts.ts); environment_file values are
  // merged later, so loadStack checks the merged environment again.
  .superRefine((fn, ctx) => {
    for (const message of timeoutProblems(fn.environment)) ctx.addIssue({ code: 'custom', path: ['environment'], message });
  });

export const StackSchema = z
  .object({
    version: z.union([z.literal('1.0'), z.literal(1)]).transform(() => '1.0' as const),
    provider: z.object({ name: z.literal('openfaas'), gateway: z.url().optional() }).strict(),
    functions: z.record(z.string(), StackFunctionSchema).superRefine((fns, ctx) => {
      for (const name of Object.keys(fns)) {
        if (!FUNCTION_NAME_RE.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'a function name is a DNS label: lowercase letters, digits and "-", at most 63' });
      }
    }),
    configuration: z
      .object({
        templates: z.array(z.object({ name: z.string(), source: z.string().optional() })).optional(),
        copy: z.array(z.string()).optional(),
      })
      .optional(),
  })
  .strict();

export type StackFunction = z.infer<typeof StackFunctionSchema>;
export type Stack = z.infer<typeof StackSchema>;
