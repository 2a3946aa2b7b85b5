/**
 * Where a context menu goes, pure: at the pointer, flipped to the other side
 * of it when it would cross the right or bottom edge, then clamped inside the
 * panel with a margin. A menu taller than the panel gets the panel's height
 * and scrolls (DevTools docked at the bottom can be 300 px high or less).
 */

export interface Size {
  width: number;
  height: number;
}

export interface MenuPlace {
  left: number;
  top: number;
  /** Set when the menu must scroll to fit. */
  maxHeight?: number;
}

export const MENU_MARGIN = 4;

function axis(at: number, size: number, room: number): number {
  const max = room - MENU_MARGIN - size;
  // After the pointer if it fits; else before it (flip); else as far as the edge allows.
  const start = at + size <= room - MENU_MARGIN ? at : at - size >= MENU_MARGIN ? at - size : max;
  return Math.max(MENU_MARGIN, Math.min(start, max));
}

export function placeMenu(at: { x: number; y: number }, menu: Size, viewport: Size): MenuPlace {
  const fitHeight = viewport.height - 2 * MENU_MARGIN;
  const tooTall = menu.height > fitHeight;
  const height = tooTall ? Math.max(fitHeight, 0) : menu.height;
  const place: MenuPlace = {
    left: axis(at.x, menu.width, viewport.width),
    top: tooTall ? MENU_MARGIN : axis(at.y, height, viewport.height),
  };
  if (tooTall) place.maxHeight = height;
  return place;
}

/**
 * How far to move a popover horizontally so [left, right] lies inside the
 * panel; the left edge wins when it is wider than the panel. A popover
 * anchored to a toolbar button that wrapped to the left at 555 px would
 * otherwise open off the panel's left edge.
 */
export function shiftInside(left: number, right: number, width: number): number {
  let dx = right > width - MENU_MARGIN ? width - MENU_MARGIN - right : 0;
  if (left + dx < MENU_MARGIN) dx = MENU_MARGIN - left;
  return dx;
}
