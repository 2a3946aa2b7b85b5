/**
 * The one logging function. Compiled to nothing in production builds
 * (__SOCKSCOPE_DEBUG__ is false unless SOCKSCOPE_DEBUG=1 at build time).
 */
declare const __SOCKSCOPE_DEBUG__: boolean | undefined;

export function debug(...args: unknown[]): void {
  if (typeof __SOCKSCOPE_DEBUG__ !== 'undefined' && __SOCKSCOPE_DEBUG__) console.debug('[sockscope]', ...args);
}
