// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { applyEvent } from '../../../src/panel';
import { SourceOpener, StackView } from '../../../src/panel/detail/StackView';
import type { RecordedStack } from '../../../src/model/records';
import { conn, msg, reset } from './helpers';
import { renderPanel } from './render';

afterEach(cleanup);

const stack: RecordedStack = {
  frames: [
    { fn: 'sendHello', url: 'https://app.test/chat.js', line: 12, col: 7 },
    { fn: '', url: '<anonymous>' },
    { fn: '<img src=x onerror=alert(1)>', url: 'javascript:alert(1)', line: 1, col: 1 },
  ],
  omitted: 3,
};

describe('Stack tab', () => {
  test('opens a frame’s source at its line and column where DevTools can; page text stays text', () => {
    const opened: unknown[][] = [];
    render(
      <SourceOpener.Provider value={(...a) => void opened.push(a)}>
        <StackView rec={msg(1, { dir: 'out', stack })} conn={conn('c1', { stack: { frames: [], gap: 'setting-late' } })} />
      </SourceOpener.Provider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'https://app.test/chat.js:12:7' }));
    expect(opened).toEqual([['https://app.test/chat.js', 12, 7]]);
    // Only http(s)/file locations are links: not <anonymous>, not a javascript: URL.
    expect(screen.queryByRole('button', { name: /javascript:/ })).toBeNull();
    expect(screen.getByTestId('send-stack').textContent).toContain('<img src=x onerror=alert(1)>');
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByText(/3 more frames/)).toBeTruthy();
    expect(screen.getByText(/reached the page after this socket was created/)).toBeTruthy();
  });

  test('without an opener (Firefox) locations are text with a Copy button; gaps are explained', () => {
    render(<StackView rec={msg(1, { dir: 'out', stack: { frames: [], gap: 'page-customises' } })} conn={conn('c1', { stack })} />);
    expect(screen.queryByRole('button', { name: /chat\.js/ })).toBeNull();
    expect(screen.getByText('https://app.test/chat.js:12:7')).toBeTruthy();
    expect(screen.getByText(/customises stack traces/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy' })).toBeTruthy();
  });

  test('the tab appears while Record stacks is on or when a stack was recorded, not otherwise', async () => {
    const panel = renderPanel();
    await act(() => {
      applyEvent(panel.store, reset([conn('c1')]));
      applyEvent(panel.store, { type: 'messages', records: [msg(1, { dir: 'out' }), msg(2, { dir: 'out', stack })] });
      panel.actions.selectMessage(1);
    });
    expect(screen.queryByRole('tab', { name: 'Stack' })).toBeNull();
    await act(() => panel.actions.selectMessage(2));
    await act(() => void fireEvent.click(screen.getByRole('tab', { name: 'Stack' })));
    expect(screen.getByTestId('send-stack').textContent).toContain('sendHello');
    await act(() => {
      panel.actions.selectMessage(1);
      applyEvent(panel.store, { type: 'options', options: { paused: false, preserveLog: false, recordStacks: true } });
    });
    expect(screen.getByRole('tab', { name: 'Stack' })).toBeTruthy();
  });

  test('the Record stacks checkbox sets the tab option', async () => {
    const panel = renderPanel();
    await act(() => applyEvent(panel.store, reset([conn('c1')])));
    await act(() => void fireEvent.click(screen.getByTestId('settings-button')));
    await act(() => void fireEvent.click(screen.getByTestId('record-stacks')));
    expect(panel.sent).toContainEqual({ type: 'setOptions', options: { recordStacks: true } });
  });
});
