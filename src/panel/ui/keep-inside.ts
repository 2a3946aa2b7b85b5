/** Keeps a popover inside the panel horizontally (shiftInside), now and when the panel is resized. */
import { useLayoutEffect } from 'preact/hooks';
import type { RefObject } from 'preact';
import { shiftInside } from './menu-place';

export function useKeepInside(ref: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const el = ref.current;
    const win = el?.ownerDocument.defaultView;
    if (!el || !win) return;
    const fit = () => {
      el.style.translate = '';
      const r = el.getBoundingClientRect();
      const dx = shiftInside(r.left, r.right, win.innerWidth);
      if (dx !== 0) el.style.translate = `${dx}px 0`;
    };
    fit();
    win.addEventListener('resize', fit);
    return () => win.removeEventListener('resize', fit);
  }, []);
}
