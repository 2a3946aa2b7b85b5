/**
 * WebSocket close codes: RFC 6455 7.4.1 and the IANA "WebSocket Close Code
 * Number Registry". Used by the connections list to say what a code means.
 */
export interface CloseCodeInfo {
  code: number;
  name: string;
  meaning: string;
  /** 1005, 1006 and 1015 are never sent on the wire (RFC 6455 7.4.1). */
  onWire: boolean;
}

const TABLE: ReadonlyArray<readonly [number, string, string, boolean?]> = [
  [1000, 'Normal Closure', 'The purpose of the connection was fulfilled.'],
  [1001, 'Going Away', 'The server is going down or the browser navigated away from the page.'],
  [1002, 'Protocol Error', 'An endpoint received a frame that breaks the WebSocket protocol.'],
  [1003, 'Unsupported Data', 'An endpoint received a type of data it cannot accept (e.g. binary where only text is understood).'],
  [1005, 'No Status Received', 'The close frame carried no status code.', false],
  [
    1006,
    'Abnormal Closure',
    'The connection dropped without a close frame: refused handshake, network loss, or the server just closed TCP. The page cannot see why.',
    false,
  ],
  [1007, 'Invalid Payload Data', 'A message did not match its type (e.g. invalid UTF-8 in a text message).'],
  [1008, 'Policy Violation', "A message broke the endpoint's policy."],
  [1009, 'Message Too Big', 'A message was too big to process.'],
  [1010, 'Mandatory Extension', 'The client expected the server to negotiate an extension it did not.'],
  [1011, 'Internal Error', 'The server hit an unexpected condition.'],
  [1012, 'Service Restart', 'The server is restarting.'],
  [1013, 'Try Again Later', 'The server is overloaded or temporarily unavailable.'],
  [1014, 'Bad Gateway', 'A gateway or proxy received an invalid response from upstream.'],
  [1015, 'TLS Handshake Failure', 'The TLS handshake failed (e.g. the certificate could not be verified).', false],
];

const BY_CODE = new Map<number, CloseCodeInfo>(
  TABLE.map(([code, name, meaning, onWire]) => [code, { code, name, meaning, onWire: onWire ?? true }]),
);

/** Describe any close code, including the ranges reserved for libraries (3000–3999) and applications (4000–4999). */
export function describeCloseCode(code: number): CloseCodeInfo {
  const known = BY_CODE.get(code);
  if (known) return known;
  if (code >= 3000 && code <= 3999)
    return { code, name: 'Library/Framework', meaning: 'Registered with IANA for a library or framework (3000–3999).', onWire: true };
  if (code >= 4000 && code <= 4999)
    return { code, name: 'Application', meaning: 'Private to the application (4000–4999), e.g. 4001 "session expired".', onWire: true };
  if (code >= 1000 && code <= 2999)
    return { code, name: 'Reserved', meaning: 'Reserved by RFC 6455 for future protocol use (1000–2999).', onWire: true };
  return { code, name: 'Invalid', meaning: 'Not a valid close code (RFC 6455 7.4.2): must be 1000–4999.', onWire: false };
}
