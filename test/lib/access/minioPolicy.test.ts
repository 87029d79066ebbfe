// The MinIO IAM policy for an experiment: read for researchers, raw/<exp>/ writes for operators, nothing else.
import { describe, expect, it } from 'vitest';
import { minioPolicy } from '../../../lib/access/minioPolicy.js';

describe('minioPolicy', () => {
  it('lets a researcher list and read the experiment\'s three prefixes only', () => {
    expect(minioPolicy('cryoem', '24-03', 'researcher')).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::cryoem'], Condition: { StringLike: { 's3:prefix': ['raw/24-03/*', 'processed/24-03/*', 'params/24-03/*'] } } },
        { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::cryoem/raw/24-03/*', 'arn:aws:s3:::cryoem/processed/24-03/*', 'arn:aws:s3:::cryoem/params/24-03/*'] },
      ],
    });
  });

  it('adds raw/<exp>/ uploads for an operator', () => {
    const p = minioPolicy('cryoem', 'A', 'operator');
    expect(p.Statement).toHaveLength(3);
    expect(p.Statement[2]).toEqual({ Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], Resource: ['arn:aws:s3:::cryoem/raw/A/*'] });
  });
});
