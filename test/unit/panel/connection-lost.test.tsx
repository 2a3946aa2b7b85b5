// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, expect, test } from 'vitest';
import { applyEvent } from '../../../src/panel';
import { ConnectionDetails } from '../../../src/panel/connections/ConnectionDetails';
import { conn, reset } from './helpers';
import { renderPanel } from './render';

afterEach(cleanup);

const lostConn = conn('c1', { lost: { messages: 1234, bytes: 5 << 20, reason: 'extension reloaded', t: 0 } });

test('a connection row says how many messages were lost and why', async () => {
  const { store } = renderPanel();
  await act(() =>
    applyEvent(
      store,
      reset([lostConn, conn('c2', { lost: { messages: 1, bytes: 3, reason: 'background unreachable', t: 0 } }), conn('c3')]),
    ),
  );
  const rows = screen.getAllByTestId('lost-info').map((e) => e.textContent);
  expect(rows).toEqual(['1,234 messages lost: the extension was reloaded', '1 message lost: background unreachable']);
});

test('the connection details say it too, with the bytes', () => {
  render(<ConnectionDetails conn={lostConn} />);
  expect(screen.getByTestId('lost-detail').textContent).toContain('1,234 messages lost: the extension was reloaded (5.0 MiB;');
});
