import type { StoreLimits } from '../messaging/protocol';

/**
 * Per-tab caps (documented in the README). Beyond the count or byte cap the
 * oldest messages are evicted and counted as dropped; a single message larger
 * than `maxMessageBytes` is stored truncated with its full size recorded.
 */
export const DEFAULT_LIMITS: StoreLimits = {
  maxMessages: 1_000_000,
  maxBytes: 256 * 1024 * 1024,
  maxMessageBytes: 1024 * 1024,
};
