/**
 * Row-window math for the virtualized messages table.
 *
 * Why not @tanstack/virtual (or react-window): they size a spacer to
 * rows × rowHeight. Browsers cap element heights (about 17.9M px in Firefox,
 * 33.5M px in Chrome; beyond that the spacer is clamped and the last rows
 * become unreachable), and 1,000,000 rows × 20 px = 20M px. Here the spacer
 * is capped at MAX_SCROLL_PX and scrollTop is mapped proportionally onto the
 * "virtual" content offset; below the cap the mapping is the identity, so
 * small tables scroll pixel-exactly.
 */
export const MAX_SCROLL_PX = 8_000_000;

export interface RowWindow {
  /** Index of the first rendered row. */
  first: number;
  /** Number of rendered rows. */
  count: number;
  /** Top of the rendered block, in spacer (scroll) coordinates. */
  layerTop: number;
}

export interface ScrollGeometry {
  total: number;
  rowHeight: number;
  viewport: number;
  /** Cap of the spacer height; MAX_SCROLL_PX unless a test wants a small one. */
  maxScrollPx?: number;
}

export function spacerHeight(g: ScrollGeometry): number {
  return Math.min(g.total * g.rowHeight, g.maxScrollPx ?? MAX_SCROLL_PX);
}

/** Largest scrollTop, and largest virtual content offset. */
function ranges(g: ScrollGeometry): { maxScroll: number; maxVirtual: number } {
  return {
    maxScroll: Math.max(spacerHeight(g) - g.viewport, 0),
    maxVirtual: Math.max(g.total * g.rowHeight - g.viewport, 0),
  };
}

export function maxScrollTop(g: ScrollGeometry): number {
  return ranges(g).maxScroll;
}

/** scrollTop → offset in the unscaled content (rows × rowHeight). */
export function virtualOffset(scrollTop: number, g: ScrollGeometry): number {
  const { maxScroll, maxVirtual } = ranges(g);
  const top = Math.min(Math.max(scrollTop, 0), maxScroll);
  return maxScroll > 0 ? (top * maxVirtual) / maxScroll : 0;
}

/** Offset in the unscaled content → scrollTop (inverse of virtualOffset, clamped). */
export function scrollTopForOffset(virtual: number, g: ScrollGeometry): number {
  const { maxScroll, maxVirtual } = ranges(g);
  const v = Math.min(Math.max(virtual, 0), maxVirtual);
  return maxVirtual > 0 ? (v * maxScroll) / maxVirtual : 0;
}

/** Which rows to render for a scrollTop, and where to put them. */
export function rowWindow(scrollTop: number, g: ScrollGeometry): RowWindow {
  const top = Math.min(Math.max(scrollTop, 0), maxScrollTop(g));
  const virtual = virtualOffset(top, g);
  const first = Math.min(Math.floor(virtual / g.rowHeight), Math.max(g.total - 1, 0));
  const offset = virtual - first * g.rowHeight;
  const count = Math.max(Math.min(Math.ceil((g.viewport + offset) / g.rowHeight) + 1, g.total - first), 0);
  return { first, count, layerTop: top - offset };
}

/** The scrollTop that brings `row` into view (minimal move), or null if it is visible already. */
export function scrollTopToReveal(row: number, scrollTop: number, g: ScrollGeometry): number | null {
  const virtual = virtualOffset(scrollTop, g);
  const rowTop = row * g.rowHeight;
  const rowBottom = rowTop + g.rowHeight;
  if (rowTop < virtual) return Math.floor(scrollTopForOffset(rowTop, g));
  if (rowBottom > virtual + g.viewport) return Math.ceil(scrollTopForOffset(rowBottom - g.viewport, g));
  return null;
}
