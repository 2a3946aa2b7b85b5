/**
 * The panel's context menu (right-click, the ContextMenu key, Shift+F10):
 * a list of commands placed at the pointer and kept inside the panel
 * (menu-place.ts). Keyboard: ↑ ↓ Home End move, Enter or Space runs, Esc or
 * Tab closes; focus goes back where it was. Esc normally reaches the shell's
 * key map first (keys.ts: the menu is the first thing Esc closes); the menu
 * handles it too for hosts without that map. Labels are text nodes only:
 * page data (a URL) in a label is never HTML.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { placeMenu } from './menu-place';
import type { MenuPlace } from './menu-place';
import './ui.css';

export interface MenuCommand {
  label: string;
  run: () => void;
  disabled?: boolean;
  /** Why it is disabled, or what it does. */
  title?: string;
  testId?: string;
  /** A checkbox item (shown / hidden column): role menuitemcheckbox, a check mark when true. */
  checked?: boolean;
}
export type MenuEntry = MenuCommand | 'separator';

export interface MenuState {
  /** Pointer position (client coordinates). */
  x: number;
  y: number;
  /** What the menu is about ("Message 12"), for screen readers. */
  label: string;
  items: readonly MenuEntry[];
  /** The row it is about (`msg:12`, `conn:<id>`), marked while the menu is open. */
  target?: string;
}

const ITEM = '[role^="menuitem"]:not([aria-disabled="true"])';

function moveFocus(menu: HTMLElement, key: string): void {
  const items = Array.from(menu.querySelectorAll<HTMLElement>(ITEM));
  if (items.length === 0) return;
  const now = items.indexOf(menu.ownerDocument.activeElement as HTMLElement);
  const next = key === 'Home' ? 0 : key === 'End' ? items.length - 1 : (now + (key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
  items[next]?.focus();
}

export function ContextMenu({ menu, onClose }: { menu: MenuState; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [placed, setPlaced] = useState<{ menu: MenuState; place: MenuPlace } | null>(null);
  const place = placed?.menu === menu ? placed.place : null;

  useLayoutEffect(() => {
    const el = ref.current;
    const doc = el?.ownerDocument;
    const win = doc?.defaultView;
    if (!el || !doc || !win) return;
    const back = doc.activeElement as HTMLElement | null;
    const r = el.getBoundingClientRect();
    setPlaced({ menu, place: placeMenu(menu, { width: r.width, height: r.height }, { width: win.innerWidth, height: win.innerHeight }) });
    const outside = (e: Event) => {
      if (!(e.target instanceof win.Node) || !el.contains(e.target)) onClose();
    };
    doc.addEventListener('pointerdown', outside, true);
    win.addEventListener('blur', onClose);
    win.addEventListener('resize', onClose);
    return () => {
      doc.removeEventListener('pointerdown', outside, true);
      win.removeEventListener('blur', onClose);
      win.removeEventListener('resize', onClose);
      const focus = doc.activeElement;
      if ((focus === null || focus === doc.body || el.contains(focus)) && back?.isConnected) back.focus();
    };
  }, [menu]);

  // Once placed: a menu still hidden for measuring (visibility: hidden) cannot take focus.
  useLayoutEffect(() => {
    if (place) ref.current?.querySelector<HTMLElement>(ITEM)?.focus();
  }, [place]);

  const run = (item: MenuCommand) => {
    if (item.disabled) return;
    onClose();
    item.run();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'Home' || e.key === 'End')
      moveFocus(e.currentTarget as HTMLElement, e.key);
    else if (e.key === 'Escape' || e.key === 'Tab') onClose();
    else if (e.key === 'Enter' || e.key === ' ') {
      const i = Number((e.target as HTMLElement).dataset.index);
      const item = menu.items[i];
      if (item !== undefined && item !== 'separator') run(item);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      ref={ref}
      class="ss-menu"
      role="menu"
      aria-label={menu.label}
      data-testid="context-menu"
      style={
        place
          ? {
              left: `${place.left}px`,
              top: `${place.top}px`,
              ...(place.maxHeight !== undefined ? { maxHeight: `${place.maxHeight}px` } : {}),
            }
          : { left: '0px', top: '0px', visibility: 'hidden' }
      }
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {menu.items.map((item, i) =>
        item === 'separator' ? (
          <div key={i} role="separator" class="ss-menu-sep" />
        ) : (
          <button
            key={i}
            type="button"
            role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
            tabIndex={-1}
            class="ss-menu-item"
            data-index={i}
            data-testid={item.testId}
            aria-checked={item.checked}
            aria-disabled={item.disabled ? 'true' : undefined}
            title={item.title}
            onClick={() => run(item)}
          >
            {item.checked !== undefined && (
              <span class="ss-menu-check" aria-hidden="true">
                {item.checked ? '✓' : ''}
              </span>
            )}
            {item.label}
          </button>
        ),
      )}
    </div>
  );
}
