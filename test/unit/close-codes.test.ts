import { describe, expect, it } from 'vitest';
import { describeCloseCode } from '../../src/protocol/close-codes';

describe('describeCloseCode', () => {
  it.each([
    [1000, 'Normal Closure', true],
    [1005, 'No Status Received', false],
    [1006, 'Abnormal Closure', false],
    [1015, 'TLS Handshake Failure', false],
    [3001, 'Library/Framework', true],
    [4001, 'Application', true],
    [1004, 'Reserved', true],
    [999, 'Invalid', false],
    [5000, 'Invalid', false],
  ])('%i → %s', (code, name, onWire) => {
    expect(describeCloseCode(code)).toMatchObject({ code, name, onWire });
  });
});
