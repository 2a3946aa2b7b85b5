/**
 * Structured help for the filter box, rendered by the panel (as text: never
 * as HTML). Keep in step with fields.ts and README.md; a test checks that
 * every field has an entry and that every example parses.
 */

export interface FilterHelpEntry {
  /** What to type, e.g. `dir:in|out`. */
  syntax: string;
  /** The field name for `name:value` entries (for autocompletion). */
  field?: string;
  aliases?: string[];
  summary: string;
  examples: { query: string; meaning: string }[];
}

export const FILTER_HELP: readonly FilterHelpEntry[] = [
  {
    syntax: 'word',
    summary: 'Case-insensitive substring of the message text (binary: of the decoded summary).',
    examples: [{ query: 'error', meaning: 'text contains “error”, any case' }],
  },
  {
    syntax: '"two words"',
    summary: 'A phrase with spaces or special characters; `\\"` for a quote.',
    examples: [{ query: '"user joined"', meaning: 'the exact phrase, any case' }],
  },
  {
    syntax: '/regex/flags',
    summary: 'JavaScript regex on the message text. Flags i, m, s, u, v.',
    examples: [{ query: '/err(or)?s?/i', meaning: 'err, error, errors… any case' }],
  },
  {
    syntax: '-term',
    summary: 'Excludes messages matching the term.',
    examples: [{ query: '-ping', meaning: 'hide messages mentioning ping' }],
  },
  {
    syntax: 'a OR b',
    summary: 'Either term. Terms side by side must all match (AND binds tighter than OR).',
    examples: [{ query: 'join OR leave dir:in', meaning: 'join, or incoming leave' }],
  },
  { syntax: '( … )', summary: 'Groups terms.', examples: [{ query: '(join OR leave) dir:in', meaning: 'incoming join or leave' }] },
  {
    syntax: 'dir:in|out',
    field: 'dir',
    aliases: ['direction'],
    summary: 'Direction: in (received, ↓) or out (sent, ↑).',
    examples: [{ query: 'dir:out', meaning: 'sent by the page' }],
  },
  {
    syntax: 'type:text|binary|ping|pong|close|control|data',
    field: 'type',
    aliases: ['opcode'],
    summary: 'Frame type (RFC 6455 opcode). Several with commas.',
    examples: [{ query: 'type:binary', meaning: 'binary messages' }],
  },
  {
    syntax: 'size:>1k',
    field: 'size',
    summary: 'Wire size: >, >=, <, <=, =, or a range a..b. Units b, k, kb, m, mb (1k = 1024).',
    examples: [
      { query: 'size:>1k', meaning: 'over 1024 bytes' },
      { query: 'size:100..2k', meaning: '100 to 2048 bytes' },
    ],
  },
  {
    syntax: 'conn:id-or-url',
    field: 'conn',
    aliases: ['connection', 'url'],
    summary: 'Connection id, or a substring of its URL; `=x` exact, `/re/` regex.',
    examples: [{ query: 'conn:chat', meaning: 'sockets whose URL contains “chat”' }],
  },
  {
    syntax: 'proto:id',
    field: 'proto',
    aliases: ['protocol'],
    summary: 'Decoder that recognised the message (whole id, any case).',
    examples: [{ query: 'proto:socketio', meaning: 'Socket.IO packets' }],
  },
  {
    syntax: 'event:name',
    field: 'event',
    aliases: ['topic'],
    summary: 'Decoded event, command or topic: substring, any case; `=name` exact; `/re/` regex.',
    examples: [
      { query: 'event:publish', meaning: 'events containing “publish”' },
      { query: 'event:=chat', meaning: 'exactly the “chat” event' },
    ],
  },
  {
    syntax: 'json:path[=value]',
    field: 'json',
    summary: 'JSON path in the decoded value (or the text parsed as JSON): exists, =, !=, <, <=, >, >=.',
    examples: [
      { query: 'json:user.id=42', meaning: 'user.id is 42' },
      { query: 'json:items[0].sku', meaning: 'the first item has a sku' },
    ],
  },
  {
    syntax: 'time:>12:30:05',
    field: 'time',
    summary:
      'Time of the message: 12:30[:05[.250]] (latest such time today or yesterday), -5m (ago: ms s m h d), or 2024-05-01[T12:30]; with > >= < <= or a..b. A bare value means its whole minute/second/day.',
    examples: [
      { query: 'time:12:30', meaning: 'during the minute 12:30' },
      { query: 'time:-5m..', meaning: 'in the last 5 minutes' },
    ],
  },
  {
    syntax: 'after:T',
    field: 'after',
    summary: 'At or after T (same forms as time:).',
    examples: [{ query: 'after:-30s', meaning: 'in the last 30 seconds' }],
  },
  { syntax: 'before:T', field: 'before', summary: 'Before T.', examples: [{ query: 'before:12:00', meaning: 'before noon' }] },
  {
    syntax: 'is:flag',
    field: 'is',
    summary:
      'heartbeat, handshake, control (control frame or decoded housekeeping), request, response, unanswered, truncated, decoded, injected (resent/composed/injected by Sockscope), intercepted (edited/dropped), discarded (sent while not open).',
    examples: [
      { query: '-is:heartbeat', meaning: 'hide heartbeats' },
      { query: 'is:unanswered', meaning: 'requests with no response yet' },
    ],
  },
  {
    syntax: 'origin:page|resent|composed|injected|edited|dropped',
    field: 'origin',
    summary: 'Who produced the message; the page’s own traffic is `page`.',
    examples: [{ query: '-origin:page', meaning: 'only what Sockscope produced or changed' }],
  },
];
