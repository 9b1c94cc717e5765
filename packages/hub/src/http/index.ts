export { hubRequest, withRetries, type HubRequestInit } from "./client.js";
export { hubErrorFromResponse, networkError, RETRYABLE_STATUSES, type RequestContext } from "./errors.js";
export { backoffDelay, parseRateLimit, parseRetryAfter, serverRetryDelay, sleep } from "./retry.js";
