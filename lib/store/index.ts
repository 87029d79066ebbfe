// Storage client: config, the S3 client factory and the ObjectStore interface with its S3 implementation.
export { StoreConfig, STORE_ENV, loadStoreConfig, storeConfigEnv } from './config.js';
export { createS3Client } from './client.js';
export { putConditionProblem, unquoteEtag } from './objectStore.js';
export type { ObjectInfo, ObjectStore, PutConditions, PutOptions, UploadFileOptions } from './objectStore.js';
export { createMemoryObjectStore } from './memoryObjectStore.js';
export { createObjectStore } from './s3ObjectStore.js';
