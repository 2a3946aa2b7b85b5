import type { StoreLimits } from '../messaging/protocol';

/**
 * Per-tab caps (documented in the README). Beyond the count or byte cap the
 * oldest messages are evicted and counted as dropped; a single message larger
 * than `maxMessageBytes` is stored truncated with its full size recorded.
 * Bytes are real payload bytes: UTF-8 for text, decoded bytes for binary
 * (not the base64 characters it is stored as).
 */
export const DEFAULT_LIMITS: StoreLimits = {
  maxMessages: 1_000_000,
  maxBytes: 256 * 1024 * 1024,
  maxMessageBytes: 1024 * 1024,
};

/**
 * Connections kept per tab. Beyond it the oldest closed connection without
 * stored messages is evicted (counted in stats.connectionsEvicted). Live
 * connections and those whose messages are still stored are never evicted,
 * so the cap can be exceeded by those alone: both are bounded (sockets the
 * browser allows, and the message cap).
 */
export const DEFAULT_MAX_CONNECTIONS = 10_000;

/** The store's caps: the ones panels are told about, plus the connection cap. */
export type TabLimits = StoreLimits & { maxConnections?: number };
