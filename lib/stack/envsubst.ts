// Variable substitution in stack files, as faas-cli does before parsing: ${VAR}, ${VAR:-default}, ${VAR-default}.

export interface EnvsubstOptions {
  /** Variables to substitute. @default process.env */
  env?: Record<string, string | undefined>;
}

const VAR_RE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}/g;

/**
 * Replaces `${VAR}` with its value (empty when unset), `${VAR:-d}` with d when VAR is unset or
 * empty, and `${VAR-d}` with d only when VAR is unset (POSIX sh semantics, as drone/envsubst used by faas-cli).
 */
export function envsubst(text: string, options: EnvsubstOptions = {}): string {
  const env = options.env ?? process.env;
  return text.replace(VAR_RE, (_match, name: string, op: string | undefined, fallback: string | undefined) => {
    const value = env[name];
    if (op === ':-') return value === undefined || value === '' ? (fallback ?? '') : value;
    if (op === '-') return value === undefined ? (fallback ?? '') : value;
    return value ?? '';
  });
}
