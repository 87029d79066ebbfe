// Access control: users, experiments, roles, booked windows, tokens, the decision function and the audit trail.
export { createAccess, AccessEnv } from './access.js';
export type { Access, AccessOptions } from './access.js';
export { ACCESS_PREFIX, STATE_KEY } from './accessState.js';
export { AUDIT_PREFIX, AuditEntry } from './audit.js';
export { ACTIONS, decide, utc } from './decide.js';
export type { AccessAction, Decision } from './decide.js';
export { AccessState, ApiToken, Experiment, Member, Name, Role, User, Window, principalName } from './model.js';
export type { Principal } from './model.js';
export { hashPassword, newToken } from './secrets.js';
export { s3KeyPolicy } from './s3KeyPolicy.js';
export { minioPolicy } from './minioPolicy.js';
export type { IamPolicy } from './minioPolicy.js';
export { SESSION_PREFIX, SessionRecord, sessionStore } from './sessions.js';
export type { SessionStore, SessionStoreOptions } from './sessions.js';
export { basicCredentials } from './authenticate.js';
