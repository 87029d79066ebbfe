// The IAM policy a MinIO deployment needs for one experiment and role: the rights the embedded store gives that role's
// S3 key while the experiment's window is open, found by asking the same decision (s3KeyAccess.ts → decide()), so
// the two cannot drift apart. MinIO policies are static: they cannot follow booked windows, so a deployment attaches
// an operator's policy when the window opens and detaches it when it closes (docs/access-s3-keys.md).
import type { AccessState, Role } from './model.js';
import { s3KeyDecision, USER_KEY_TOPS } from './s3KeyAccess.js';

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: { Effect: 'Allow'; Action: string[]; Resource: string[]; Condition?: Record<string, Record<string, string[]>> }[];
}

const HOUR = 3_600_000;

/** Which of raw/processed/params a member with `role` may read and write inside an open window of `experiment`. */
function rightsInWindow(experiment: string, role: Role): { read: string[]; write: string[] } {
  const now = new Date();
  const window = { microscope: '', from: new Date(now.getTime() - HOUR).toISOString(), to: new Date(now.getTime() + HOUR).toISOString() };
  const state: AccessState = {
    version: 1, tokens: [],
    users: [{ name: 'member', displayName: '', enabled: true, admin: false }],
    experiments: [{ name: experiment, members: [{ user: 'member', role }], windows: [window] }],
  };
  const may = (action: 'read' | 'write', top: string): boolean => s3KeyDecision(state, 'member', action, `${top}/${experiment}/x`, now, { graceSeconds: 0 }).allow;
  return { read: USER_KEY_TOPS.filter((t) => may('read', t)), write: USER_KEY_TOPS.filter((t) => may('write', t)) };
}

export function minioPolicy(bucket: string, experiment: string, role: Role): IamPolicy {
  const { read, write } = rightsInWindow(experiment, role);
  const arn = (top: string): string => `arn:aws:s3:::${bucket}/${top}/${experiment}/*`;
  const statements: IamPolicy['Statement'] = [];
  if (read.length) {
    statements.push(
      { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [`arn:aws:s3:::${bucket}`], Condition: { StringLike: { 's3:prefix': read.map((t) => `${t}/${experiment}/*`) } } },
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: read.map(arn) },
    );
  }
  if (write.length) statements.push({ Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], Resource: write.map(arn) });
  return { Version: '2012-10-17', Statement: statements };
}
