// /system/dead-letters: list with cause, retry or discard per letter or per cause class, the audit log. Admin only (/system guard).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { InvalidInputError } from '../../lib/errors.js';
import { formatIssues } from '../../lib/stack/index.js';
import { readAudit, type DeadLetters } from '../queue/deadLetters.js';
import { parseJsonBody, readBodyLimited } from './readBodyLimited.js';

/** Exactly one selector: some call ids, or one cause class such as "motioncor:500". */
export const SelectSchema = z.union([
  z.object({ callIds: z.array(z.string().regex(/^[A-Za-z0-9-]{1,64}$/)).min(1) }).strict(),
  z.object({ causeClass: z.string().min(1) }).strict(),
]);

/**
 * Who acted, for the audit: the basic-auth user (the guard has checked it), else "token" or "anonymous". A service
 * acting for a person (the dashboard) names them in X-Acting-For: recorded as "<user> for <person>", never instead of it.
 */
export function actorOf(req: Request): string {
  const header = req.headers.authorization ?? '';
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  const who = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0] : header ? 'token' : 'anonymous';
  const forWhom = req.headers['x-acting-for'];
  return typeof forWhom === 'string' && /^[\w.@+-]{1,100}$/.test(forWhom) ? `${who} for ${forWhom}` : who;
}

export function deadLettersRouter(deadLetters: DeadLetters): Router {
  const router = Router();
  router.get('/system/dead-letters', async (_req, res) => {
    const letters = await deadLetters.list();
    const byCause: Record<string, number> = {};
    for (const l of letters) byCause[l.causeClass] = (byCause[l.causeClass] ?? 0) + 1;
    res.json({ count: letters.length, byCause, letters });
  });
  router.get('/system/dead-letters/audit', async (_req, res) => {
    res.json(await readAudit(deadLetters.auditFile));
  });
  router.post('/system/dead-letters/:action', async (req, res) => {
    const action = req.params.action;
    if (action !== 'retry' && action !== 'discard') throw new InvalidInputError(`dead letters: unknown action "${action}" (retry or discard)`);
    const what = `dead-letter ${action}`;
    const parsed = SelectSchema.safeParse(parseJsonBody(await readBodyLimited(req, 64 * 1024, what), what));
    if (!parsed.success) throw new InvalidInputError(`${what}: expected {"callIds": [...]} or {"causeClass": "function:status"}: ${formatIssues(parsed.error)}`);
    res.json({ [action === 'retry' ? 'retried' : 'discarded']: await deadLetters.act(action, parsed.data, actorOf(req)) });
  });
  return router;
}
