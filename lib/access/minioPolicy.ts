// The IAM policy a MinIO deployment needs for one experiment and role: the same rights s3KeyPolicy gives on the
// embedded store (read raw/processed/params of the experiment; operators also write raw/<exp>/). Attach it to the
// user's MinIO account with `mc admin policy create` / `attach`; MinIO cannot follow booked windows itself.
import type { Role } from './model.js';

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: { Effect: 'Allow'; Action: string[]; Resource: string[]; Condition?: Record<string, Record<string, string[]>> }[];
}

export function minioPolicy(bucket: string, experiment: string, role: Role): IamPolicy {
  const prefixes = ['raw', 'processed', 'params'].map((p) => `${p}/${experiment}/`);
  const statements: IamPolicy['Statement'] = [
    { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [`arn:aws:s3:::${bucket}`], Condition: { StringLike: { 's3:prefix': prefixes.map((p) => `${p}*`) } } },
    { Effect: 'Allow', Action: ['s3:GetObject'], Resource: prefixes.map((p) => `arn:aws:s3:::${bucket}/${p}*`) },
  ];
  if (role !== 'researcher') {
    statements.push({ Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], Resource: [`arn:aws:s3:::${bucket}/raw/${experiment}/*`] });
  }
  return { Version: '2012-10-17', Statement: statements };
}
