export { createAuthenticator, principalOf, SESSION_COOKIE } from './authenticator.js';
export { hashPassword, verifyPassword, newSecret, secretHash, DUMMY_HASH } from './passwords.js';
export { createUser, ensureAdmin, type NewUser } from './users.js';
export { LoginThrottle, SlidingWindow, addressKey, type ThrottleVerdict } from './rate-limit.js';
